"""Employer tenancy: which establishment a representative may act for, and for which service.

The establishment is never taken from a form field or the session. A URL may name one, but it is
resolved here through the user's active memberships, so another establishment answers 404; so
does an establishment the person represents for other services only (cross-service access looks
exactly like cross-tenant access).

Every employer view states the service it needs, and tests/test_tenancy.py fails for one that
states none:

    @employer_required(service=Service.PERMITS)          # a page of one e-service
    def permit_list_view(request: EmployerRequest) -> HttpResponse: ...

    @employer_required(service=ANY_SERVICE)              # the establishment's home page
    @employer_role_required(service=ANY_SERVICE)         # a list naming no establishment

A bare `@employer_required` still resolves the establishment, but lets only its administrators
in (deny by default) and fails the sweep. Services check the same rule with `has_service_role`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar, cast, overload

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.capacities import is_representative
from accounts.models import User
from accounts.proofs import session_is_strong, strong_sign_in_url
from core.exceptions import PermissionDeniedError
from employers.http import EmployerRequest
from employers.models import Establishment, Membership, Service
from employers.selectors import active_membership_for

# A page every active member may open, whatever their services (the establishment's home page).
ANY_SERVICE = "any"
# The value a view carries when it states no service (the sweep refuses it).
UNDECLARED = None

View = Callable[..., HttpResponseBase]
P = ParamSpec("P")
R = TypeVar("R")

# The e-services whose new acts need a valid chamber of commerce membership (in Oman a work
# permit is not issued to an establishment whose chamber membership has lapsed). Their pages say
# so, and their services refuse with `chamber_refusal`'s reason; acts that end something
# (cancelling a permit, withdrawing an application) stay open.
SERVICES_NEEDING_CHAMBER: frozenset[str] = frozenset({Service.PERMITS})


def membership_allows(membership: Membership | None, service: str | None) -> bool:
    """Whether an (active) membership may use `service`: administrators every one, a
    representative those it was appointed for; ANY_SERVICE any member; undeclared only
    administrators."""
    if membership is None:
        return False
    if membership.is_administrator:
        return True
    if service == ANY_SERVICE:
        return True
    return service is not None and service in membership.services


def has_service_role(user: User, establishment: Establishment | int, role: str) -> bool:
    """Whether `user` may act for `establishment` in the service `role` (a `Service` value, or
    ANY_SERVICE) today: an active membership, not past its end date, that holds the role (an
    administrator holds all). For services and views alike."""
    if not (user.is_authenticated and user.is_active):
        return False
    establishment_id = establishment if isinstance(establishment, int) else establishment.pk
    membership = active_membership_for(user=user, establishment_id=establishment_id)
    return membership_allows(membership, role)


def chamber_refusal(
    *, establishment: Establishment, service: str, on: datetime.date | None = None
) -> str | None:
    """Why `establishment` may not start a new act of `service` today for want of a chamber of
    commerce membership (a translated sentence), or None when it may."""
    if service not in SERVICES_NEEDING_CHAMBER:
        return None
    on = on or timezone.localdate()
    if not establishment.chamber_membership_lapsed(on):
        return None
    if establishment.chamber_valid_until is not None:
        return _(
            "The chamber of commerce membership of this establishment lapsed on %(date)s: "
            "renew it with the chamber before applying for work permits."
        ) % {"date": date_format(establishment.chamber_valid_until)}
    return _(
        "The chamber of commerce membership of this establishment has lapsed: renew it with "
        "the chamber before applying for work permits."
    )


def employer_act(
    service: str, *, actor: str, establishment: str = "establishment"
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Mark a service as an act a representative performs for an establishment in `service`,
    and check it there as well as in the view: the keyword argument `actor` (a User, or None for
    the portal itself) must hold `service` for the keyword argument `establishment` today, else
    PermissionDeniedError and nothing happens. A Sanad clerk acts as the person present, so the
    person's own roles decide. tests/test_tenancy.py walks the services and fails for an
    employer act that is not marked.

        @employer_act(Service.PERMITS, actor="applied_by")
        def permit_apply(*, establishment: Establishment, applied_by: User | None, ...): ...
    """
    _check_service(service)

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            who = kwargs.get(actor)
            where = kwargs.get(establishment)
            if (
                isinstance(who, User)
                and isinstance(where, Establishment)
                and not has_service_role(who, where, service)
            ):
                raise PermissionDeniedError(
                    _("You may not act for this establishment in this service.")
                )
            return function(*args, **kwargs)

        wrapper.employer_service = service  # type: ignore[attr-defined]
        return wrapper

    return decorate


