"""Role predicates and the permissions built on them (django-rules; no permission rows)."""

from __future__ import annotations

import rules

from accounts.models import User


def _has_role(*roles: str) -> rules.Predicate:
    allowed = frozenset(roles)

    @rules.predicate(name=f"has_role({','.join(sorted(allowed))})")
    def check(user: User) -> bool:
        return bool(user.is_authenticated and user.is_active and user.role in allowed)

    return check


is_jobseeker = _has_role(User.Role.JOBSEEKER)
is_employer = _has_role(User.Role.EMPLOYER)
is_ministry_staff = _has_role(*User.STAFF_ROLES)
is_api_client = _has_role(User.Role.API_CLIENT)

can_view_establishment_directory = _has_role(
    User.Role.OFFICER, User.Role.APPROVER, User.Role.POLICY, User.Role.INSPECTOR
)
can_view_statistics = _has_role(User.Role.ANALYST, User.Role.POLICY, User.Role.APPROVER)
can_review_audit_trail = _has_role(User.Role.OFFICER, User.Role.APPROVER)
can_curate_taxonomy = _has_role(User.Role.POLICY)

can_view_sms_ledger = _has_role(User.Role.OFFICER, User.Role.APPROVER, User.Role.POLICY)
can_edit_sms_templates = _has_role(User.Role.POLICY)
# Broadcasts to workers: policy staff compose them; a second person, a policy officer or an
# approver other than the author, approves them (notifications.broadcasts).
can_view_broadcasts = _has_role(User.Role.POLICY, User.Role.APPROVER)
can_compose_broadcasts = _has_role(User.Role.POLICY)
can_approve_broadcasts = _has_role(User.Role.POLICY, User.Role.APPROVER)

can_view_rule_sets = _has_role(User.Role.POLICY, User.Role.APPROVER, User.Role.ANALYST)
can_edit_rule_sets = _has_role(User.Role.POLICY)
can_view_compliance = _has_role(
    User.Role.POLICY, User.Role.APPROVER, User.Role.ANALYST, User.Role.OFFICER
)

# Work permits: officers work the queue (assign, request documents, recommend); approvers do
# the same and decide; policy staff read the permit rule sets.
can_work_permit_queue = _has_role(User.Role.OFFICER, User.Role.APPROVER)
can_decide_permits = _has_role(User.Role.APPROVER)
can_view_permit_rule_sets = _has_role(User.Role.POLICY, User.Role.APPROVER, User.Role.OFFICER)
can_view_employment_rule_sets = _has_role(
    User.Role.POLICY, User.Role.APPROVER, User.Role.OFFICER, User.Role.INSPECTOR
)
# Rules of every family (core.rulesets): policy staff draft and publish them for a later date;
# a rule that must change today needs a second person, a policy officer or an approver other
# than the one who asked.
can_approve_rules_today = _has_role(User.Role.POLICY, User.Role.APPROVER)

# Violations: inspectors record them; inspectors and approvers confirm or cancel them; officers
# also read them (they work the establishment's other cases).
can_record_violations = _has_role(User.Role.INSPECTOR)
can_decide_violations = _has_role(User.Role.INSPECTOR, User.Role.APPROVER)
can_view_violations = _has_role(User.Role.INSPECTOR, User.Role.OFFICER, User.Role.APPROVER)
# Wage protection: inspectors, officers, approvers and analysts read the rates; officers and
# approvers run a month's check on demand; staff who handle cases decide disputed salary lines;
# approvers record a fine as paid (until fines are invoices of the payments app).
can_view_wage_protection = _has_role(
    User.Role.INSPECTOR, User.Role.OFFICER, User.Role.APPROVER, User.Role.ANALYST
)
can_run_wage_protection = _has_role(User.Role.OFFICER, User.Role.APPROVER)
can_decide_salary_disputes = _has_role(User.Role.OFFICER, User.Role.APPROVER, User.Role.INSPECTOR)
can_settle_fines = _has_role(User.Role.APPROVER)
# Contracts: officers and approvers read the contracts waiting for approval and decide them.
can_approve_contracts = _has_role(User.Role.OFFICER, User.Role.APPROVER)
# Terminations and absconding reports: officers and approvers decide objected cases and the
# committee's; inspectors also read the investigation flags (they visit the establishments).
can_work_cases = _has_role(User.Role.OFFICER, User.Role.APPROVER)
can_view_investigations = _has_role(User.Role.OFFICER, User.Role.APPROVER, User.Role.INSPECTOR)

