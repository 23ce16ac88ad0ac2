from django.urls import path

from core import views
from core.retention_family import RETENTION
from core.ruleset_views import rule_set_urls

app_name = "core"

urlpatterns = [
    path("staff/audit/", views.audit_trail_view, name="staff-audit"),
    *rule_set_urls(RETENTION, "staff/retention/rule-sets/"),
]
