"""View decorators for ministry staff pages (every app's staff views use `staff_required`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


def staff_required(
    permission: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Require a ministry staff member who passed the second factor and holds `permission`.

    Anonymous: sign in. Not staff, or staff without the permission: 403. Staff who have not
    passed TOTP in this session: the second-factor page (the middleware also enforces this).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not getattr(user, "is_ministry_staff", False):
                raise PermissionDenied
            if not user.is_verified():  # type: ignore[attr-defined]
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('accounts:two-factor')}?{query}")
            if not user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.staff_permission = permission  # type: ignore[attr-defined]
        return wrapper

    return decorator
