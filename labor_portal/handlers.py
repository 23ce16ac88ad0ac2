"""The WSGI application gunicorn runs: the portal, and a short middleware chain for the
server-to-server callbacks that need none of a person's (sessions, language, CSRF, sign-in,
second factor, Sanad delegation, lockouts, the CSP and cache headers of a page).

A callback authenticates itself by its signature, checked in its view; what it still gets is
what every request gets for operations: the request id and log line (its audit events carry
the id), the security middleware and the Prometheus metrics. Anything else goes through the
full chain in settings.MIDDLEWARE.

The short chain also skips Django's health check of a persistent database connection (with
CONN_HEALTH_CHECKS, one `SELECT 1` round trip before each request's first statement): a
callback's first statement is its own claim. A connection that died since the last request
fails that statement instead; nothing is written, the callback answers 500 and the gateway
sends it again (the status poll and the daily reconciliation find it too), and Django closes
the broken connection when the request ends (its `errors_occurred` check), so the next
callback gets a fresh one. tests/payments/test_callback_chain.py shows it.

A worker's check-in as the check-in app's service worker sends it (a POST to a room's link
asking for JSON; accommodation.views.worker) gets a chain of its own: the portal's chain without
the middleware that do nothing for it (CHECKIN_SKIPPED, each with why), so it keeps every
property the full chain gives it: the session and sign-in, the session's idle and absolute
limits, the staff second factor, Sanad delegation, the anonymous rate limit, CSRF, the language
of its prefix, and the security, CSP, frame and cache headers. It skips the `SELECT 1` too: a
connection that died fails the session's read, the check-in answers 500 and the service worker
keeps it to send again (the check-in records once per client id). The page itself, and a
check-in posted by the page's form without JavaScript, go through the full chain.
tests/accommodation/test_checkin_chain.py shows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.http import HttpRequest, HttpResponseBase

# Exact paths (no language prefix, no parameters) served by the short chain.
MACHINE_PATHS = frozenset({"/payments/gateway/callback/"})

MACHINE_MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]


# The portal's middleware that do nothing for a JSON check-in, left out of its chain.
CHECKIN_SKIPPED = frozenset(
    {
        # serves files under STATIC_URL only
        "whitenoise.middleware.WhiteNoiseMiddleware",
        # acts on a 404 under an unsupported language prefix; CHECKIN_PATH admits supported ones
        "core.middleware.WrongLanguagePrefixMiddleware",
        # sets request.htmx, which no view or template of the portal reads
        "django_htmx.middleware.HtmxMiddleware",
        # turns a lockout signalled by authenticate() into a page; a check-in never signs in
        "axes.middleware.AxesMiddleware",
    }
)


def checkin_middleware() -> list[str]:
    """The check-in's chain: the portal's, in its order, less CHECKIN_SKIPPED (so a middleware
    added to the portal later applies to the check-in too)."""
    return [name for name in settings.MIDDLEWARE if name not in CHECKIN_SKIPPED]


def _checkin_path() -> re.Pattern[str]:
    languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return re.compile(rf"^/(?:{languages})/accommodation/check-in/[^/]+/$")


# A room's check-in link under any language prefix (accommodation:check-in); not the check-in
# home, its service worker or its manifest.
CHECKIN_PATH = _checkin_path()


def is_json_checkin(environ: dict[str, Any]) -> bool:
    """A check-in as the service worker sends it: a POST to a room's link asking for JSON."""
    return (
        environ.get("REQUEST_METHOD") == "POST"
        and "application/json" in environ.get("HTTP_ACCEPT", "")
        and CHECKIN_PATH.match(environ.get("PATH_INFO", "")) is not None
    )


class ShortChainHandler(WSGIHandler):
    """A WSGI handler with its own middleware chain, which skips the per-request `SELECT 1`
    (the module's docstring)."""

    def __init__(self, middleware: list[str]) -> None:
        self.middleware = middleware
        super().__init__()

    def load_middleware(self, is_async: bool = False) -> None:
        # Django builds the chain from settings.MIDDLEWARE; this runs once, at start-up, before
        # any request, so the setting is swapped for the duration of the build only.
        portal = settings.MIDDLEWARE
        settings.MIDDLEWARE = self.middleware
        try:
            super().load_middleware(is_async=is_async)
        finally:
            settings.MIDDLEWARE = portal

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        # no `SELECT 1` first: a dead connection fails the first statement itself (the
        # module's docstring)
        for connection in connections.all(initialized_only=True):
            connection.health_check_done = True  # type: ignore[attr-defined]
        return super().get_response(request)


def application_for(portal: WSGIHandler) -> Callable[[dict[str, Any], Callable[..., Any]], Any]:
    """The WSGI callable: MACHINE_PATHS and JSON check-ins to their short chains, everything else
    to `portal`."""
    machines = ShortChainHandler(MACHINE_MIDDLEWARE)
    checkins = ShortChainHandler(checkin_middleware())

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO", "") in MACHINE_PATHS:
            return machines(environ, start_response)
        if is_json_checkin(environ):
            return checkins(environ, start_response)
        return portal(environ, start_response)

    return application
