"""The employer's work permit pages as a browser without JavaScript uses them: the list, applying,
one permit (checks, documents, history), withdrawal, cancellation, renewal, the renewal worklist,
and transfers from another employer."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from accounts.models import User
from core.models import AuditEvent
from notifications.models import SmsMessage
from permits.models import BulkRenewal, DocumentRequest, Permit, PermitDocument, PermitTransfer
from permits.services import permit_request_documents
from tests.conftest import sign_in
from tests.factories import EstablishmentFactory, UserFactory
from tests.permits.builders import apply, representative
from tests.permits.employer_helpers import (
    PDF,
    PNG,
    apply_form,
    pdf,
    permit_row,
    permit_saved,
    signed_in,
    stored_files,
)
from tests.permits.transfer_helpers import REGISTRY_MOBILE, WORKER
from tests.test_accessibility import _assert_accessible

pytestmark = pytest.mark.django_db


def url(establishment, path: str = "", language: str = "en") -> str:
    return f"/{language}/employer/{establishment.pk}/permits/{path}"


@pytest.fixture
def establishment():
    return EstablishmentFactory.create(name_en="Falcon Trading LLC")


@pytest.fixture
def user(client, establishment) -> User:
    return signed_in(client, establishment)


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


class TestList:
    def test_lists_the_establishments_permits_with_titles_status_and_fee(
        self, client, establishment, user
    ):
        permit_saved(establishment, worker_name_en="Anil Perera", occupation_code="7411")
        permit_saved(
            EstablishmentFactory.create(), worker_name_en="CANARY-OTHER", occupation_code="7411"
        )

        response = client.get(url(establishment))

        page = response.content.decode()
        assert response.status_code == 200
        assert "Anil Perera" in page
        assert "CANARY-OTHER" not in page
        assert "Building and related electricians" in page  # ISCO-08 7411
        assert "Issued and valid" in page
        assert "201.000" in page
        assert "Apply for a work permit" in page
        assert "/permits/renewals/" in page
        assert "/permits/transfers/" in page
        _assert_accessible(url(establishment), page)

    def test_filters_by_status_and_searches_by_passport_number(self, client, establishment, user):
        permit_saved(establishment, worker_name_en="Active Worker", passport_number="P1111111")
        permit_saved(
            establishment,
            Permit.Status.WITHDRAWN,
            worker_name_en="Withdrawn Worker",
            passport_number="P2222222",
        )

        by_status = client.get(url(establishment), {"status": "withdrawn"}).content.decode()
        by_passport = client.get(url(establishment), {"q": "p1111111"}).content.decode()

        assert "Withdrawn Worker" in by_status
        assert "Active Worker" not in by_status
        assert "Active Worker" in by_passport
        assert "Withdrawn Worker" not in by_passport

    def test_htmx_gets_the_table_alone(self, client, establishment, user):
        permit_saved(establishment)

        response = client.get(url(establishment), headers={"HX-Request": "true"})

        assert response.status_code == 200
        assert b'id="permits"' in response.content
        assert b"<html" not in response.content

    def test_titles_take_one_query_whatever_the_page_size(self, client, establishment, user):
        Permit.objects.bulk_create([permit_row(establishment) for _ in range(2)])
        client.get(url(establishment))  # the first request of a session also writes it
        with CaptureQueriesContext(connection) as few:
            client.get(url(establishment))
        Permit.objects.bulk_create(
            [permit_row(establishment, occupation_code=code) for code in ["2411", "7112"] * 10]
        )

        with CaptureQueriesContext(connection) as many:
            response = client.get(url(establishment))

        assert response.context["page"].paginator.count == 22
        assert len(many) == len(few)

    def test_the_establishment_pages_have_a_work_permits_tab(self, client, establishment, user):
        response = client.get(f"/en/employer/{establishment.pk}/")

        assert f'href="/en/employer/{establishment.pk}/permits/"' in response.content.decode()
        assert "Work permits" in response.content.decode()


class TestApply:
    def test_the_form_is_accessible(self, client, establishment, user):
        response = client.get(url(establishment, "apply/"))

        page = response.content.decode()
        assert response.status_code == 200
        assert 'enctype="multipart/form-data"' in page
        assert 'name="other_documents"' in page
        assert "multiple" in page
        _assert_accessible(url(establishment, "apply/"), page)

    def test_every_check_passing_issues_the_permit_at_once_and_texts_both_sides(
        self, client, establishment, user, private_files
    ):
        form = apply_form(
            other_documents=[pdf("degree.pdf"), pdf("medical.png", PNG)],
            contract=pdf("contract.pdf"),
            worker_civil_id=WORKER,
        )

        response = client.post(url(establishment, "apply/"), form, follow=True)

        permit = Permit.objects.get(establishment=establishment)
        assert permit.status == Permit.Status.ACTIVE
        assert permit.applied_by == user
        assert response.redirect_chain[-1][0] == url(establishment, f"{permit.pk}/")
        assert any(
            f"Work permit {permit.number} is issued" in message and "201.000" in message
            for message in _messages(response)
        )
        kinds = sorted(permit.documents.values_list("kind", flat=True))
        assert kinds == ["contract", "other", "other", "passport"]
        assert len(stored_files(private_files)) == 4
        assert set(permit.documents.values_list("content_type", flat=True)) == {
            "application/pdf",
            "image/png",
        }
        texts = SmsMessage.objects.filter(rendered_text__contains=permit.number)
        assert texts.filter(recipient=user).exists()
        # the worker at the registry's mobile of their resident card number, not the typed one
        assert permit.worker_civil_id == WORKER
        assert texts.filter(to_number=REGISTRY_MOBILE, recipient__isnull=True).exists()
        assert not texts.filter(to_number="+96892000001").exists()
        assert AuditEvent.objects.filter(action="permits.applied", actor=user).exists()

    def test_a_failed_check_sends_the_application_to_an_officer(self, client, establishment, user):
        # 4110 (general office clerks) is reserved for Omanis under the rules in force
        response = client.post(
            url(establishment, "apply/"), apply_form(occupation_code="4110"), follow=True
        )

        permit = Permit.objects.get(establishment=establishment)
        assert permit.status == Permit.Status.SUBMITTED
        message = " ".join(_messages(response))
        assert f"Application {permit.number} was sent to a ministry officer" in message
        assert "Occupation 4110 is reserved for Omanis." in message

    def test_a_worker_with_an_open_application_is_refused_above_the_form(
        self, client, establishment, user
    ):
        apply(establishment, user, passport_number="K5550001", occupation_code="4110")

        response = client.post(url(establishment, "apply/"), apply_form(passport_number="K5550001"))

        page = response.content.decode()
        assert response.status_code == 200
        assert 'id="error-summary"' in page
        assert "An application for this worker is already open" in page
        assert Permit.objects.filter(establishment=establishment).count() == 1


class TestDetail:
    def test_shows_the_permit_its_fee_checks_documents_and_history(
        self, client, establishment, user
    ):
        client.post(url(establishment, "apply/"), apply_form())
        permit = Permit.objects.get(establishment=establishment)

        response = client.get(url(establishment, f"{permit.pk}/"))

        page = response.content.decode()
        assert response.status_code == 200
        assert permit.number in page
        assert "Rajesh Kumar" in page
        assert "Building and related electricians" in page
        assert "Third category" in page  # fee band of MD 602/2025 for major group 7
        assert "× 1.000" in page
        assert 'id="checks"' in page
        assert "Omanization compliant after this permit" in page
        assert "No Omanization rules are in force for this date." in page
        assert "Switched off by policy" in page
        assert "this permit was not tested against Omani jobseekers" in page
        assert "passport.pdf" in page
        assert "Work permit applied for" in page
        assert "Work permit issued" in page
        assert "Download the permit (PDF)" in page
        assert "Cancel this permit" in page
        assert "Withdraw the application" not in page
        assert "It can be renewed from" in page
        _assert_accessible(url(establishment, f"{permit.pk}/"), page)

    def test_arabic_page_shows_the_checks_in_arabic(self, client, establishment, user):
        client.post(url(establishment, "apply/"), apply_form())
        permit = Permit.objects.get(establishment=establishment)

        response = client.get(url(establishment, f"{permit.pk}/", language="ar"))

        assert response.status_code == 200
        assert 'dir="rtl"' in response.content.decode()
        with translation.override("ar"):
            from permits.presentation import check_rows

            rows = check_rows(permit)
        assert rows[0].label in response.content.decode()

    def test_an_open_document_request_is_highlighted_and_an_upload_answers_it(
        self, client, establishment, user, private_files
    ):
        permit = apply(establishment, user, occupation_code="4110")
        officer = UserFactory.create(role=User.Role.OFFICER)
        permit_request_documents(
            permit=permit, officer=officer, kind="contract", note="The signed contract, please."
        )

        page = client.get(url(establishment, f"{permit.pk}/")).content.decode()
        assert "The signed contract, please." in page
        assert 'class="table-warning"' in page
        assert "Waiting for you" in page
        assert '<option value="contract" selected>' in page

        response = client.post(
            url(establishment, f"{permit.pk}/documents/"),
            {"kind": "contract", "file": pdf("contract.pdf")},
        )

        assert response.status_code == 302
        assert response["Location"].endswith(f"/permits/{permit.pk}/#documents")
        permit.refresh_from_db()
        assert permit.status == Permit.Status.SUBMITTED
        assert DocumentRequest.objects.get(permit=permit).answered_at is not None
        assert PermitDocument.objects.get(permit=permit).original_filename == "contract.pdf"
        assert len(stored_files(private_files)) == 1

    def test_a_document_upload_of_the_wrong_type_is_refused_with_a_message(
        self, client, establishment, user, private_files
    ):
        permit = apply(establishment, user, occupation_code="4110")

        response = client.post(
            url(establishment, f"{permit.pk}/documents/"),
            {"kind": "other", "file": pdf("notes.pdf", b"just some text\n")},
            follow=True,
        )

        assert any("is not a PDF, JPEG or PNG document" in m for m in _messages(response))
        assert not PermitDocument.objects.exists()
        assert stored_files(private_files) == []

    def test_the_owner_downloads_a_document_as_an_attachment(self, client, establishment, user):
        client.post(url(establishment, "apply/"), apply_form())
        document = PermitDocument.objects.get(permit__establishment=establishment)

        response = client.get(url(establishment, f"{document.permit_id}/documents/{document.pk}/"))

        assert response.status_code == 200
        assert response.content == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="passport.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]

    def test_every_download_of_a_document_is_audited(self, client, establishment, user):
        from core.models import AuditEvent

        client.post(url(establishment, "apply/"), apply_form())
        document = PermitDocument.objects.get(permit__establishment=establishment)
        link = url(establishment, f"{document.permit_id}/documents/{document.pk}/")

        client.get(link)
        client.get(link)

        events = AuditEvent.objects.filter(action="permits.document_downloaded")
        assert events.count() == 2
        assert {e.actor for e in events} == {user}
        assert events.first().after["document"] == document.pk
        assert events.first().after["file"] == "passport.pdf"

    def test_a_document_of_another_permit_of_the_establishment_is_not_found(
        self, client, establishment, user
    ):
        client.post(url(establishment, "apply/"), apply_form())
        document = PermitDocument.objects.get(permit__establishment=establishment)
        other_permit = permit_saved(establishment)

        response = client.get(url(establishment, f"{other_permit.pk}/documents/{document.pk}/"))

        assert response.status_code == 404

    def test_no_certificate_for_a_permit_that_is_not_valid(self, client, establishment, user):
        permit = permit_saved(establishment, Permit.Status.WITHDRAWN)

        assert client.get(url(establishment, f"{permit.pk}/certificate.pdf")).status_code == 404


class TestWithdrawAndCancel:
    def test_withdraw_an_application_waiting_for_a_decision(self, client, establishment, user):
        permit = apply(establishment, user, occupation_code="4110")
        page = client.get(url(establishment, f"{permit.pk}/")).content.decode()
        assert "Withdraw the application" in page

        response = client.post(url(establishment, f"{permit.pk}/withdraw/"), follow=True)

        permit.refresh_from_db()
        assert permit.status == Permit.Status.WITHDRAWN
        assert f"Application {permit.number} is withdrawn." in _messages(response)
        assert AuditEvent.objects.filter(action="permits.withdrawn", actor=user).exists()

    def test_withdraw_refuses_an_issued_permit_with_a_message(self, client, establishment, user):
        permit = permit_saved(establishment)

        response = client.post(url(establishment, f"{permit.pk}/withdraw/"), follow=True)

        permit.refresh_from_db()
        assert permit.status == Permit.Status.ACTIVE
        assert any("can be withdrawn" in message for message in _messages(response))

    @pytest.mark.parametrize("action", ["withdraw", "cancel", "renew", "documents"])
    def test_actions_answer_only_post(self, client, establishment, user, action):
        permit = permit_saved(establishment)

        response = client.get(url(establishment, f"{permit.pk}/{action}/"))

        assert response.status_code == 405

    def test_cancel_with_a_reason(self, client, establishment, user):
        permit = permit_saved(establishment)

        response = client.post(
            url(establishment, f"{permit.pk}/cancel/"),
            {"reason": "The worker resigned."},
            follow=True,
        )

        permit.refresh_from_db()
        assert permit.status == Permit.Status.CANCELLED
        assert permit.ended_reason == "The worker resigned."
        assert f"Work permit {permit.number} is cancelled." in _messages(response)
        assert SmsMessage.objects.filter(rendered_text__contains=permit.number).exists()

    def test_cancel_without_a_reason_changes_nothing(self, client, establishment, user):
        permit = permit_saved(establishment)

        response = client.post(
            url(establishment, f"{permit.pk}/cancel/"), {"reason": " "}, follow=True
        )

        permit.refresh_from_db()
        assert permit.status == Permit.Status.ACTIVE
        assert "Give the reason for the cancellation." in _messages(response)


class TestRenew:
    def test_renew_inside_the_window_issues_the_renewal(self, client, establishment, user):
        permit = permit_saved(establishment)
        page = client.get(url(establishment, f"{permit.pk}/")).content.decode()
        assert "Renew this permit" in page

        response = client.post(url(establishment, f"{permit.pk}/renew/"), follow=True)

        permit.refresh_from_db()
        renewal = Permit.objects.get(previous_permit=permit)
        assert permit.status == Permit.Status.RENEWED
        assert renewal.status == Permit.Status.ACTIVE
        assert renewal.kind == Permit.Kind.RENEWAL
        assert renewal.valid_from == permit.valid_until + datetime.timedelta(days=1)
        assert response.redirect_chain[-1][0] == url(establishment, f"{renewal.pk}/")
        assert any(f"Permit {permit.number} is renewed" in m for m in _messages(response))

    def test_renew_before_the_window_opens_is_refused(self, client, establishment, user):
        today = timezone.localdate()
        permit = permit_saved(establishment, valid_until=today + datetime.timedelta(days=300))
        page = client.get(url(establishment, f"{permit.pk}/")).content.decode()
        assert "Renew this permit" not in page

        response = client.post(url(establishment, f"{permit.pk}/renew/"), follow=True)

        permit.refresh_from_db()
        assert permit.status == Permit.Status.ACTIVE
        assert any("can be renewed from" in m for m in _messages(response))
        assert not Permit.objects.filter(previous_permit=permit).exists()

    def test_renew_with_an_expired_passport_explains_why(self, client, establishment, user):
        today = timezone.localdate()
        permit = permit_saved(establishment, passport_expiry=today - datetime.timedelta(days=1))

        response = client.post(url(establishment, f"{permit.pk}/renew/"), follow=True)

        assert any("The passport has expired" in m for m in _messages(response))
        assert Permit.objects.filter(establishment=establishment).count() == 1


class TestRenewalWorklist:
    def test_lists_permits_ending_inside_the_window_only(self, client, establishment, user):
        today = timezone.localdate()
        soon = permit_saved(establishment, worker_name_en="Ends Soon")
        permit_saved(
            establishment,
            worker_name_en="Ends Later",
            valid_until=today + datetime.timedelta(weeks=20),
        )
        permit_saved(establishment, Permit.Status.WITHDRAWN, worker_name_en="Not Held")

        response = client.get(url(establishment, "renewals/"))

        page = response.content.decode()
        assert "Ends Soon" in page
        assert "Ends Later" not in page
        assert "Not Held" not in page
        assert f'value="{soon.pk}" id="renew-{soon.pk}">' in page  # not checked
        _assert_accessible(url(establishment, "renewals/"), page)

    def test_select_all_on_this_page_checks_every_box(self, client, establishment, user):
        permits = [permit_saved(establishment) for _ in range(3)]

        page = client.get(url(establishment, "renewals/"), {"select": "all"}).content.decode()

        for permit in permits:
            assert f'value="{permit.pk}" id="renew-{permit.pk}" checked>' in page

    def test_renew_the_chosen_permits_from_the_worklist(
        self, client, establishment, user, django_capture_on_commit_callbacks
    ):
        chosen, left = permit_saved(establishment), permit_saved(establishment)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url(establishment, "renewals/bulk/"), {"permit": [chosen.pk]})

        bulk = BulkRenewal.objects.get(establishment=establishment)
        assert response.status_code == 302
        assert response["Location"] == url(establishment, f"renewals/bulk/{bulk.pk}/")
        assert bulk.status == BulkRenewal.Status.SUCCEEDED
        assert bulk.permit_ids == [chosen.pk]
        chosen.refresh_from_db()
        left.refresh_from_db()
        assert chosen.status == Permit.Status.RENEWED
        assert left.status == Permit.Status.ACTIVE
        page = client.get(response["Location"]).content.decode()
        assert "1 of 1 permits processed (100%)" in page
        assert chosen.number in page
        assert 'id="bulk-outcomes"' in page

    def test_renewing_nothing_is_refused(self, client, establishment, user):
        response = client.post(url(establishment, "renewals/bulk/"), {}, follow=True)

        assert "Choose at least one permit to renew." in _messages(response)
        assert not BulkRenewal.objects.exists()

    def test_another_establishments_permit_cannot_be_slipped_in(self, client, establishment, user):
        other = permit_saved(EstablishmentFactory.create())

        response = client.post(
            url(establishment, "renewals/bulk/"), {"permit": [other.pk]}, follow=True
        )

        assert "Some of the chosen permits are not this establishment's." in _messages(response)
        assert not BulkRenewal.objects.exists()


class TestTransfers:
    @pytest.fixture
    def held_elsewhere(self):
        return permit_saved(
            EstablishmentFactory.create(), passport_number="T7654321", worker_civil_id=WORKER
        )

    def test_ask_to_take_over_a_worker_texts_the_worker(
        self, client, establishment, user, held_elsewhere
    ):
        response = client.post(
            url(establishment, "transfers/new/"),
            {
                "permit_number": held_elsewhere.number.lower(),
                "passport_number": "t7654321",
                "occupation_code": "7112",
                "job_level": "4",
                "monthly_salary": "300",
            },
            follow=True,
        )

        transfer = PermitTransfer.objects.get(to_establishment=establishment)
        assert transfer.permit == held_elsewhere
        assert transfer.status == PermitTransfer.Status.AWAITING_CONSENT
        assert response.redirect_chain[-1][0] == url(establishment, "transfers/")
        page = response.content.decode()
        assert held_elsewhere.number in page
        assert "consent" in page
        asked = SmsMessage.objects.filter(rendered_text__contains=held_elsewhere.number)
        assert [m.to_number for m in asked] == [REGISTRY_MOBILE]
        assert transfer.consent_sent_via == "registry_sms"
        listed = client.get(url(establishment, "transfers/")).content.decode()
        assert "code sent to the civil registry" in listed

    def test_a_wrong_passport_number_finds_nothing(
        self, client, establishment, user, held_elsewhere
    ):
        response = client.post(
            url(establishment, "transfers/new/"),
            {
                "permit_number": held_elsewhere.number,
                "passport_number": "X0000000",
                "occupation_code": "7112",
                "job_level": "4",
                "monthly_salary": "300",
            },
        )

        page = response.content.decode()
        assert 'id="error-summary"' in page
        assert "No valid permit matches this permit number and passport number." in page
        assert not PermitTransfer.objects.exists()

    def test_the_new_job_is_checked_field_by_field(
        self, client, establishment, user, held_elsewhere
    ):
        response = client.post(
            url(establishment, "transfers/new/"),
            {
                "permit_number": held_elsewhere.number,
                "passport_number": "T7654321",
                "occupation_code": "9999",
                "job_level": "4",
                "monthly_salary": "300",
            },
        )

        form = response.context["form"]
        assert form.errors["occupation_code"] == [
            "9999 is not an ISCO-08 occupation: use the 4-digit code of a unit group."
        ]
        assert not PermitTransfer.objects.exists()

    def test_the_list_and_the_form_are_accessible(self, client, establishment, user):
        for path in ("transfers/", "transfers/new/"):
            response = client.get(url(establishment, path))
            assert response.status_code == 200
            _assert_accessible(url(establishment, path), response.content.decode())


def test_a_representative_of_another_establishment_is_not_let_in(client, establishment):
    permit = permit_saved(establishment)
    sign_in(client, representative(EstablishmentFactory.create()))

    assert client.get(url(establishment, f"{permit.pk}/")).status_code == 404
    assert client.get(url(establishment)).status_code == 404
