"""Who on the employer's side sees its workers' codes: one function, so that the per-service
roles the onboarding work adds can replace the check in one place."""

from __future__ import annotations

from accounts.models import User
from employers.models import Establishment, Membership


def may_see_worker_codes(*, user: User, establishment: Establishment) -> bool:
    """Today: whoever may read the establishment's workforce register, which is every active
    representative of it (the same membership `employers.access.employer_required` resolves)."""
    return Membership.objects.filter(
        user_id=user.pk, establishment_id=establishment.pk, is_active=True
    ).exists()
