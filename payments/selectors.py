"""Reads of fees and payments. Employer reads require the establishment (tenancy); finance
reads that cross establishments are named `*_all_establishments`."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet, Sum

from core.dated import in_force_on
from employers.models import Establishment
from payments.models import (
    CheckoutSession,
    FinanceCase,
    Invoice,
    Payment,
    PaymentRuleSet,
    ReconciliationRun,
    Refund,
)


def payment_rule_set_in_force(*, on: datetime.date) -> PaymentRuleSet | None:
    """The published payment rule set in force on `on`, or None (then permits are issued
    before payment, as before the payment rules existed)."""
    return in_force_on(PaymentRuleSet.objects.prefetch_related("fees"), on=on)


def invoice_list_for_establishment(*, establishment: Establishment) -> QuerySet[Invoice]:
    return (
        Invoice.objects.filter(establishment=establishment)
        .select_related("permit", "payment")
        .order_by("-issued_on", "-id")
    )


def invoice_get_for_establishment(*, establishment: Establishment, invoice_id: int) -> Invoice:
    """The establishment's invoice, or Invoice.DoesNotExist (another's answers the same)."""
    return invoice_list_for_establishment(establishment=establishment).get(pk=invoice_id)


def outstanding_for_establishment(*, establishment: Establishment) -> int:
    """Baisas the establishment owes on open invoices."""
    total = Invoice.objects.filter(
        establishment=establishment, status=Invoice.Status.OPEN
    ).aggregate(total=Sum("amount_baisas"))["total"]
    return int(total or 0)


def session_get_for_establishment(
    *, establishment: Establishment, client_reference: str
) -> CheckoutSession:
    return CheckoutSession.objects.get(
        establishment=establishment, client_reference=client_reference
    )


def payment_for_receipt_token(*, token: str) -> Payment | None:
    """The payment whose receipt carries `token` (the public check), or None."""
    if not token or len(token) > 64:
        return None
    return Payment.objects.filter(receipt_token=token).first()


def invoices_all_establishments() -> QuerySet[Invoice]:
    return Invoice.objects.select_related("establishment", "payment").order_by("-issued_on", "-id")


def refund_list_all_establishments() -> QuerySet[Refund]:
    return Refund.objects.select_related(
        "invoice", "payment", "requested_by", "approved_by"
    ).order_by("-created_at")


def finance_case_list() -> QuerySet[FinanceCase]:
    return FinanceCase.objects.select_related("run", "resolved_by").order_by(
        "status", "-created_at"
    )


def reconciliation_run_list() -> QuerySet[ReconciliationRun]:
    return ReconciliationRun.objects.order_by("-created_at")
