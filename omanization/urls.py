"""URLs of Omanization: `employer-*` (scoped to a member establishment), `staff-*` (ministry),
and the public certificate check."""

from django.urls import path

from core.ruleset_views import rule_set_urls
from omanization.rule_family import OMANIZATION
from omanization.views import employer, plans, public, staff

app_name = "omanization"

urlpatterns = [
    path(
        "employer/<int:establishment_id>/omanization/",
        employer.compliance_view,
        name="employer-compliance",
    ),
    path(
        "employer/<int:establishment_id>/omanization/what-if/",
        employer.what_if_view,
        name="employer-what-if",
    ),
    path(
        "employer/<int:establishment_id>/omanization/projection/",
        employer.projection_view,
        name="employer-projection",
    ),
    path(
        "employer/<int:establishment_id>/omanization/certificates/",
        employer.certificate_issue_view,
        name="employer-certificate-issue",
    ),
    path(
        "employer/<int:establishment_id>/omanization/certificates/<int:certificate_id>.pdf",
        employer.certificate_pdf_view,
        name="employer-certificate-pdf",
    ),
    path(
        "employer/<int:establishment_id>/omanization/plans/",
        plans.employer_plans_view,
        name="employer-plans",
    ),
    path(
        "employer/<int:establishment_id>/omanization/plans/file/",
        plans.employer_plan_file_view,
        name="employer-plan-file",
    ),
    path(
        "employer/<int:establishment_id>/omanization/plans/<int:plan_id>/",
        plans.employer_plan_view,
        name="employer-plan",
    ),
    *rule_set_urls(OMANIZATION, "staff/omanization/rule-sets/"),
    path("staff/omanization/", staff.compliance_overview_view, name="staff-compliance"),
    path(
        "staff/omanization/recompute/",
        staff.compliance_recompute_view,
        name="staff-compliance-recompute",
    ),
    path("staff/omanization/plans/", plans.staff_plans_view, name="staff-plans"),
    path("staff/omanization/plans/<int:plan_id>/", plans.staff_plan_view, name="staff-plan"),
    path(
        "verify/omanization/<str:token>/",
        public.verify_certificate_view,
        name="verify-certificate",
    ),
]
