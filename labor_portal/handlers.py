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
"""

from __future__ import annotations

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


class MachineHandler(WSGIHandler):
    """A WSGI handler whose middleware chain is MACHINE_MIDDLEWARE."""

    def load_middleware(self, is_async: bool = False) -> None:
        # Django builds the chain from settings.MIDDLEWARE; this runs once, at start-up, before
        # any request, so the setting is swapped for the duration of the build only.
        portal = settings.MIDDLEWARE
        settings.MIDDLEWARE = MACHINE_MIDDLEWARE
        try:
            super().load_middleware(is_async=is_async)
        finally:
            settings.MIDDLEWARE = portal

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        # no `SELECT 1` first: a dead connection fails the claim itself (the module's docstring)
        for connection in connections.all(initialized_only=True):
            connection.health_check_done = True  # type: ignore[attr-defined]
        return super().get_response(request)


def application_for(portal: WSGIHandler) -> Callable[[dict[str, Any], Callable[..., Any]], Any]:
    """The WSGI callable: MACHINE_PATHS to the short chain, everything else to `portal`."""
    machines = MachineHandler()

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO", "") in MACHINE_PATHS:
            return machines(environ, start_response)
        return portal(environ, start_response)

    return application
