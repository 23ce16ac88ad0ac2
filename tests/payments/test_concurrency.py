"""Simultaneous confirmations on real PostgreSQL: the session's row lock decides, never the
timing; the unique gateway reference is the last guard."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection

from core.models import AuditEvent
from payments.models import CheckoutSession, Invoice, Payment
from payments.services import payment_confirm
from tests.factories import EstablishmentFactory, UserFactory
from tests.payments.helpers import invoice_for, rules

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def run_together(calls: list[Callable[[], object]]) -> Counter[str]:
    barrier = threading.Barrier(len(calls))
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            result = call()
            kind = f"payment:{result.pk}" if isinstance(result, Payment) else repr(result)
        except Exception as error:
            kind = f"error:{type(error).__name__}:{error}"
        finally:
            connection.close()
        with lock:
            outcomes[kind] += 1

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


SOURCES = ["callback", "status", "reconciliation"]


def test_twenty_simultaneous_confirmations_of_one_invoice_record_one_payment():
    # given an open invoice in a waiting checkout session
    rules()
    shop = EstablishmentFactory.create()
    invoice = invoice_for(shop, 7_000)
    session = CheckoutSession.objects.create(
        client_reference="CHK-concurrent",
        establishment=shop,
        created_by=UserFactory.create(),
        amount_baisas=7_000,
    )
    session.invoices.set([invoice])

    # when twenty confirmations of the same gateway payment arrive at once (callbacks, status
    # checks and the reconciliation mixed)
    def confirm(source: str) -> Callable[[], object]:
        return lambda: payment_confirm(
            client_reference="CHK-concurrent",
            gateway_payment_id="pay_once",
            amount_baisas=7_000,
            currency="OMR",
            source=source,
        )

    outcomes = run_together([confirm(SOURCES[i % 3]) for i in range(20)])

    # then every call answers with the one payment, recorded once
    payment = Payment.objects.get()
    assert outcomes == Counter({f"payment:{payment.pk}": 20}), outcomes
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert invoice.payment_id == payment.pk
    assert AuditEvent.objects.filter(action="payments.paid").count() == 1
