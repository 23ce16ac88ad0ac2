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

from collections.abc import Callable
from functools import wraps
from typing import Any, cast, overload

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase

from accounts.capacities import is_representative
from accounts.models import User
from accounts.proofs import session_is_strong, strong_sign_in_url
from employers.http import EmployerRequest
from employers.models import Establishment, Membership, Service
from employers.selectors import active_membership_for

# A page every active member may open, whatever their services (the establishment's home page).
ANY_SERVICE = "any"
# The value a view carries when it states no service (the sweep refuses it).
UNDECLARED = None

View = Callable[..., HttpResponseBase]


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
