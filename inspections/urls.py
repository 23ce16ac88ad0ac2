"""URLs of the inspections app: the ministry's plans, visits and findings (staff-*), the risk
weights (the rule family's pages), and the employer's visit reports (employer-*)."""

from __future__ import annotations

from django.urls import path

from core.ruleset_views import rule_set_urls
from inspections.rule_family import RISK
from inspections.views import employer, findings, plans, visits

app_name = "inspections"

E = "employer/<int:establishment_id>/inspections/"

urlpatterns = [
    *rule_set_urls(RISK, "staff/inspections/risk-rules/"),
    path("staff/inspections/plans/", plans.plan_list_view, name="staff-plans"),
    path("staff/inspections/plans/new/", plans.plan_request_view, name="staff-plan-request"),
    path("staff/inspections/plans/<int:plan_id>/", plans.plan_detail_view, name="staff-plan"),
    path(
        "staff/inspections/plans/<int:plan_id>/approve/",
        plans.plan_approve_view,
        name="staff-plan-approve",
    ),
    path(
        "staff/inspections/plans/<int:plan_id>/visits/new/",
        visits.visit_assign_view,
        name="staff-visit-assign",
    ),
    path("staff/inspections/visits/", visits.visit_list_view, name="staff-visits"),
    path("staff/inspections/visits/<int:visit_id>/", visits.visit_detail_view, name="staff-visit"),
    path(
        "staff/inspections/visits/<int:visit_id>/findings/",
        findings.finding_record_view,
        name="staff-finding-record",
    ),
    path(
        "staff/inspections/visits/<int:visit_id>/findings/<int:finding_id>/confirm/",
        findings.finding_confirm_view,
        name="staff-finding-confirm",
    ),
    path(
        "staff/inspections/visits/<int:visit_id>/findings/<int:finding_id>/dismiss/",
        findings.finding_dismiss_view,
        name="staff-finding-dismiss",
    ),
    path(
        "staff/inspections/visits/<int:visit_id>/findings/<int:finding_id>/photo/",
        findings.finding_photo_view,
        name="staff-finding-photo",
    ),
    path(
        "staff/inspections/visits/<int:visit_id>/cancel/",
        visits.visit_cancel_view,
        name="staff-visit-cancel",
    ),
    path(
        "staff/inspections/visits/<int:visit_id>/report/",
        findings.visit_report_view,
        name="staff-visit-report",
    ),
    # employer
    path(E, employer.visit_list_view, name="employer-visits"),
    path(f"{E}<int:visit_id>/", employer.visit_detail_view, name="employer-visit"),
    path(f"{E}<int:visit_id>/answer/", employer.visit_answer_view, name="employer-visit-answer"),
    path(
        f"{E}<int:visit_id>/findings/<int:finding_id>/photo/",
        employer.finding_photo_view,
        name="employer-finding-photo",
    ),
]
