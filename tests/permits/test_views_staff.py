"""The ministry's permit pages as officers and approvers use them: the queue and its filters,
the case page, the actions on a case, the documents and the permit rule sets."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from core.models import AuditEvent
from notifications.models import SmsMessage
from permits.models import DocumentRequest, Permit
from permits.services import permit_approve, permit_assign
from tests.factories import EstablishmentFactory
from tests.permits.staff_helpers import (
    PDF,
    barred_establishment,
    issued_permit,
    queued_case,
    signed_in,
    staff,
    stored_document,
)
from tests.permits.transfer_helpers import REGISTRY_MOBILE, WORKER
from tests.test_accessibility import _assert_accessible

pytestmark = pytest.mark.django_db

R = User.Role


def url(name: str, **kwargs: Any) -> str:
    """The English address of a permits URL (the tests read English text)."""
    with translation.override("en"):
        return reverse(f"permits:{name}", kwargs=kwargs or None)


def body(response: Any) -> str:
    return response.content.decode()


def events(permit: Permit, action: str) -> int:
    return AuditEvent.objects.filter(
        object_type="permits.permit", object_id=str(permit.pk), action=action
    ).count()


@pytest.fixture
def officer() -> User:
    return staff(R.OFFICER)


@pytest.fixture
def approver() -> User:
    return staff(R.APPROVER)


# --- the queue ------------------------------------------------------------------------------


class TestQueue:
    def test_lists_cases_with_failed_checks_and_their_columns(self, officer):
        # given
        establishment = barred_establishment(cr_number="3900001", name_en="Falcon Works LLC")
        case = queued_case(establishment, worker_name_en="Anil Sharma", occupation_code="7411")
        issued = issued_permit()

        # when
        page = body(signed_in(officer).get(url("staff-queue")))

        # then
        assert case.number in page
        assert "3900001" in page
        assert "Falcon Works LLC" in page
        assert "Anil Sharma" in page
        assert "Building and related electricians" in page
        assert "Nobody yet" in page
        assert issued.number not in page

    def test_oldest_case_comes_first(self, officer):
        newer = queued_case()
        older = queued_case()
        Permit.objects.filter(pk=older.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=3)
        )

        page = body(signed_in(officer).get(url("staff-queue")))

        assert page.index(older.number) < page.index(newer.number)

    def test_age_in_days(self, officer):
        case = queued_case()
        Permit.objects.filter(pk=case.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=9)
        )

        page = body(signed_in(officer).get(url("staff-queue")))

        assert "<td>9</td>" in page

    def test_a_period_that_ends_before_it_starts_is_reported(self, officer):
        queued_case()

        response = signed_in(officer).get(
            url("staff-queue"), {"submitted_from": "2026-05-02", "submitted_to": "2026-05-01"}
        )

        assert response.status_code == 200
        assert 'id="error-summary"' in body(response)
        assert "The end of the period must be on or after its start." in body(response)

    def test_query_count_does_not_grow_with_the_page(
        self, officer, approver, django_assert_max_num_queries
    ):
        # given a queue of two assigned cases
        client = signed_in(officer)

        def add_cases(count: int) -> None:
            for _ in range(count):
                case = queued_case()
                permit_assign(permit=case, officer=approver, assigned_by=officer)

        add_cases(2)
        with CaptureQueriesContext(connection) as small:
            assert client.get(url("staff-queue")).status_code == 200

        # when the queue grows to a full page of 25 (and a second page)
        add_cases(25)

        # then a full page costs no more queries than the page of two
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = client.get(url("staff-queue"))
        assert response.status_code == 200
        assert len(response.context["rows"]) == 25


@pytest.fixture
def queue_cases(officer, approver) -> dict[str, Permit]:
    """One case per filter, each distinguishable from the others."""
    barred = barred_establishment(cr_number="3900100")
    cases = {
        # barred establishment, submitted, unassigned, new, 7411, today
        "plain": queued_case(barred, occupation_code="7411"),
        # reserved occupation (4110) at an establishment without a bar, assigned to the officer
        "reserved_mine": queued_case(EstablishmentFactory.create(), occupation_code="4110"),
        # barred, documents requested
        "documents": queued_case(barred_establishment(), occupation_code="7411"),
        # barred, a transfer, submitted 40 days ago
        "old_transfer": queued_case(barred_establishment(), occupation_code="7411"),
        # barred, an exception proposed by an approver
        "proposed": queued_case(barred_establishment(), occupation_code="7411"),
    }
    permit_assign(permit=cases["reserved_mine"], officer=officer, assigned_by=officer)
    from permits.services import permit_request_documents

    permit_request_documents(
        permit=cases["documents"], officer=officer, kind="contract", note="Signed contract"
    )
    Permit.objects.filter(pk=cases["old_transfer"].pk).update(
        kind=Permit.Kind.TRANSFER, created_at=timezone.now() - datetime.timedelta(days=40)
    )
    permit_approve(permit=cases["proposed"], approver=approver, reason="Bar is being lifted")
    return cases


def _forty_days_ago() -> str:
    return (timezone.localdate() - datetime.timedelta(days=40)).isoformat()


def _listed(client: Any, query: dict[str, str], cases: dict[str, Permit]) -> set[str]:
    page = body(client.get(url("staff-queue"), query))
    return {name for name, case in cases.items() if case.number in page}


class TestQueueFilters:
    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            pytest.param(
                {}, {"plain", "reserved_mine", "documents", "old_transfer", "proposed"}, id="none"
            ),
            pytest.param(
                {"status": "submitted"},
                {"plain", "old_transfer", "proposed"},
                id="status-submitted",
            ),
            pytest.param({"status": "under_review"}, {"reserved_mine"}, id="status-under-review"),
            pytest.param({"status": "documents_requested"}, {"documents"}, id="status-documents"),
            pytest.param({"assigned": "me"}, {"reserved_mine"}, id="assigned-me"),
            pytest.param(
                {"assigned": "none"},
                {"plain", "documents", "old_transfer", "proposed"},
                id="unassigned",
            ),
            pytest.param(
                {"failed_check": "occupation_not_reserved"}, {"reserved_mine"}, id="failed-reserved"
            ),
            pytest.param(
                {"failed_check": "not_barred"},
                {"plain", "documents", "old_transfer", "proposed"},
                id="failed-barred",
            ),
            pytest.param({"failed_check": "passport_validity"}, set(), id="failed-passport"),
            pytest.param({"cr_number": "3900100"}, {"plain"}, id="cr-number"),
            pytest.param({"cr_number": " 3900100 "}, {"plain"}, id="cr-number-spaces"),
            pytest.param({"occupation_code": "4110"}, {"reserved_mine"}, id="occupation"),
            pytest.param({"kind": "transfer"}, {"old_transfer"}, id="kind-transfer"),
            pytest.param(
                {"kind": "new"}, {"plain", "reserved_mine", "documents", "proposed"}, id="kind-new"
            ),
            pytest.param({"awaiting_second_approver": "on"}, {"proposed"}, id="awaiting-second"),
        ],
    )
    def test_each_filter_narrows_the_queue(self, officer, queue_cases, query, expected):
        assert _listed(signed_in(officer), query, queue_cases) == expected

    def test_submitted_between_two_dates(self, officer, queue_cases):
        client = signed_in(officer)
        forty = _forty_days_ago()
        today = timezone.localdate().isoformat()

        until_forty = _listed(client, {"submitted_to": forty}, queue_cases)
        from_today = _listed(client, {"submitted_from": today}, queue_cases)
        exactly_forty = _listed(
            client, {"submitted_from": forty, "submitted_to": forty}, queue_cases
        )

        assert until_forty == {"old_transfer"}
        assert exactly_forty == {"old_transfer"}
        assert from_today == {"plain", "reserved_mine", "documents", "proposed"}

    def test_the_assigned_officer_is_shown(self, officer, queue_cases):
        page = body(signed_in(officer).get(url("staff-queue"), {"assigned": "me"}))

        assert officer.full_name_en in page

    def test_filters_are_kept_on_the_page_links(self, officer):
        for _ in range(26):
            queued_case(occupation_code="7411")

        page = body(signed_in(officer).get(url("staff-queue"), {"occupation_code": "7411"}))

        assert "occupation_code=7411&amp;page=2" in page

    def test_a_status_outside_the_queue_is_refused(self, officer):
        issued = issued_permit()

        response = signed_in(officer).get(url("staff-queue"), {"status": "active"})

        assert 'id="error-summary"' in body(response)
        assert issued.number not in body(response)


# --- the case -------------------------------------------------------------------------------


class TestCasePage:
    def test_officer_sees_the_case(self, officer):
        # given
        establishment = barred_establishment(cr_number="3900200", bar_reason="Wage arrears")
        case = queued_case(establishment, worker_name_en="Anil Sharma")
        stored_document(case, name="anil-passport.pdf")

        # when
        page = body(signed_in(officer).get(url("staff-case", permit_id=case.pk)))

        # then: the facts of the case
        assert case.number in page
        assert "3900200" in page
        assert "Anil Sharma" in page
        assert str(case.fee_amount) in page
        # the failed check, highlighted, with its reason; the labour-market test switched off
        assert 'class="table-danger"' in page
        assert "The establishment is barred from new permits: Wage arrears" in page
        assert "Switched off by policy" in page
        # the document, the history, and the officer's forms (but no decision)
        assert "anil-passport.pdf" in page
        assert url("staff-document", permit_id=case.pk, document_id=case.documents.get().pk) in page
        assert "Work permit applied for" in page
        assert "Document added to a work permit" in page
        assert url("staff-assign", permit_id=case.pk) in page
        assert url("staff-request-documents", permit_id=case.pk) in page
        assert url("staff-recommend", permit_id=case.pk) in page
        assert url("staff-decide", permit_id=case.pk) not in page

    def test_approver_sees_the_decision_with_propose_exception(self, approver):
        case = queued_case()

        page = body(signed_in(approver).get(url("staff-case", permit_id=case.pk)))

        assert url("staff-decide", permit_id=case.pk) in page
        assert "Propose an exception" in page

    def test_approve_says_approve_when_every_check_passed(self, approver):
        from permits.models import PermitRuleSet

        PermitRuleSet.objects.update(straight_through=False)
        establishment = EstablishmentFactory.create()
        case = queued_case(establishment)

        page = body(signed_in(approver).get(url("staff-case", permit_id=case.pk)))

        assert case.checks_passed
        assert "Approve and issue" in page
        assert "Propose an exception" not in page

    def test_open_and_answered_document_requests(self, officer):
        case = queued_case()
        signed_in(officer).post(
            url("staff-request-documents", permit_id=case.pk),
            {"kind": "contract", "note": "The signed contract, please"},
        )
        stored_document(case)
        signed_in(officer).post(
            url("staff-request-documents", permit_id=case.pk),
            {"kind": "medical", "note": "A medical certificate"},
        )

        page = body(signed_in(officer).get(url("staff-case", permit_id=case.pk)))

        assert "The signed contract, please" in page
        assert "A medical certificate" in page
        assert "Answered" in page
        assert "Open" in page

    def test_a_permit_that_does_not_exist_is_not_found(self, officer):
        assert signed_in(officer).get(url("staff-case", permit_id=999_999)).status_code == 404

    def test_pages_are_accessible(self, approver):
        case = queued_case()
        stored_document(case)
        client = signed_in(approver)

        for path in (
            url("staff-queue"),
            url("staff-case", permit_id=case.pk),
            url("staff-rule-sets"),
            url("staff-case", permit_id=case.pk).replace("/en/", "/ar/", 1),
        ):
            response = client.get(path)
            assert response.status_code == 200, path
            _assert_accessible(path, body(response))


# --- actions --------------------------------------------------------------------------------


class TestAssign:
    def test_assign_to_me_takes_the_case_for_review(self, officer):
        case = queued_case()

        response = signed_in(officer).post(url("staff-assign", permit_id=case.pk), {"to_me": "1"})

        assert response.status_code == 302
        assert response["Location"] == url("staff-case", permit_id=case.pk)
        case.refresh_from_db()
        assert case.status == Permit.Status.UNDER_REVIEW
        assert case.assigned_to == officer

    def test_assign_to_another_officer(self, officer):
        colleague = staff(R.OFFICER, full_name_en="Salim Al Harthi")
        case = queued_case()

        response = signed_in(officer).post(
            url("staff-assign", permit_id=case.pk), {"officer": colleague.pk}, follow=True
        )

        case.refresh_from_db()
        assert case.assigned_to == colleague
        assert "is assigned to Salim Al Harthi" in body(response)

    def test_reassign_a_case_under_review_is_audited(self, officer, approver):
        case = queued_case()
        permit_assign(permit=case, officer=officer, assigned_by=officer)

        signed_in(officer).post(url("staff-assign", permit_id=case.pk), {"officer": approver.pk})

        case.refresh_from_db()
        assert case.assigned_to == approver
        assert events(case, "permits.assigned") == 1

    @pytest.mark.parametrize("data", [{}, {"officer": "999999"}], ids=["nobody", "unknown"])
    def test_no_officer_chosen_changes_nothing(self, officer, data):
        case = queued_case()

        response = signed_in(officer).post(
            url("staff-assign", permit_id=case.pk), data, follow=True
        )

        case.refresh_from_db()
        assert case.status == Permit.Status.SUBMITTED
        assert case.assigned_to is None
        assert 'class="alert alert-danger"' in body(response)

    def test_a_non_reviewer_cannot_be_chosen(self, officer):
        employer = staff(R.EMPLOYER)
        case = queued_case()

        signed_in(officer).post(url("staff-assign", permit_id=case.pk), {"officer": employer.pk})

        case.refresh_from_db()
        assert case.assigned_to is None


class TestRequestDocuments:
    def test_asks_the_employer_by_sms_and_leaves_the_queue(self, officer):
        # given
        case = queued_case()
        before_sms = SmsMessage.objects.count()

        # when
        response = signed_in(officer).post(
            url("staff-request-documents", permit_id=case.pk),
            {"kind": "contract", "note": "The signed employment contract"},
            follow=True,
        )

        # then
        case.refresh_from_db()
        assert case.status == Permit.Status.DOCUMENTS_REQUESTED
        request = DocumentRequest.objects.get(permit=case)
        assert (request.kind, request.note, request.requested_by) == (
            "contract",
            "The signed employment contract",
            officer,
        )
        new_sms = SmsMessage.objects.order_by("id")[before_sms:]
        assert [m.recipient_id for m in new_sms] == [case.applied_by_id]  # not the worker
        assert "The employer is asked by SMS" in body(response)
        assert case.number not in body(
            signed_in(officer).get(url("staff-queue"), {"status": "submitted"})
        )

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"kind": "contract", "note": "  "}, "Say what the employer must provide."),
            ({"kind": "", "note": "x"}, "Choose which document is needed."),
            ({"kind": "tattoo", "note": "x"}, "Select a valid choice."),
        ],
        ids=["no-note", "no-kind", "bad-kind"],
    )
    def test_an_incomplete_request_changes_nothing(self, officer, data, message):
        case = queued_case()

        response = signed_in(officer).post(
            url("staff-request-documents", permit_id=case.pk), data, follow=True
        )

        case.refresh_from_db()
        assert case.status == Permit.Status.SUBMITTED
        assert not DocumentRequest.objects.filter(permit=case).exists()
        assert message in body(response)


class TestRecommend:
    def test_recommendation_is_recorded_and_shown(self, officer, approver):
        case = queued_case()

        signed_in(officer).post(
            url("staff-recommend", permit_id=case.pk),
            {"recommendation": "reject", "note": "The bar is still in force"},
        )

        case.refresh_from_db()
        assert (case.recommendation, case.recommendation_note, case.recommended_by) == (
            "reject",
            "The bar is still in force",
            officer,
        )
        assert events(case, "permits.recommended") == 1
        page = body(signed_in(approver).get(url("staff-case", permit_id=case.pk)))
        assert "The bar is still in force" in page
        queue = body(signed_in(approver).get(url("staff-queue")))
        assert "Reject" in queue

    def test_without_a_reason_nothing_is_recorded(self, officer):
        case = queued_case()

        response = signed_in(officer).post(
            url("staff-recommend", permit_id=case.pk), {"recommendation": "approve"}, follow=True
        )

        case.refresh_from_db()
        assert case.recommendation == ""
        assert "Give the reason for your recommendation." in body(response)


class TestReject:
    def test_approver_rejects_with_a_reason(self, approver):
        # given
        case = queued_case(worker_civil_id=WORKER)
        before_sms = SmsMessage.objects.count()

        # when
        response = signed_in(approver).post(
            url("staff-decide", permit_id=case.pk),
            {"decision": "reject", "reason": "The establishment is barred"},
            follow=True,
        )

        # then
        case.refresh_from_db()
        assert case.status == Permit.Status.REJECTED
        assert (case.decided_by, case.decision_reason) == (approver, "The establishment is barred")
        assert events(case, "permits.rejected") == 1
        new_sms = SmsMessage.objects.order_by("id")[before_sms:]
        assert {m.recipient_id for m in new_sms} == {case.applied_by_id, None}
        # the worker at the registry's mobile of their number, never at the typed one
        assert {m.to_number for m in new_sms if m.recipient_id is None} == {REGISTRY_MOBILE}
        assert "is rejected" in body(response)
        assert case.number not in body(signed_in(approver).get(url("staff-queue")))

    def test_without_a_reason_nothing_changes(self, approver):
        case = queued_case()

        response = signed_in(approver).post(
            url("staff-decide", permit_id=case.pk),
            {"decision": "reject", "reason": " "},
            follow=True,
        )

        case.refresh_from_db()
        assert case.status == Permit.Status.SUBMITTED
        assert "Give the reason for the decision." in body(response)

    def test_a_decided_permit_cannot_be_decided_again(self, approver):
        case = queued_case()
        client = signed_in(approver)
        client.post(url("staff-decide", permit_id=case.pk), {"decision": "reject", "reason": "No"})

        response = client.post(
            url("staff-decide", permit_id=case.pk),
            {"decision": "approve", "reason": "Yes"},
            follow=True,
        )

        case.refresh_from_db()
        assert case.status == Permit.Status.REJECTED
        assert "there is nothing to decide" in body(response)


class TestOfficersCannotDecide:
    @pytest.mark.parametrize(
        ("name", "data"),
        [
            ("staff-decide", {"decision": "approve", "reason": "Fine by me"}),
            ("staff-decide", {"decision": "reject", "reason": "Not fine"}),
            ("staff-suspend", {"reason": "Wage protection"}),
            ("staff-reinstate", {"reason": "Paid"}),
        ],
    )
    def test_forbidden_and_nothing_changes(self, officer, name, data):
        case = queued_case()
        audit_before = AuditEvent.objects.count()

        response = signed_in(officer).post(url(name, permit_id=case.pk), data)

        assert response.status_code == 403
        case.refresh_from_db()
        assert case.status == Permit.Status.SUBMITTED
        assert case.override_requested_by is None
        assert AuditEvent.objects.count() == audit_before

    @pytest.mark.parametrize("role", [R.POLICY, R.ANALYST, R.INSPECTOR])
    def test_other_staff_cannot_work_the_queue(self, role):
        case = queued_case()
        client = signed_in(staff(role))

        assert client.get(url("staff-queue")).status_code == 403
        assert client.get(url("staff-case", permit_id=case.pk)).status_code == 403
        assert (
            client.post(url("staff-assign", permit_id=case.pk), {"to_me": "1"}).status_code == 403
        )
        case.refresh_from_db()
        assert case.status == Permit.Status.SUBMITTED


@pytest.mark.parametrize(
    "name",
    [
        "staff-assign",
        "staff-request-documents",
        "staff-recommend",
        "staff-decide",
        "staff-suspend",
        "staff-reinstate",
    ],
)
def test_actions_accept_only_post(approver, name):
    case = queued_case()

    assert signed_in(approver).get(url(name, permit_id=case.pk)).status_code == 405


@pytest.mark.parametrize("name", ["staff-assign", "staff-decide"])
def test_an_action_on_a_missing_permit_is_not_found(approver, name):
    response = signed_in(approver).post(url(name, permit_id=999_999), {"to_me": "1"})

    assert response.status_code == 404


class TestSuspendAndReinstate:
    def test_approver_suspends_and_reinstates_a_held_permit(self, approver):
        # given
        permit = issued_permit()
        client = signed_in(approver)
        assert "Suspend the permit" in body(client.get(url("staff-case", permit_id=permit.pk)))

        # when suspended
        client.post(url("staff-suspend", permit_id=permit.pk), {"reason": "Wages unpaid (WPS)"})

        # then
        permit.refresh_from_db()
        assert permit.status == Permit.Status.SUSPENDED
        page = body(client.get(url("staff-case", permit_id=permit.pk)))
        assert "Reinstate the permit" in page
        assert "Wages unpaid (WPS)" in page

        # when reinstated
        response = client.post(
            url("staff-reinstate", permit_id=permit.pk), {"reason": "Wages paid"}, follow=True
        )

        # then
        permit.refresh_from_db()
        assert permit.status == Permit.Status.ACTIVE
        assert "is valid again" in body(response)
        assert events(permit, "permits.suspended") == 1

    def test_suspend_without_a_reason_changes_nothing(self, approver):
        permit = issued_permit()

        response = signed_in(approver).post(
            url("staff-suspend", permit_id=permit.pk), {"reason": ""}, follow=True
        )

        permit.refresh_from_db()
        assert permit.status == Permit.Status.ACTIVE
        assert "Give the reason for the suspension." in body(response)

    def test_an_application_cannot_be_suspended(self, approver):
        case = queued_case()

        response = signed_in(approver).post(
            url("staff-suspend", permit_id=case.pk), {"reason": "Why not"}, follow=True
        )

        case.refresh_from_db()
        assert case.status == Permit.Status.SUBMITTED
        assert "cannot become" in body(response)


# --- documents ------------------------------------------------------------------------------


class TestDocumentDownload:
    def test_streams_the_document_as_an_attachment(self, officer):
        case = queued_case()
        document = stored_document(case, name="passport scan.pdf")

        response = signed_in(officer).get(
            url("staff-document", permit_id=case.pk, document_id=document.pk)
        )

        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "passport scan.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_a_document_of_another_permit_is_not_found(self, officer):
        case = queued_case()
        other = queued_case()
        document = stored_document(other)

        response = signed_in(officer).get(
            url("staff-document", permit_id=case.pk, document_id=document.pk)
        )

        assert response.status_code == 404

    def test_a_document_missing_from_storage_is_not_found(self, officer, private_files):
        case = queued_case()
        document = stored_document(case)
        (private_files / document.stored_path).unlink()

        response = signed_in(officer).get(
            url("staff-document", permit_id=case.pk, document_id=document.pk)
        )

        assert response.status_code == 404

    def test_a_staff_download_is_audited_with_the_officer(self, officer):
        from core.models import AuditEvent

        case = queued_case()
        document = stored_document(case)

        signed_in(officer).get(url("staff-document", permit_id=case.pk, document_id=document.pk))

        event = AuditEvent.objects.get(action="permits.document_downloaded")
        assert event.actor == officer
        assert event.after["document"] == document.pk

    def test_only_queue_staff_download(self):
        case = queued_case()
        document = stored_document(case)

        response = signed_in(staff(R.POLICY)).get(
            url("staff-document", permit_id=case.pk, document_id=document.pk)
        )

        assert response.status_code == 403


# --- rule sets ------------------------------------------------------------------------------


class TestRuleSets:
    def test_policy_staff_read_the_rule_sets(self):
        page = body(signed_in(staff(R.POLICY)).get(url("staff-rule-sets")))

        assert "Work permit fees (MD 12/2021)" in page
        assert "Work permit fees (MD 602/2025)" in page
        assert "In force today" in page
        assert "First category (managers and professionals)" in page
        assert "301.000" in page
        assert "General office clerks" in page  # reserved occupation 4110
        assert "Switched off by policy" in page
        assert "24 months" in page
        assert 'method="post"' not in page.split("<main", 1)[1]  # read-only

    def test_band_names_and_titles_in_arabic(self, officer):
        with translation.override("ar"):
            path = reverse("permits:staff-rule-sets")

        page = body(signed_in(officer).get(path))

        assert "الفئة الأولى (المديرون والاختصاصيون)" in page
        assert "كتبة المكاتب العامون" in page
