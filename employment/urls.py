"""URLs of the employment lifecycle: `employer-*` (scoped to a member establishment) and
`staff-*` (ministry pages)."""

from django.urls import path

from employment.views import employer, inspector

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
    # ministry
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
