"""Sanad pages: the clerk's (start, code, sessions, end, fees), the centre administrator's
(clerks), the person's (consents, receipts, revoke, complain) and ministry staff's."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.capacities import is_person
from accounts.http import SignedInRequest
from accounts.models import User
from accounts.proofs import session_is_strong, strong_sign_in_url
from core.access import staff_required
from core.exceptions import ApplicationError, PermissionDeniedError
from core.forms import attempt
from core.timing import answer_no_sooner_than
from sanad import selectors, services
from sanad.forms import (
    CentreForm,
    ClerkAddForm,
    ComplaintForm,
    ConsentCodeForm,
    ConsentRequestForm,
    FeeForm,
    ReasonForm,
)
from sanad.middleware import SESSION_KEY
from sanad.models import CentreMembership, Consent, ServiceCentre

View = Callable[..., HttpResponse]


def _role_required(*roles: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapper(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if getattr(request.user, "role", "") not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def clerk_required(view: View) -> View:
    """A Sanad clerk signed in strongly (national digital identity, or password and
    authenticator code): an SMS code alone never opens the counter."""

    @wraps(view)
    @login_required
    def wrapper(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "role", "") != User.Role.SANAD_CLERK:
            raise PermissionDenied
        if not session_is_strong(request):
            return HttpResponseRedirect(strong_sign_in_url(request))
        return view(request, *args, **kwargs)

    return wrapper


def person_required(view: View) -> View:
    """A citizen or resident acting for themselves (accounts.capacities.is_person)."""

    @wraps(view)
    @login_required
    def wrapper(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_person(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _clerk_consent(request: HttpRequest, consent_id: int) -> Consent:
    try:
        return selectors.consent_for_clerk(clerk=request.user, consent_id=consent_id)  # type: ignore[arg-type]
    except Consent.DoesNotExist:
        raise Http404 from None


# --- clerk --------------------------------------------------------------------------------------


@clerk_required
def clerk_start_view(request: SignedInRequest) -> HttpResponse:
    """Enter the civil ID of the person in front of you and the services they want."""
    membership = services.clerk_membership(clerk=request.user)
    if membership is None:
        raise PermissionDenied
    form = ConsentRequestForm(request.POST or None)
    started = time.monotonic()
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.consent_request(
                clerk=request.user,
                civil_id=form.cleaned_data["civil_id"],
                scopes=form.cleaned_data["scopes"],
                cr_number=form.cleaned_data["cr_number"],
            )
        except ApplicationError as exc:
            # refusals (limits, the registry out of reach) are the same for every civil ID,
            # and come no sooner than an answer either
            answer_no_sooner_than(started, floor_ms=settings.SANAD_CONSENT_ANSWER_FLOOR_MS)
            form.add_error(None, exc.message)
        else:
            # The same words whether or not the civil ID belongs to anybody (no enumeration),
            # and no sooner than a fixed time: asking the registry and sending the SMS to a
            # person must not make the answer measurably slower than for a civil ID that
            # belongs to nobody.
            answer_no_sooner_than(started, floor_ms=settings.SANAD_CONSENT_ANSWER_FLOOR_MS)
            messages.info(
                request,
                _(
                    "If this civil or resident number belongs to a person, a code was sent by "
                    "SMS to the mobile the civil registry holds for them (or to their own "
                    "verified account mobile). Ask them to read it to you."
                ),
            )
            return redirect("sanad:clerk-code", consent_id=consent.pk)
    return render(request, "sanad/clerk_start.html", {"form": form, "centre": membership.centre})


@clerk_required
def clerk_code_view(request: SignedInRequest, consent_id: int) -> HttpResponse:
    """Enter the code the person read from their SMS: the session starts."""
    consent = _clerk_consent(request, consent_id)
    form = ConsentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.consent_confirm(
                consent_id=consent.pk,
                clerk=request.user,
                code=form.cleaned_data["code"],
            ),
            form=form,
            success=_("The person confirmed. You now act for them."),
            error_field="code",
        )
        if done.ok and done.value is not None:
            request.session[SESSION_KEY] = done.value.pk
            return redirect("accounts:home")
    return render(request, "sanad/clerk_code.html", {"form": form, "consent": consent})


@clerk_required
def clerk_sessions_view(request: SignedInRequest) -> HttpResponse:
    page = Paginator(
        selectors.consent_list_for_clerk(clerk=request.user),
        25,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "sanad/clerk_sessions.html",
        {"page": page, "current": getattr(request, "sanad_consent", None)},
    )


@require_POST
@clerk_required
def clerk_end_view(request: SignedInRequest, consent_id: int) -> HttpResponse:
    consent = _clerk_consent(request, consent_id)
    services.consent_end(consent=consent, clerk=request.user)
    if request.session.get(SESSION_KEY) == consent.pk:
        del request.session[SESSION_KEY]
    messages.success(request, _("The session has ended. The person gets an SMS summary."))
    return redirect("sanad:clerk-sessions")


@clerk_required
def clerk_fee_view(request: SignedInRequest, consent_id: int) -> HttpResponse:
    consent = _clerk_consent(request, consent_id)
    form = FeeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.fee_record(
                consent=consent,
                clerk=request.user,
                amount=form.cleaned_data["amount"],
                description=form.cleaned_data["description"],
                receipt_number=form.cleaned_data["receipt_number"],
            ),
            form=form,
            success=_("The fee is recorded against the session."),
            refused=(ValidationError, ApplicationError, PermissionDeniedError),
        )
        if done.ok:
            return redirect("sanad:clerk-fee", consent_id=consent.pk)
    fees = selectors.fee_list_for_consent(consent=consent)
    return render(request, "sanad/clerk_fee.html", {"form": form, "consent": consent, "fees": fees})


# --- centre administrator -----------------------------------------------------------------------


@clerk_required
def centre_clerks_view(request: SignedInRequest) -> HttpResponse:
    membership = selectors.membership_for_administrator(user=request.user)
    if membership is None:
        raise PermissionDenied
    centre = membership.centre
    form = ClerkAddForm(request.POST or None)
    form.fields["role"].choices = [  # type: ignore[attr-defined]
        (CentreMembership.Role.CLERK, CentreMembership.Role.CLERK.label)
    ]
    if request.method == "POST" and form.is_valid():
        clerk = User.objects.filter(username=form.cleaned_data["username"]).first()
        if clerk is None:
            form.add_error("username", _("Only a Sanad clerk account can be added to a centre."))
        elif attempt(
            request,
            lambda: services.clerk_add(centre=centre, clerk=clerk, added_by=request.user),
            form=form,
            success=_("The clerk was added to the centre."),
            error_field="username",
            refused=(ApplicationError, PermissionDeniedError),
        ).ok:
            return redirect("sanad:centre-clerks")
    context = {
        "centre": centre,
        "form": form,
        "memberships": selectors.membership_list_for_centre(centre=centre),
    }
    return render(request, "sanad/centre_clerks.html", context)


@require_POST
@clerk_required
def centre_clerk_status_view(request: SignedInRequest, membership_id: int) -> HttpResponse:
    admin = selectors.membership_for_administrator(user=request.user)
    if admin is None:
        raise PermissionDenied
    membership = get_object_or_404(CentreMembership, pk=membership_id, centre=admin.centre)
    status = request.POST.get("status", "")
    if status not in CentreMembership.Status.values:
        raise Http404
    attempt(
        request,
        lambda: services.clerk_set_status(membership=membership, status=status, actor=request.user),
        success=_("The clerk's status was changed."),
        refused=(ApplicationError, PermissionDeniedError),
    )
    return redirect("sanad:centre-clerks")


# --- the person ---------------------------------------------------------------------------------


@person_required
def my_consents_view(request: SignedInRequest) -> HttpResponse:
    """The person's consents (revoke the open ones, complain about any) and receipts."""
    person: User = request.user
    context = {
        "consents": selectors.consent_list_for_person(person=person)[:50],
        "receipts": Paginator(selectors.receipt_list_for_person(person=person), 25).get_page(
            request.GET.get("page")
        ),
        "complaint_form": ComplaintForm(),
    }
    return render(request, "sanad/my_consents.html", context)


