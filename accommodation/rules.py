"""Who may do what with accommodation (django-rules; no permission rows). Operators' and
employers' pages are scoped by their own decorators (accommodation.access)."""

from __future__ import annotations

import rules

from accounts.models import User

R = User.Role


def _has_role(*roles: str) -> rules.Predicate:
    allowed = frozenset(roles)

    @rules.predicate(name=f"accommodation_has_role({','.join(sorted(allowed))})")
    def check(user: User) -> bool:
        return bool(user.is_authenticated and user.is_active and user.role in allowed)

    return check


# The staff worklist names workers: officers, approvers and inspectors (not analysts).
can_view_worklist = _has_role(R.OFFICER, R.APPROVER, R.INSPECTOR)

# The register of operators: officers and approvers see it; approvers register and suspend
# (as with Sanad centres), officers too, since they answer operators day to day.
can_view_operators = _has_role(R.OFFICER, R.APPROVER, R.INSPECTOR)
can_manage_operators = _has_role(R.OFFICER, R.APPROVER)

can_view_movement_rules = _has_role(R.POLICY, R.APPROVER, R.ANALYST)
can_edit_movement_rules = _has_role(R.POLICY)

rules.add_perm("accommodation.view_worklist", can_view_worklist)
rules.add_perm("accommodation.view_operators", can_view_operators)
rules.add_perm("accommodation.manage_operators", can_manage_operators)
rules.add_perm("accommodation.view_movement_rules", can_view_movement_rules)
rules.add_perm("accommodation.edit_movement_rules", can_edit_movement_rules)
