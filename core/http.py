"""Response helpers shared by the apps' views."""

from __future__ import annotations

from django.http import HttpResponse


def private_page(response: HttpResponse) -> HttpResponse:
    """Mark a page reached by a secret link (a verification token, a worker's SMS link): never
    cached, never indexed, and the link never leaks to another site through the Referer."""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
