"""Who may pay an establishment's fees: the one place the rule lives.

A representative holding the establishment's "payments" e-service (employers.access; an
administrator of the establishment holds every service) may pay. Views check it through
`employer_required(service=Service.PAYMENTS)`, services through `can_pay`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from employers.access import has_service_role
from employers.models import Establishment, Service

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User


def can_pay(user: User, establishment: Establishment) -> bool:
    """Whether `user` may pay `establishment`'s invoices."""
    return has_service_role(user, establishment, Service.PAYMENTS)
