"""The administrator's pages about who acts for the establishment: appoint a representative per
service, suspend, resume, remove (employers.representatives). Each needs the
"representatives" service; another establishment's membership answers 404."""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import attempt
from employers.access import employer_required
from employers.forms import AppointRepresentativeForm
from employers.http import EmployerRequest
from employers.models import Membership, Service
from employers.representatives import (
    membership_remove,
    membership_resume,
    membership_suspend,
    representative_appoint,
)
from employers.selectors import membership_for_establishment


@employer_required(service=Service.REPRESENTATIVES)
def member_appoint_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    form = AppointRepresentativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: representative_appoint(
                establishment=establishment,
                actor=request.user,
                civil_id=data["civil_id"],
                services=list(data["services"]),
                valid_until=data["valid_until"],
            ),
            form=form,
            error_field="civil_id",
            success=_("The representative is appointed. They accept after signing in."),
        )
        if done.ok:
            return redirect("employers:employer-members", establishment_id=establishment.pk)
    context = {"establishment": establishment, "form": form}
    return render(request, "employers/employer/member_appoint.html", context)


def _membership_or_404(request: EmployerRequest, membership_id: int) -> Membership:
    try:
        return membership_for_establishment(
            establishment=request.establishment, membership_id=membership_id
        )
    except Membership.DoesNotExist:
        raise Http404 from None


def _act(request: EmployerRequest, membership_id: int, action: str) -> HttpResponse:
    membership = _membership_or_404(request, membership_id)  # another's: 404 before 405
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services = {
        "suspend": (membership_suspend, _("The representative is suspended.")),
        "resume": (membership_resume, _("The representative may act again.")),
        "remove": (membership_remove, _("The representative is removed.")),
    }
    service, message = services[action]
    attempt(request, lambda: service(membership=membership, actor=request.user), success=message)
    return redirect("employers:employer-members", establishment_id=request.establishment.pk)


@employer_required(service=Service.REPRESENTATIVES)
def member_suspend_view(request: EmployerRequest, membership_id: int) -> HttpResponse:
    return _act(request, membership_id, "suspend")


@employer_required(service=Service.REPRESENTATIVES)
def member_resume_view(request: EmployerRequest, membership_id: int) -> HttpResponse:
    return _act(request, membership_id, "resume")


@employer_required(service=Service.REPRESENTATIVES)
def member_remove_view(request: EmployerRequest, membership_id: int) -> HttpResponse:
    return _act(request, membership_id, "remove")
