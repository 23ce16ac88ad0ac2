"""G2G routes of the worker status codes, included under /api/v1/g2g/."""

from django.urls import path

from workstatus import api

urlpatterns = [
    path(
        "workers/<str:number>/status/",
        api.WorkerStatusView.as_view(),
        name="api-g2g-worker-status",
    ),
]
