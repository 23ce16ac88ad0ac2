"""The worker's check-in: a worker signed in on their phone scans the QR code on their room's
door, which opens `check-in/<token>/`; the page records the check-in (without JavaScript too:
the form carries an id made when the page was drawn, so sending it twice records once).

The page is an installable web app: a manifest, and a service worker (static JS, no inline
script) that caches the shell and, offline, keeps the check-in to send it once back online
(static/accommodation/checkin-sw.js and checkin.js)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from accommodation import selectors, services, tokens
from accommodation.forms import CheckInForm
from accounts.http import SignedInRequest
from core.worker_languages import worker_page
from employment.views.my_employment import prove_identity_page

SW_FILE = Path(settings.BASE_DIR) / "static" / "accommodation" / "checkin-sw.js"


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@worker_page("accommodation/checkin_home.html")
@login_required
def checkin_home_view(request: SignedInRequest) -> HttpResponse:
    """Where the worker lives, as each record says, and the last check-in (the app's start)."""
    if not request.user.identity_proven:
        return prove_identity_page(request)
    rows = [
        {"employee": e, "last": selectors.last_checkin(employee_id=e.pk)}
        for e in selectors.workers_of_person(user=request.user)
    ]
    response = render(request, "accommodation/checkin_home.html", {"rows": rows})
    response["Cache-Control"] = "no-store"
    return response


@worker_page("accommodation/checkin.html")
@login_required
def checkin_view(request: SignedInRequest, token: str) -> HttpResponse:
    """GET: the room and a button; POST: record the check-in (JSON when the service worker
    sends a queued one). A JSON check-in costs the session, the user and one statement: the
    answer reads nothing else."""
    if not request.user.identity_proven:
        return prove_identity_page(request, status=403)
    try:
        room_id, site_id = tokens.room_from_token(token)
    except tokens.RoomTokenInvalidError:
        if _wants_json(request):
            return JsonResponse({"recorded": False, "error": "invalid"}, status=404)
        return render(request, "accommodation/checkin.html", {"invalid": True}, status=404)
    form = CheckInForm(request.POST or None, initial={"client_id": uuid.uuid4()})
    context: dict[str, object] = {"form": form, "token": token}
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            if _wants_json(request):
                return JsonResponse({"recorded": False, "error": "form"}, status=400)
            context["error"] = _("The check-in could not be read. Scan the code again.")
            status = 400
        else:
            try:
                result = services.checkin_record(
                    user=request.user,
                    room_id=room_id,
                    site_id=site_id,
                    client_id=form.cleaned_data["client_id"],
                    at=form.cleaned_data.get("at"),
                )
            except services.CheckInRefusedError as refused:
                if _wants_json(request):
                    return JsonResponse({"recorded": False, "error": "refused"}, status=409)
                context["error"] = refused.message
                status = 409
            else:
                if _wants_json(request):
                    return JsonResponse({"recorded": True, "new": result.created})
                context["done"] = result.checkin
    context["room"] = selectors.room_at_site(room_id=room_id, site_id=site_id)
    response = render(request, "accommodation/checkin.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@cache_control(max_age=0, no_cache=True)
def service_worker_view(request: HttpRequest) -> HttpResponse:
    """The service worker, served under the check-in pages so that its scope covers them."""
    response = HttpResponse(SW_FILE.read_bytes(), content_type="text/javascript; charset=utf-8")
    return response


@cache_control(max_age=3600)
def manifest_view(request: HttpRequest) -> HttpResponse:
    """The web app manifest of the check-in (its start page is the worker's check-in home)."""
    home = reverse("accommodation:check-in-home")
    data = {
        "name": _("Room check-in"),
        "short_name": _("Check-in"),
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5d3b",
        "icons": [
            {"src": static("accommodation/icon.svg"), "sizes": "any", "type": "image/svg+xml"}
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )
