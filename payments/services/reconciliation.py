"""Daily reconciliation against the gateway's settlement file, in set-based SQL.

The file's lines are COPYed into a temporary table and compared with the ledger by joins:
every payment the gateway settled is recorded once (a payment whose callback was lost is found
here and applied through the one confirmation path), every payment recorded that day was
settled, amounts agree, and every refund completed was settled. Each difference becomes a
finance case, once per kind and reference (a re-run finds the same case and adds nothing).

What was settled is recorded once per day, not on each payment: the day's `SettlementDay` (the
run, the file's SHA-256 digest, until when it covered the day's payments). A payment received
that day is settled on it unless a difference was raised about it
(`payments.selectors.payment_settled_on`); only a payment the file settles on another day than
it was received (a lost callback applied later, a payment missing from its own day's file)
gets the day on its row (`Payment.settled_on_recorded`). So a day of a million payments is
reconciled without rewriting a million rows.

Every statement names only constant tables (the staging table and the app's own) and binds
every value: the `nosec B608` markers below say so.

Counter fees paid at Sanad centres and confirmed violation fines become invoices in the same
run (`invoices_from_other_acts`), so finance sees every fee in one ledger.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.runs import run_fail, run_start, run_succeed
from core.services import audit_record
from core.transitions import transition_locked
from payments.gateway import get_gateway
from payments.gateway.base import GatewayError
from payments.models import (
    CURRENCY,
    FeeType,
    FinanceCase,
    Invoice,
    Payment,
    ReconciliationRun,
    SettlementDay,
)
from payments.selectors import UNSETTLED_KINDS, payment_rule_set_in_force
from payments.services.checkout import payment_confirm
from payments.services.invoices import (
    Line,
    PaymentError,
    baisas_from_rials,
    invoice_raise,
    new_token,
    next_number,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User

logger = logging.getLogger(__name__)

STAGING = "payments_settlement_staging"


def reconciliation_request(*, on: datetime.date, requested_by: User | None) -> ReconciliationRun:
    """Queue the reconciliation of day `on` (the worker runs it after commit)."""
    from payments.tasks import reconcile_task

    with transaction.atomic():
        run = ReconciliationRun.objects.create(settlement_date=on, requested_by=requested_by)
        audit_record(
            actor=requested_by,
            action="payments.reconciliation_requested",
            obj=run,
            after={"settlement_date": on.isoformat()},
        )
        transaction.on_commit(lambda: reconcile_task.delay(run.pk))
    return run


def reconcile(*, run_id: int) -> ReconciliationRun:
    """Fetch the run's settlement file from the gateway and reconcile it."""
    run = run_start(ReconciliationRun, run_id)
    if run is None:
        return ReconciliationRun.objects.get(pk=run_id)
    try:
        text = get_gateway().settlement_file(on=run.settlement_date)
    except GatewayError as error:
        run_fail(ReconciliationRun, run_id, f"settlement file unavailable: {error}")
        return ReconciliationRun.objects.get(pk=run_id)
    try:
        return reconcile_text(run=run, text=text)
    except Exception as error:
        run_fail(ReconciliationRun, run_id, f"{type(error).__name__}: {error}")
        raise


def reconcile_text(*, run: ReconciliationRun, text: str) -> ReconciliationRun:
    """Reconcile one settlement file (CSV with a header: kind, reference, client_reference,
    session_id, amount, currency) against the ledger for the run's day."""
    on = run.settlement_date
    applied = 0
    try:
        total = _load(text)
        # 1. settled payments the ledger lacks whose session we know: a lost callback, applied
        #    through the one confirmation path (each in its own transaction)
        lost = _rows(
            f"""SELECT s.reference, s.client_reference, s.session_id, s.amount, s.currency
                FROM {STAGING} s
                JOIN payments_checkoutsession c ON c.client_reference = s.client_reference
                LEFT JOIN payments_payment p ON p.gateway_reference = s.reference
                WHERE s.kind = 'payment' AND p.id IS NULL AND c.status <> 'paid'"""  # noqa: S608  # nosec B608
        )
        for reference, client_reference, session_id, amount, currency in lost:
            if payment_confirm(
                client_reference=str(client_reference),
                gateway_payment_id=str(reference),
                amount_baisas=int(str(amount)),
                currency=str(currency),
                source=Payment.Source.RECONCILIATION,
                gateway_session_id=str(session_id),
            ):
                applied += 1
        # 2. every other difference becomes a case; the day is recorded as settled once, and
        #    only a payment settled another day than received gets the day on its row
        with transaction.atomic():
            covered_until = _settlement_day_lock(on=on)
            compared_at = timezone.now()
            opened = _open_cases(run=run, on=on, covered_until=covered_until)
            matched = _mark_settled(on=on, covered_until=covered_until)
            _settlement_day_record(run=run, on=on, text=text, lines=total, at=compared_at)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    run_succeed(
        ReconciliationRun,
        run.pk,
        processed=total,
        total=total,
        matched=matched,
        applied=applied,
        cases_opened=opened,
    )
    run.refresh_from_db()
    audit_record(
        actor=None,
        actor_label="automatic",
        action="payments.reconciled",
        obj=run,
        after={"lines": total, "matched": matched, "applied": applied, "cases": opened},
    )
    return run