def _own_consent(request: HttpRequest, consent_id: int) -> Consent:
    return get_object_or_404(Consent, pk=consent_id, person=request.user)


@require_POST
@person_required
def my_consent_revoke_view(request: SignedInRequest, consent_id: int) -> HttpResponse:
    consent = _own_consent(request, consent_id)
    attempt(
        request,
        lambda: services.consent_revoke(consent=consent, person=request.user),
        success=_("You withdrew your consent. The clerk can no longer act for you."),
        refused=(ApplicationError, PermissionDeniedError),
    )
    return redirect("sanad:my-consents")


@require_POST
@person_required
def my_consent_complaint_view(request: SignedInRequest, consent_id: int) -> HttpResponse:
    consent = _own_consent(request, consent_id)
    form = ComplaintForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.complaint_file(
                consent=consent,
                person=request.user,
                text=form.cleaned_data["text"],
            ),
            success=_("Your complaint was sent to the ministry."),
            refused=(ApplicationError, PermissionDeniedError),
        )
    else:
        messages.error(request, _("Say what went wrong."))
    return redirect("sanad:my-consents")


# --- ministry staff -----------------------------------------------------------------------------


@staff_required("sanad.review_centres")
def staff_centres_view(request: SignedInRequest) -> HttpResponse:
    page = Paginator(selectors.centre_list_all_centres(), 50).get_page(request.GET.get("page"))
    return render(request, "sanad/staff/centres.html", {"page": page})


