from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("staff/audit/", views.audit_trail_view, name="staff-audit"),
]
