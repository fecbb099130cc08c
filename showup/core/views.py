from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from showup.core.health import health


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when a page would answer (database, schema, static files, secret key); 503 and which one failed when not."""
    checks = health()
    body: dict[str, str] = {"status": "ok" if all(checks.values()) else "error"}
    body.update({name: "ok" if ok else "error" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if all(checks.values()) else 503)
