"""Four eyes through the ministry's pages: where an automatic check failed, one approver proposes
an exception and a second, different approver confirms it before the permit is issued."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core.models import AuditEvent
from notifications.models import SmsMessage
from permits.models import Permit
from tests.permits.registry import registry_mobile_of
from tests.permits.staff_helpers import queued_case, signed_in, staff

pytestmark = pytest.mark.django_db

R = User.Role


def url(name: str, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(f"permits:{name}", kwargs=kwargs)


def actions(permit: Permit) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="permits.permit", object_id=str(permit.pk))
        .order_by("occurred_at", "id")
        .values_list("action", flat=True)
    )


def state(permit: Permit) -> tuple[Any, ...]:
    permit.refresh_from_db()
    return (
        permit.status,
        permit.override_requested_by_id,
        permit.override_reason,
        permit.decided_by_id,
        permit.checks,
        permit.updated_at,
    )


@pytest.fixture
def first() -> User:
    return staff(R.APPROVER, full_name_en="Aisha Al Balushi")


@pytest.fixture
def second() -> User:
    return staff(R.APPROVER, full_name_en="Badr Al Kindi")


WORKER_NUMBER = "71234567"  # a stub registry person: its registry mobile is +96891234567


@pytest.fixture
def case() -> Permit:
    return queued_case(worker_civil_id=WORKER_NUMBER)


def decide(user: User, permit: Permit, decision: str, reason: str) -> Any:
    return signed_in(user).post(
        url("staff-decide", permit_id=permit.pk),
        {"decision": decision, "reason": reason},
        follow=True,
    )


class TestFirstApproverProposes:
    def test_approval_only_proposes_the_exception(self, first, case):
        # when
        response = decide(first, case, "approve", "The bar is lifted next week")

        # then: still waiting, the proposal recorded and audited, nobody told yet
        case.refresh_from_db()
        assert case.status == Permit.Status.SUBMITTED
        assert case.status in Permit.QUEUE
        assert case.override_requested_by == first
        assert case.override_reason == "The bar is lifted next week"
        assert case.awaiting_second_approver
        assert case.decided_by is None
        event = AuditEvent.objects.get(object_id=str(case.pk), action="permits.override_proposed")
        assert event.actor == first
        assert event.after["failed"] == ["not_barred"]
        assert not SmsMessage.objects.filter(rendered_text__contains=case.number).exists()
        assert "a second approver must confirm it" in response.content.decode()

    def test_the_case_stays_in_the_queue_marked_for_a_second_approver(self, first, case):
        decide(first, case, "approve", "The bar is lifted next week")

        page = signed_in(staff(R.OFFICER)).get(
            url("staff-queue"), {"awaiting_second_approver": "on"}
        )

        assert case.number in page.content.decode()
        assert "Awaiting a second approver" in page.content.decode()

    def test_the_proposer_sees_that_another_approver_must_confirm(self, first, case):
        decide(first, case, "approve", "The bar is lifted next week")

        page = signed_in(first).get(url("staff-case", permit_id=case.pk)).content.decode()

        assert 'id="four-eyes"' in page
        assert "Aisha Al Balushi proposed an exception" in page
        assert "The bar is lifted next week" in page
        assert "a different approver must confirm it" in page
        assert 'name="decision" value="approve"' not in page  # no confirm button for the proposer
        assert 'name="decision" value="reject"' in page

    def test_another_approver_is_offered_to_confirm(self, first, second, case):
        decide(first, case, "approve", "The bar is lifted next week")

        page = signed_in(second).get(url("staff-case", permit_id=case.pk)).content.decode()

        assert 'id="four-eyes"' in page
        assert "Confirm the exception (second approver)" in page
        assert 'name="decision" value="approve"' in page


class TestSameApproverCannotConfirm:
    def test_refused_with_the_four_eyes_message_and_nothing_changes(self, first, case):
        # given
        decide(first, case, "approve", "The bar is lifted next week")
        before, events_before = state(case), actions(case)
        sms_before = SmsMessage.objects.count()

        # when
        response = decide(first, case, "approve", "I am sure")

        # then
        assert "You proposed this exception: a second approver must confirm it (four eyes)." in (
            response.content.decode()
        )
        assert state(case) == before
        assert actions(case) == events_before
        assert SmsMessage.objects.count() == sms_before


class TestSecondApproverConfirms:
    def test_the_permit_is_issued_and_everyone_is_told(self, first, second, case):
        # given
        decide(first, case, "approve", "The bar is lifted next week")

        # when
        response = decide(second, case, "approve", "Confirmed with the wage office")

        # then: issued, decided by the second approver with both reasons
        case.refresh_from_db()
        assert case.status == Permit.Status.ACTIVE
        assert case.decided_by == second
        assert "The bar is lifted next week" in case.decision_reason
        assert "Confirmed with the wage office" in case.decision_reason
        assert case.valid_from is not None
        assert case.valid_until is not None
        assert not case.awaiting_second_approver
        # audited, in order
        assert actions(case)[-3:] == [
            "permits.override_proposed",
            "permits.approved",
            "permits.active",
        ]
        approved = AuditEvent.objects.get(object_id=str(case.pk), action="permits.approved")
        assert approved.actor == second
        # SMS to the employer (the applicant) and to the worker at the registry's mobile only
        messages = SmsMessage.objects.filter(rendered_text__contains=case.number)
        assert {m.recipient_id for m in messages} == {case.applied_by_id, None}
        worker_numbers = {m.to_number for m in messages if m.recipient_id is None}
        assert worker_numbers == {registry_mobile_of(WORKER_NUMBER)}
        assert case.worker_mobile not in {m.to_number for m in messages}
        assert "is approved and issued" in response.content.decode()
        # and the case has left the queue
        queue = signed_in(second).get(url("staff-queue")).content.decode()
        assert case.number not in queue

    def test_a_second_approver_may_still_reject(self, first, second, case):
        decide(first, case, "approve", "The bar is lifted next week")

        decide(second, case, "reject", "The bar stays")

        case.refresh_from_db()
        assert case.status == Permit.Status.REJECTED
        assert case.decided_by == second


class TestOfficerCannotDecide:
    @pytest.mark.parametrize("proposed", [False, True], ids=["fresh", "proposed"])
    def test_forbidden_and_nothing_changes(self, first, case, proposed):
        if proposed:
            decide(first, case, "approve", "The bar is lifted next week")
        before, events_before = state(case), actions(case)
        officer = staff(R.OFFICER)

        response = signed_in(officer).post(
            url("staff-decide", permit_id=case.pk),
            {"decision": "approve", "reason": "Confirming"},
        )

        assert response.status_code == 403
        assert state(case) == before
        assert actions(case) == events_before
