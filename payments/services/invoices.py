"""Invoices: raised for every fee-bearing act, cancelled or written off by finance, and the
monthly late fine of an invoice unpaid past its grace period."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.services import audit_record
from core.transitions import transition_locked
from employers.models import Establishment
from payments.models import CURRENCY, FeeType, FlatFee, Invoice, InvoiceLine, PaymentRuleSet
from payments.selectors import payment_rule_set_in_force
from permits.models import Permit, PermitDataChange

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User


class PaymentError(ApplicationError):
    """A fee or payment operation was refused by a business rule."""


@dataclass(frozen=True)
class Line:
    description_en: str
    description_ar: str
    amount_baisas: int


PERMIT_FEE_TYPES: dict[str, str] = {
    Permit.Kind.NEW: FeeType.PERMIT_NEW,
    Permit.Kind.RENEWAL: FeeType.PERMIT_RENEWAL,
    Permit.Kind.TRANSFER: FeeType.PERMIT_TRANSFER,
}


def baisas_from_rials(amount: Decimal) -> int:
    """RO with three decimals to an integer of baisas; refuses a fraction of a baisa."""
    baisas = amount * 1000
    if baisas != baisas.to_integral_value():
        raise PaymentError(_("Amounts are whole baisas (three decimals of a rial at most)."))
    return int(baisas)


def check_amount(amount: object) -> int:
    """An amount given as baisas: a positive integer, nothing else (not 1.5, not "10")."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise PaymentError(_("Amounts are whole numbers of baisas (1 rial = 1,000 baisas)."))
    if amount <= 0:
        raise PaymentError(_("Enter an amount above zero."))
    return amount


def check_currency(currency: str) -> None:
    if currency != CURRENCY:
        raise PaymentError(_("Only Omani rials (OMR) are accepted."))


