"""Admin of permits: read-only. Rule sets are drafted and published on the rule-set pages
(core.ruleset_views); permits change only through their services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from permits.models import FeeBand, Permit, PermitRuleSet


class FeeBandInline(admin.TabularInline):
    model = FeeBand
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PermitRuleSet)
class PermitRuleSetAdmin(admin.ModelAdmin):
    """Read-only: policy staff draft, preview and publish permit rules on the rule-set pages
    (core.ruleset_views); the admin is not a way to change them (ADR 0021)."""

    list_display = ["name", "decree", "status", "version", "effective_from", "effective_to"]
    list_filter = ["status"]
    inlines = [FeeBandInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Permit)
class PermitAdmin(admin.ModelAdmin):
    list_display = ["number", "establishment", "status", "kind", "valid_until", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["number", "passport_number", "establishment__cr_number"]
    list_select_related = ["establishment"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