@staff_required("sanad.manage_centres")
def staff_centre_register_view(request: SignedInRequest) -> HttpResponse:
    form = CentreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.centre_register(
                registered_by=request.user,
                **{
                    k: form.cleaned_data[k]
                    for k in ("licence_number", "name_ar", "name_en", "governorate")
                },
            ),
            form=form,
            success=_("The centre is registered."),
            refused=(ValidationError, ApplicationError, PermissionDeniedError),
        )
        if done.ok and done.value is not None:
            return redirect("sanad:staff-centre", centre_id=done.value.pk)
    return render(request, "sanad/staff/centre_register.html", {"form": form})


@staff_required("sanad.review_centres")
def staff_centre_view(request: SignedInRequest, centre_id: int) -> HttpResponse:
    centre = get_object_or_404(ServiceCentre, pk=centre_id)
    form = ClerkAddForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("sanad.manage_centres"):
            raise PermissionDenied
        if form.is_valid():
            clerk = User.objects.filter(username=form.cleaned_data["username"]).first()
            if clerk is None:
                form.add_error(
                    "username", _("Only a Sanad clerk account can be added to a centre.")
                )
            elif attempt(
                request,
                lambda: services.clerk_add(
                    centre=centre,
                    clerk=clerk,
                    added_by=request.user,
                    role=form.cleaned_data["role"],
                ),
                form=form,
                success=_("The clerk was added to the centre."),
                error_field="username",
                refused=(ApplicationError, PermissionDeniedError),
            ).ok:
                return redirect("sanad:staff-centre", centre_id=centre.pk)
    context = {
        "centre": centre,
        "form": form,
        "reason_form": ReasonForm(),
        **selectors.centre_activity(centre=centre),
    }
    return render(request, "sanad/staff/centre.html", context)


@staff_required("sanad.manage_centres")
@require_POST
def staff_centre_status_view(request: SignedInRequest, centre_id: int) -> HttpResponse:
    centre = get_object_or_404(ServiceCentre, pk=centre_id)
    form = ReasonForm(request.POST)
    status = request.POST.get("status", ServiceCentre.Status.SUSPENDED)
    if status not in ServiceCentre.Status.values or not form.is_valid():
        raise Http404
    services.centre_set_status(
        centre=centre,
        status=status,
        actor=request.user,
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("The centre's status was changed."))
    return redirect("sanad:staff-centre", centre_id=centre.pk)


@staff_required("sanad.review_centres")
def staff_clerk_view(request: SignedInRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(
        CentreMembership.objects.select_related("centre", "clerk"), pk=membership_id
    )
    context = {"membership": membership, **selectors.clerk_activity(membership=membership)}
    return render(request, "sanad/staff/clerk.html", context)


@staff_required("sanad.manage_centres")
@require_POST
def staff_clerk_status_view(request: SignedInRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(CentreMembership, pk=membership_id)
    status = request.POST.get("status", CentreMembership.Status.SUSPENDED)
    if status not in CentreMembership.Status.values:
        raise Http404
    attempt(
        request,
        lambda: services.clerk_set_status(membership=membership, status=status, actor=request.user),
        success=_("The clerk's status was changed."),
        refused=(ApplicationError, PermissionDeniedError),
    )
    return redirect("sanad:staff-clerk", membership_id=membership.pk)


@staff_required("sanad.review_centres")
def staff_session_view(request: SignedInRequest, consent_id: int) -> HttpResponse:
    consent = get_object_or_404(
        Consent.objects.select_related("centre", "clerk", "person", "establishment"), pk=consent_id
    )
    context = {
        "consent": consent,
        "events": selectors.session_trail(consent=consent),
        "fees": selectors.fee_list_for_consent(consent=consent),
        "complaints": consent.complaints.select_related("person"),
    }
    return render(request, "sanad/staff/session.html", context)
