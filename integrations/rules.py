"""Who may see and steer the syncs with other entities (django-rules; autodiscovered)."""

from __future__ import annotations

import rules

from accounts.models import User


def _role_in(*roles: str) -> rules.Predicate:
    allowed = frozenset(roles)

    @rules.predicate(name=f"integrations_role_in({','.join(sorted(allowed))})")
    def check(user: User) -> bool:
        return bool(user.is_authenticated and user.is_active and user.role in allowed)

    return check


# Officers, approvers, policy staff and analysts read the sources and the sync runs (counts);
# the refused records and the data-quality cases name people, so analysts, who see aggregates
# only, do not read them. Policy staff and approvers pause, resume and re-run.
can_view_syncs = _role_in(
    User.Role.OFFICER, User.Role.APPROVER, User.Role.POLICY, User.Role.ANALYST
)
can_view_records = _role_in(User.Role.OFFICER, User.Role.APPROVER, User.Role.POLICY)
can_operate_syncs = _role_in(User.Role.POLICY, User.Role.APPROVER)

rules.add_perm("integrations.view_syncs", can_view_syncs)
rules.add_perm("integrations.view_records", can_view_records)
rules.add_perm("integrations.operate_syncs", can_operate_syncs)

# Data-quality cases: the same readers see them; officers, approvers and policy staff work them
# (accept a source, merge, dismiss); whoever operates the syncs may start a reconciliation run.
can_work_cases = _role_in(User.Role.OFFICER, User.Role.APPROVER, User.Role.POLICY)

rules.add_perm("integrations.view_cases", can_view_records)
rules.add_perm("integrations.work_cases", can_work_cases)
rules.add_perm("integrations.run_reconciliation", can_operate_syncs)
