"""The typed request of an employer representative's page (the interface kit, ADR 0022):
`employers.access.employer_required` has checked the signed-in representative and resolved
the establishment they act for, so the view reads both without `type: ignore`:

    @employer_required
    def permit_list_view(request: EmployerRequest) -> HttpResponse: ...
"""

from __future__ import annotations

from accounts.http import SignedInRequest
from employers.models import Establishment


class EmployerRequest(SignedInRequest):
    """A representative's request with the establishment the decorator resolved."""

    establishment: Establishment
