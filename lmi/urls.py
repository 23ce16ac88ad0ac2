"""Pages of the labour market information (under the language prefix)."""

from django.urls import path

from core.ruleset_views import rule_set_urls
from lmi import views
from lmi.rule_family import DISCLOSURE

app_name = "lmi"

urlpatterns = [
    *rule_set_urls(DISCLOSURE, "staff/labour-market/disclosure-rules/"),
    path(
        "staff/labour-market/",
        views.dashboard_view,
        {"page": "overview"},
        name="staff-overview",
    ),
    *[
        path(
            f"staff/labour-market/{page}/",
            views.dashboard_view,
            {"page": page},
            name=f"staff-{page}",
        )
        for page in ("permits", "omanisation", "lifecycle", "jobs", "skills")
    ],
    path("staff/labour-market/runs/", views.runs_view, name="staff-runs"),
    path("staff/labour-market/scopes/", views.scopes_view, name="staff-scopes"),
    path(
        "staff/labour-market/scopes/<int:scope_id>/end/",
        views.scope_end_view,
        name="staff-scope-end",
    ),
    path("staff/labour-market/runs/start/", views.run_start_view, name="staff-run-start"),
    path("training/skills/", views.institution_skills_view, name="institution-skills"),
    path("training/courses/", views.institution_courses_view, name="institution-courses"),
    path(
        "training/courses/<int:course_id>/withdraw/",
        views.institution_course_withdraw_view,
        name="institution-course-withdraw",
    ),
    path("my/courses/", views.jobseeker_courses_view, name="my-courses"),
    path("open-data/", views.open_data_view, name="open-data"),
]
