"""Bad input through the apply page: each problem is shown next to its field and in the summary
at the top, in the reader's language, and nothing is saved: no permit, no stored file."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from notifications.models import SmsMessage
from permits.documents import MAX_DOCUMENT_BYTES
from permits.models import Permit, PermitDocument
from tests.factories import EstablishmentFactory
from tests.permits.employer_helpers import apply_form, pdf, signed_in, stored_files

pytestmark = pytest.mark.django_db

TOO_BIG = b"%PDF-1.4\n" + b"0" * MAX_DOCUMENT_BYTES + b"\n%%EOF\n"


@pytest.fixture
def post(client: Client, private_files: Path) -> Callable[..., str]:
    """Post the apply form with `overrides` and return the page, after checking that nothing
    was saved."""
    establishment = EstablishmentFactory.create()
    signed_in(client, establishment)

    def submit(language: str = "en", **overrides: object) -> str:
        response = client.post(
            f"/{language}/employer/{establishment.pk}/permits/apply/", apply_form(**overrides)
        )
        assert response.status_code == 200, "a refused application shows the form again"
        assert Permit.objects.count() == 0
        assert PermitDocument.objects.count() == 0
        assert stored_files(private_files) == []
        assert SmsMessage.objects.count() == 0
        page = response.content.decode()
        assert 'id="error-summary"' in page
        return page

    return submit


def test_a_text_file_renamed_passport_pdf_is_refused_by_its_content(post):
    page = post(passport_copy=pdf("passport.pdf", b"This is not a scan, just text.\n"))

    assert (
        "The file passport.pdf is not a PDF, JPEG or PNG document: upload a scan in one of "
        "these formats." in page
    )
    assert 'href="#id_passport_copy"' in page


def test_a_file_that_only_starts_like_a_pdf_is_refused(post):
    page = post(other_documents=[pdf("cut.pdf", b"%PDF-1.4\ntruncated halfway")])

    assert "The file cut.pdf is not a PDF, JPEG or PNG document" in page
    assert 'href="#id_other_documents"' in page


def test_a_file_over_5_mb_is_refused(post):
    page = post(passport_copy=pdf("big.pdf", TOO_BIG))

    assert "The file big.pdf is larger than 5 MB: upload a smaller scan." in page


def test_one_file_over_5_mb_among_other_documents_is_refused(post):
    page = post(other_documents=[pdf("small.pdf"), pdf("huge.pdf", TOO_BIG)])

    assert "The file huge.pdf is larger than 5 MB: upload a smaller scan." in page


def test_an_application_without_a_passport_copy_is_refused(post):
    page = post(passport_copy=None)

    assert "Attach a copy of the worker&#x27;s passport." in page


def test_a_passport_that_expires_before_the_date_of_birth_is_refused(post):
    page = post(date_of_birth="1990-05-17", passport_expiry="1985-01-01")

    assert "The passport expiry must come after the date of birth." in page
    assert 'href="#id_passport_expiry"' in page


def test_a_start_date_in_the_past_is_refused(post):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    page = post(requested_start=yesterday.isoformat())

    assert "The start date cannot be in the past." in page
    assert 'href="#id_requested_start"' in page


def test_a_date_that_is_not_a_date_is_refused_once(post):
    page = post(date_of_birth="31/02/1990")

    assert "Enter a real date, such as 2026-03-01." in page
    # the service's "Enter the worker's date of birth." is not added on top of it
    assert "Enter the worker&#x27;s date of birth." not in page


def test_an_unknown_occupation_code_is_refused(post):
    page = post(occupation_code="9999")

    assert "9999 is not an ISCO-08 occupation: use the 4-digit code of a unit group." in page
    assert 'href="#id_occupation_code"' in page


def test_names_typed_in_the_wrong_script_are_refused(post):
    page = post(worker_name_ar="Rajesh Kumar", worker_name_en="راجيش كومار")

    assert "Rajesh Kumar is not written in Arabic letters" in page
    assert "راجيش كومار is not written in Latin letters" in page
    assert 'href="#id_worker_name_ar"' in page
    assert 'href="#id_worker_name_en"' in page


def test_the_errors_are_in_arabic_on_the_arabic_page(post):
    page = post(language="ar", worker_name_ar="Rajesh Kumar", occupation_code="9999")

    assert 'dir="rtl"' in page
    assert "القيمة Rajesh Kumar ليست مكتوبة بحروف عربية" in page
    assert "القيمة 9999 ليست مهنة وفق تصنيف ISCO-08" in page


def test_an_omani_needs_no_work_permit(post):
    page = post(nationality="OMN")

    assert "Omanis do not need a work permit" in page


def test_every_problem_is_listed_at_once(post):
    page = post(
        passport_copy=pdf("passport.pdf", b"plain text"),
        worker_name_en="راجيش",
        occupation_code="9999",
        monthly_salary="a lot",
        job_level="7",
    )

    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    for field in (
        "passport_copy",
        "worker_name_en",
        "occupation_code",
        "monthly_salary",
        "job_level",
    ):
        assert f'href="#id_{field}"' in summary
