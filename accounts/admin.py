from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import RefusedAttempt, User
from core.admin import AuditedModelAdmin


@admin.register(User)
class PortalUserAdmin(AuditedModelAdmin, UserAdmin):
    list_display = ["username", "role", "full_name_en", "civil_id", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "civil_id", "full_name_en", "full_name_ar"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            _("Portal"),
            {
                "fields": (
                    "role",
                    "civil_id",
                    "full_name_ar",
                    "full_name_en",
                    "mobile",
                    "preferred_language",
                )
            },
        ),
    )


@admin.register(RefusedAttempt)
class RefusedAttemptAdmin(admin.ModelAdmin):
    """Read only: the counts of refused anonymous attempts per address and minute."""

    list_display = ("minute", "kind", "key", "address", "count")
    list_filter = ("kind",)
    search_fields = ("address", "key")
    date_hierarchy = "minute"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
