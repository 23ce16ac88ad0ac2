"""Read-only admin of fees and payments (changes go through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from payments.models import (
    FinanceCase,
    Invoice,
    Payment,
    PaymentRuleSet,
    Refund,
    SettlementDay,
)
from payments.selectors import payments_with_settled_on


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg,unused-ignore]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnly):
    list_display = ("number", "establishment", "fee_type", "amount_baisas", "status", "due_on")
    list_filter = ("status", "fee_type")
    search_fields = ("number",)


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = (
        "receipt_number",
        "gateway_reference",
        "amount_baisas",
        "source",
        "received_at",
        "settled_day",
    )
    search_fields = ("receipt_number", "gateway_reference")
    readonly_fields = ("settled_day",)

    def get_queryset(self, request: HttpRequest) -> Any:
        # the settlement day as every reader derives it (recorded, or the reconciled day)
        return payments_with_settled_on(super().get_queryset(request))

    @admin.display(description=_("settled on"), ordering="settled_day")
    def settled_day(self, obj: Payment) -> Any:
        return getattr(obj, "settled_day", None) or obj.settled_on


@admin.register(SettlementDay)
class SettlementDayAdmin(ReadOnly):
    list_display = ("settlement_date", "run", "lines", "file_sha256", "reconciled_at")


@admin.register(Refund)
class RefundAdmin(ReadOnly):
    list_display = ("reference", "invoice", "amount_baisas", "status")


@admin.register(FinanceCase)
class FinanceCaseAdmin(ReadOnly):
    list_display = ("kind", "reference", "amount_baisas", "status")


@admin.register(PaymentRuleSet)
class PaymentRuleSetAdmin(ReadOnly):
    list_display = ("name", "effective_from", "effective_to", "status", "issue_mode")
