"""URLs of the employment lifecycle: `employer-*` (scoped to a member establishment) and
`staff-*` (ministry pages)."""

from django.urls import path

from core.ruleset_views import rule_set_urls
from employment.rule_family import EMPLOYMENT
from employment.views import (
    cases_employer,
    cases_staff,
    contracts_employer,
    contracts_staff,
    employer,
    inspector,
    my_employment,
    resignations_employer,
    wage_protection,
    worker_contracts,
    worker_objections,
    worker_resignations,
)

app_name = "employment"

E = "employer/<int:establishment_id>/violations/"

urlpatterns = [
    # employer
    path(E, employer.violation_list_view, name="employer-violations"),
    path(f"{E}<int:violation_id>/", employer.violation_detail_view, name="employer-violation"),
    path(
        f"{E}<int:violation_id>/answer/",
        employer.violation_answer_view,
        name="employer-violation-answer",
    ),
    # employer: wage protection, month by month
    path(
        "employer/<int:establishment_id>/wage-protection/",
        wage_protection.employer_results_view,
        name="employer-wage-protection",
    ),
    path(
        "employer/<int:establishment_id>/wage-protection/<int:result_id>/",
        wage_protection.employer_result_view,
        name="employer-wage-protection-month",
    ),
    # employer: contracts (contracts_employer), terminations and absconding reports (cases_employer)
    path(
        "employer/<int:establishment_id>/contracts/",
        contracts_employer.contract_list_view,
        name="employer-contracts",
    ),
    path(
        "employer/<int:establishment_id>/contracts/new/",
        contracts_employer.contract_register_view,
        name="employer-contract-register",
    ),
    path(
        "employer/<int:establishment_id>/contracts/<int:contract_id>/",
        contracts_employer.contract_detail_view,
        name="employer-contract",
    ),
    path(
        "employer/<int:establishment_id>/terminations/",
        cases_employer.termination_list_view,
        name="employer-terminations",
    ),
    path(
        "employer/<int:establishment_id>/terminations/new/<int:employee_id>/",
        cases_employer.termination_file_view,
        name="employer-termination-file",
    ),
    path(
        "employer/<int:establishment_id>/terminations/<int:termination_id>/",
        cases_employer.termination_detail_view,
        name="employer-termination",
    ),
    path(
        "employer/<int:establishment_id>/absconding/",
        cases_employer.absconding_list_view,
        name="employer-absconding-reports",
    ),
    path(
        "employer/<int:establishment_id>/absconding/new/<int:employee_id>/",
        cases_employer.absconding_file_view,
        name="employer-absconding-file",
    ),
    path(
        "employer/<int:establishment_id>/absconding/<int:report_id>/",
        cases_employer.absconding_detail_view,
        name="employer-absconding-report",
    ),
    path(
        "employer/<int:establishment_id>/resignations/",
        resignations_employer.resignation_list_view,
        name="employer-resignations",
    ),
    path(
        "employer/<int:establishment_id>/resignations/<int:resignation_id>/",
        resignations_employer.resignation_detail_view,
        name="employer-resignation",
    ),
    path(
        "employer/<int:establishment_id>/resignations/<int:resignation_id>/noc.pdf",
        resignations_employer.resignation_noc_view,
        name="employer-resignation-noc",
    ),
    # the signed-in person's own record
    path("my/employment/", my_employment.my_employment_view, name="my-employment"),
    path(
        "my/employment/resign/",
        worker_resignations.resignation_new_view,
        name="my-resignation-new",
    ),
    path(
        "my/employment/resignations/<int:resignation_id>/",
        worker_resignations.resignation_detail_view,
        name="my-resignation",
    ),
    path(
        "my/employment/resignations/<int:resignation_id>/withdraw/",
        worker_resignations.resignation_withdraw_view,
        name="my-resignation-withdraw",
    ),
    path(
        "my/employment/resignations/<int:resignation_id>/noc.pdf",
        worker_resignations.resignation_noc_view,
        name="my-resignation-noc",
    ),
    path("my/salary/", wage_protection.my_salary_view, name="my-salary"),
    path(
        "my/salary/<int:line_id>/dispute/",
        wage_protection.my_salary_dispute_view,
        name="my-salary-dispute",
    ),
    path(
        "my/salary/file/<int:file_line_id>/dispute/",
        wage_protection.my_salary_file_dispute_view,
        name="my-salary-file-dispute",
    ),
    # anyone: the check of a no-objection record (its QR code)
    path("verify/noc/<str:token>/", worker_resignations.verify_noc_view, name="verify-noc"),
    # the worker, by the link sent to their mobile (no account needed)
    path(
        "employment/contracts/<str:token>/", worker_contracts.contract_view, name="worker-contract"
    ),
    path(
        "employment/objections/<str:token>/",
        worker_objections.objection_view,
        name="worker-objection",
    ),
    # ministry: contracts waiting for approval, objections and the committee
    *rule_set_urls(EMPLOYMENT, "staff/employment/rule-sets/"),
    path("staff/contracts/", contracts_staff.contract_queue_view, name="staff-contracts"),
    path(
        "staff/contracts/<int:contract_id>/",
        contracts_staff.contract_detail_view,
        name="staff-contract",
    ),
    path(
        "staff/contracts/<int:contract_id>/decide/",
        contracts_staff.contract_decide_view,
        name="staff-contract-decide",
    ),
    path("staff/cases/", cases_staff.case_queue_view, name="staff-cases"),
    path(
        "staff/cases/<str:kind>/<int:case_id>/",
        cases_staff.case_detail_view,
        name="staff-case",
    ),
    path(
        "staff/cases/<str:kind>/<int:case_id>/decide/",
        cases_staff.case_decide_view,
        name="staff-case-decide",
    ),
    path(
        "staff/investigations/",
        cases_staff.investigation_list_view,
        name="staff-investigations",
    ),
    path(
        "staff/investigations/<int:flag_id>/close/",
        cases_staff.investigation_close_view,
        name="staff-investigation-close",
    ),
    # ministry: wage protection (rates, worklist, checks on demand, disputed lines)
    path(
        "staff/wage-protection/",
        wage_protection.staff_results_view,
        name="staff-wage-protection",
    ),
    path(
        "staff/wage-protection/runs/new/",
        wage_protection.staff_run_start_view,
        name="staff-wage-protection-run-start",
    ),
    path(
        "staff/wage-protection/runs/<int:run_id>/",
        wage_protection.staff_run_view,
        name="staff-wage-protection-run",
    ),
    path(
        "staff/wage-protection/disputes/",
        wage_protection.staff_disputes_view,
        name="staff-salary-disputes",
    ),
    path(
        "staff/wage-protection/disputes/<int:dispute_id>/",
        wage_protection.staff_dispute_view,
        name="staff-salary-dispute",
    ),
    # ministry: violations
    path(
        "staff/violations/<int:violation_id>/fine-paid/",
        wage_protection.staff_violation_fine_paid_view,
        name="staff-violation-fine-paid",
    ),
    path("staff/violations/", inspector.violation_list_view, name="staff-violations"),
    path("staff/violations/new/", inspector.violation_record_view, name="staff-violation-record"),
    path(
        "staff/violations/<int:violation_id>/",
        inspector.violation_detail_view,
        name="staff-violation",
    ),
    path(
        "staff/violations/<int:violation_id>/confirm/",
        inspector.violation_confirm_view,
        name="staff-violation-confirm",
    ),
    path(
        "staff/violations/<int:violation_id>/cancel/",
        inspector.violation_cancel_view,
        name="staff-violation-cancel",
    ),
]
