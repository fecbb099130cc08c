from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from showup.core.health import health
from showup.core.selectors import home_for
from showup.people.models import Person


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, Person)
    return render(request, "core/home.html", home_for(person=request.user, now=timezone.now()))


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when a page would answer (database, schema, static files, secret key); 503 and which one failed when not."""
    checks = health()
    body: dict[str, str] = {"status": "ok" if all(checks.values()) else "error"}
    body.update({name: "ok" if ok else "error" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if all(checks.values()) else 503)
