"""URLs of Omanization: `employer-*` (scoped to a member establishment), `staff-*` (ministry),
and the public certificate check."""

from django.urls import path

from omanization.views import employer, public, rules, staff

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
    path("staff/omanization/rule-sets/", rules.rule_set_list_view, name="staff-rule-sets"),
    path(
        "staff/omanization/rule-sets/new/",
        rules.rule_set_create_view,
        name="staff-rule-set-create",
    ),
    path(
        "staff/omanization/rule-sets/<int:rule_set_id>/",
        rules.rule_set_detail_view,
        name="staff-rule-set",
    ),
    path(
        "staff/omanization/rule-sets/<int:rule_set_id>/impact/",
        rules.rule_set_impact_view,
        name="staff-rule-set-impact",
    ),
    path(
        "staff/omanization/rule-sets/<int:rule_set_id>/publish/",
        rules.rule_set_publish_view,
        name="staff-rule-set-publish",
    ),
    path(
        "staff/omanization/rule-sets/<int:rule_set_id>/discard/",
        rules.rule_set_discard_view,
        name="staff-rule-set-discard",
    ),
    path(
        "staff/omanization/rule-sets/<int:rule_set_id>/targets/<int:target_id>/delete/",
        rules.target_delete_view,
        name="staff-target-delete",
    ),
    path("staff/omanization/", staff.compliance_overview_view, name="staff-compliance"),
    path(
        "staff/omanization/recompute/",
        staff.compliance_recompute_view,
        name="staff-compliance-recompute",
    ),
    path(
        "verify/omanization/<str:token>/",
        public.verify_certificate_view,
        name="verify-certificate",
    ),
]
