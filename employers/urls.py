"""URLs of the employers app: `employer-*` for representatives, `staff-*` for the ministry.

Every `employer-*` view must be wrapped by `employers.access.employer_required` (or
`employer_role_required`) and state the service it needs,
`@employer_required(service=Service.PERMITS)`; tests/test_tenancy.py fails for one that does
not, or that it cannot walk with another establishment's ids. A person's own pages about their
establishments (claim, accept an appointment, look a CR up) are `my-establishments`, `claim`,
`appointment-accept`, `registry-lookup` and `claim-dispute` (decided from `staff-claim-disputes`).
"""

from django.urls import path

from employers.views import employer, onboarding, representatives, staff, workforce

app_name = "employers"

urlpatterns = [
    path("employer/", employer.establishment_list_view, name="employer-establishments"),
    path(
        "employer/<int:establishment_id>/",
        employer.establishment_detail_view,
        name="employer-establishment",
    ),
    path(
        "employer/<int:establishment_id>/workforce/",
        employer.workforce_list_view,
        name="employer-workforce",
    ),
    path(
        "employer/<int:establishment_id>/workforce/<int:employee_id>/",
        employer.employee_detail_view,
        name="employer-employee",
    ),
    path(
        "employer/<int:establishment_id>/workforce/add/",
        workforce.employee_add_view,
        name="employer-employee-add",
    ),
    path(
        "employer/<int:establishment_id>/workforce/<int:employee_id>/edit/",
        workforce.employee_edit_view,
        name="employer-employee-edit",
    ),
    path(
        "employer/<int:establishment_id>/workforce/<int:employee_id>/end-contract/",
        workforce.employee_end_contract_view,
        name="employer-employee-end-contract",
    ),
    path(
        "employer/<int:establishment_id>/workforce/export.csv",
        workforce.workforce_export_csv_view,
        name="employer-workforce-export-csv",
    ),
    path(
        "employer/<int:establishment_id>/workforce/export.xlsx",
        workforce.workforce_export_xlsx_view,
        name="employer-workforce-export-xlsx",
    ),
    path(
        "employer/<int:establishment_id>/workforce/template.csv",
        workforce.workforce_template_csv_view,
        name="employer-workforce-template-csv",
    ),
    path(
        "employer/<int:establishment_id>/workforce/template.xlsx",
        workforce.workforce_template_xlsx_view,
        name="employer-workforce-template-xlsx",
    ),
    path(
        "employer/<int:establishment_id>/workforce/imports/",
        workforce.workforce_import_list_view,
        name="employer-workforce-imports",
    ),
    path(
        "employer/<int:establishment_id>/workforce/imports/new/",
        workforce.workforce_import_new_view,
        name="employer-workforce-import-new",
    ),
    path(
        "employer/<int:establishment_id>/workforce/imports/<int:import_id>/",
        workforce.workforce_import_detail_view,
        name="employer-workforce-import",
    ),
    path(
        "employer/<int:establishment_id>/workforce/imports/<int:import_id>/progress/",
        workforce.workforce_import_progress_view,
        name="employer-workforce-import-progress",
    ),
    path(
        "employer/<int:establishment_id>/workforce/imports/<int:import_id>/rejected-rows.csv",
        workforce.workforce_import_rejections_view,
        name="employer-workforce-import-rejections",
    ),
    path(
        "employer/<int:establishment_id>/members/",
        employer.membership_list_view,
        name="employer-members",
    ),
    path(
        "employer/<int:establishment_id>/members/appoint/",
        representatives.member_appoint_view,
        name="employer-member-appoint",
    ),
    path(
        "employer/<int:establishment_id>/members/<int:membership_id>/suspend/",
        representatives.member_suspend_view,
        name="employer-member-suspend",
    ),
    path(
        "employer/<int:establishment_id>/members/<int:membership_id>/resume/",
        representatives.member_resume_view,
        name="employer-member-resume",
    ),
    path(
        "employer/<int:establishment_id>/members/<int:membership_id>/remove/",
        representatives.member_remove_view,
        name="employer-member-remove",
    ),
    path("my-establishments/", onboarding.my_establishments_view, name="my-establishments"),
    path(
        "my-establishments/<int:establishment_id>/claim/",
        onboarding.claim_view,
        name="claim",
    ),
    path(
        "my-establishments/appointments/<int:membership_id>/accept/",
        onboarding.appointment_accept_view,
        name="appointment-accept",
    ),
    path("my-establishments/lookup/", onboarding.registry_lookup_view, name="registry-lookup"),
    path("my-establishments/dispute/", onboarding.claim_dispute_view, name="claim-dispute"),
    path("staff/establishments/", staff.directory_view, name="staff-directory"),
    path("staff/registry/", staff.registry_worklist_view, name="staff-registry-worklist"),
    path("staff/registry/disputes/", staff.claim_dispute_list_view, name="staff-claim-disputes"),
    path(
        "staff/registry/disputes/<int:dispute_id>/",
        staff.claim_dispute_view,
        name="staff-claim-dispute",
    ),
    path(
        "staff/registry/disputes/<int:dispute_id>/decide/",
        staff.claim_dispute_decide_view,
        name="staff-claim-dispute-decide",
    ),
    path(
        "staff/establishments/<int:establishment_id>/representatives/",
        staff.representatives_history_view,
        name="staff-representatives",
    ),
    path(
        "staff/establishments/<int:establishment_id>/",
        staff.establishment_view,
        name="staff-establishment",
    ),
    path(
        "staff/establishments/<int:establishment_id>/workforce.csv",
        staff.workforce_export_csv_view,
        name="staff-workforce-export-csv",
    ),
    path(
        "staff/establishments/<int:establishment_id>/workforce.xlsx",
        staff.workforce_export_xlsx_view,
        name="staff-workforce-export-xlsx",
    ),
    path("staff/statistics/", staff.statistics_view, name="staff-statistics"),
]
