"""The permit certificate: a one-page bilingual PDF whose QR code leads to the public check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import segno
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.signals import template_rendered
from django.utils import timezone
from weasyprint import HTML

from core.models import AuditEvent
from core.pdf import FONT_DIR, FontsOnlyFetcher
from permits.certificates import certificate_pdf_response, verification_url
from permits.models import Permit
from tests.factories import EstablishmentFactory
from tests.permits.builders import apply, representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit() -> Permit:
    shop = EstablishmentFactory.create(
        cr_number="7654321", name_en="Canary Trading LLC", name_ar="كناري للتجارة"
    )
    return apply(shop, representative(shop), requested_start=timezone.localdate())


@pytest.fixture
def rendered() -> Iterator[list[dict[str, Any]]]:
    """The contexts of the templates rendered during the test."""
    contexts: list[dict[str, Any]] = []

    def record(sender: object, template: Any, context: Any, **kwargs: object) -> None:
        if template.name == "permits/certificate.html":
            contexts.append(context.flatten())

    template_rendered.connect(record)
    yield contexts
    template_rendered.disconnect(record)


def _download(permit: Permit) -> Any:
    request = RequestFactory().get("/", HTTP_HOST="localhost", secure=True)
    assert permit.applied_by is not None
    request.user = permit.applied_by
    return certificate_pdf_response(request, permit)


def test_the_certificate_is_a_one_page_pdf_and_the_download_is_audited(permit):
    response = _download(permit)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{permit.number}.pdf"'
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(action="permits.certificate_downloaded")
    assert event.actor == permit.applied_by
    assert event.object_id == str(permit.pk)


def test_the_qr_code_and_the_printed_address_lead_to_the_public_check(permit, rendered):
    _download(permit)

    (context,) = rendered
    url = context["verify_url"]
    assert url == f"https://localhost/ar/verify/{permit.certificate_token}/"
    assert context["qr"] == segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def test_the_certificate_prints_both_languages_and_the_permit_details_on_one_page(permit, rendered):
    _download(permit)
    html = render_to_string("permits/certificate.html", rendered[0])
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=FontsOnlyFetcher())
    assert len(document.render().pages) == 1

    for text in (
        permit.number,
        "Rajesh Kumar",
        "راجيش كومار",
        "IND",
        permit.passport_number,
        "7411",
        "Canary Trading LLC",
        "كناري للتجارة",
        "7654321",
        permit.valid_from.isoformat(),
        permit.valid_until.isoformat(),
        rendered[0]["verify_url"],
    ):
        assert text in html, text
    assert rendered[0]["occupation_title_en"]
    assert rendered[0]["occupation_title_en"] in html
    assert rendered[0]["occupation_title_ar"] in html


def test_the_verification_url_is_absolute_and_carries_the_token(permit):
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1")
    url = verification_url(request, permit)
    assert url.startswith("http://127.0.0.1/ar/verify/")
    assert permit.certificate_token in url
