"""A reconciled day is recorded once (its run and its file's digest); a payment's settlement is
derived from its day and the day's differences, so that reconciling a day does not rewrite its
payments. Every reader (the payment, the selector's queryset, the admin) says the same."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.utils import timezone

from core.runs import run_start
from payments.models import FinanceCase, Payment, ReconciliationRun, SettlementDay
from payments.selectors import payments_settled_on, payments_with_settled_on
from payments.services.reconciliation import reconcile_text

pytestmark = pytest.mark.django_db

HEADER = "kind,reference,client_reference,session_id,amount,currency\n"


def _payment(reference: str, amount: int, received_at: datetime.datetime) -> Payment:
    return Payment.objects.create(
        gateway_reference=reference,
        amount_baisas=amount,
        source=Payment.Source.CALLBACK,
        received_at=received_at,
        receipt_number=f"R-{reference}",
        receipt_token=f"t-{reference}",
    )


def _reconcile(on: datetime.date, text: str) -> ReconciliationRun:
    run = ReconciliationRun.objects.create(settlement_date=on)
    run_start(ReconciliationRun, run.pk)
    run.refresh_from_db()
    return reconcile_text(run=run, text=text)


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())


def _settled_days() -> dict[str, datetime.date | None]:
    by_property = {p.gateway_reference: p.settled_on for p in Payment.objects.all()}
    fields = ("gateway_reference", "settled_day")
    by_queryset = dict(payments_with_settled_on().values_list(*fields))
    assert by_property == by_queryset
    return by_property


def test_a_reconciled_day_is_recorded_once_and_its_payments_are_settled_without_a_write():
    # given three payments received yesterday: one settled as recorded, one the file lacks, one
    # settled for another amount; and one received the day before, settled in yesterday's file
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    before = yesterday - datetime.timedelta(days=1)
    _payment("pay-ok", 5_000, _noon(yesterday))
    _payment("pay-lacking", 6_000, _noon(yesterday))
    _payment("pay-amount", 7_000, _noon(yesterday))
    _payment("pay-late", 8_000, _noon(before))
    text = (
        HEADER
        + "payment,pay-ok,,s0,5000,OMR\n"
        + "payment,pay-amount,,s2,7500,OMR\n"
        + "payment,pay-late,,s3,8000,OMR\n"
    )

    # when yesterday is reconciled
    run = _reconcile(yesterday, text)

    # then the day is recorded with its run and the file's digest
    day = SettlementDay.objects.get()
    assert (day.settlement_date, day.run_id, day.lines) == (yesterday, run.pk, 3)
    assert day.file_sha256 == hashlib.sha256(text.encode()).hexdigest()
    # and each payment reads as settled or not, the same through every reader
    assert _settled_days() == {
        "pay-ok": yesterday,
        "pay-lacking": None,
        "pay-amount": None,
        "pay-late": yesterday,
    }
    assert run.matched == 2
    # only the payment received another day holds a recorded day on its row
    assert dict(Payment.objects.values_list("gateway_reference", "settled_on_recorded")) == {
        "pay-ok": None,
        "pay-lacking": None,
        "pay-amount": None,
        "pay-late": yesterday,
    }
    assert set(FinanceCase.objects.values_list("reference", "kind")) == {
        ("pay-lacking", FinanceCase.Kind.RECORDED_NOT_SETTLED),
        ("pay-amount", FinanceCase.Kind.AMOUNT_MISMATCH),
    }
    assert set(payments_settled_on(on=yesterday).values_list("gateway_reference", flat=True)) == {
        "pay-ok",
        "pay-late",
    }


def test_a_payment_received_after_its_day_was_reconciled_is_not_settled_until_a_file_says_so():
    # given today reconciled with one payment
    today = timezone.localdate()
    _payment("pay-early", 5_000, timezone.now() - datetime.timedelta(seconds=5))
    _reconcile(today, HEADER + "payment,pay-early,,s0,5000,OMR\n")

    # when another payment arrives that day after the run
    _payment("pay-after", 6_000, timezone.now())

    # then it is not settled (its day's file was compared before it came)
    assert _settled_days() == {"pay-early": today, "pay-after": None}

    # when the day is reconciled again with a file that has both
    both = "payment,pay-early,,s0,5000,OMR\npayment,pay-after,,s1,6000,OMR\n"
    run = _reconcile(today, HEADER + both)

    # then both are settled, nothing is counted twice, and no case was raised
    assert _settled_days() == {"pay-early": today, "pay-after": today}
    assert run.matched == 1
    assert not FinanceCase.objects.exists()
    assert SettlementDay.objects.get().run_id == run.pk


def test_a_payment_found_lacking_and_settled_by_a_later_file_holds_that_day():
    # given a payment received yesterday that yesterday's file lacked (a case)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    today = timezone.localdate()
    _payment("pay-slow", 5_000, _noon(yesterday))
    _reconcile(yesterday, HEADER)
    assert _settled_days() == {"pay-slow": None}

    # when today's file settles it
    run = _reconcile(today, HEADER + "payment,pay-slow,,s0,5000,OMR\n")

    # then it is settled today, recorded on the payment
    assert _settled_days() == {"pay-slow": today}
    assert run.matched == 1
    assert FinanceCase.objects.get().kind == FinanceCase.Kind.RECORDED_NOT_SETTLED


def test_a_counter_payment_is_settled_only_by_its_recorded_day():
    # given a counter payment received on a reconciled day, with no recorded day
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    payment = _payment("counter-1", 5_000, _noon(yesterday))
    Payment.objects.filter(pk=payment.pk).update(source=Payment.Source.COUNTER)
    _reconcile(yesterday, HEADER)

    # then it is not settled by the gateway's day
    assert _settled_days() == {"counter-1": None}


def test_the_reconciliation_page_shows_each_days_file_digest(staff_client):
    # given yesterday's file reconciled
    from django.urls import reverse

    from accounts.models import User

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    _payment("pay-ok", 5_000, _noon(yesterday))
    text = HEADER + "payment,pay-ok,,s0,5000,OMR\n"
    _reconcile(yesterday, text)

    # when finance staff open the reconciliation page
    page = staff_client(User.Role.OFFICER).get(reverse("payments:staff-reconciliation"))

    # then the run shows the digest of the file it reconciled, to compare with the gateway's
    assert hashlib.sha256(text.encode()).hexdigest() in page.content.decode()
