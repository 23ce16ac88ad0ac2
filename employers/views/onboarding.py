"""A person's "my establishments": the CRs the commerce registry lists them as owner or signatory
of (claimed in one step after a national identity sign-in), the appointments waiting for them
to accept, and the on-demand lookup of a CR the registry's feed has not brought yet."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.capacities import is_person
from accounts.http import SignedInRequest
from accounts.proofs import AUTH_METHOD_KEY
from core.exceptions import ApplicationError, PermissionDeniedError
from core.forms import attempt
from employers.disputes import claim_dispute_raise
from employers.forms import ClaimDisputeForm, RegistryLookupForm
from employers.models import Establishment, Membership
from employers.questions import CommerceRegistryUnavailableError, commerce_registry_lookup
from employers.representatives import appointment_accept, establishment_claim
from employers.selectors import (
    appointments_waiting_for,
    claim_disputes_raised_by,
    establishments_owned_by,
)


def person_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A citizen or resident acting for themselves (accounts.capacities.is_person)."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_person(request.user):  # type: ignore[arg-type]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _signed_in_with_identity(request: HttpRequest) -> bool:
    return request.session.get(AUTH_METHOD_KEY) == "idp"


def _page(
    request: SignedInRequest,
    form: RegistryLookupForm,
    dispute_form: ClaimDisputeForm | None = None,
) -> HttpResponse:
    context = {
        "owned": establishments_owned_by(user=request.user),
        "appointments": appointments_waiting_for(user=request.user),
        "via_identity": _signed_in_with_identity(request) and request.user.identity_proven,
        "form": form,
        "dispute_form": dispute_form or ClaimDisputeForm(),
        "disputes": claim_disputes_raised_by(user=request.user),
    }
    return render(request, "employers/onboarding/my_establishments.html", context)


@person_required
def my_establishments_view(request: SignedInRequest) -> HttpResponse:
    return _page(request, RegistryLookupForm())


@person_required
@require_POST
def claim_view(request: SignedInRequest, establishment_id: int) -> HttpResponse:
    establishment = get_object_or_404(Establishment, pk=establishment_id)
    try:
        done = attempt(
            request,
            lambda: establishment_claim(
                user=request.user,
                establishment=establishment,
                signed_in_with_identity=_signed_in_with_identity(request),
            ),
            success=_("You administer %(name)s now: appoint its representatives.")
            % {"name": establishment.name},
        )
    except PermissionDeniedError as refusal:
        # not an owner or signatory, or not signed in with the identity provider: nothing changed
        raise PermissionDenied(refusal.message) from None
    if done.ok:
        return redirect("employers:employer-members", establishment_id=establishment.pk)
    return redirect("employers:my-establishments")


@person_required
@require_POST
def appointment_accept_view(request: SignedInRequest, membership_id: int) -> HttpResponse:
    waiting = appointments_waiting_for(user=request.user)
    try:
        membership = waiting.get(pk=membership_id)
    except Membership.DoesNotExist:
        raise Http404 from None
    try:
        done = attempt(
            request,
            lambda: appointment_accept(membership=membership, user=request.user),
            success=_("You may act for %(name)s now.") % {"name": membership.establishment.name},
        )
    except PermissionDeniedError:
        raise Http404 from None
    if done.ok:
        return redirect(
            "employers:employer-establishment", establishment_id=membership.establishment_id
        )
    return redirect("employers:my-establishments")


@person_required
@require_POST
def registry_lookup_view(request: SignedInRequest) -> HttpResponse:
    form = RegistryLookupForm(request.POST)
    if form.is_valid():
        cr_number = form.cleaned_data["cr_number"]
        try:
            found = commerce_registry_lookup.ask(cr_number=cr_number)
        except CommerceRegistryUnavailableError:
            form.add_error(
                "cr_number",
                _(
                    "The commerce registry cannot be reached just now. Nothing was changed: "
                    "try again later."
                ),
            )
        else:
            if not found:
                form.add_error(
                    "cr_number", _("The commerce registry has no registration with this number.")
                )
            else:
                messages.success(
                    request,
                    _("The commerce registry's record of %(cr)s is up to date here.")
                    % {"cr": cr_number},
                )
                return redirect("employers:my-establishments")
    return _page(request, form)


@person_required
@require_POST
def claim_dispute_view(request: SignedInRequest) -> HttpResponse:
    """Dispute who administers an establishment: the registry does not list me, or (as a listed
    owner) I contest another person's membership. Staff decide (employers.disputes)."""
    form = ClaimDisputeForm(request.POST)
    if not form.is_valid():
        return _page(request, RegistryLookupForm(), form)
    establishment = Establishment.objects.filter(cr_number=form.cleaned_data["cr_number"]).first()
    if establishment is None:
        form.add_error(
            "cr_number",
            _("The portal has no establishment with this CR number: look it up below first."),
        )
        return _page(request, RegistryLookupForm(), form)
    contested = None
    if form.cleaned_data["contested_civil_id"]:
        civil_id = form.cleaned_data["contested_civil_id"]
        contested = (
            Membership.objects.filter(establishment=establishment)
            .filter(Q(civil_id=civil_id) | Q(user__civil_id=civil_id))
            .exclude(status=Membership.Status.ENDED)
            .first()
        )
        if contested is None:
            form.add_error(
                "contested_civil_id",
                _("Nobody with this number acts for this establishment."),
            )
            return _page(request, RegistryLookupForm(), form)
    done = attempt(
        request,
        lambda: claim_dispute_raise(
            user=request.user,
            establishment=establishment,
            statement=form.cleaned_data["statement"],
            signed_in_with_identity=_signed_in_with_identity(request),
            contested=contested,
        ),
        form=form,
        refused=(ValidationError, ApplicationError, PermissionDeniedError),
        success=_("Your dispute is recorded: the ministry will decide and tell you by SMS."),
    )
    if done.ok:
        return redirect("employers:my-establishments")
    return _page(request, RegistryLookupForm(), form)
