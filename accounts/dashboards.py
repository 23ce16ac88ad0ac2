"""The home page: which template (by role), and the cards of every capacity the person holds
(accounts.capacities: their own record, the establishments they represent, their Sanad centre).

Each page lists only what works now; later issues add their own entries here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accounts.capacities import Capacity, capacities_of
from accounts.models import User
from accounts.questions import represented_establishments
from core.selectors import audit_events_concerning


@dataclass(frozen=True)
class Dashboard:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def for_user(user: User) -> Dashboard:
    """The dashboard for `user`'s role, with the data it shows."""
    recent_activity = list(audit_events_concerning(person=user)[:5])
    capacities = {str(c) for c in capacities_of(user)}
    context: dict[str, Any] = {"recent_activity": recent_activity, "capacities": capacities}
    role = user.role
    if Capacity.REPRESENTATIVE in capacities:
        context["establishments"] = represented_establishments.ask(user=user)
    if role in User.STAFF_ROLES:
        context["can"] = {
            "directory": user.has_perm("employers.view_establishment_directory"),
            "statistics": user.has_perm("employers.view_statistics"),
            "labour_market": user.has_perm("lmi.view_dashboards"),
            "audit": user.has_perm("core.review_audit_trail"),
            "sms_ledger": user.has_perm("notifications.view_sms_ledger"),
            "sms_templates": user.has_perm("notifications.edit_sms_templates"),
            "broadcasts": user.has_perm("notifications.view_broadcasts"),
            "rule_sets": user.has_perm("omanization.view_rule_sets"),
            "compliance": user.has_perm("omanization.view_compliance"),
            "permit_queue": user.has_perm("permits.work_queue"),
            "permit_rule_sets": user.has_perm("permits.view_rule_sets"),
            "employment_rule_sets": user.has_perm("employment.view_rule_sets"),
            "violations": user.has_perm("employment.view_violations"),
            "wage_protection": user.has_perm("employment.view_wage_protection"),
            "cases": user.has_perm("employment.work_cases"),
            "investigations": user.has_perm("employment.view_investigations"),
            "vacancies": user.has_perm("jobseekers.decide_vacancies"),
            "response_rates": user.has_perm("jobseekers.view_response_rates"),
            "sanad": user.has_perm("sanad.review_centres"),
        }
    template = f"accounts/home/{role}.html" if role else "accounts/home/administrator.html"
    return Dashboard(template=template, context=context)
