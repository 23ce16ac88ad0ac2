"""The URLconf of the permits benchmark's server: the portal's own, plus the floor.

The floor is a bare view that reads one row by primary key and answers it as JSON, behind the
same middleware as every page (session, authentication, OTP, locale, CSP, request log). A page's
time over the floor's is the cost of the page itself. Only `bench.server_settings` names this
module, so the floor never exists in the portal.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path

import labor_portal.urls
from employers.models import Establishment


def floor_view(request: HttpRequest, pk: int) -> JsonResponse:
    row = Establishment.objects.filter(pk=pk).values("id", "cr_number", "name_en").first()
    return JsonResponse(row or {}, status=200 if row else 404)


urlpatterns = [
    path("bench-floor/<int:pk>/", floor_view, name="bench-floor"),
    *labor_portal.urls.urlpatterns,
]
handler400 = labor_portal.urls.handler400
handler403 = labor_portal.urls.handler403
handler404 = labor_portal.urls.handler404
handler500 = labor_portal.urls.handler500
