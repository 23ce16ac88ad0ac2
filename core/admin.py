"""Admin base class that records every change in the audit trail, and a read-only trail view."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest

from core.models import AuditEvent
from core.services import audit_record, model_snapshot


class AuditedModelAdmin(admin.ModelAdmin):
    """ModelAdmin whose add, change and delete each write an audit event with before and after."""

    def _fields(self, obj: models.Model) -> list[str]:
        return [f.name for f in obj._meta.concrete_fields if f.name not in {"password"}]

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        with transaction.atomic():
            before = None
            if change and obj.pk is not None:
                old = type(obj)._default_manager.get(pk=obj.pk)
                before = model_snapshot(old, self._fields(old))
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                action="admin.change" if change else "admin.add",
                obj=obj,
                before=before,
                after=model_snapshot(obj, self._fields(obj)),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                action="admin.delete",
                obj=obj,
                before=model_snapshot(obj, self._fields(obj)),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "occurred_at",
        "action",
        "actor_label",
        "object_type",
        "object_id",
        "request_id",
    ]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "request_id", "actor_label"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
