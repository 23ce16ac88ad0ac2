from django.contrib import admin
from django.http import HttpRequest

from core.admin import AuditedModelAdmin
from employers.models import (
    EconomicActivity,
    Employee,
    Establishment,
    Membership,
    WorkforceImport,
)


@admin.register(EconomicActivity)
class EconomicActivityAdmin(AuditedModelAdmin):
    list_display = ["code", "name_en", "name_ar"]
    search_fields = ["code", "name_en", "name_ar"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Establishment)
class EstablishmentAdmin(AuditedModelAdmin):
    list_display = ["cr_number", "name_en", "governorate", "status", "permits_barred"]
    list_filter = ["status", "governorate", "size_class", "permits_barred"]
    search_fields = ["cr_number", "name_en", "name_ar"]
    autocomplete_fields = ["activity"]


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "establishment", "role", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["user", "establishment"]


@admin.register(Employee)
class EmployeeAdmin(AuditedModelAdmin):
    list_display = ["name_en", "establishment", "nationality", "occupation_code", "job_level"]
    list_filter = ["nationality", "job_level"]
    search_fields = ["name_en", "name_ar", "civil_id", "passport_number"]
    autocomplete_fields = ["establishment"]


@admin.register(WorkforceImport)
class WorkforceImportAdmin(admin.ModelAdmin):
    """Read only: an import changes only through its task."""

    list_display = ["original_filename", "establishment", "status", "created_at", "rejected_count"]
    list_filter = ["status", "file_format"]
    search_fields = ["establishment__cr_number", "original_filename"]
    exclude = ["rejected_rows"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
