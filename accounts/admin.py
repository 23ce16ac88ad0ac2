from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
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
