"""Who may do what with the worker status codes (django-rules; no permission rows)."""

from __future__ import annotations

import rules

from accounts.models import User

R = User.Role


def _has_role(*roles: str) -> rules.Predicate:
    allowed = frozenset(roles)

    @rules.predicate(name=f"workstatus_has_role({','.join(sorted(allowed))})")
    def check(user: User) -> bool:
        return bool(user.is_authenticated and user.is_active and user.role in allowed)

    return check


# The scanner page: inspectors, worksite supervisors and accommodation guards.
can_scan = _has_role(R.INSPECTOR, R.WORKSITE_SUPERVISOR, R.ACCOMMODATION_GUARD)
# Only an inspector reports a red worker found at a worksite.
can_report_findings = _has_role(R.INSPECTOR)
# Counts name nobody: every staff role. The history search names people: not analysts.
can_view_counts = _has_role(R.OFFICER, R.APPROVER, R.POLICY, R.ANALYST, R.INSPECTOR)
can_view_history = _has_role(R.OFFICER, R.APPROVER, R.INSPECTOR)
can_recompute = _has_role(R.POLICY, R.APPROVER)
can_view_rule_sets = _has_role(R.POLICY, R.APPROVER, R.ANALYST)
can_edit_rule_sets = _has_role(R.POLICY)

rules.add_perm("workstatus.scan", can_scan)
rules.add_perm("workstatus.report_findings", can_report_findings)
rules.add_perm("workstatus.view_counts", can_view_counts)
rules.add_perm("workstatus.view_history", can_view_history)
rules.add_perm("workstatus.recompute", can_recompute)
rules.add_perm("workstatus.view_rule_sets", can_view_rule_sets)
rules.add_perm("workstatus.edit_rule_sets", can_edit_rule_sets)
