"""The operator's pages: `operator_required` resolves the operator the signed-in person acts for
(accommodation.selectors.operator_for_user) into `request.operator`; anonymous visitors sign in,
anyone who acts for no operator gets 403. Objects are then read through selectors that name the
operator, so another operator's site is 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from accommodation.models import Operator
from accommodation.selectors import operator_for_user
from accounts.http import SignedInRequest


class OperatorRequest(SignedInRequest):
    operator: Operator


def operator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        operator = operator_for_user(user=request.user)
        if operator is None:
            raise PermissionDenied
        request.operator = operator  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
