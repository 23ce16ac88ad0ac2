"""Session lifetime and the staff second factor, enforced for every request."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

GetResponse = Callable[[HttpRequest], HttpResponse]

SESSION_STARTED_KEY = "_portal_auth_started"
SESSION_SEEN_KEY = "_portal_last_seen"
# Which idle limit the session is held to: "staff", "clerk", "representative" or "person";
# worked out again whenever the idle clock is touched (memberships change).
SESSION_POLICY_KEY = "_portal_session_policy"
# Writing the session on every request would make each page a database write; a minute of
# precision on the idle clock is enough.
_TOUCH_EVERY_SECONDS = 60


def start_session_clock(request: HttpRequest) -> None:
    """Start the idle and absolute clocks of a session that has just signed in."""
    now = time.time()
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_SEEN_KEY] = now


def _session_policy(user: object) -> str:
    from accounts.capacities import is_clerk, is_representative

    if getattr(user, "is_ministry_staff", False):
        return "staff"
    if is_clerk(user):  # type: ignore[arg-type]
        return "clerk"
    if is_representative(user):  # type: ignore[arg-type]
        return "representative"
    return "person"


class SessionLifetimeMiddleware:
    """End a session that was idle too long or is older than 12 hours in all.

    Thirty idle minutes for ministry staff, employers' representatives and Sanad clerks (ASVS
    4.0.3 3.3.2 at level 2: they act for others), two hours for a person acting for themselves. A
    clerk's session also ends when the browser closes: counter PCs are shared."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)

        now = time.time()
        started = request.session.get(SESSION_STARTED_KEY)
        seen = request.session.get(SESSION_SEEN_KEY)
        if started is None or seen is None:
            start_session_clock(request)
            started = seen = request.session[SESSION_STARTED_KEY]

        policy = request.session.get(SESSION_POLICY_KEY)
        if policy is None or now - seen >= _TOUCH_EVERY_SECONDS:
            policy = _session_policy(user)
            if request.session.get(SESSION_POLICY_KEY) != policy:
                request.session[SESSION_POLICY_KEY] = policy
        if policy == "clerk" and not request.session.get_expire_at_browser_close():
            request.session.set_expiry(0)
        if policy == "person":
            idle_limit = settings.USER_SESSION_IDLE_TIMEOUT.total_seconds()
        else:
            idle_limit = settings.STAFF_SESSION_IDLE_TIMEOUT.total_seconds()
        reason = None
        if now - started > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
            reason = "absolute"
        elif now - seen > idle_limit:
            reason = "idle"

        if reason is not None:
            from accounts.services import session_ended

            session_ended(user=user, reason=reason)
            logout(request)
            messages.info(request, _("Your session has ended. Sign in again to continue."))
            login_url = reverse(settings.LOGIN_URL)
            return HttpResponseRedirect(
                f"{login_url}?{urlencode({'next': request.get_full_path()})}"
            )

        if now - seen >= _TOUCH_EVERY_SECONDS:
            request.session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


class StaffSecondFactorMiddleware:
    """A staff member who has not passed TOTP reaches only the second-factor pages.

    Fails closed: every URL except the short allow-list below redirects to enrolment (no
    confirmed authenticator yet) or to verification.
    """

    _ALLOWED_URL_NAMES = frozenset(
        {"accounts:two-factor", "accounts:two-factor-setup", "accounts:logout", "set_language"}
    )
    _ALLOWED_PREFIXES = ("/static/", "/health/", "/metrics", "/i18n/")

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or not getattr(user, "needs_second_factor", False)
            or user.is_verified()
            or request.path.startswith(self._ALLOWED_PREFIXES)
        ):
            return self.get_response(request)

        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path_info)
            if match.view_name in self._ALLOWED_URL_NAMES:
                return self.get_response(request)
        except Resolver404:
            pass

        from accounts.selectors import has_confirmed_authenticator

        target = (
            "accounts:two-factor"
            if has_confirmed_authenticator(user=user)
            else ("accounts:two-factor-setup")
        )
        return HttpResponseRedirect(
            f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        )
