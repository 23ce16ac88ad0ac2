from django.urls import path

from integrations import views

app_name = "integrations"

urlpatterns = [
    path("staff/integrations/", views.sources_view, name="staff-sources"),
    path("staff/integrations/runs/", views.runs_view, name="staff-runs"),
    path("staff/integrations/rejected/", views.rejected_view, name="staff-rejected"),
    path("staff/integrations/pause/", views.pause_view, name="staff-pause"),
    path("staff/integrations/resume/", views.resume_view, name="staff-resume"),
    path("staff/integrations/rerun/", views.rerun_view, name="staff-rerun"),
    path("staff/integrations/cases/", views.cases_view, name="staff-cases"),
    path("staff/integrations/cases/<int:case_id>/", views.case_detail_view, name="staff-case"),
    path(
        "staff/integrations/cases/<int:case_id>/resolve/",
        views.case_resolve_view,
        name="staff-case-resolve",
    ),
    path("staff/integrations/reconcile/", views.reconcile_view, name="staff-reconcile"),
]
