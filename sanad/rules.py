"""Ministry staff permissions on Sanad (django-rules, autodiscovered)."""

from __future__ import annotations

import rules

from accounts.models import User


@rules.predicate
def _reviews_sanad(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role in {User.Role.OFFICER, User.Role.APPROVER}
    )


@rules.predicate
def _manages_sanad(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == User.Role.APPROVER)


# Officers and approvers read centres' activity and any session's trail; approvers register,
# suspend and reinstate centres and clerks.
rules.add_perm("sanad.review_centres", _reviews_sanad)
rules.add_perm("sanad.manage_centres", _manages_sanad)
