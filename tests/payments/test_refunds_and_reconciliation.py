"""Refunds with four eyes above the rule set's threshold, through the gateway, reconciled; and
the daily reconciliation's differences becoming finance cases."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from accounts.models import User
from core.exceptions import PermissionDeniedError
from payments.models import (
    CheckoutSession,
    FinanceCase,
    Invoice,
    Payment,
    ReconciliationRun,
    Refund,
)
from payments.services import checkout_start
from payments.services.reconciliation import reconcile, reconcile_text
from payments.services.refunds import (
    FourEyesRefundError,
    refund_approve,
    refund_request,
)
from tests.factories import EstablishmentFactory, UserFactory
from tests.payments.helpers import control, deliver, invoice_for, pay_at_gateway, rules, stub_get
from tests.permits.builders import representative

pytestmark = pytest.mark.django_db


def _paid_through_gateway(client, gateway, amount: int) -> Invoice:
    shop = EstablishmentFactory.create()
    user = representative(shop)
    invoice = invoice_for(shop, amount)
    _session, url = checkout_start(
        establishment=shop,
        invoice_ids=[invoice.pk],
        user=user,
        success_url="http://testserver/",
        cancel_url="http://testserver/",
    )
    pay_at_gateway(url)
    assert deliver(client, gateway) == [204]
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    return invoice


def _run() -> ReconciliationRun:
    run = ReconciliationRun.objects.create(settlement_date=timezone.localdate())
    return reconcile(run_id=run.pk)


def test_a_refund_above_the_threshold_needs_a_second_approver_and_is_reconciled(client, gateway):
    # given a fee of RO 201 paid through the gateway, and a threshold of RO 100
    rules(refund_threshold=100_000)
    invoice = _paid_through_gateway(client, gateway, 201_000)
    officer = UserFactory.create(role=User.Role.OFFICER)
    approver = UserFactory.create(role=User.Role.APPROVER)

    # when an officer asks for a refund
    refund = refund_request(
        invoice=invoice,
        requested_by=officer,
        reason=Refund.Reason.CANCELLED_BEFORE_USE,
        explanation="Permit cancelled before the worker arrived",
    )

    # then it waits for a second approver; nothing went to the gateway
    assert refund.status == Refund.Status.REQUESTED
    assert refund.needs_second_approval
    assert stub_get(gateway, "/_refunds") == []

    # the one who asked cannot approve it
    officer.role = User.Role.APPROVER
    officer.save(update_fields=["role"])
    with pytest.raises(FourEyesRefundError):
        refund_approve(refund=refund, approver=officer)

    # when a second approver approves, then the gateway refunds once and the invoice is refunded
    refund = refund_approve(refund=refund, approver=approver)
    assert refund.status == Refund.Status.COMPLETED
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.REFUNDED
    assert len(stub_get(gateway, "/_refunds")) == 1

    # and the day's reconciliation finds the payment and the refund settled: no case
    run = _run()
    refund.refresh_from_db()
    assert run.status == ReconciliationRun.Status.SUCCEEDED
    assert refund.settled_on == run.settlement_date
    assert not FinanceCase.objects.exists()


def test_a_refund_at_or_below_the_threshold_goes_at_once(client, gateway):
    rules(refund_threshold=100_000)
    invoice = _paid_through_gateway(client, gateway, 5_000)
    officer = UserFactory.create(role=User.Role.OFFICER)

    refund = refund_request(
        invoice=invoice, requested_by=officer, reason=Refund.Reason.PAID_TWICE, explanation="Twice"
    )

    assert refund.status == Refund.Status.COMPLETED
    assert not refund.needs_second_approval


def test_a_refund_that_times_out_after_the_gateway_refunded_is_not_refunded_twice(client, gateway):
    # given a gateway that refunds and answers too late (every try of the first call)
    rules(refund_threshold=100_000)
    invoice = _paid_through_gateway(client, gateway, 5_000)
    control(gateway, fail=[{"op": "refund", "kind": "timeout_after_accept", "count": 1}])
    officer = UserFactory.create(role=User.Role.OFFICER)

    # when the portal asks (it retries with the same reference)
    refund = refund_request(
        invoice=invoice, requested_by=officer, reason=Refund.Reason.PAID_TWICE, explanation="Twice"
    )

    # then one refund at the gateway
    assert refund.status == Refund.Status.COMPLETED
    assert len(stub_get(gateway, "/_refunds")) == 1


def test_only_finance_staff_refund_and_only_paid_invoices(client, gateway):
    rules()
    shop = EstablishmentFactory.create()
    invoice = invoice_for(shop)
    officer = UserFactory.create(role=User.Role.OFFICER)
    with pytest.raises(PermissionDeniedError):
        refund_request(
            invoice=invoice,
            requested_by=representative(shop),
            reason=Refund.Reason.OTHER,
            explanation="x",
        )
    from payments.services import PaymentError

    with translation.override("en"), pytest.raises(PaymentError, match="only a paid invoice"):
        refund_request(
            invoice=invoice, requested_by=officer, reason=Refund.Reason.OTHER, explanation="x"
        )
    assert not Refund.objects.exists()


def test_differences_each_way_become_cases_once():
    # given a ledger of three payments recorded today, and a settlement file that lacks one,
    # has one the portal never heard of (no session), and differs in one amount
    rules()
    shop = EstablishmentFactory.create()
    made = []
    for n, amount in enumerate((5_000, 6_000, 7_000)):
        invoice = invoice_for(shop, amount)
        session = CheckoutSession.objects.create(
            client_reference=f"CHK-{n}",
            establishment=shop,
            created_by=UserFactory.create(),
            amount_baisas=amount,
        )
        session.invoices.set([invoice])
        from payments.services import payment_confirm

        made.append(
            payment_confirm(
                client_reference=f"CHK-{n}",
                gateway_payment_id=f"pay-{n}",
                amount_baisas=amount,
                currency="OMR",
                source="callback",
            )
        )
    text = (
        "kind,reference,client_reference,session_id,amount,currency\n"
        "payment,pay-0,CHK-0,s0,5000,OMR\n"
        "payment,pay-1,CHK-1,s1,6500,OMR\n"
        "payment,pay-x,CHK-unknown,sx,9000,OMR\n"
    )

    # when reconciled twice
    for _ in range(2):
        run = ReconciliationRun.objects.create(settlement_date=timezone.localdate())
        from core.runs import run_start

        run_start(ReconciliationRun, run.pk)
        run.refresh_from_db()
        run = reconcile_text(run=run, text=text)

    # then each difference is one case
    kinds = dict(FinanceCase.objects.values_list("reference", "kind"))
    assert kinds == {
        "pay-1": FinanceCase.Kind.AMOUNT_MISMATCH,
        "pay-2": FinanceCase.Kind.RECORDED_NOT_SETTLED,
        "pay-x": FinanceCase.Kind.SETTLED_NOT_RECORDED,
    }
    assert Payment.objects.get(gateway_reference="pay-0").settled_on == timezone.localdate()
    assert Payment.objects.get(gateway_reference="pay-1").settled_on is None
    assert ReconciliationRun.objects.order_by("pk").first().cases_opened == 3
    assert run.cases_opened == 0
