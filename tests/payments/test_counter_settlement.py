"""Sanad centres' daily counter settlement: what each centre remits for a day is reconciled
against the counter payments recorded that day at that centre; differences become finance
cases (the gateway reconciliation's case model), once."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from payments.models import CounterRemittance, FinanceCase
from payments.services import PaymentError
from payments.services.counter_settlement import (
    counter_remittance_record,
    counter_settlement_reconcile,
)
from sanad.services import fee_record
from tests.factories import UserFactory
from tests.sanad.helpers import active_consent, clerk, person

pytestmark = pytest.mark.django_db


def _counter_fee(clerk_user: User, amount: str) -> None:
    consent = active_consent(clerk_user, person())
    fee_record(consent=consent, clerk=clerk_user, amount=Decimal(amount), description="Copy")


@pytest.fixture
def finance() -> User:
    return UserFactory.create(role=User.Role.OFFICER)


def test_a_day_with_one_unremitted_counter_payment_gives_one_case_once(finance):
    # given two centres: one remits all it took, the other misses one counter payment
    today = timezone.localdate()
    honest, short = clerk(), clerk()
    _counter_fee(honest, "2.000")
    _counter_fee(honest, "3.000")
    _counter_fee(short, "2.000")
    _counter_fee(short, "1.500")
    honest_centre = honest.sanad_memberships.get().centre
    short_centre = short.sanad_memberships.get().centre
    counter_remittance_record(
        centre=honest_centre, day=today, amount_baisas=5_000, entered_by=finance
    )
    counter_remittance_record(
        centre=short_centre, day=today, amount_baisas=2_000, entered_by=finance
    )

    # when the day is reconciled
    opened = counter_settlement_reconcile(on=today)

    # then one case, for the short centre, for the missing RO 1.500
    assert opened == 1
    case = FinanceCase.objects.get()
    assert case.kind == FinanceCase.Kind.COUNTER_NOT_REMITTED
    assert case.amount_baisas == 1_500
    assert case.details["centre"] == short_centre.pk
    assert case.details["counter_payments"] == 2

    # and a re-run opens nothing new
    assert counter_settlement_reconcile(on=today) == 0
    assert FinanceCase.objects.count() == 1


def test_a_matching_day_gives_no_case(finance):
    today = timezone.localdate()
    at = clerk()
    _counter_fee(at, "2.500")
    counter_remittance_record(
        centre=at.sanad_memberships.get().centre, day=today, amount_baisas=2_500, entered_by=finance
    )

    assert counter_settlement_reconcile(on=today) == 0
    assert not FinanceCase.objects.exists()


def test_a_centre_that_remitted_nothing_or_too_much_gives_a_case(finance):
    today = timezone.localdate()
    silent, generous = clerk(), clerk()
    _counter_fee(silent, "4.000")
    counter_remittance_record(
        centre=generous.sanad_memberships.get().centre,
        day=today,
        amount_baisas=1_000,
        entered_by=finance,
    )

    assert counter_settlement_reconcile(on=today) == 2

    kinds = dict(FinanceCase.objects.values_list("kind", "amount_baisas"))
    assert kinds == {
        FinanceCase.Kind.COUNTER_NOT_REMITTED: 4_000,
        FinanceCase.Kind.COUNTER_OVER_REMITTED: 1_000,
    }


def test_bad_remittances_are_refused_and_nothing_changes(finance):
    at = clerk().sanad_memberships.get().centre
    day = timezone.localdate() - datetime.timedelta(days=1)
    counter_remittance_record(centre=at, day=day, amount_baisas=1_000, entered_by=finance)

    with pytest.raises(PaymentError):
        counter_remittance_record(centre=at, day=day, amount_baisas=2_000, entered_by=finance)
    with pytest.raises(PaymentError):
        counter_remittance_record(
            centre=at,
            day=day + datetime.timedelta(days=1),
            amount_baisas=1.5,
            entered_by=finance,
        )

    assert list(CounterRemittance.objects.values_list("amount_baisas", flat=True)) == [1_000]


def test_finance_staff_enter_a_remittance_and_reconcile_on_the_page(staff_client):
    today = timezone.localdate()
    at = clerk()
    _counter_fee(at, "2.000")
    centre = at.sanad_memberships.get().centre
    client = staff_client(User.Role.OFFICER)
    url = reverse("payments:staff-counter-settlement")

    # a fraction of a baisa is refused with a message, nothing written
    bad = client.post(url, {"centre": centre.pk, "day": today.isoformat(), "amount": "1.0005"})
    assert bad.status_code == 200
    assert not CounterRemittance.objects.exists()

    client.post(url, {"centre": centre.pk, "day": today.isoformat(), "amount": "1.000"})
    client.post(url, {"action": "reconcile", "settlement_date": today.isoformat()})

    page = client.get(url, {"settlement_date": today.isoformat()}).content.decode()
    assert CounterRemittance.objects.get().amount_baisas == 1_000
    case = FinanceCase.objects.get()
    assert case.kind == FinanceCase.Kind.COUNTER_NOT_REMITTED
    assert case.amount_baisas == 1_000
    assert 'id="counter-settlement"' in page
    assert str(centre) in page
