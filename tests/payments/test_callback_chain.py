"""The gateway's callback as gunicorn hands it over: through the portal's WSGI application,
whose short middleware chain (labor_portal.handlers) serves the callback path only."""

from __future__ import annotations

import pytest
from django.core.handlers.wsgi import WSGIHandler

from core.models import AuditEvent
from labor_portal.handlers import MACHINE_PATHS, application_for
from payments.gateway.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER
from payments.models import CheckoutSession, Invoice, Payment
from payments.services import checkout_start
from tests.factories import EstablishmentFactory
from tests.payments.helpers import CALLBACK_PATH, invoice_for, pay_at_gateway, rules
from tests.permits.builders import representative
from tests.wsgi import wsgi_call

pytestmark = pytest.mark.django_db


def _post(application, body: bytes, headers: dict[str, str], path: str = CALLBACK_PATH):
    return wsgi_call(application, path, body=body, content_type="application/json", headers=headers)


def test_the_callback_goes_through_the_short_chain_and_is_recorded_once(gateway):
    # given an invoice paid at the gateway, and its signed callback
    rules()
    shop = EstablishmentFactory.create()
    user = representative(shop)
    invoice = invoice_for(shop, 7_000)
    session, pay_url = checkout_start(
        establishment=shop,
        invoice_ids=[invoice.pk],
        user=user,
        success_url="http://testserver/back/",
        cancel_url="http://testserver/back/",
    )
    pay_at_gateway(pay_url)
    [(body, headers)] = gateway.collected.take()
    headers = {k: v for k, v in headers.items() if k != "Content-Type"}
    application = application_for(WSGIHandler())

    # when it is posted twice through the WSGI application
    first_status, first_headers = _post(application, body, headers)
    second_status, _headers = _post(application, body, headers)

    # then the callback path is served by the short chain (a request id, no CSP of a page)
    assert CALLBACK_PATH in MACHINE_PATHS
    assert first_status == second_status == "204 No Content"
    names = {name.lower() for name, _value in first_headers}
    assert "x-request-id" in names
    assert "content-security-policy" not in names
    # and the payment is recorded once, its invoice paid, one audit event with the request id
    payment = Payment.objects.get()
    assert payment.amount_baisas == 7_000
    assert payment.receipt_number.startswith("RCT")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert invoice.payment == payment
    session.refresh_from_db()
    assert session.status == CheckoutSession.Status.PAID
    [event] = AuditEvent.objects.filter(action="payments.paid")
    request_id = {k.lower(): v for k, v in first_headers}["x-request-id"]
    assert event.request_id == request_id
    assert event.actor_label == "gateway"
    assert event.object_id == str(payment.pk)
    assert event.object_repr == payment.receipt_number
    assert event.after == {
        "session": session.client_reference,
        "invoices": [invoice.number],
        "amount_baisas": 7_000,
        "source": Payment.Source.CALLBACK,
    }


def test_a_bad_signature_through_the_short_chain_gets_403_and_writes_nothing(gateway):
    # given a signed callback whose signature was replaced
    rules()
    shop = EstablishmentFactory.create()
    invoice = invoice_for(shop)
    _session, pay_url = checkout_start(
        establishment=shop,
        invoice_ids=[invoice.pk],
        user=representative(shop),
        success_url="http://testserver/back/",
        cancel_url="http://testserver/back/",
    )
    pay_at_gateway(pay_url)
    [(body, headers)] = gateway.collected.take()
    headers = {k: v for k, v in headers.items() if k != "Content-Type"}
    headers[SIGNATURE_HEADER] = "0" * 64
    assert TIMESTAMP_HEADER in headers
    audits = AuditEvent.objects.count()

    # when it is posted through the WSGI application
    status, _headers = _post(application_for(WSGIHandler()), body, headers)

    # then 403 and nothing written
    assert status == "403 Forbidden"
    assert not Payment.objects.exists()
    assert AuditEvent.objects.count() == audits
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_callback_on_a_connection_that_died_is_refused_and_the_next_delivery_records_it(
    gateway,
):
    """The short chain does not spend a `SELECT 1` on each request (labor_portal.handlers): a
    persistent connection that died since the last request fails the callback itself. Nothing
    is written, the gateway gets 500 and sends it again, and Django has replaced the broken
    connection by then: the payment is recorded once."""
    from django.db import connection

    # given a signed callback of a paid checkout, and a persistent connection that has died
    rules()
    shop = EstablishmentFactory.create()
    invoice = invoice_for(shop, 7_000)
    _session, pay_url = checkout_start(
        establishment=shop,
        invoice_ids=[invoice.pk],
        user=representative(shop),
        success_url="http://testserver/back/",
        cancel_url="http://testserver/back/",
    )
    pay_at_gateway(pay_url)
    [(body, headers)] = gateway.collected.take()
    headers = {k: v for k, v in headers.items() if k != "Content-Type"}
    application = application_for(WSGIHandler())
    connection.ensure_connection()
    connection.close_at = None  # persistent (CONN_MAX_AGE), as in production
    connection.connection.close()  # behind Django's back, as a restarted server would

    # when the gateway delivers it, then again after the refusal
    first = _deliver(application, body, headers)
    second = _deliver(application, body, headers)

    # then the first is refused with nothing written, the second records the payment once
    assert first == "500 Internal Server Error"
    assert second == "204 No Content"
    assert Payment.objects.count() == 1
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def _deliver(application, body: bytes, headers: dict[str, str]) -> str:
    """A post as gunicorn makes it, with Django's request signals connected (its handling of
    connections between requests is what is tested)."""
    status, _headers = wsgi_call(
        application,
        CALLBACK_PATH,
        body=body,
        content_type="application/json",
        headers=headers,
        close_connections=True,
    )
    return status


def test_a_confirmation_is_one_statement_planned_once_per_connection():
    # given two invoices of a shop, each in a checkout session waiting for its confirmation
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.payments.helpers import _paid

    rules()
    shop = EstablishmentFactory.create()
    first, second = invoice_for(shop, 7_000), invoice_for(shop, 9_000)
    _paid(first)

    # when the second is confirmed on the same connection
    with CaptureQueriesContext(connection) as queries:
        payment = _paid(second)

    # then the confirmation took one statement (the claim) in its transaction, and the server
    # ran it from the plan prepared for the first confirmation
    assert payment.amount_baisas == 9_000
    statements = [query["sql"].strip().split()[0] for query in queries.captured_queries]
    claims = [query for query in queries.captured_queries if "WITH claim AS" in query["sql"]]
    assert len(claims) == 1
    assert statements.count("WITH") == 1
    with connection.cursor() as sql:
        sql.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            ["%WITH claim AS%"],
        )
        [(executions,)] = sql.fetchall()
    assert executions == 2
