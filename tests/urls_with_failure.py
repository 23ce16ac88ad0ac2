"""The project's URLconf plus a view that fails, to exercise the 500 page."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from labor_portal.urls import handler400, handler403, handler404, handler500
from labor_portal.urls import urlpatterns as base

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def failing_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("SECRET-INTERNAL-DETAIL settings.DATABASES")


urlpatterns = [path("failing/", failing_view), *base]
