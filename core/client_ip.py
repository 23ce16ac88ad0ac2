"""The client's address, as far as it can be trusted.

`PROXY_COUNT` says how many reverse proxies we run in front of the application, each appending
the address it received the request from to `X-Forwarded-For`. The client is then the
PROXY_COUNT-th entry from the right: everything further left was written by the client itself
and is not trusted. With no proxy (the default) only the socket address counts, so a forged
header can neither hide an attacker from the lockout nor put a false address in the audit trail.
Used by the request log, the audit trail and django-axes (AXES_CLIENT_IP_CALLABLE).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(candidate: str) -> str | None:
    try:
        return str(ipaddress.ip_address(candidate.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent `request`, or None when there is none."""
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    proxies = int(getattr(settings, "PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [p for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    if len(forwarded) < proxies:
        return remote
    return _valid(forwarded[-proxies]) or remote
