"""Exit passes: the resident asks for a pass for a slot (a worker's page), and the guard at the
gate scans the pass's QR code, which records the way out and then the return."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodation import exits, selectors
from accommodation.models import ExitPass, Site
from accounts.http import SignedInRequest
from accounts.models import User
from core.forms import attempt
from core.worker_languages import worker_page
from employment.views.my_employment import prove_identity_page

GATE_SIGNING_NAMESPACE = "accommodation.exit_pass"
SLOTS_OFFERED = 8


def _home_site(employee: Any) -> Site | None:
    record = getattr(employee, "accommodation_resident", None)
    if record is not None and record.room_id:
        return record.site
    declaration = getattr(employee, "accommodation_declaration", None)
    return declaration.room.block.site if declaration is not None else None


def _slots() -> list[datetime.datetime]:
    rule_set = exits.movement_rules_in_force(on=timezone.localdate())
    if rule_set is None:
        return []
    first = exits.slot_of(rule_set=rule_set, at=timezone.now())
    step = datetime.timedelta(minutes=rule_set.slot_minutes)
    return [first + step * i for i in range(SLOTS_OFFERED)]


@worker_page("accommodation/exit_pass.html", modules=("accommodation.exits",))
@login_required
def exit_pass_view(request: SignedInRequest) -> HttpResponse:
    """The resident's passes (with a QR for the gate) and a request for a slot."""
    if not request.user.identity_proven:
        return prove_identity_page(request)
    workers = [
        (e, _home_site(e))
        for e in selectors.workers_of_person(user=request.user)
        if _home_site(e) is not None
    ]
    slots = _slots()
    if request.method == "POST" and workers:
        employee, site = workers[0]
        chosen = request.POST.get("slot", "")
        slot = next((s for s in slots if s.isoformat() == chosen), None)
        if slot is None:
            messages.error(request, _("Choose one of the slots offered."))
        else:
            assert site is not None
            done = attempt(
                request,
                lambda: exits.exit_pass_request(
                    employee=employee, site=site, slot_start=slot, requested_by=request.user
                ),
                success=_("Your exit pass is ready. Show its QR code at the gate."),
            )
            if done.ok:
                return redirect("accommodation:exit-pass")
    passes = []
    for exit_pass in ExitPass.objects.filter(
        employee__in=[e for e, _s in workers], slot_end__gte=timezone.now()
    ).order_by("slot_start"):
        token = signing.dumps(str(exit_pass.token), salt=GATE_SIGNING_NAMESPACE)
        url = request.build_absolute_uri(f"{reverse('accommodation:gate')}?p={token}")
        passes.append(
            {"pass": exit_pass, "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=2)}
        )
    context = {"workers": workers, "slots": slots, "passes": passes}
    response = render(request, "accommodation/exit_pass.html", context)
    response["Cache-Control"] = "no-store"
    return response


def guard_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Accommodation guards and operators; anyone else 403, anonymous visitors sign in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        roles = {User.Role.ACCOMMODATION_GUARD, User.Role.ACCOMMODATION_OPERATOR}
        if user.role not in roles:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@guard_required
def gate_view(request: SignedInRequest) -> HttpResponse:
    """The pass a QR names (`p`, signed): whose, which slot, out and back; a POST records the
    next of the two."""
    token = request.GET.get("p") or request.POST.get("p", "")
    exit_pass = None
    try:
        value = signing.loads(token, salt=GATE_SIGNING_NAMESPACE) if token else None
    except signing.BadSignature:
        value = None
        messages.error(request, _("This is not an exit pass of the portal."))
    if value:
        exit_pass = ExitPass.objects.filter(token=value).select_related("employee", "site").first()
    if request.method == "POST" and exit_pass is not None:
        attempt(
            request,
            lambda: exits.exit_pass_gate(exit_pass=exit_pass, guard=request.user),
            success=_("Recorded."),
        )
        exit_pass.refresh_from_db()
    context = {"exit_pass": exit_pass, "token": token, "now": timezone.now()}
    return render(request, "accommodation/gate.html", context)