def is_administrator(user: User, establishment: Establishment) -> bool:
    membership = active_membership_for(user=user, establishment_id=establishment.pk)
    return membership is not None and membership.is_administrator


def establishment_for(
    *, user: User, establishment_id: int, service: str | None = ANY_SERVICE
) -> Establishment:
    """The establishment `establishment_id` if `user` is an active member of it holding
    `service`, else Http404 (another establishment and another service answer alike)."""
    membership = active_membership_for(user=user, establishment_id=establishment_id)
    if not membership_allows(membership, service):
        raise Http404
    assert membership is not None
    return membership.establishment


def _refuse_non_employer(request: HttpRequest) -> HttpResponse | None:
    """Sign-in page for an anonymous visitor, 403 for someone who represents no establishment
    (the capacity comes from active memberships, not from the account's role), None for a
    representative."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_representative(request.user):
        raise PermissionDenied
    if getattr(request, "sanad_clerk", None) is None and not session_is_strong(request):
        # a password alone or an SMS code does not let anyone act for an establishment
        return HttpResponseRedirect(strong_sign_in_url(request))
    return None


def _check_service(service: str | None) -> None:
    if service is not None and service != ANY_SERVICE and service not in Service.values:
        raise ValueError(f"unknown employer service {service!r}")


def _employer_required(view: View, service: str | None) -> View:
    _check_service(service)

    @wraps(view)
    def wrapper(
        request: HttpRequest, *args: Any, establishment_id: int, **kwargs: Any
    ) -> HttpResponseBase:
        refused = _refuse_non_employer(request)
        if refused is not None:
            return refused
        employer_request = cast(EmployerRequest, request)
        employer_request.establishment = establishment_for(
            user=employer_request.user, establishment_id=establishment_id, service=service
        )
        if service in SERVICES_NEEDING_CHAMBER and request.method == "GET":
            # the page says so; the service refuses the act itself
            refusal = chamber_refusal(establishment=employer_request.establishment, service=service)
            if refusal is not None:
                messages.warning(request, refusal)
        return view(employer_request, *args, **kwargs)

    wrapper.employer_scoped = True  # type: ignore[attr-defined]
    wrapper.employer_service = service  # type: ignore[attr-defined]
    return wrapper


@overload
def employer_required(view: View) -> View: ...
@overload
def employer_required(*, service: str) -> Callable[[View], View]: ...
def employer_required(
    view: View | None = None, *, service: str | None = UNDECLARED
) -> View | Callable[[View], View]:
    """Require a signed-in representative holding `service` and resolve `request.establishment`.

    The view must take `establishment_id`; it receives the request with `establishment` set
    (annotate it as `employers.http.EmployerRequest`). Anonymous visitors go to sign in; other
    roles get 403; an establishment the person does not represent, or represents for other
    services only, is 404. Use as `@employer_required(service=Service.PERMITS)`.
    """
    if view is not None:
        return _employer_required(view, UNDECLARED)
    return lambda inner: _employer_required(inner, service)


@overload
def employer_role_required(view: View) -> View: ...
@overload
def employer_role_required(*, service: str) -> Callable[[View], View]: ...
def employer_role_required(
    view: View | None = None, *, service: str | None = UNDECLARED
) -> View | Callable[[View], View]:
    """Require an employer representative for a page that names no establishment (their list);
    such a page states ANY_SERVICE."""

    def decorate(inner: View) -> View:
        _check_service(service)

        @wraps(inner)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            return _refuse_non_employer(request) or inner(request, *args, **kwargs)

        wrapper.employer_scoped = True  # type: ignore[attr-defined]
        wrapper.employer_service = service  # type: ignore[attr-defined]
        return wrapper

    if view is not None:
        return decorate(view)
    return decorate


def declared_service(view: Any) -> str | None:
    """The service an employer view states (None: it states none)."""
    return getattr(view, "employer_service", UNDECLARED)
