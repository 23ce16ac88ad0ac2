"""Admin of permits: rule sets are drafted here (bands inline) and published by an action;
published rule sets and permits are read-only (permits change only through their services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import AuditedModelAdmin
from core.exceptions import ApplicationError
from permits.models import FeeBand, Permit, PermitRuleSet
from permits.services.rule_sets import permit_rule_set_publish


class FeeBandInline(admin.TabularInline):
    model = FeeBand
    extra = 0

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or obj.status == PermitRuleSet.Status.DRAFT

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(PermitRuleSet)
class PermitRuleSetAdmin(AuditedModelAdmin):
    list_display = ["name", "decree", "status", "version", "effective_from", "effective_to"]
    list_filter = ["status"]
    inlines = [FeeBandInline]
    exclude = ["status", "version"]
    actions = ["publish"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status != PermitRuleSet.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status != PermitRuleSet.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Publish the selected draft"))
    def publish(self, request: HttpRequest, queryset: QuerySet[PermitRuleSet]) -> None:
        for rule_set in queryset:
            try:
                permit_rule_set_publish(rule_set=rule_set, published_by=request.user)  # type: ignore[arg-type]
            except ApplicationError as error:
                self.message_user(request, f"{rule_set}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, f"{rule_set}: {_('published')}", messages.SUCCESS)


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
