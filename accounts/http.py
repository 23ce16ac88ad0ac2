"""Typed requests for views behind a sign-in (the interface kit, ADR 0022).

The decorators (`core.access.staff_required`, `employers.access.employer_required`, the
jobseeker and worker decorators) guarantee a signed-in user before the view runs, so a view
annotates its request with the class that says so and reads `request.user` as a `User`,
without `type: ignore`:

    @staff_required("permits.review_permits")
    def queue_view(request: SignedInRequest) -> HttpResponse: ...
"""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User


class SignedInRequest(HttpRequest):
    """A request whose user is signed in (a decorator has checked it)."""

    user: User  # narrowed from User | AnonymousUser: the decorator has checked it


StaffRequest = SignedInRequest
"""A ministry staff member's request (`staff_required` has checked the permission)."""
