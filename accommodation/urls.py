"""URLs of accommodation: the worker's check-in (and its service worker and manifest), the
operator's `operator-*` pages, the employer's `employer-*` pages (scoped to a member
establishment) and the `staff-*` worklist."""

from django.urls import path

from accommodation.rule_family import MOVEMENT_RULES
from accommodation.views import employer, operator, passes, staff, worker
from core.ruleset_views import rule_set_urls

app_name = "accommodation"

C = "accommodation/check-in/"
OP = "accommodation/operator/"
E = "employer/<int:establishment_id>/accommodation/"

urlpatterns = [
    path(C, worker.checkin_home_view, name="check-in-home"),
    path(f"{C}sw.js", worker.service_worker_view, name="check-in-sw"),
    path(f"{C}manifest.webmanifest", worker.manifest_view, name="check-in-manifest"),
    path(f"{C}<str:token>/", worker.checkin_view, name="check-in"),
    path("accommodation/exit-pass/", passes.exit_pass_view, name="exit-pass"),
    path("accommodation/gate/", passes.gate_view, name="gate"),
    path(OP, operator.sites_view, name="operator-sites"),
    path(f"{OP}sites/<int:site_id>/", operator.site_view, name="operator-site"),
    path(
        f"{OP}blocks/<int:block_id>/qr-sheet.pdf",
        operator.block_sheet_view,
        name="operator-block-sheet",
    ),
    path(
        f"{OP}sites/<int:site_id>/residents/<int:employee_id>/confirm/",
        operator.resident_confirm_view,
        name="operator-resident-confirm",
    ),
    path(
        f"{OP}sites/<int:site_id>/residents/<int:employee_id>/dispute/",
        operator.resident_dispute_view,
        name="operator-resident-dispute",
    ),
    path(E, employer.accommodation_view, name="employer-accommodation"),
    path(f"{E}declare/", employer.declare_view, name="employer-accommodation-declare"),
    path(f"{E}import/", employer.import_view, name="employer-accommodation-import"),
    path(f"{E}operate/", employer.operate_view, name="employer-accommodation-operate"),
    path("staff/accommodation/", staff.worklist_view, name="staff-worklist"),
    path("staff/accommodation/operators/", staff.operators_view, name="staff-operators"),
    path(
        "staff/accommodation/operators/new/",
        staff.operator_register_view,
        name="staff-operator-register",
    ),
    path(
        "staff/accommodation/operators/<int:operator_id>/",
        staff.operator_view,
        name="staff-operator",
    ),
    path(
        "staff/accommodation/operators/<int:operator_id>/status/",
        staff.operator_status_view,
        name="staff-operator-status",
    ),
    *rule_set_urls(MOVEMENT_RULES, "staff/accommodation/movement-rules/"),
]
