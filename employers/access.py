"""Employer tenancy: which establishment a representative may act for, from membership only.

The establishment is never taken from a form field or the session. A URL may name one, but it is
resolved here through the user's active memberships, so another establishment answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase

from accounts.capacities import is_representative
from accounts.models import User
from accounts.proofs import session_is_strong, strong_sign_in_url
from employers.http import EmployerRequest
from employers.models import Establishment
from employers.selectors import establishment_list_for_member


def establishment_for(*, user: User, establishment_id: int) -> Establishment:
    """The establishment `establishment_id` if `user` is an active member of it, else Http404."""
    try:
        return establishment_list_for_member(user=user).get(pk=establishment_id)
    except Establishment.DoesNotExist:
        raise Http404 from None


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


def employer_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Require a signed-in employer representative and resolve `request.establishment`.

    The view must take `establishment_id`; it receives the request with `establishment` set
    (annotate it as `employers.http.EmployerRequest`).
    Anonymous visitors go to sign in; other roles get 403; a non-member establishment is 404.
    """

    @wraps(view)
    def wrapper(
        request: HttpRequest, *args: Any, establishment_id: int, **kwargs: Any
    ) -> HttpResponseBase:
        refused = _refuse_non_employer(request)
        if refused is not None:
            return refused
        employer_request = cast(EmployerRequest, request)
        employer_request.establishment = establishment_for(
            user=employer_request.user, establishment_id=establishment_id
        )
        return view(employer_request, *args, **kwargs)

    wrapper.employer_scoped = True  # type: ignore[attr-defined]
    return wrapper


def employer_role_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Require an employer representative for a page that names no establishment (their list)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _refuse_non_employer(request) or view(request, *args, **kwargs)

    wrapper.employer_scoped = True  # type: ignore[attr-defined]
    return wrapper
