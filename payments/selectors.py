"""Reads of fees and payments. Employer reads require the establishment (tenancy); finance
reads that cross establishments are named `*_all_establishments`."""

from __future__ import annotations

import datetime

from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

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
    SettlementDay,
)

# The differences a reconciliation raises about a payment it did not find settled as recorded.
UNSETTLED_KINDS = (FinanceCase.Kind.RECORDED_NOT_SETTLED, FinanceCase.Kind.AMOUNT_MISMATCH)


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
    """The runs, newest first, each with `file_sha256`: the digest of the settlement file the
    run recorded its day from (`SettlementDay`), empty when it recorded none."""
    digest = SettlementDay.objects.filter(run_id=OuterRef("pk")).values("file_sha256")[:1]
    return ReconciliationRun.objects.annotate(file_sha256=Subquery(digest)).order_by("-created_at")


def payment_settled_on(*, payment: Payment) -> datetime.date | None:
    """The day the gateway settled `payment`, or None: the day recorded on the payment if
    there is one (settled another day than received, or paid at a Sanad counter); otherwise the
    day it was received, if that day's settlement file was reconciled after it was received
    (`SettlementDay`) and no difference about it was raised (recorded, not settled; amounts
    differ). One rule, `payments_with_settled_on`, for one payment and for a queryset."""
    if payment.settled_on_recorded is not None:
        return payment.settled_on_recorded
    if payment.pk is None or payment.source == Payment.Source.COUNTER:
        return None
    # the annotation is not a field the type checker knows
    annotated = payments_with_settled_on(Payment.objects.filter(pk=payment.pk))
    row: dict[str, datetime.date | None] | None = annotated.values(*["settled_day"]).first()
    return row["settled_day"] if row is not None else None


def payments_with_settled_on(queryset: QuerySet[Payment] | None = None) -> QuerySet[Payment]:
    """`queryset` (all payments by default) annotated with `settled_day`: the same day as
    `payment_settled_on`, computed by the database."""
    queryset = Payment.objects.all() if queryset is None else queryset
    received_day = TruncDate("received_at", tzinfo=timezone.get_current_timezone())
    covered = Exists(
        SettlementDay.objects.filter(
            settlement_date=OuterRef("received_day"), reconciled_at__gte=OuterRef("received_at")
        )
    )
    difference = Exists(
        FinanceCase.objects.filter(
            kind__in=UNSETTLED_KINDS, reference=OuterRef("gateway_reference")
        )
    )
    return queryset.annotate(received_day=received_day).annotate(
        settled_day=Coalesce(
            F("settled_on_recorded"),
            Case(
                When(
                    covered & ~difference & ~Q(source=Payment.Source.COUNTER),
                    then=F("received_day"),
                ),
                default=Value(None),
                output_field=DateField(),
            ),
            output_field=DateField(),
        )
    )


def payments_settled_on(*, on: datetime.date) -> QuerySet[Payment]:
    """The payments the gateway settled on day `on` (recorded or derived)."""
    # the annotation is not a field the type checker knows
    return payments_with_settled_on().filter(**{"settled_day": on})
