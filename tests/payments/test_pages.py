"""The pages: an employer sees and pays only its own invoices, and only with the payments
service; receipts as bilingual PDFs with a QR code to a public check; finance staff's revenue
with exports and the G2G revenue endpoint; Sanad counter fees and violation fines as invoices."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from accounts.api_keys import api_client_create
from accounts.models import User
from core.exceptions import PermissionDeniedError
from employers.models import Service
from payments.models import FeeType, Invoice, Payment
from payments.services import checkout_start
from payments.services.reconciliation import invoices_from_other_acts
from tests.conftest import sign_in
from tests.factories import EstablishmentFactory, MembershipFactory, UserFactory
from tests.payments.helpers import _paid, invoice_for, rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    rules()
    return EstablishmentFactory.create(governorate="muscat")


def test_the_list_shows_own_invoices_with_what_is_owed(client, shop):
    user = MembershipFactory.create(establishment=shop).user
    invoice_for(shop, 5_000)
    invoice_for(EstablishmentFactory.create(), 9_999, description="CANARY-OTHER")
    sign_in(client, user)

    page = client.get(reverse("payments:employer-invoices", args=[shop.pk])).content.decode()

    assert "5.000" in page
    assert "CANARY-OTHER" not in page
    assert 'name="invoice"' in page


def test_another_establishments_invoice_answers_404(client, shop):
    user = MembershipFactory.create(establishment=shop).user
    other = invoice_for(EstablishmentFactory.create())
    sign_in(client, user)

    assert (
        client.get(reverse("payments:employer-invoice", args=[shop.pk, other.pk])).status_code
        == 404
    )
    # paying it through the own establishment's form changes nothing
    response = client.post(
        reverse("payments:employer-pay", args=[shop.pk]), {"invoice": [other.pk]}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == Invoice.Status.OPEN
    assert not other.checkout_sessions.exists()


def test_the_establishment_menu_links_to_invoices_only_for_those_who_may_pay(client, shop):
    # given a representative with the payments service and one appointed for permits only
    payer = MembershipFactory.create(establishment=shop, services=[Service.PAYMENTS]).user
    permits_only = MembershipFactory.create(establishment=shop, services=[Service.PERMITS]).user
    invoices_url = reverse("payments:employer-invoices", args=[shop.pk])
    overview_url = reverse("employers:employer-establishment", args=[shop.pk])

    # when each opens the establishment's overview
    sign_in(client, payer)
    shown_to_payer = client.get(overview_url).content.decode()
    client.logout()
    sign_in(client, permits_only)
    shown_to_other = client.get(overview_url).content.decode()

    # then only the one who may pay sees the link to the invoices
    assert f'href="{invoices_url}"' in shown_to_payer
    assert f'href="{invoices_url}"' not in shown_to_other


def test_only_representatives_with_the_payments_service_pay(client, shop):
    # given a representative appointed for work permits only
    permits_only = MembershipFactory.create(establishment=shop, services=[Service.PERMITS]).user
    invoice = invoice_for(shop)
    sign_in(client, permits_only)

    # then the payment pages are not found for them, and the service refuses
    assert client.get(reverse("payments:employer-invoices", args=[shop.pk])).status_code == 404
    assert (
        client.post(
            reverse("payments:employer-pay", args=[shop.pk]), {"invoice": [invoice.pk]}
        ).status_code
        == 404
    )
    with pytest.raises(PermissionDeniedError):
        checkout_start(
            establishment=shop,
            invoice_ids=[invoice.pk],
            user=permits_only,
            success_url="http://testserver/",
            cancel_url="http://testserver/",
        )
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN


def test_paying_a_paid_invoice_from_the_page_is_refused_with_a_message(client, shop):
    user = MembershipFactory.create(establishment=shop).user
    invoice = invoice_for(shop)
    _paid(invoice)
    sign_in(client, user)

    with translation.override("en"):
        url = reverse("payments:employer-pay", args=[shop.pk])
    response = client.post(url, {"invoice": [invoice.pk]}, follow=True)

    assert "Only invoices waiting for payment can be paid." in response.content.decode()


def test_the_receipt_is_a_pdf_and_its_public_check_says_it_is_genuine(client, shop):
    user = MembershipFactory.create(establishment=shop).user
    payment = _paid(invoice_for(shop))
    sign_in(client, user)

    pdf = client.get(reverse("payments:employer-receipt", args=[shop.pk, payment.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    client.logout()
    with translation.override("en"):
        check = client.get(reverse("payments:receipt-check", args=[payment.receipt_token]))
    page = check.content.decode()
    assert check.status_code == 200
    assert payment.receipt_number in page
    assert "This receipt is genuine" in page
    assert check["Cache-Control"] == "no-store"
    assert client.get(reverse("payments:receipt-check", args=["forged"])).status_code == 404


def test_the_receipt_context_carries_a_qr_code_of_the_check_address(shop):
    from payments.receipts import receipt_context

    payment = _paid(invoice_for(shop))
    context = receipt_context(payment=payment, check_url="http://testserver/ar/receipts/x/")
    assert str(context["qr"]).startswith("data:image/svg+xml")


def test_revenue_by_governorate_with_csv_and_excel(client, staff_client, shop):
    # given RO 5 collected and RO 7 outstanding in Muscat, RO 2 written off elsewhere
    _paid(invoice_for(shop, 5_000))
    invoice_for(shop, 7_000)
    elsewhere = invoice_for(EstablishmentFactory.create(governorate="dhofar"), 2_000)
    from payments.services import invoice_write_off

    invoice_write_off(invoice=elsewhere, actor=UserFactory.create(role="officer"), reason="Closed")
    c = staff_client(User.Role.ANALYST)

    page = c.get(reverse("payments:staff-revenue"), {"by": "governorate"}).content.decode()
    for amount in ("5000", "7000", "2000"):
        assert amount in page

    exported = c.get(reverse("payments:staff-revenue-export-csv"), {"by": "governorate"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][0] == "governorate"
    muscat = next(row for row in rows if row[0] == "muscat")
    assert muscat[3:7] == ["5000", "7000", "0", "0"]

    book = load_workbook(
        io.BytesIO(c.get(reverse("payments:staff-revenue-export-xlsx"), {"by": "month"}).content)
    )
    assert book.active.max_row == 2  # header and this month


@pytest.mark.parametrize("by", ["fee_type", "governorate", "activity", "nationality", "month"])
def test_the_g2g_revenue_endpoint_needs_its_scope(client, shop, by):
    _paid(invoice_for(shop, 5_000))
    invoice_for(shop, 7_000)
    key = api_client_create(name="Finance ministry", scopes=["revenue:read"]).key
    wrong = api_client_create(name="Tender board", scopes=["omanization:read"]).key

    ok = client.get(f"/api/v1/g2g/revenue/?by={by}", HTTP_AUTHORIZATION=f"Api-Key {key}")
    refused = client.get("/api/v1/g2g/revenue/", HTTP_AUTHORIZATION=f"Api-Key {wrong}")

    assert ok.status_code == 200, ok.content
    body = ok.json()
    assert body["currency"] == "OMR"
    assert body["totals"]["collected_baisas"] == 5_000
    assert body["totals"]["outstanding_baisas"] == 7_000
    assert refused.status_code == 403
    bad = client.get("/api/v1/g2g/revenue/?by=colour", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert bad.status_code == 400


def test_sanad_counter_fees_and_confirmed_fines_become_invoices_once(shop):
    from employment.models import Violation, ViolationType
    from sanad.models import SanadFee
    from tests.sanad.helpers import active_consent, clerk, person

    consent = active_consent(clerk(), person())
    fee = SanadFee.objects.create(
        consent=consent, recorded_by=consent.clerk, amount=Decimal("2.500"), description="Copy"
    )
    violation = Violation.objects.create(
        establishment=shop,
        violation_type=ViolationType.objects.get(code="records"),
        inspector=UserFactory.create(role=User.Role.INSPECTOR),
        observed_on=datetime.date(2026, 1, 5),
        evidence="Register not shown.",
        fine=Decimal("200.000"),
        status=Violation.Status.CONFIRMED,
    )

    assert invoices_from_other_acts() == 2
    assert invoices_from_other_acts() == 0

    counter = Invoice.objects.get(sanad_fee=fee)
    assert counter.status == Invoice.Status.PAID
    assert counter.amount_baisas == 2_500
    assert counter.payment.source == Payment.Source.COUNTER
    fine = Invoice.objects.get(violation=violation)
    assert fine.fee_type == FeeType.VIOLATION_FINE
    assert fine.amount_baisas == 200_000
    assert fine.status == Invoice.Status.OPEN


def test_a_counter_fee_becomes_a_paid_invoice_when_the_clerk_records_it(shop):
    from sanad.services import fee_record
    from tests.sanad.helpers import active_consent, clerk, person

    # given a person served at a Sanad counter
    consent = active_consent(clerk(), person())

    # when the clerk records the fee the person paid there
    fee = fee_record(
        consent=consent, clerk=consent.clerk, amount=Decimal("3.250"), description="Copy"
    )

    # then its invoice is there at once, paid at the counter, billed to the person
    invoice = Invoice.objects.get(sanad_fee=fee)
    assert invoice.fee_type == FeeType.SANAD_COUNTER
    assert invoice.status == Invoice.Status.PAID
    assert invoice.amount_baisas == 3_250
    assert invoice.person == consent.person
    assert invoice.payment.source == Payment.Source.COUNTER
    assert invoice.payment.receipt_number.startswith("RCT")
    # and the nightly sweep finds nothing left to raise
    assert invoices_from_other_acts() == 0
    assert Invoice.objects.filter(sanad_fee=fee).count() == 1
