"""The daily settlement of Sanad centres' counter fees.

The clerk records each counter fee as a PAID invoice with a counter payment
(`counter_fee_invoice_record`). Each day every centre remits what it took; finance staff enter
the remittance, and `counter_settlement_reconcile` compares it with the counter payments
recorded that day at that centre. A centre that remitted less (or nothing) raises a
COUNTER_NOT_REMITTED finance case, one that remitted more a COUNTER_OVER_REMITTED case: the
gateway reconciliation's case model, once per kind and centre-day, so a re-run adds nothing.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from core.services import audit_record
from payments.models import CounterRemittance, FeeType, FinanceCase, Invoice
from payments.services.invoices import PaymentError, check_amount
from payments.services.reconciliation import _day_bounds

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User

    from sanad.models import ServiceCentre


def counter_remittance_record(
    *,
    centre: ServiceCentre,
    day: datetime.date,
    amount_baisas: int,
    entered_by: User,
    bank_reference: str = "",
) -> CounterRemittance:
    """Record what a centre remitted for one day. Raises PaymentError for an amount that is not
    a positive integer of baisas or a second remittance of the same centre and day (nothing is
    written)."""
    check_amount(amount_baisas)
    try:
        with transaction.atomic():
            remittance = CounterRemittance.objects.create(
                centre=centre,
                day=day,
                amount_baisas=amount_baisas,
                bank_reference=(bank_reference or "").strip()[:80],
                entered_by=entered_by,
            )
            audit_record(
                actor=entered_by,
                action="payments.counter_remittance_recorded",
                obj=remittance,
                after={"centre": centre.pk, "day": day.isoformat(), "amount_baisas": amount_baisas},
            )
    except IntegrityError:
        raise PaymentError(
            _("This centre's remittance for that day is already recorded.")
        ) from None
    return remittance


def counter_takings(*, on: datetime.date) -> dict[int, tuple[int, int]]:
    """Counter payments recorded on `on`, per centre id: (amount in baisas, count)."""
    start, end = _day_bounds(on)
    rows = (
        Invoice.objects.filter(
            fee_type=FeeType.SANAD_COUNTER,
            status__in=[Invoice.Status.PAID, Invoice.Status.REFUNDED],
            sanad_fee__isnull=False,
            paid_at__gte=start,
            paid_at__lt=end,
        )
        .values("sanad_fee__consent__centre")
        .annotate(total=Sum("amount_baisas"), count=Count("id"))
    )
    return {
        row["sanad_fee__consent__centre"]: (int(row["total"]), int(row["count"])) for row in rows
    }


def counter_settlement_reconcile(*, on: datetime.date) -> int:
    """Compare each centre's remittance for `on` with its counter payments recorded that day;
    open a finance case for each centre whose amounts differ. Returns the cases opened (a
    re-run opens none)."""
    taken = counter_takings(on=on)
    remitted = {
        remittance.centre_id: remittance.amount_baisas
        for remittance in CounterRemittance.objects.filter(day=on)
    }
    opened = 0
    for centre_id in sorted(set(taken) | set(remitted)):
        recorded, count = taken.get(centre_id, (0, 0))
        paid_in = remitted.get(centre_id, 0)
        if recorded == paid_in:
            continue
        kind = (
            FinanceCase.Kind.COUNTER_NOT_REMITTED
            if recorded > paid_in
            else FinanceCase.Kind.COUNTER_OVER_REMITTED
        )
        _case, created = FinanceCase.objects.get_or_create(
            kind=kind,
            reference=f"sanad-{centre_id}:{on.isoformat()}",
            defaults={
                "amount_baisas": abs(recorded - paid_in),
                "details": {
                    "centre": centre_id,
                    "day": on.isoformat(),
                    "recorded_baisas": recorded,
                    "counter_payments": count,
                    "remitted_baisas": paid_in,
                },
            },
        )
        opened += int(created)
    return opened
