from django.contrib import admin

from accommodation.models import Operator, OperatorMember, Site


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = ("name_ar", "name_en", "establishment", "representative_civil_id", "status")
    # suspended and reactivated on the staff page (audited, through the workflow kernel)
    readonly_fields = ("status", "status_reason")


@admin.register(OperatorMember)
class OperatorMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "operator")
    raw_id_fields = ("user",)


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "licence_number", "licence_valid_until", "operator")
