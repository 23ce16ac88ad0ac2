"""Paying through the stub gateway: the payment is recorded once, and only from the gateway's
word (a signed callback, the session status, or the settlement file)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import translation

from core.exceptions import ApplicationError
from core.models import AuditEvent
from notifications.models import SmsMessage
from payments.gateway.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER
from payments.models import CheckoutSession, FinanceCase, Invoice, Payment, ReconciliationRun
from payments.services import checkout_start, session_refresh
from payments.services.reconciliation import reconcile
from tests.conftest import sign_in
from tests.factories import EstablishmentFactory
from tests.payments.helpers import (
    CALLBACK_PATH,
    control,
    deliver,
    invoice_for,
    pay_at_gateway,
    rules,
    stub_get,
)
from tests.permits.builders import representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    rules()
    return EstablishmentFactory.create()


def _start(shop, user, *invoices, **kwargs):
    return checkout_start(
        establishment=shop,
        invoice_ids=[invoice.pk for invoice in invoices],
        user=user,
        success_url="http://testserver/back/",
        cancel_url="http://testserver/back/",
        **kwargs,
    )


def test_paying_several_invoices_through_the_hosted_page_and_the_signed_callback(
    client, gateway, shop
):
    # given two open invoices and their representative
    user = representative(shop)
    first, second = invoice_for(shop, 5_000), invoice_for(shop, 12_345)

    # when the representative pays both on the list page
    sign_in(client, user)
    response = client.post(
        reverse("payments:employer-pay", args=[shop.pk]),
        {"invoice": [first.pk, second.pk]},
    )

    # then the browser goes to the gateway's page for one session of RO 17.345
    assert response.status_code == 302
    assert response["Location"].startswith(f"{gateway.url}/pay/")
    session = CheckoutSession.objects.get()
    assert session.amount_baisas == 17_345
    assert session.status == CheckoutSession.Status.CREATED

    # the browser's return alone proves nothing: nothing paid yet
    assert not Payment.objects.exists()

    # when the payer pays and the gateway's signed callback arrives
    pay_at_gateway(response["Location"])
    assert deliver(client, gateway) == [204]

    # then one payment, both invoices paid, a receipt SMS with the check link
    payment = Payment.objects.get()
    assert payment.amount_baisas == 17_345
    assert payment.source == Payment.Source.CALLBACK
    assert set(payment.invoices.values_list("status", flat=True)) == {Invoice.Status.PAID}
    sms = SmsMessage.objects.get(template__code="payment_receipt")
    assert payment.receipt_token in sms.rendered_text or payment.receipt_number in sms.rendered_text
    assert AuditEvent.objects.filter(action="payments.paid").count() == 1

    # and the return page says it is paid, with the receipt
    page = client.get(
        reverse("payments:employer-payment-return", args=[shop.pk, session.client_reference])
    )
    assert payment.receipt_number in page.content.decode()


def test_a_lost_callback_is_applied_once_by_the_status_check(client, gateway, shop):
    # given a gateway that charges but never calls back
    user = representative(shop)
    invoice = invoice_for(shop)
    control(gateway, callbacks="lost")
    session, pay_url = _start(shop, user, invoice)
    pay_at_gateway(pay_url)
    assert deliver(client, gateway) == []
    assert not Payment.objects.exists()

    # when the return page (or the sweep) asks the gateway, twice
    session_refresh(session=session)
    session_refresh(session=session)

    # then one payment, from the status check
    payment = Payment.objects.get()
    assert payment.source == Payment.Source.STATUS
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_a_lost_callback_is_found_by_the_reconciliation_and_applied_once(client, gateway, shop):
    # given a payment the portal never heard of
    user = representative(shop)
    invoice = invoice_for(shop)
    control(gateway, callbacks="lost")
    _session, pay_url = _start(shop, user, invoice)
    pay_at_gateway(pay_url)

    # when the day is reconciled twice
    from django.utils import timezone

    for _ in range(2):
        run = ReconciliationRun.objects.create(settlement_date=timezone.localdate())
        run = reconcile(run_id=run.pk)
        assert run.status == ReconciliationRun.Status.SUCCEEDED

    # then it was applied once, matched, and no case is left open about it
    payment = Payment.objects.get()
    assert payment.source == Payment.Source.RECONCILIATION
    assert payment.settled_on is not None
    assert not FinanceCase.objects.exists()
    assert ReconciliationRun.objects.order_by("pk").first().applied == 1


@pytest.mark.parametrize("mode", ["repeat", "out_of_order"])
def test_a_repeated_or_out_of_order_callback_changes_nothing(client, gateway, shop, mode):
    # given a gateway that sends the payment twice, or the payment then a stale event
    user = representative(shop)
    invoice = invoice_for(shop)
    control(gateway, callbacks=mode)
    session, pay_url = _start(shop, user, invoice)

    # when the payer pays and both callbacks arrive
    pay_at_gateway(pay_url)
    assert deliver(client, gateway) == [204, 204]

    # then one payment, the session and the invoice stay paid
    assert Payment.objects.count() == 1
    session.refresh_from_db()
    invoice.refresh_from_db()
    assert session.status == CheckoutSession.Status.PAID
    assert invoice.status == Invoice.Status.PAID
    assert AuditEvent.objects.filter(action="payments.paid").count() == 1


@pytest.mark.parametrize("tamper", ["signature", "body", "missing", "stale"])
def test_a_callback_with_a_bad_signature_gets_403_and_writes_nothing(client, gateway, shop, tamper):
    # given a real paid callback
    user = representative(shop)
    invoice = invoice_for(shop)
    _session, pay_url = _start(shop, user, invoice)
    pay_at_gateway(pay_url)
    [(body, headers)] = gateway.collected.take()
    headers = {k: v for k, v in headers.items() if k != "Content-Type"}
    if tamper == "signature":
        headers[SIGNATURE_HEADER] = "0" * 64
    elif tamper == "body":
        event = json.loads(body)
        event["data"]["total_amount"] = 1
        body = json.dumps(event).encode()
    elif tamper == "missing":
        del headers[SIGNATURE_HEADER]
    else:
        headers[TIMESTAMP_HEADER] = str(int(headers[TIMESTAMP_HEADER]) - 3600)
    audits = AuditEvent.objects.count()

    # when it is posted
    response = client.post(
        CALLBACK_PATH, data=body, content_type="application/json", headers=headers
    )

    # then 403, and nothing was written
    assert response.status_code == 403
    assert not Payment.objects.exists()
    assert not FinanceCase.objects.exists()
    assert AuditEvent.objects.count() == audits
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN


def test_a_timeout_after_the_gateway_made_the_session_never_leads_to_a_second_charge(gateway, shop):
    # given a gateway that makes the session, then answers too late, twice
    user = representative(shop)
    invoice = invoice_for(shop)
    control(gateway, fail=[{"op": "create", "kind": "timeout_after_accept", "count": 2}])

    # when the portal starts the checkout (it retries with the same reference)
    session, pay_url = _start(shop, user, invoice)
    # and the payer, unsure, starts it again and pays twice on the page
    again, again_url = _start(shop, user, invoice)
    pay_at_gateway(pay_url)
    pay_at_gateway(again_url)

    # then one session at the gateway, one charge
    assert again.pk == session.pk
    assert again_url == pay_url
    charges = stub_get(gateway, "/_charges")
    assert len(charges) == 1
    assert len({c["session_id"] for c in charges}) == 1


def test_a_gateway_error_is_a_clear_message_and_nothing_is_charged(client, gateway, shop):
    # given a gateway answering 500 to every try
    user = representative(shop)
    invoice = invoice_for(shop)
    control(gateway, fail=[{"op": "create", "kind": "500", "count": 10}])
    sign_in(client, user)

    # when the representative pays
    with translation.override("en"):
        url = reverse("payments:employer-pay", args=[shop.pk])
    response = client.post(url, {"invoice": [invoice.pk]}, follow=True)

    # then a translated message, and no charge
    assert "Nothing was charged" in response.content.decode()
    with translation.override("ar"):
        arabic = client.post(
            reverse("payments:employer-pay", args=[shop.pk]), {"invoice": [invoice.pk]}, follow=True
        )
    assert "لم يُخصم أي مبلغ" in arabic.content.decode()
    assert stub_get(gateway, "/_charges") == []
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN


def test_a_slow_gateway_still_confirms(client, gateway, shop):
    user = representative(shop)
    invoice = invoice_for(shop)
    control(gateway, delay=0.2)
    _session, pay_url = _start(shop, user, invoice)
    pay_at_gateway(pay_url)
    assert deliver(client, gateway) == [204]
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("cancelled", "cannot be paid"),
        ("currency", "Only Omani rials (OMR) are accepted."),
        ("none", "Select at least one invoice to pay."),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_changes(gateway, shop, case, message):
    from payments.services import invoice_cancel

    user = representative(shop)
    invoice = invoice_for(shop)
    ids = [invoice.pk]
    currency = "OMR"
    if case == "cancelled":
        invoice_cancel(invoice=invoice, actor=None, reason="Withdrawn")
    elif case == "currency":
        currency = "USD"
    else:
        ids = []

    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        checkout_start(
            establishment=shop,
            invoice_ids=ids,
            user=user,
            success_url="http://testserver/",
            cancel_url="http://testserver/",
            currency=currency,
        )

    assert message in refused.value.message
    assert not CheckoutSession.objects.exists()
    assert stub_get(gateway, "/_charges") == []


@pytest.mark.parametrize("amount", [1.5, "1000", 0, -5, True])
def test_amounts_that_are_not_whole_baisas_are_refused(shop, amount):
    from payments.services import PaymentError

    with translation.override("en"), pytest.raises(PaymentError) as refused:
        invoice_for(shop, amount)

    assert "baisas" in refused.value.message or "above zero" in refused.value.message
    assert not Invoice.objects.exists()


def test_a_currency_other_than_omr_in_a_confirmation_records_nothing_and_opens_a_case(
    gateway, shop
):
    from payments.services import payment_confirm

    user = representative(shop)
    invoice = invoice_for(shop)
    session, _url = _start(shop, user, invoice)

    assert (
        payment_confirm(
            client_reference=session.client_reference,
            gateway_payment_id="pay-usd",
            amount_baisas=invoice.amount_baisas,
            currency="USD",
            source="callback",
        )
        is None
    )

    assert not Payment.objects.exists()
    assert FinanceCase.objects.get().kind == FinanceCase.Kind.AMOUNT_MISMATCH
