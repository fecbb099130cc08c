from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from showup.core.fragments import render_with_kept_body
from showup.core.health import health
from showup.core.selectors import home_for
from showup.meetings.selectors import pairs_of
from showup.meetings.stamps import pairs_key
from showup.people.models import Person


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The reader's week: what is next, what needs an answer, and, for a manager, their reports."""
    person, now = request.user, timezone.now()
    assert isinstance(person, Person)
    pairs = pairs_of(person)
    return render_with_kept_body(
        request,
        reader=person,
        page="core/home.html",
        body="core/_home_body.html",
        stamps=(
            "home",
            pairs_key(pairs=pairs, now=now),
            timezone.localdate(),
        ),
        context=lambda: home_for(person=person, now=now),
    )


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when a page would answer (database, schema, static files, secret key); 503 and which one failed when not."""
    checks = health()
    body: dict[str, str] = {"status": "ok" if all(checks.values()) else "error"}
    body.update({name: "ok" if ok else "error" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if all(checks.values()) else 503)
