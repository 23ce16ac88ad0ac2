"""URLs of the employers app: `employer-*` for representatives, `staff-*` for the ministry.

Every `employer-*` view must be wrapped by `employers.access.employer_required` (or
`employer_role_required`); tests/test_tenancy.py fails for one that is not, or that it cannot
walk with another establishment's ids.
"""

from django.urls import path

from employers.views import employer, staff, workforce

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
    path("staff/establishments/", staff.directory_view, name="staff-directory"),
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
