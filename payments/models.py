"""Fees and payments: the dated payment rule sets, invoices, checkout sessions with the gateway,
payments and their receipts, refunds, the daily reconciliation and the finance cases it raises.

Every amount is an integer of baisas (1 RO = 1,000 baisas) in OMR, checked by the database.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.rulesets import DatedRuleSet
from core.runs import BackgroundRun

CURRENCY = "OMR"
BAISAS_PER_RIAL = 1000


def rials(baisas: int) -> str:
    """An amount of baisas written in rials with three decimals (12,345 -> "12.345")."""
    sign = "-" if baisas < 0 else ""
    whole, rest = divmod(abs(int(baisas)), BAISAS_PER_RIAL)
    return f"{sign}{whole:,}.{rest:03d}"


class InAmountOfBaisas:
    """A record of an amount in baisas (`amount_baisas`), written in rials as `amount_rials`."""

    amount_baisas: int

    @property
    def amount_rials(self) -> str:
        return rials(self.amount_baisas)


class FeeType(models.TextChoices):
    PERMIT_NEW = "permit_new", _("Work permit fee")
    PERMIT_RENEWAL = "permit_renewal", _("Work permit renewal fee")
    PERMIT_TRANSFER = "permit_transfer", _("Work permit transfer fee")
    DATA_CHANGE = "data_change", _("Data change fee")
    LATE_FINE = "late_fine", _("Late payment fine")
    VIOLATION_FINE = "violation_fine", _("Labour violation fine")
    SANAD_COUNTER = "sanad_counter", _("Sanad counter fee")


class PaymentRuleSet(DatedRuleSet):
    """When fees are payable and what lateness and refunds cost, in force between dates.

    `issue_mode` says whether an approved permit (new, renewal, transfer) waits for its fee
    (MD 602/2025: payable after approval) or is issued at once with the fee due (the older
    rule). An invoice unpaid `grace_days` after its due date accrues `late_fine_baisas` for
    each month begun, up to `late_fine_max_months`. A refund above
    `refund_second_approval_above_baisas` needs a second approver. The lines hold the flat fees
    (transfer, data change, Sanad counter); the permit fees themselves come from the permit
    rule set's bands.
    """

    class IssueMode(models.TextChoices):
        AFTER_PAYMENT = "after_payment", _("Fee payable after approval: issue when paid")
        BEFORE_PAYMENT = "before_payment", _("Issue before payment (the fee stays due)")

    name = models.CharField(_("name in English"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    decree = models.CharField(_("decree or decision"), max_length=100, blank=True)
    issue_mode = models.CharField(
        _("when a permit is issued"),
        max_length=20,
        choices=IssueMode.choices,
        default=IssueMode.AFTER_PAYMENT,
    )
    payment_days = models.PositiveSmallIntegerField(_("days to pay an invoice"), default=30)
    grace_days = models.PositiveSmallIntegerField(
        _("grace days after the due date before a late fine"), default=0
    )
    late_fine_baisas = models.PositiveIntegerField(
        _("late fine per month (baisas)"), default=10_000
    )
    late_fine_max_months = models.PositiveSmallIntegerField(
        _("late fine: at most this many months"), default=24
    )
    refund_second_approval_above_baisas = models.PositiveIntegerField(
        _("a refund above this amount (baisas) needs a second approver"), default=100_000
    )

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("payment rule set")
        verbose_name_plural = _("payment rule sets")

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%Y-%m-%d})"

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        arabic = (get_language() or "ar").startswith("ar")
        return self.name_ar if arabic and self.name_ar else self.name

    @property
    def waits_for_payment(self) -> bool:
        return self.issue_mode == self.IssueMode.AFTER_PAYMENT


class FlatFee(BaseModel):
    """One flat fee of a payment rule set (a transfer, a data change, a Sanad counter act)."""

    rule_set = models.ForeignKey(PaymentRuleSet, on_delete=models.CASCADE, related_name="fees")
    fee_type = models.CharField(_("fee"), max_length=20, choices=FeeType.choices)
    amount_baisas = models.PositiveIntegerField(_("amount (baisas)"))

    class Meta:
        ordering = ["rule_set", "fee_type"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "fee_type"], name="flat_fee_unique"),
        ]
        verbose_name = _("flat fee")
        verbose_name_plural = _("flat fees")

    def __str__(self) -> str:
        return f"{self.fee_type}: {self.amount_baisas}"


class Invoice(InAmountOfBaisas, BaseModel):
    """What an establishment (or a person at a Sanad counter) owes for one act.

    States:
        OPEN         Raised and waiting for payment; past its due date and grace it accrues a
                     late fine each month (a separate invoice, `principal` pointing here).
        PAID         The gateway confirmed a payment covering it (or the clerk recorded it at
                     the counter). A permit waiting for this fee is issued.
        CANCELLED    Withdrawn before payment (the act was withdrawn or decided again).
        REFUNDED     Paid, then refunded through the gateway.
        WRITTEN_OFF  Finance gave up collecting it (with a reason).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for payment")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")
        WRITTEN_OFF = "written_off", _("Written off")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.OPEN: frozenset({Status.PAID, Status.CANCELLED, Status.WRITTEN_OFF}),
        Status.PAID: frozenset({Status.REFUNDED}),
        Status.CANCELLED: frozenset(),
        Status.REFUNDED: frozenset(),
        Status.WRITTEN_OFF: frozenset(),
    }
    TONES: ClassVar[dict[str, str]] = {
        Status.OPEN: "warning",
        Status.PAID: "success",
        Status.CANCELLED: "secondary",
        Status.REFUNDED: "info",
        Status.WRITTEN_OFF: "secondary",
    }
    PAYABLE: ClassVar[frozenset[str]] = frozenset({Status.OPEN})
    PERMIT_FEES: ClassVar[frozenset[str]] = frozenset(
        {FeeType.PERMIT_NEW, FeeType.PERMIT_RENEWAL, FeeType.PERMIT_TRANSFER}
    )

    number = models.CharField(_("invoice number"), max_length=24, unique=True)
    establishment = models.ForeignKey(
        "employers.Establishment",
        on_delete=models.PROTECT,
        related_name="invoices",
        null=True,
        blank=True,
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="invoices",
        null=True,
        blank=True,
        help_text=_("The person billed at a Sanad counter (no establishment)."),
    )
    fee_type = models.CharField(_("fee"), max_length=20, choices=FeeType.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    amount_baisas = models.PositiveBigIntegerField(_("amount (baisas)"))
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    rule_set = models.ForeignKey(
        PaymentRuleSet, on_delete=models.PROTECT, related_name="invoices", null=True, blank=True
    )
    permit = models.ForeignKey(
        "permits.Permit",
        on_delete=models.PROTECT,
        related_name="invoices",
        null=True,
        blank=True,
    )
    violation = models.OneToOneField(
        "employment.Violation",
        on_delete=models.PROTECT,
        related_name="invoice",
        null=True,
        blank=True,
    )
    sanad_fee = models.OneToOneField(
        "sanad.SanadFee",
        on_delete=models.PROTECT,
        related_name="invoice",
        null=True,
        blank=True,
    )
    data_change = models.OneToOneField(
        "permits.PermitDataChange",
        on_delete=models.PROTECT,
        related_name="invoice",
        null=True,
        blank=True,
    )
    principal = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="fines",
        null=True,
        blank=True,
        help_text=_("For a late fine: the invoice that was paid late."),
    )
    fine_month = models.PositiveSmallIntegerField(_("late fine for month"), null=True, blank=True)
    payment = models.ForeignKey(
        "Payment", on_delete=models.PROTECT, related_name="invoices", null=True, blank=True
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # Copied when raised, for revenue by place, activity and nationality (never recomputed).
    governorate = models.CharField(_("governorate"), max_length=30, blank=True)
    activity_code = models.CharField(_("economic activity"), max_length=10, blank=True)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_baisas__gt=0), name="invoice_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(currency=CURRENCY), name="invoice_currency_omr"
            ),
            models.CheckConstraint(
                condition=models.Q(establishment__isnull=False) | models.Q(person__isnull=False),
                name="invoice_has_payer",
            ),
            # one fee invoice per permit (its late fines point at it), one fine per month
            models.UniqueConstraint(
                fields=["permit"],
                condition=models.Q(permit__isnull=False, principal__isnull=True),
                name="invoice_one_fee_per_permit",
            ),
            models.UniqueConstraint(
                fields=["principal", "fine_month"],
                condition=models.Q(principal__isnull=False),
                name="invoice_one_fine_per_month",
            ),
        ]
        indexes = [
            models.Index(fields=["establishment", "status"]),
            models.Index(fields=["status", "due_on"]),
        ]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")

    def __str__(self) -> str:
        return self.number

    @property
    def is_payable(self) -> bool:
        return self.status in self.PAYABLE


