from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from showup.core.health import health

VERDICTS = {True: "ok", False: "error", None: "not checked"}


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when a page would answer (database, schema, static files, secret key); 503 and which one failed when not."""
    checks = health()
    healthy = all(checks.values())
    body: dict[str, str] = {"status": "ok" if healthy else "error"}
    # Only what failed is named "error": a check that could not be made says so.
    body.update({name: VERDICTS[ok] for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)
