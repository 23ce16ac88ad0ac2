"""Who may see and work fees and payments (django-rules; autodiscovered). No finance role exists
yet: approvers and officers work finance, analysts and policy staff read revenue."""

from __future__ import annotations

import rules

from accounts.models import User


def _role_in(*roles: str) -> rules.Predicate:
    allowed = frozenset(roles)

    @rules.predicate(name=f"payments_role_in({','.join(sorted(allowed))})")
    def check(user: User) -> bool:
        return bool(user.is_authenticated and user.is_active and user.role in allowed)

    return check


# Revenue is aggregated: analysts and policy staff read it with finance.
can_view_revenue = _role_in(
    User.Role.OFFICER, User.Role.APPROVER, User.Role.POLICY, User.Role.ANALYST
)
# Invoices, payments and cases name establishments and people: officers and approvers.
can_work_finance = _role_in(User.Role.OFFICER, User.Role.APPROVER)
can_approve_refunds = _role_in(User.Role.APPROVER)
can_view_rule_sets = _role_in(
    User.Role.POLICY, User.Role.APPROVER, User.Role.ANALYST, User.Role.OFFICER
)
can_edit_rule_sets = _role_in(User.Role.POLICY)

rules.add_perm("payments.view_revenue", can_view_revenue)
rules.add_perm("payments.work_finance", can_work_finance)
rules.add_perm("payments.approve_refunds", can_approve_refunds)
rules.add_perm("payments.view_rule_sets", can_view_rule_sets)
rules.add_perm("payments.edit_rule_sets", can_edit_rule_sets)
