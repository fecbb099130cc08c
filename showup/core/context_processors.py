from django.conf import settings
from django.http import HttpRequest


def showup(request: HttpRequest) -> dict[str, object]:
    return {"base_url": settings.BASE_URL}
