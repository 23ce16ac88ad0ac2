"""G2G routes of the integrations, included under /api/v1/g2g/ (names without a namespace, as
the other G2G routes)."""

from django.urls import path

from integrations import api

urlpatterns = [
    path(
        "establishments/<str:cr_number>/workforce-summary/",
        api.WorkforceSummaryView.as_view(),
        name="api-g2g-workforce-summary",
    ),
    path(
        "establishments/<str:cr_number>/data-quality/",
        api.DataQualityCountsView.as_view(),
        name="api-g2g-data-quality",
    ),
]