def next_number(prefix: str) -> str:
    """A new number: prefix, year and a sequence shared by invoices and receipts."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('payments_number_seq')")
        (value,) = cursor.fetchone()
    return number_from(prefix, value)


def number_from(prefix: str, value: int) -> str:
    """The number for `value` drawn from the shared sequence: prefix, year, nine digits."""
    return f"{prefix}{timezone.localdate():%Y}{value:09d}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def invoice_raise(
    *,
    fee_type: str,
    lines: Sequence[Line],
    rule_set: PaymentRuleSet | None,
    issued_on: datetime.date,
    establishment: Establishment | None = None,
    person: User | None = None,
    permit: Permit | None = None,
    nationality: str = "",
    actor: User | None = None,
    currency: str = CURRENCY,
    **links: object,
) -> Invoice:
    """Raise one open invoice with its lines, due `payment_days` after `issued_on`, audited.

    Raises PaymentError for an amount that is not a positive integer of baisas or a currency
    other than OMR (nothing is written)."""
    check_currency(currency)
    if not lines:
        raise PaymentError(_("An invoice needs at least one line."))
    total = sum(check_amount(line.amount_baisas) for line in lines)
    days = rule_set.payment_days if rule_set is not None else 30
    invoice = Invoice(
        number=next_number("INV"),
        establishment=establishment,
        person=person,
        fee_type=fee_type,
        amount_baisas=total,
        currency=currency,
        issued_on=issued_on,
        due_on=issued_on + datetime.timedelta(days=days),
        rule_set=rule_set,
        permit=permit,
        nationality=nationality,
        governorate=establishment.governorate if establishment else "",
        activity_code=_activity_code(establishment),
        **links,
    )
    with transaction.atomic():
        invoice.save()
        InvoiceLine.objects.bulk_create(
            [
                InvoiceLine(
                    invoice=invoice,
                    description_en=line.description_en[:300],
                    description_ar=line.description_ar[:300],
                    amount_baisas=line.amount_baisas,
                )
                for line in lines
            ]
        )
        audit_record(
            actor=actor,
            action="payments.invoice_raised",
            obj=invoice,
            after={"number": invoice.number, "fee_type": fee_type, "amount_baisas": total},
            actor_label="" if actor else "automatic",
        )
    return invoice


def _activity_code(establishment: Establishment | None) -> str:
    if establishment is None or establishment.activity_id is None:
        return ""
    return str(getattr(establishment.activity, "code", "") or "")


def invoice_for_approved_permit(*, permit: Permit) -> Invoice | None:
    """The fee invoice of a permit just approved, raised now when the payment rule set in force
    says the fee is payable after approval; None when the permit is issued at once (no rule
    set, "issue before payment", or no fee). A second call returns the invoice already raised."""
    today = timezone.localdate()
    rule_set = payment_rule_set_in_force(on=today)
    if rule_set is None or not rule_set.waits_for_payment:
        return None
    amount = baisas_from_rials(permit.fee_amount)
    if amount <= 0:
        return None
    existing = Invoice.objects.filter(permit=permit, principal__isnull=True).first()
    if existing is not None:
        return existing
    fee_type = PERMIT_FEE_TYPES.get(permit.kind, str(FeeType.PERMIT_NEW))
    label = FeeType(fee_type)
    return invoice_raise(
        fee_type=fee_type,
        lines=[
            Line(
                description_en=f"{_label_in(label, 'en')} {permit.number}",
                description_ar=f"{_label_in(label, 'ar')} {permit.number}",
                amount_baisas=amount,
            )
        ],
        rule_set=rule_set,
        issued_on=today,
        establishment=permit.establishment,
        permit=permit,
        nationality=permit.nationality,
        actor=None,
    )


def invoice_for_data_change(*, change: PermitDataChange) -> Invoice | None:
    """The data-change invoice of an employer's change of a permit, raised now when the payment
    rule set in force says fees are payable after approval and holds a data-change fee; None
    when the change applies at once. A second call returns the invoice already raised."""
    today = timezone.localdate()
    rule_set = payment_rule_set_in_force(on=today)
    if rule_set is None or not rule_set.waits_for_payment:
        return None
    fee = FlatFee.objects.filter(rule_set=rule_set, fee_type=FeeType.DATA_CHANGE).first()
    if fee is None or fee.amount_baisas <= 0:
        return None
    existing = Invoice.objects.filter(data_change=change).first()
    if existing is not None:
        return existing
    permit = change.permit
    label = FeeType.DATA_CHANGE
    return invoice_raise(
        fee_type=FeeType.DATA_CHANGE,
        lines=[
            Line(
                description_en=f"{_label_in(label, 'en')} {permit.number}",
                description_ar=f"{_label_in(label, 'ar')} {permit.number}",
                amount_baisas=fee.amount_baisas,
            )
        ],
        rule_set=rule_set,
        issued_on=today,
        establishment=permit.establishment,
        nationality=permit.nationality,
        actor=change.requested_by,
        data_change=change,
    )


def _label_in(label: FeeType, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return str(label.label)


def invoice_cancel(*, invoice: Invoice, actor: User | None, reason: str) -> Invoice:
    """Cancel an open invoice (the act was withdrawn). Raises PaymentError when it is not open."""
    return _close(invoice=invoice, to=Invoice.Status.CANCELLED, actor=actor, reason=reason)


def invoice_write_off(*, invoice: Invoice, actor: User, reason: str) -> Invoice:
    """Finance gives up collecting an open invoice, with a reason."""
    if not (reason or "").strip():
        raise PaymentError(_("Give the reason for writing the invoice off."))
    return _close(invoice=invoice, to=Invoice.Status.WRITTEN_OFF, actor=actor, reason=reason)


def _close(*, invoice: Invoice, to: str, actor: User | None, reason: str) -> Invoice:
    with transaction.atomic():
        locked, _event = transition_locked(
            obj=invoice,
            to=to,
            actor=actor,
            action=f"payments.invoice_{to}",
            refuse=lambda row: PaymentError(
                _("Invoice %(number)s is %(status)s: it cannot become %(target)s.")
                % {
                    "number": row.number,
                    "status": row.get_status_display(),
                    "target": Invoice.Status(to).label,
                }
            ),
            changes={"status_reason": reason.strip()[:500]},
            note=reason,
        )
    return locked


# --- late fines --------------------------------------------------------------------------------


def fine_months_due(
    *, due_on: datetime.date, grace_days: int, on: datetime.date, max_months: int
) -> int:
    """How many monthly fines an invoice due on `due_on` has accrued by `on`: the first the day
    after the grace period ends, then one more at the start of each further month."""
    start = due_on + datetime.timedelta(days=grace_days)
    if on <= start:
        return 0
    delta = relativedelta(on - datetime.timedelta(days=1), start)
    return min(max_months, delta.years * 12 + delta.months + 1)


def late_fine_sweep(*, on: datetime.date | None = None) -> int:
    """Raise the late fines every open invoice has accrued by `on` (today) and not yet been
    billed: one fine invoice per month, under the rule set the invoice was raised with. An
    invoice that was paid accrues nothing more. Idempotent (one fine per invoice and month).
    Returns the number of fines raised."""
    on = on or timezone.localdate()
    raised = 0
    principals = (
        Invoice.objects.filter(
            status=Invoice.Status.OPEN,
            principal__isnull=True,
            due_on__lt=on,
            rule_set__isnull=False,
        )
        .exclude(fee_type=FeeType.LATE_FINE)
        .select_related("rule_set", "establishment", "person")
    )
    for principal in principals.iterator(chunk_size=500):
        rule_set = principal.rule_set
        assert rule_set is not None
        if rule_set.late_fine_baisas <= 0:
            continue
        months = fine_months_due(
            due_on=principal.due_on,
            grace_days=rule_set.grace_days,
            on=on,
            max_months=rule_set.late_fine_max_months,
        )
        billed = set(principal.fines.values_list("fine_month", flat=True))
        for month in range(1, months + 1):
            if month in billed:
                continue
            with transaction.atomic():
                still_open = (
                    Invoice.objects.select_for_update()
                    .filter(pk=principal.pk, status=Invoice.Status.OPEN)
                    .exists()
                )
                if not still_open:
                    break
                invoice_raise(
                    fee_type=FeeType.LATE_FINE,
                    lines=[
                        Line(
                            description_en=f"Late payment fine, month {month}: {principal.number}",
                            description_ar=f"غرامة تأخير السداد، الشهر {month}: {principal.number}",
                            amount_baisas=rule_set.late_fine_baisas,
                        )
                    ],
                    rule_set=rule_set,
                    issued_on=on,
                    establishment=principal.establishment,
                    person=principal.person,
                    permit=principal.permit,
                    nationality=principal.nationality,
                    principal=principal,
                    fine_month=month,
                )
                raised += 1
    return raised
