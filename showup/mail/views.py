from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from showup.mail.models import OutboxMessage
from showup.mail.selectors import outbox_counts, outbox_for_admin
from showup.mail.services import mail_retry
from showup.people.decorators import admin_required


@admin_required
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in OutboxMessage.Status.values:
        status = None
    context = {
        "outbox": list(outbox_for_admin(status=status)[:200]),
        "counts": outbox_counts(),
        "status": status,
        "statuses": OutboxMessage.Status.choices,
    }
    return render(request, "mail/outbox.html", context)


@admin_required
@require_POST
def retry(request: HttpRequest, message_id: int) -> HttpResponse:
    message = get_object_or_404(OutboxMessage, pk=message_id, status=OutboxMessage.Status.FAILED)
    mail_retry(message=message)
    messages.success(request, f"The e-mail to {message.recipient} will be tried again now.")
    return redirect("mail:outbox")