# Vacancies: officers and approvers publish or refuse the vacancies of flagged establishments
# and run the bulk recommendation; analysts and policy staff also read response rates.
can_decide_vacancies = _has_role(User.Role.OFFICER, User.Role.APPROVER)
can_view_response_rates = _has_role(
    User.Role.OFFICER, User.Role.APPROVER, User.Role.POLICY, User.Role.ANALYST
)

rules.add_perm("jobseekers.decide_vacancies", can_decide_vacancies)
rules.add_perm("jobseekers.view_response_rates", can_view_response_rates)
rules.add_perm("permits.work_queue", can_work_permit_queue)
rules.add_perm("permits.decide", can_decide_permits)
rules.add_perm("permits.view_rule_sets", can_view_permit_rule_sets)
rules.add_perm("permits.edit_rule_sets", can_edit_rule_sets)
rules.add_perm("employment.view_rule_sets", can_view_employment_rule_sets)
rules.add_perm("employment.edit_rule_sets", can_edit_rule_sets)
# Requests to correct personal data: officers and approvers decide them.
rules.add_perm("accounts.decide_corrections", _has_role(User.Role.OFFICER, User.Role.APPROVER))
# Retention of personal data: policy staff draft and publish; approvers and analysts read.
rules.add_perm("core.view_retention_rules", can_view_rule_sets)
rules.add_perm("core.edit_retention_rules", can_edit_rule_sets)
rules.add_perm("core.approve_rules_today", can_approve_rules_today)
# Disclosure control of the open data: policy staff draft and publish; approvers, analysts read.
rules.add_perm("lmi.view_disclosure_rules", can_view_rule_sets)
rules.add_perm("lmi.edit_disclosure_rules", can_edit_rule_sets)
rules.add_perm("omanization.view_rule_sets", can_view_rule_sets)
rules.add_perm("omanization.edit_rule_sets", can_edit_rule_sets)
rules.add_perm("omanization.view_compliance", can_view_compliance)
# Annual Omanization plans: officers and approvers review them (approve, or ask for changes).
rules.add_perm("omanization.review_plans", _has_role(User.Role.OFFICER, User.Role.APPROVER))
rules.add_perm("employers.view_establishment_directory", can_view_establishment_directory)
# Disputed claims of who administers an establishment: officers and approvers decide them.
rules.add_perm("employers.decide_claim_disputes", _has_role(User.Role.OFFICER, User.Role.APPROVER))
rules.add_perm("notifications.view_sms_ledger", can_view_sms_ledger)
rules.add_perm("notifications.edit_sms_templates", can_edit_sms_templates)
rules.add_perm("notifications.view_broadcasts", can_view_broadcasts)
rules.add_perm("notifications.compose_broadcasts", can_compose_broadcasts)
rules.add_perm("notifications.approve_broadcasts", can_approve_broadcasts)
rules.add_perm("employers.view_statistics", can_view_statistics)
rules.add_perm("core.review_audit_trail", can_review_audit_trail)
rules.add_perm("taxonomy.curate", can_curate_taxonomy)
rules.add_perm("employment.record_violations", can_record_violations)
rules.add_perm("employment.decide_violations", can_decide_violations)
rules.add_perm("employment.view_violations", can_view_violations)
rules.add_perm("employment.approve_contracts", can_approve_contracts)
rules.add_perm("employment.view_wage_protection", can_view_wage_protection)
rules.add_perm("employment.run_wage_protection", can_run_wage_protection)
rules.add_perm("employment.decide_salary_disputes", can_decide_salary_disputes)
rules.add_perm("employment.settle_fines", can_settle_fines)
rules.add_perm("employment.work_cases", can_work_cases)
rules.add_perm("employment.view_investigations", can_view_investigations)
# Inspections: supervisors (approvers) compute and approve the monthly risk plans and assign
# the visits; inspectors read the plans and capture findings on their own visits; policy staff
# draft the risk weights, which approvers, analysts and inspectors read.
can_view_inspections = _has_role(User.Role.INSPECTOR, User.Role.APPROVER)
can_plan_inspections = _has_role(User.Role.APPROVER)
can_inspect = _has_role(User.Role.INSPECTOR)
rules.add_perm("inspections.view", can_view_inspections)
rules.add_perm("inspections.plan", can_plan_inspections)
rules.add_perm("inspections.inspect", can_inspect)
rules.add_perm(
    "inspections.view_risk_rules",
    _has_role(User.Role.POLICY, User.Role.APPROVER, User.Role.ANALYST, User.Role.INSPECTOR),
)
rules.add_perm("inspections.edit_risk_rules", can_edit_rule_sets)