def _load(text: str) -> int:
    """COPY the file into a temporary table of this connection (dropped when the run ends);
    returns its line count."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(
            f"""CREATE TEMP TABLE {STAGING} (
                    kind text, reference text, client_reference text, session_id text,
                    amount bigint, currency text)"""
        )
        with cursor.copy(f"COPY {STAGING} FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            copy.write(text)
        cursor.execute(f"ANALYZE {STAGING}")
        cursor.execute(f"SELECT count(*) FROM {STAGING}")  # noqa: S608  # nosec B608 - a constant table name
        return int(cursor.fetchone()[0])


def _rows(sql: str, params: list[Any] | None = None) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return list(cursor.fetchall())


def _settlement_day_lock(*, on: datetime.date) -> datetime.datetime | None:
    """Lock the day's record if an earlier run wrote one (a re-run waits for it) and return
    until when it covered the day's payments, or None."""
    earlier = SettlementDay.objects.select_for_update().filter(settlement_date=on).first()
    return earlier.reconciled_at if earlier is not None else None


def _settlement_day_record(
    *, run: ReconciliationRun, on: datetime.date, text: str, lines: int, at: datetime.datetime
) -> SettlementDay:
    """Record that day `on` was reconciled by `run` against this file (its SHA-256 digest),
    covering the payments received that day up to `at`; audited with the file's digest."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    day, _created = SettlementDay.objects.update_or_create(
        settlement_date=on,
        defaults={"run": run, "file_sha256": digest, "lines": lines, "reconciled_at": at},
    )
    audit_record(
        actor=None,
        actor_label="automatic",
        action="payments.settlement_day_recorded",
        obj=day,
        after={"settlement_date": on.isoformat(), "run": run.pk, "file_sha256": digest},
    )
    return day


def _open_cases(
    *, run: ReconciliationRun, on: datetime.date, covered_until: datetime.datetime | None
) -> int:
    """Insert a case for every difference, once per (kind, reference): one statement each.
    A payment an earlier run of the day already covered is not compared again."""
    now = timezone.now()
    start, end = _day_bounds(on)
    statements: list[tuple[str, str, list[Any]]] = [
        # settled by the gateway, not in the ledger (and not applied above)
        (
            FinanceCase.Kind.SETTLED_NOT_RECORDED,
            f"""SELECT s.reference, s.amount,
                       jsonb_build_object('client_reference', s.client_reference, 'kind', s.kind)
                FROM {STAGING} s
                LEFT JOIN payments_payment p ON p.gateway_reference = s.reference
                WHERE s.kind = 'payment' AND p.id IS NULL""",  # noqa: S608  # nosec B608
            [],
        ),
        (
            FinanceCase.Kind.SETTLED_NOT_RECORDED,
            f"""SELECT s.reference, -s.amount,
                       jsonb_build_object('client_reference', s.client_reference, 'kind', s.kind)
                FROM {STAGING} s
                LEFT JOIN payments_refund r ON r.gateway_refund_id = s.reference
                WHERE s.kind = 'refund' AND r.id IS NULL""",  # noqa: S608  # nosec B608
            [],
        ),
        # amounts or currency differ
        (
            FinanceCase.Kind.AMOUNT_MISMATCH,
            f"""SELECT s.reference, s.amount - p.amount_baisas,
                       jsonb_build_object('settled', s.amount, 'recorded', p.amount_baisas,
                                          'currency', s.currency)
                FROM {STAGING} s
                JOIN payments_payment p ON p.gateway_reference = s.reference
                WHERE s.kind = 'payment'
                  AND (s.amount <> p.amount_baisas OR s.currency <> %s)""",  # noqa: S608  # nosec B608
            [CURRENCY],
        ),
        # recorded that day through the gateway, not settled
        (
            FinanceCase.Kind.RECORDED_NOT_SETTLED,
            f"""SELECT p.gateway_reference, p.amount_baisas,
                       jsonb_build_object('receipt', p.receipt_number)
                FROM payments_payment p
                WHERE p.received_at >= %s AND p.received_at < %s AND p.source <> 'counter'
                  AND p.settled_on_recorded IS NULL
                  AND (%s::timestamptz IS NULL OR p.received_at > %s::timestamptz)
                  AND NOT EXISTS (
                      SELECT 1 FROM {STAGING} s
                      WHERE s.kind = 'payment' AND s.reference = p.gateway_reference)""",  # noqa: S608  # nosec B608
            [start, end, covered_until, covered_until],
        ),
        # refunded that day, not settled
        (
            FinanceCase.Kind.REFUND_NOT_SETTLED,
            f"""SELECT r.gateway_refund_id, -r.amount_baisas,
                       jsonb_build_object('refund', r.reference)
                FROM payments_refund r
                WHERE r.status = 'completed' AND r.completed_at >= %s AND r.completed_at < %s
                  AND r.settled_on IS NULL
                  AND NOT EXISTS (SELECT 1 FROM {STAGING} s
                                  WHERE s.kind = 'refund' AND s.reference = r.gateway_refund_id)""",  # noqa: S608  # nosec B608
            [start, end],
        ),
    ]
    opened = 0
    with connection.cursor() as cursor:
        for kind, select, params in statements:
            cursor.execute(
                f"""INSERT INTO payments_financecase
                        (kind, status, reference, amount_baisas, details, run_id, note,
                         created_at, updated_at)
                    SELECT %s, 'open', x.reference, x.amount, x.details, %s, '', %s, %s
                    FROM ({select}) AS x(reference, amount, details)
                    ON CONFLICT (kind, reference) DO NOTHING""",  # noqa: S608  # nosec B608
                [kind, run.pk, now, now, *params],
            )
            opened += cursor.rowcount
    return opened


def _mark_settled(*, on: datetime.date, covered_until: datetime.datetime | None) -> int:
    """Returns how many payments the file settled as recorded (amount and currency equal)
    that no earlier run of the day had; writes the day only on those whose settlement cannot
    be derived from the day's record: received another day, or about which an earlier run
    raised a difference. Refunds (few) get the day on their row."""
    start, end = _day_bounds(on)
    with connection.cursor() as cursor:
        # one pass over the matches counts them and picks the few rows to write
        cursor.execute(
            f"""SELECT count(*) FILTER (
                           WHERE NOT x.record AND (%(covered)s::timestamptz IS NULL
                                                   OR x.received_at > %(covered)s::timestamptz)),
                       coalesce(array_agg(x.id) FILTER (WHERE x.record), '{{}}')
                FROM (SELECT p.id, p.received_at,
                             (p.received_at < %(start)s OR p.received_at >= %(end)s
                              OR p.gateway_reference IN (
                                  SELECT f.reference FROM payments_financecase f
                                  WHERE f.kind = ANY(%(unsettled)s::text[]))) AS record
                      FROM {STAGING} s
                      JOIN payments_payment p ON p.gateway_reference = s.reference
                      WHERE s.kind = 'payment' AND s.amount = p.amount_baisas
                        AND s.currency = %(currency)s AND p.settled_on_recorded IS NULL
                     ) AS x""",  # noqa: S608  # nosec B608
            {
                "start": start,
                "end": end,
                "currency": CURRENCY,
                "covered": covered_until,
                "unsettled": [str(kind) for kind in UNSETTLED_KINDS],
            },
        )
        in_day, to_record = cursor.fetchone()
        cursor.execute(
            "UPDATE payments_payment SET settled_on_recorded = %s WHERE id = ANY(%s)",
            [on, list(to_record)],
        )
        other_days = cursor.rowcount
        cursor.execute(
            f"""UPDATE payments_refund r SET settled_on = %s
                FROM {STAGING} s
                WHERE s.kind = 'refund' AND s.reference = r.gateway_refund_id
                  AND r.settled_on IS NULL""",  # noqa: S608  # nosec B608
            [on],
        )
    return int(in_day) + int(other_days)


def _day_bounds(on: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(on, datetime.time.min, tzinfo=zone)
    return start, start + datetime.timedelta(days=1)


# --- cases ---------------------------------------------------------------------------------------


def finance_case_close(*, case: FinanceCase, actor: User, resolve: bool, note: str) -> FinanceCase:
    """Resolve (corrected) or dismiss (no problem) a finance case, with a note."""
    note = (note or "").strip()
    if not note:
        raise PaymentError(_("Write what was done about this difference."))
    to = FinanceCase.Status.RESOLVED if resolve else FinanceCase.Status.DISMISSED
    with transaction.atomic():
        locked, _event = transition_locked(
            obj=case,
            to=to,
            actor=actor,
            action=f"payments.case_{to}",
            refuse=lambda row: PaymentError(_("This case is already closed.")),
            changes={"resolved_by": actor, "note": note[:500]},
            note=note,
        )
    return locked


# --- counter fees and violation fines ---------------------------------------------------------


def invoices_from_other_acts(*, on: datetime.date | None = None) -> int:
    """Turn every Sanad counter fee and confirmed violation fine without an invoice into one:
    a counter fee is paid at the counter (its invoice is PAID with a counter payment), a fine is
    open. Idempotent (one invoice per fee or violation). Returns how many were raised."""
    from employment.models import Violation
    from sanad.models import SanadFee

    on = on or timezone.localdate()
    rule_set = payment_rule_set_in_force(on=on)
    raised = 0
    for fee in SanadFee.objects.filter(invoice__isnull=True).select_related(
        "consent", "consent__person", "recorded_by"
    ):
        counter_fee_invoice_record(fee=fee, on=on)
        raised += 1
    for violation in Violation.objects.filter(
        status=Violation.Status.CONFIRMED, invoice__isnull=True
    ).select_related("establishment"):
        with transaction.atomic():
            invoice_raise(
                fee_type=FeeType.VIOLATION_FINE,
                lines=[
                    Line(
                        description_en=f"Labour violation fine {violation.pk}",
                        description_ar=f"غرامة مخالفة عمالية {violation.pk}",
                        amount_baisas=baisas_from_rials(Decimal(violation.fine)),
                    )
                ],
                rule_set=rule_set,
                issued_on=on,
                establishment=violation.establishment,
                violation=violation,
            )
        raised += 1
    return raised


def counter_fee_invoice_record(*, fee: object, on: datetime.date | None = None) -> Invoice:
    """The invoice of a fee the clerk recorded at a Sanad counter, paid there: an invoice PAID
    by a counter payment (reference `counter-<fee id>`), billed to the person served."""
    from sanad.models import SanadFee

    assert isinstance(fee, SanadFee)
    on = on or timezone.localdate()
    person = fee.consent.person
    amount = baisas_from_rials(Decimal(fee.amount))
    with transaction.atomic():
        existing = Invoice.objects.filter(sanad_fee=fee).first()
        if existing is not None:
            return existing
        payment = Payment.objects.create(
            gateway_reference=f"counter-{fee.pk}",
            payer=person,
            amount_baisas=amount,
            source=Payment.Source.COUNTER,
            received_at=fee.created_at,
            receipt_number=next_number("RCT"),
            receipt_token=new_token(),
            settled_on_recorded=on,
        )
        invoice = Invoice.objects.create(
            number=next_number("INV"),
            person=person,
            fee_type=FeeType.SANAD_COUNTER,
            status=Invoice.Status.PAID,
            amount_baisas=amount,
            issued_on=fee.created_at.date(),
            due_on=fee.created_at.date(),
            sanad_fee=fee,
            payment=payment,
            paid_at=fee.created_at,
        )
        invoice.lines.create(
            description_en=fee.description[:300],
            description_ar=fee.description[:300],
            amount_baisas=amount,
        )
        audit_record(
            actor=fee.recorded_by,
            action="payments.counter_fee_recorded",
            obj=invoice,
            after={"fee": fee.pk, "amount_baisas": amount, "receipt": payment.receipt_number},
        )
    return invoice