class InvoiceLine(InAmountOfBaisas, BaseModel):
    """One line of an invoice, described in both languages."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    description_en = models.CharField(_("description in English"), max_length=300)
    description_ar = models.CharField(_("description in Arabic"), max_length=300)
    amount_baisas = models.PositiveBigIntegerField(_("amount (baisas)"))

    class Meta:
        ordering = ["invoice", "id"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")

    def __str__(self) -> str:
        return f"{self.description_en}: {self.amount_baisas}"


class CheckoutSession(BaseModel):
    """One hosted checkout at the gateway for one or several invoices.

    States:
        CREATED    The gateway made the session; the payer was sent to its page.
        PAID       The gateway confirmed the payment (signed callback, status fetch or the
                   settlement file). Final: a later "cancelled" from the gateway changes nothing.
        CANCELLED  The payer cancelled on the gateway's page.
        FAILED     The gateway refused the card.
        EXPIRED    Never paid in time.
    A session that was cancelled, failed or expired may still become PAID: the gateway's
    confirmation that money moved always wins over an earlier or out-of-order answer.

    `client_reference` is the portal's idempotency reference: a retried create (after a
    timeout) sends the same one, and the gateway answers with the session it already made.
    """

    class Status(models.TextChoices):
        CREATED = "created", _("Waiting for the payer")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled by the payer")
        FAILED = "failed", _("Refused by the gateway")
        EXPIRED = "expired", _("Expired")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.CREATED: frozenset({Status.PAID, Status.CANCELLED, Status.FAILED, Status.EXPIRED}),
        Status.PAID: frozenset(),
        Status.CANCELLED: frozenset({Status.PAID}),
        Status.FAILED: frozenset({Status.PAID}),
        Status.EXPIRED: frozenset({Status.PAID}),
    }

    client_reference = models.CharField(_("our reference"), max_length=40, unique=True)
    gateway_session_id = models.CharField(
        _("gateway session"), max_length=80, unique=True, null=True, blank=True
    )
    establishment = models.ForeignKey(
        "employers.Establishment",
        on_delete=models.PROTECT,
        related_name="checkout_sessions",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CREATED
    )
    amount_baisas = models.PositiveBigIntegerField(_("amount (baisas)"))
    invoices = models.ManyToManyField(Invoice, related_name="checkout_sessions")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_baisas__gt=0), name="checkout_amount_positive"
            ),
        ]
        verbose_name = _("checkout session")
        verbose_name_plural = _("checkout sessions")

    def __str__(self) -> str:
        return self.client_reference


class Payment(InAmountOfBaisas, BaseModel):
    """Money received: through the gateway (one per gateway payment, whatever told us) or at a
    Sanad counter. Its receipt has a number and a secret token for the public check."""

    class Source(models.TextChoices):
        CALLBACK = "callback", _("Gateway callback")
        STATUS = "status", _("Gateway status check")
        RECONCILIATION = "reconciliation", _("Daily reconciliation")
        COUNTER = "counter", _("Sanad counter")

    gateway_reference = models.CharField(_("gateway payment reference"), max_length=80, unique=True)
    session = models.OneToOneField(
        CheckoutSession,
        on_delete=models.PROTECT,
        related_name="payment",
        null=True,
        blank=True,
    )
    establishment = models.ForeignKey(
        "employers.Establishment",
        on_delete=models.PROTECT,
        related_name="payments",
        null=True,
        blank=True,
    )
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="payments",
        null=True,
        blank=True,
    )
    amount_baisas = models.PositiveBigIntegerField(_("amount (baisas)"))
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY)
    source = models.CharField(_("learnt from"), max_length=16, choices=Source.choices)
    received_at = models.DateTimeField(_("received at"))
    receipt_number = models.CharField(_("receipt number"), max_length=24, unique=True)
    receipt_token = models.CharField(max_length=43, unique=True)
    # Written only where the day cannot be derived (see `settled_on`): a payment the gateway
    # settled on another day than the one it was received, or one paid at a Sanad counter.
    settled_on_recorded = models.DateField(_("settled on (recorded)"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_baisas__gt=0), name="payment_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(currency=CURRENCY), name="payment_currency_omr"
            ),
        ]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def settled_on(self) -> datetime.date | None:
        """The day the gateway settled this payment, or None: the recorded day if one was
        written, else the day it was received if that day's settlement file was reconciled
        after it was received and the reconciliation found no difference about it
        (`payments.selectors.payment_settled_on`)."""
        from payments.selectors import payment_settled_on

        return payment_settled_on(payment=self)


class Refund(InAmountOfBaisas, BaseModel):
    """Money given back for one paid invoice, through the gateway.

    States:
        REQUESTED  Asked for with a reason; above the rule set's threshold it waits for a second
                   approver (not the one who asked).
        COMPLETED  The gateway refunded it; the invoice is REFUNDED.
        FAILED     The gateway refused it; it may be tried again (same reference).
        REJECTED   The second approver said no.
    `reference` is sent to the gateway as the idempotency reference: a retry after a timeout
    never refunds twice.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        COMPLETED = "completed", _("Refunded")
        FAILED = "failed", _("Refused by the gateway")
        REJECTED = "rejected", _("Rejected")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.REQUESTED: frozenset({Status.COMPLETED, Status.FAILED, Status.REJECTED}),
        Status.FAILED: frozenset({Status.COMPLETED, Status.REJECTED}),
        Status.COMPLETED: frozenset(),
        Status.REJECTED: frozenset(),
    }
    PENDING: ClassVar[frozenset[str]] = frozenset({Status.REQUESTED, Status.FAILED})

    class Reason(models.TextChoices):
        CANCELLED_BEFORE_USE = "cancelled_before_use", _("Permit cancelled before use")
        PAID_TWICE = "paid_twice", _("Fee paid twice")
        OTHER = "other", _("Other (explain)")

    reference = models.CharField(_("our reference"), max_length=40, unique=True)
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="refunds")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount_baisas = models.PositiveBigIntegerField(_("amount (baisas)"))
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    explanation = models.CharField(_("explanation"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    needs_second_approval = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    gateway_refund_id = models.CharField(max_length=80, unique=True, null=True, blank=True)
    failure = models.CharField(_("gateway answer"), max_length=300, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_baisas__gt=0), name="refund_amount_positive"
            ),
            # at most one refund being worked or done per invoice
            models.UniqueConstraint(
                fields=["invoice"],
                condition=~models.Q(status="rejected"),
                name="refund_one_per_invoice",
            ),
        ]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self) -> str:
        return self.reference


