"""The typed request of an employer page (the interface kit, ADR 0022): `employer_required`
resolves the establishment from the representative's memberships and sets it on the request."""

from __future__ import annotations

from accounts.http import SignedInRequest
from employers.models import Establishment


class EmployerRequest(SignedInRequest):
    """A representative's request for one establishment they are an active member of."""

    establishment: Establishment
