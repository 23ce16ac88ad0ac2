"""Services of labour violations: recording with the fine schedule, repeats, the escalation to a
suspension of services, the employer's answer and the ministry's decision."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from core.exceptions import PermissionDeniedError
from core.models import AuditEvent
from employers.models import Establishment
from employment.models import Violation
from employment.services.violations import (
    ViolationError,
    ViolationTransitionError,
    violation_answer,
    violation_cancel,
    violation_confirm,
    violation_record,
)
from notifications.models import SmsMessage
from tests.dates import FromToday, resolve
from tests.factories import EstablishmentFactory, MembershipFactory, UserFactory
from tests.permits.builders import apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector() -> User:
    return UserFactory.create(role=User.Role.INSPECTOR)


@pytest.fixture
def approver() -> User:
    return UserFactory.create(role=User.Role.APPROVER)


@pytest.fixture
def representative(establishment: Establishment) -> User:
    user = UserFactory.create(role=User.Role.EMPLOYER, mobile="+96891000011")
    MembershipFactory.create(user=user, establishment=establishment)
    return user


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def record(establishment: Establishment, inspector: User, **overrides: Any) -> Violation:
    values: dict[str, Any] = {
        "violation_type_code": "safety",
        "observed_on": _days_ago(1),
        "workers_concerned": 1,
        "evidence": "No guard rails on the second-floor scaffolding.",
    }
    values.update(overrides)
    return violation_record(establishment=establishment, inspector=inspector, **values)


class TestViolationFine:
    @pytest.mark.parametrize(
        ("code", "workers", "expected"),
        [
            ("safety", 1, "500.000"),  # a flat fine
            ("safety", 7, "500.000"),  # not per worker: the number of workers does not count
            ("records", 3, "200.000"),
            ("wages_unpaid", 1, "50.000"),  # per worker
            ("wages_unpaid", 12, "600.000"),
            ("no_permit", 3, "3000.000"),
            ("hours", 4, "400.000"),
        ],
    )
    def test_fine_comes_from_the_schedule(self, establishment, inspector, code, workers, expected):
        violation = record(
            establishment, inspector, violation_type_code=code, workers_concerned=workers
        )

        assert violation.fine == Decimal(expected)
        assert violation.is_repeat is False

    def test_same_type_within_a_year_is_a_repeat_with_the_multiplier(
        self, establishment, inspector
    ):
        # given a wages violation for 3 workers 200 days ago
        record(
            establishment,
            inspector,
            violation_type_code="wages_unpaid",
            workers_concerned=3,
            observed_on=_days_ago(200),
        )

        # when another is recorded for 4 workers
        repeat = record(
            establishment, inspector, violation_type_code="wages_unpaid", workers_concerned=4
        )

        # then it is a repeat: 50 x 4 x 2
        assert repeat.is_repeat is True
        assert repeat.fine == Decimal("400.000")

    def test_another_type_or_establishment_is_not_a_repeat(self, establishment, inspector):
        record(establishment, inspector, violation_type_code="records")

        other_type = record(establishment, inspector, violation_type_code="safety")
        other_place = record(EstablishmentFactory(), inspector, violation_type_code="records")

        assert not other_type.is_repeat
        assert other_type.fine == Decimal("500.000")
        assert not other_place.is_repeat
        assert other_place.fine == Decimal("200.000")

    def test_a_cancelled_violation_is_not_repeated(self, establishment, inspector, approver):
        first = record(establishment, inspector, violation_type_code="records")
        violation_cancel(violation=first, decided_by=approver, reason="Wrong establishment.")

        again = record(establishment, inspector, violation_type_code="records")

        assert again.is_repeat is False
        assert again.fine == Decimal("200.000")

    def test_a_violation_over_a_year_before_is_not_repeated(self, establishment, inspector):
        # given a violation observed 366 days before the new one
        old = record(establishment, inspector, violation_type_code="records")
        Violation.objects.filter(pk=old.pk).update(observed_on=_days_ago(367))

        # when the same type is recorded
        again = record(establishment, inspector, violation_type_code="records")

        # then it is not a repeat
        assert again.is_repeat is False
        assert again.fine == Decimal("200.000")


class TestViolationRecord:
    def test_records_audits_and_texts_each_representative_in_their_language(
        self, establishment, inspector, representative
    ):
        # given a second representative who reads English, and one without a mobile
        english = UserFactory.create(
            role=User.Role.EMPLOYER, mobile="+96891000012", preferred_language="en"
        )
        MembershipFactory.create(user=english, establishment=establishment)
        MembershipFactory.create(establishment=establishment, user__mobile="")

        # when a violation is recorded
        violation = record(establishment, inspector)

        # then it is recorded and audited
        assert violation.status == Violation.Status.RECORDED
        assert violation.inspector == inspector
        event = AuditEvent.objects.get(action="employment.violation_recorded")
        assert event.actor == inspector
        assert event.object_id == str(violation.pk)
        assert event.after["fine"] == "500.000"
        # and each representative with a mobile has an SMS in their language
        messages = {m.recipient_id: m for m in SmsMessage.objects.all()}
        assert set(messages) == {representative.pk, english.pk}
        assert messages[representative.pk].language == "ar"
        assert "مخالفة اشتراطات السلامة" in messages[representative.pk].rendered_text
        assert "Occupational safety and health breach" in messages[english.pk].rendered_text
        assert "500.000" in messages[english.pk].rendered_text

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"observed_on": FromToday(1)}, "observed_on"),
            ({"observed_on": FromToday(-366)}, "observed_on"),
            ({"workers_concerned": 0}, "workers_concerned"),
            ({"evidence": "   "}, "evidence"),
            ({"violation_type_code": "smoking"}, "violation_type"),
        ],
    )
    def test_bad_input_saves_nothing(
        self, establishment, inspector, representative, overrides, field
    ):
        with pytest.raises(ViolationError) as raised:
            record(establishment, inspector, **resolve(overrides))

        assert raised.value.extra["field"] == field
        assert raised.value.message
        assert not Violation.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="employment.").exists()
        assert not SmsMessage.objects.exists()

    @pytest.mark.parametrize(
        "role", [User.Role.OFFICER, User.Role.APPROVER, User.Role.EMPLOYER, User.Role.POLICY]
    )
    def test_only_an_inspector_records(self, establishment, role):
        with pytest.raises(PermissionDeniedError):
            record(establishment, UserFactory.create(role=role))

        assert not Violation.objects.exists()


class TestEscalation:
    def test_third_violation_in_a_year_bars_the_establishment(
        self, establishment, inspector, representative
    ):
        # given two violations within the year
        record(establishment, inspector, violation_type_code="records", observed_on=_days_ago(300))
        record(establishment, inspector, violation_type_code="hours", observed_on=_days_ago(100))
        establishment.refresh_from_db()
        assert establishment.permits_barred is False

        # when the third is recorded
        record(establishment, inspector, violation_type_code="safety")

        # then the establishment's services are suspended, audited
        establishment.refresh_from_db()
        assert establishment.permits_barred is True
        assert "3 labour violations" in establishment.bar_reason
        event = AuditEvent.objects.get(action="employers.establishment_barred")
        assert event.actor == inspector
        assert event.after == {
            "permits_barred": True,
            "bar_reason": establishment.bar_reason,
            "bar_source": "violations",
        }
        # and a new permit application fails its not_barred check
        permit = apply(establishment, representative)
        outcomes = {check["code"]: check["outcome"] for check in permit.checks}
        assert outcomes["not_barred"] == "failed"

    def test_cancelled_violations_do_not_count(self, establishment, inspector, approver):
        first = record(establishment, inspector, violation_type_code="records")
        violation_cancel(violation=first, decided_by=approver, reason="Recorded in error.")
        record(establishment, inspector, violation_type_code="hours")

        record(establishment, inspector, violation_type_code="safety")

        establishment.refresh_from_db()
        assert establishment.permits_barred is False

    def test_cancelling_a_counted_violation_lifts_the_suspension_it_caused(
        self, establishment, inspector, approver
    ):
        # given: three violations suspended the establishment
        record(establishment, inspector, violation_type_code="records", observed_on=_days_ago(300))
        record(establishment, inspector, violation_type_code="hours", observed_on=_days_ago(100))
        third = record(establishment, inspector, violation_type_code="safety")
        establishment.refresh_from_db()
        assert establishment.permits_barred is True
        # when: one of them is cancelled
        cancelled = violation_cancel(
            violation=third, decided_by=approver, reason="Rails were in place; photo misdated."
        )
        # then: the decision is on the violation and the suspension is lifted, audited
        assert cancelled.decided_by == approver
        assert cancelled.decided_at is not None
        assert cancelled.decision_reason == "Rails were in place; photo misdated."
        establishment.refresh_from_db()
        assert establishment.permits_barred is False
        assert establishment.bar_source == ""
        lifted = AuditEvent.objects.get(action="employers.establishment_bar_lifted")
        assert lifted.actor == approver
        assert "2 labour violations" in lifted.after["note"]

    def test_cancelling_never_lifts_a_bar_staff_set(self, establishment, inspector, approver):
        Establishment.objects.filter(pk=establishment.pk).update(
            permits_barred=True, bar_reason="Commerce registry order", bar_source="staff"
        )
        violation = record(establishment, inspector)
        violation_cancel(violation=violation, decided_by=approver, reason="Recorded in error.")
        establishment.refresh_from_db()
        assert establishment.permits_barred is True
        assert not AuditEvent.objects.filter(action="employers.establishment_bar_lifted").exists()

    def test_an_establishment_already_barred_keeps_its_reason(self, establishment, inspector):
        Establishment.objects.filter(pk=establishment.pk).update(
            permits_barred=True, bar_reason="Commerce registry order"
        )
        for code in ("records", "hours", "safety"):
            record(establishment, inspector, violation_type_code=code)

        establishment.refresh_from_db()
        assert establishment.bar_reason == "Commerce registry order"
        assert not AuditEvent.objects.filter(action="employers.establishment_barred").exists()


class TestTransitions:
    def test_employer_answers_a_recorded_violation(self, establishment, inspector, representative):
        violation = record(establishment, inspector)

        answered = violation_answer(
            violation=violation, answered_by=representative, answer="  Rails fitted on 3 May.  "
        )

        assert answered.status == Violation.Status.ANSWERED
        assert answered.employer_answer == "Rails fitted on 3 May."
        assert answered.answered_by == representative
        assert answered.answered_at is not None
        event = AuditEvent.objects.get(action="employment.violation_answered")
        assert event.before == {"status": "recorded"}
        assert event.after == {"status": "answered", "note": "Rails fitted on 3 May."}

    @pytest.mark.parametrize("decide", [violation_confirm, violation_cancel])
    @pytest.mark.parametrize("start", ["recorded", "answered"])
    def test_inspector_or_approver_decides_with_a_reason(
        self, establishment, inspector, approver, decide, start
    ):
        violation = record(establishment, inspector)
        Violation.objects.filter(pk=violation.pk).update(status=start)

        decided = decide(violation=violation, decided_by=approver, reason="Seen on site.")

        expected = "confirmed" if decide is violation_confirm else "cancelled"
        assert decided.status == expected
        event = AuditEvent.objects.get(action=f"employment.violation_{expected}")
        assert event.actor == approver
        assert event.after == {"status": expected, "note": "Seen on site."}

    @pytest.mark.parametrize(
        ("status", "step"),
        [
            (status, step)
            for status, steps in {
                "answered": ["answer"],
                "confirmed": ["answer", "confirm", "cancel"],
                "cancelled": ["answer", "confirm", "cancel"],
            }.items()
            for step in steps
        ],
    )
    def test_disallowed_steps_change_nothing(
        self, establishment, inspector, representative, status, step
    ):
        # given a violation in `status`
        violation = record(establishment, inspector)
        Violation.objects.filter(pk=violation.pk).update(status=status)
        violation.refresh_from_db()
        events_before = AuditEvent.objects.count()

        # when the step is tried
        steps = {
            "answer": lambda: violation_answer(
                violation=violation, answered_by=representative, answer="No."
            ),
            "confirm": lambda: violation_confirm(
                violation=violation, decided_by=inspector, reason="Yes."
            ),
            "cancel": lambda: violation_cancel(
                violation=violation, decided_by=inspector, reason="Yes."
            ),
        }
        with pytest.raises(ViolationTransitionError) as raised:
            steps[step]()

        # then it is refused with a message and nothing changed
        assert raised.value.message
        violation.refresh_from_db()
        assert violation.status == status
        assert violation.employer_answer == ""
        assert AuditEvent.objects.count() == events_before

    def test_someone_outside_the_establishment_cannot_answer(self, establishment, inspector):
        violation = record(establishment, inspector)
        stranger = MembershipFactory.create().user

        with pytest.raises(PermissionDeniedError):
            violation_answer(violation=violation, answered_by=stranger, answer="Not us.")

        violation.refresh_from_db()
        assert violation.status == Violation.Status.RECORDED

    @pytest.mark.parametrize("role", [User.Role.OFFICER, User.Role.EMPLOYER, User.Role.POLICY])
    def test_other_roles_cannot_decide(self, establishment, inspector, role):
        violation = record(establishment, inspector)

        with pytest.raises(PermissionDeniedError):
            violation_confirm(
                violation=violation, decided_by=UserFactory.create(role=role), reason="Yes."
            )

        violation.refresh_from_db()
        assert violation.status == Violation.Status.RECORDED

    def test_a_decision_needs_a_reason(self, establishment, inspector):
        violation = record(establishment, inspector)

        with pytest.raises(ViolationError):
            violation_cancel(violation=violation, decided_by=inspector, reason=" ")

        violation.refresh_from_db()
        assert violation.status == Violation.Status.RECORDED
