"""URLs of the worker status codes: the worker's own page, `employer-*` (scoped to a member
establishment), the scanner, and `staff-*` (counts, history, rule sets)."""

from django.urls import path

from core.ruleset_views import rule_set_urls
from workstatus import views
from workstatus.rule_family import STATUS_RULES

app_name = "workstatus"

E = "employer/<int:establishment_id>/worker-codes/"

urlpatterns = [
    path("my/status-code/", views.my_status_view, name="my-status"),
    path(E, views.employer_list_view, name="employer-worker-codes"),
    path(f"{E}export.csv", views.employer_csv_view, name="employer-worker-codes-csv"),
    path(f"{E}export.xlsx", views.employer_xlsx_view, name="employer-worker-codes-xlsx"),
    path(
        f"{E}<int:employee_id>/declaration/",
        views.employer_declaration_view,
        name="employer-worker-declaration",
    ),
    path("status-check/", views.scanner_view, name="scanner"),
    path("status-check/finding/", views.finding_view, name="scanner-finding"),
    path("staff/worker-codes/", views.staff_counts_view, name="staff-counts"),
    path("staff/worker-codes/recompute/", views.staff_recompute_view, name="staff-recompute"),
    path("staff/worker-codes/history/", views.staff_history_view, name="staff-history"),
    *rule_set_urls(STATUS_RULES, "staff/worker-codes/rule-sets/"),
]
