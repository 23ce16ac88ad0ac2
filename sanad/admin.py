"""Read-mostly admin: centres and clerks change through the staff pages (audited services);
consents, receipts, fees and complaints are evidence and are shown read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sanad.models import (
    CentreMembership,
    Consent,
    SanadComplaint,
    SanadFee,
    SanadReceipt,
    ServiceCentre,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ServiceCentre)
class ServiceCentreAdmin(ReadOnlyAdmin):
    list_display = ["licence_number", "name_en", "name_ar", "governorate", "status"]
    list_filter = ["status", "governorate"]
    search_fields = ["licence_number", "name_en", "name_ar"]


@admin.register(CentreMembership)
class CentreMembershipAdmin(ReadOnlyAdmin):
    list_display = ["clerk", "centre", "role", "status"]
    list_filter = ["role", "status"]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "centre",
        "clerk",
        "person",
        "status",
        "proof_method",
        "created_at",
        "expires_at",
    ]
    list_filter = ["status", "proof_method"]
    exclude = ["code_hash", "code_number"]


@admin.register(SanadReceipt)
class SanadReceiptAdmin(ReadOnlyAdmin):
    list_display = ["id", "consent", "person", "action", "created_at"]


@admin.register(SanadFee)
class SanadFeeAdmin(ReadOnlyAdmin):
    list_display = ["id", "consent", "amount", "description", "created_at"]


@admin.register(SanadComplaint)
class SanadComplaintAdmin(ReadOnlyAdmin):
    list_display = ["id", "consent", "person", "created_at"]