class ReconciliationRun(BackgroundRun, BaseModel):
    """One day's reconciliation against the gateway's settlement file."""

    PROGRESS_TEXT = _("%(done)s of %(total)s settlement lines checked")

    settlement_date = models.DateField(_("settlement date"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    matched = models.PositiveIntegerField(_("matched"), default=0)
    applied = models.PositiveIntegerField(_("lost confirmations applied"), default=0)
    cases_opened = models.PositiveIntegerField(_("cases opened"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reconciliation run")
        verbose_name_plural = _("reconciliation runs")

    def __str__(self) -> str:
        return f"{self.settlement_date} ({self.status})"


class SettlementDay(BaseModel):
    """A day whose gateway settlement file was reconciled: the run, the file's SHA-256 digest
    and line count, and when it was reconciled.

    A gateway payment received that day (before `reconciled_at`) is settled on this day unless
    the reconciliation raised a difference about it (recorded, not settled; amounts differ):
    the day is recorded once instead of on each of its payments.
    """

    settlement_date = models.DateField(_("settlement date"), unique=True)
    run = models.ForeignKey(ReconciliationRun, on_delete=models.PROTECT, related_name="+")
    file_sha256 = models.CharField(_("settlement file digest (SHA-256)"), max_length=64)
    lines = models.PositiveIntegerField(_("lines"))
    reconciled_at = models.DateTimeField(_("reconciled at"))

    class Meta:
        ordering = ["-settlement_date"]
        verbose_name = _("settlement day")
        verbose_name_plural = _("settlement days")

    def __str__(self) -> str:
        return f"{self.settlement_date} ({self.file_sha256[:12]})"


class FinanceCase(InAmountOfBaisas, BaseModel):
    """A difference between the gateway's settlement file and the portal's ledger, for finance
    staff to work (the data-quality case pattern).

    States:
        OPEN       Raised by reconciliation, once per kind and reference.
        RESOLVED   Finance corrected it (or the gateway did), with a note.
        DISMISSED  No problem after all (with a note).
    """

    class Kind(models.TextChoices):
        SETTLED_NOT_RECORDED = (
            "settled_not_recorded",
            _("Settled by the gateway, not recorded in the portal"),
        )
        RECORDED_NOT_SETTLED = (
            "recorded_not_settled",
            _("Recorded in the portal, not settled by the gateway"),
        )
        AMOUNT_MISMATCH = "amount_mismatch", _("Amounts differ")
        REFUND_NOT_SETTLED = "refund_not_settled", _("Refund not settled by the gateway")
        PAID_NOT_PAYABLE = "paid_not_payable", _("Paid for an invoice that was no longer open")
        COUNTER_NOT_REMITTED = (
            "counter_not_remitted",
            _("Paid at a Sanad counter, not remitted by the centre"),
        )
        COUNTER_OVER_REMITTED = (
            "counter_over_remitted",
            _("Remitted by a Sanad centre beyond its counter payments"),
        )

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.OPEN: frozenset({Status.RESOLVED, Status.DISMISSED}),
        Status.RESOLVED: frozenset(),
        Status.DISMISSED: frozenset(),
    }

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reference = models.CharField(_("reference"), max_length=80)
    amount_baisas = models.BigIntegerField(_("amount (baisas)"), default=0)
    details = models.JSONField(default=dict, blank=True)
    run = models.ForeignKey(
        ReconciliationRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "reference"], name="finance_case_unique"),
        ]
        verbose_name = _("finance case")
        verbose_name_plural = _("finance cases")

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"


class CounterRemittance(InAmountOfBaisas, BaseModel):
    """What one Sanad centre remitted to the ministry for one day's counter fees, as finance
    staff entered it from the bank statement. The daily counter settlement compares it with the
    counter payments recorded that day at the centre (`counter_settlement_reconcile`)."""

    centre = models.ForeignKey(
        "sanad.ServiceCentre", on_delete=models.PROTECT, related_name="remittances"
    )
    day = models.DateField(_("day of the counter payments"))
    amount_baisas = models.PositiveBigIntegerField(_("amount remitted (baisas)"))
    bank_reference = models.CharField(_("bank reference"), max_length=80, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-day", "centre"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "day"], name="remittance_one_per_centre_day"),
        ]
        verbose_name = _("counter remittance")
        verbose_name_plural = _("counter remittances")

    def __str__(self) -> str:
        return f"{self.centre_id} {self.day}: {self.amount_baisas}"
