"""Platform administration of the labour market information: which staff are scoped to a
governorate, which training institutions exist and who works for them (every change audited)."""

from django.contrib import admin

from core.admin import AuditedModelAdmin
from lmi.models import Institution, StaffScope


@admin.register(StaffScope)
class StaffScopeAdmin(AuditedModelAdmin):
    list_display = ("user", "governorate")
    list_filter = ("governorate",)
    raw_id_fields = ("user",)


@admin.register(Institution)
class InstitutionAdmin(AuditedModelAdmin):
    list_display = ("name_en", "name_ar", "governorate")
    list_filter = ("governorate",)
    filter_horizontal = ("members",)
