"""Wage protection: the monthly check of the salary files against the register and contracts,
the first month's warnings, the second month's violation and suspension, the lifting, the dated
on-time rule, the tolerance, and re-running a month."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.models import AuditEvent
from employers.models import Employee, Establishment
from employment.models import (
    Contract,
    LifecycleRuleSet,
    Violation,
    WageProtectionLine,
    WageProtectionResult,
    WorkerNotice,
)
from employment.services.violations import violation_fine_settle
from employment.services.wage_protection import (
    first_of_month,
    previous_month,
    wage_protection_check_month,
)
from integrations.models import SalaryFileLine
from notifications.models import SmsMessage
from tests.employment.builders import next_resident_number, registry_mobile
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def months_ago(n: int) -> datetime.date:
    month = first_of_month(timezone.localdate())
    for _ in range(n):
        month = previous_month(month)
    return month


def _last_day(month: datetime.date) -> datetime.date:
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def pay(
    establishment: Establishment,
    worker: Employee,
    month: datetime.date,
    *,
    days_after_due: int | None = 0,
    amount: str | None = None,
) -> SalaryFileLine:
    """The central bank's line for `worker` in `month`: paid `days_after_due` days after the
    month's last day (None: not paid), `amount` (the register's salary by default)."""
    paid_on = (
        None
        if days_after_due is None
        else _last_day(month) + datetime.timedelta(days=days_after_due)
    )
    paid = Decimal(amount) if amount is not None else worker.monthly_salary
    line, _created = SalaryFileLine.objects.update_or_create(
        cr_number=establishment.cr_number,
        civil_id=worker.civil_id,
        month=month,
        defaults={
            "salary_due": worker.monthly_salary,
            "salary_paid": Decimal(0) if paid_on is None else paid,
            "payment_status": "paid" if paid_on else "unpaid",
            "paid_on": paid_on,
            "file_reference": f"WPS-{month:%Y%m}",
            "source_version": 1,
            "synced_at": timezone.now(),
        },
    )
    return line


@pytest.fixture
def representative(establishment: Establishment) -> User:
    user = UserFactory.create(
        role=User.Role.EMPLOYER, mobile="+96891000011", preferred_language="en"
    )
    MembershipFactory.create(user=user, establishment=establishment)
    return user


def worker(establishment: Establishment, salary: str = "300.000") -> Employee:
    return EmployeeFactory.create(
        establishment=establishment,
        civil_id=next_resident_number(),
        monthly_salary=Decimal(salary),
        contract_start=datetime.date(2023, 1, 1),
    )


@pytest.fixture
def workforce(establishment: Establishment) -> tuple[Employee, Employee, Employee]:
    return worker(establishment), worker(establishment), worker(establishment)


def result(establishment: Establishment, month: datetime.date) -> WageProtectionResult:
    return WageProtectionResult.objects.get(establishment=establishment, month=month)


def seen(establishment: Establishment, month: datetime.date) -> dict[str, str]:
    """Each worker's outcome as the employer's month page lists it."""
    from employment.selectors.wage_protection import wage_lines_of_result

    lines = wage_lines_of_result(result=result(establishment, month))
    return {line.civil_id: line.outcome for line in lines}


def state() -> tuple[object, ...]:
    """Everything the check writes, to compare before and after a re-run."""
    return (
        sorted(
            WageProtectionLine.objects.values_list("civil_id", "month", "outcome", "updated_at")
        ),
        sorted(
            WageProtectionResult.objects.values_list("id", "stage", "compliance_rate", "updated_at")
        ),
        SmsMessage.objects.count(),
        WorkerNotice.objects.count(),
        Violation.objects.count(),
        AuditEvent.objects.filter(action__startswith="employers.establishment_bar").count(),
    )


class TestMonthlyCheck:
    def test_rates_and_lines_per_worker(self, establishment, workforce, representative):
        # given one worker paid on time, one paid late, one not paid
        on_time, late, unpaid = workforce
        month = months_ago(2)
        pay(establishment, on_time, month, days_after_due=2)
        pay(establishment, late, month, days_after_due=20)

        # when
        run = wage_protection_check_month(month=month)

        # then
        assert run.succeeded
        figures = result(establishment, month)
        assert (figures.workers_due, figures.paid, figures.late, figures.unpaid) == (3, 1, 1, 1)
        assert figures.compliance_rate == Decimal("33.33")
        assert seen(establishment, month) == {
            on_time.civil_id: "paid",
            late.civil_id: "late",
            unpaid.civil_id: "unpaid",
        }
        # and only the workers not paid as due keep a line (the paid one is the bank's line)
        kept = WageProtectionLine.objects.filter(month=month).values_list("civil_id", flat=True)
        assert sorted(kept) == sorted([late.civil_id, unpaid.civil_id])

    def test_a_shortfall_within_the_tolerance_is_paid_in_full(self, establishment):
        # given a salary of 300 and the rule set's 1% tolerance
        month = months_ago(2)
        within, short = worker(establishment), worker(establishment)
        pay(establishment, within, month, amount="297.500")
        pay(establishment, short, month, amount="250.000")

        # when
        wage_protection_check_month(month=month)

        # then
        assert seen(establishment, month) == {
            within.civil_id: "paid",
            short.civil_id: "underpaid",
        }

    def test_the_contract_in_force_sets_the_salary_due(self, establishment):
        # given the register says 300 but the contract in force says 400
        month = months_ago(2)
        employee = worker(establishment)
        contract_in_force(employee, salary=Decimal("400.000"))
        pay(establishment, employee, month, amount="300.000")

        # when
        wage_protection_check_month(month=month)

        # then
        line = WageProtectionLine.objects.get(month=month, civil_id=employee.civil_id)
        assert (line.salary_due, line.outcome) == (Decimal("400.000"), "underpaid")

    def test_a_raise_since_does_not_turn_a_month_paid_in_full_into_a_shortfall(self, establishment):
        # given a month checked: one worker paid 300 in full under that month's contract, one
        # not paid (so the month is owed and checked again later)
        month = months_ago(3)
        paid, unpaid = worker(establishment), worker(establishment)
        old = contract_in_force(paid, salary=Decimal("300.000"))
        pay(establishment, paid, month, amount="300.000")
        wage_protection_check_month(month=month)
        before = result(establishment, month)

        # when a new contract at 400 replaces it from a later month, and the month is checked
        # again
        raised_from = months_ago(1)
        old.status, old.ends_on = "ended", raised_from - datetime.timedelta(days=1)
        old.save()
        contract_in_force(paid, salary=Decimal("400.000"), starts_on=raised_from)
        wage_protection_check_month(month=month)

        # then the month still counts the worker paid in full: no line kept for them
        after = result(establishment, month)
        assert (after.paid, after.underpaid) == (before.paid, before.underpaid) == (1, 0)
        assert not WageProtectionLine.objects.filter(civil_id=paid.civil_id).exists()
        assert unpaid.civil_id in seen(establishment, month)


class TestKeptLines:
    def test_a_later_file_paying_a_missed_worker_updates_the_kept_line(self, establishment):
        # given a worker not paid when the month was checked
        month = months_ago(2)
        employee = worker(establishment)
        wage_protection_check_month(month=month)
        line = WageProtectionLine.objects.get(month=month, civil_id=employee.civil_id)
        assert line.outcome == "unpaid"

        # when a later file pays them on time and the month is checked again
        pay(establishment, employee, month)
        wage_protection_check_month(month=month)

        # then the kept line follows the file (its history stays), the month is paid
        line.refresh_from_db()
        assert (line.outcome, line.salary_paid) == ("paid", employee.monthly_salary)
        assert seen(establishment, month) == {employee.civil_id: "paid"}
        assert result(establishment, month).paid == 1


class TestWarningThenViolation:
    def test_first_month_warns_second_raises_a_violation_and_suspends(
        self, establishment, workforce, representative
    ):
        # given one worker unpaid and one paid late, two months in a row
        on_time, late, unpaid = workforce
        first, second = months_ago(3), months_ago(2)
        for month in (first, second):
            pay(establishment, on_time, month)
            pay(establishment, late, month, days_after_due=15)

        # when the first month is checked
        wage_protection_check_month(month=first)

        # then the employer's representative and each worker not paid are warned, no violation
        assert result(establishment, first).stage == "warned"
        employer_sms = SmsMessage.objects.filter(template__code="wage_protection_warning_employer")
        assert [m.to_number for m in employer_sms] == ["+96891000011"]
        assert "2 workers" in employer_sms.get().rendered_text
        worker_sms = SmsMessage.objects.filter(template__code="wage_protection_warning_worker")
        assert sorted(m.to_number for m in worker_sms) == sorted(
            [registry_mobile(late.civil_id), registry_mobile(unpaid.civil_id)]
        )
        assert registry_mobile(on_time.civil_id) not in [m.to_number for m in worker_sms]
        assert not Violation.objects.exists()
        establishment.refresh_from_db()
        assert not establishment.permits_barred

        # when the second month is checked
        wage_protection_check_month(month=second)

        # then a violation of RO 50 per worker not paid, and permit services suspended
        violation = Violation.objects.get()
        assert violation.raised_by_system
        assert violation.inspector is None
        assert violation.violation_type.code == "wages_unpaid"
        assert (violation.workers_concerned, violation.fine) == (2, Decimal("100.000"))
        assert result(establishment, second).violation == violation
        establishment.refresh_from_db()
        assert establishment.permits_barred
        assert establishment.bar_source == "wage_protection"
        assert AuditEvent.objects.filter(
            action="employment.violation_recorded", actor_label="portal"
        ).exists()

    def test_a_barred_establishment_is_refused_a_permit(self, establishment, workforce):
        # given two months unpaid
        for month in (months_ago(3), months_ago(2)):
            wage_protection_check_month(month=month)

        # then the permit checks refuse it, with the reason
        establishment.refresh_from_db()
        outcomes = {check["code"]: check for check in run_checks_for(establishment)}
        assert outcomes["not_barred"]["outcome"] == "failed"
        assert "Violation" in establishment.bar_reason

    def test_later_file_and_paid_fine_lift_the_suspension(
        self, establishment, workforce, representative
    ):
        # given a suspension after two months with a worker unpaid
        on_time, late, unpaid = workforce
        first, second, third = months_ago(3), months_ago(2), months_ago(1)
        for month in (first, second):
            pay(establishment, on_time, month)
            pay(establishment, late, month, days_after_due=15)
            wage_protection_check_month(month=month)
        violation = Violation.objects.get()
        approver = UserFactory.create(role=User.Role.APPROVER)

        # when a later file pays the owed lines (late) and the next month in full
        for month in (first, second):
            pay(establishment, unpaid, month, days_after_due=40)
        for employee in workforce:
            pay(establishment, employee, third)
        wage_protection_check_month(month=third)

        # then the owed months are paid but the fine is not: still suspended
        assert result(establishment, second).outstanding == 0
        establishment.refresh_from_db()
        assert establishment.permits_barred

        # when the fine is paid
        violation_fine_settle(violation=violation, settled_by=approver)

        # then the suspension lifts
        establishment.refresh_from_db()
        assert not establishment.permits_barred
        assert establishment.bar_source == ""

    def test_fine_paid_first_waits_for_the_lines(self, establishment, workforce):
        # given a suspension, and the fine paid while a worker is still owed
        for month in (months_ago(3), months_ago(2)):
            wage_protection_check_month(month=month)
        violation_fine_settle(
            violation=Violation.objects.get(),
            settled_by=UserFactory.create(role=User.Role.APPROVER),
        )

        # then the suspension stands
        establishment.refresh_from_db()
        assert establishment.permits_barred

    def test_rerunning_a_month_changes_nothing(self, establishment, workforce, representative):
        # given two months checked (a warning, then a violation)
        on_time, late, _unpaid = workforce
        first, second = months_ago(3), months_ago(2)
        for month in (first, second):
            pay(establishment, on_time, month)
            pay(establishment, late, month, days_after_due=15)
            wage_protection_check_month(month=month)
        before = state()

        # when both months are checked again
        wage_protection_check_month(month=first)
        wage_protection_check_month(month=second)

        # then nothing was written
        assert state() == before


class TestDatedRule:
    def test_new_on_time_days_apply_from_the_effective_date_only(self, establishment):
        # given a rule set of 3 days in force from the 15th of the second month
        first, second = months_ago(3), months_ago(2)
        current = LifecycleRuleSet.objects.get(status="published", effective_to__isnull=True)
        starts = second.replace(day=15)
        LifecycleRuleSet.objects.filter(pk=current.pk).update(
            effective_to=starts - datetime.timedelta(days=1)
        )
        newer = LifecycleRuleSet.objects.get(pk=current.pk)
        newer.pk = None
        newer.version = (current.version or 0) + 100
        newer.effective_from = starts
        newer.effective_to = None
        newer.salary_paid_within_days = 3
        newer.save()
        employee = worker(establishment)
        for month in (first, second):
            pay(establishment, employee, month, days_after_due=5)

        # when both months are checked
        wage_protection_check_month(month=first)
        wage_protection_check_month(month=second)

        # then 5 days was on time under the old rule and late under the new one
        assert result(establishment, first).paid == 1
        assert result(establishment, second).late == 1
        assert result(establishment, second).rule_set_id == newer.pk


def run_checks_for(establishment: Establishment) -> list[dict[str, object]]:
    from core.dated import in_force_on
    from permits.checks import run_checks
    from permits.models import PermitRuleSet

    rule_set = in_force_on(PermitRuleSet.objects.all(), on=timezone.localdate())
    assert rule_set is not None
    return run_checks(
        establishment=establishment,
        rule_set=rule_set,
        occupation_code="7112",
        job_level=4,
        monthly_salary=Decimal("300"),
        passport_expiry=timezone.localdate() + datetime.timedelta(days=900),
        starts_on=timezone.localdate() + datetime.timedelta(days=30),
        adds_worker=False,
    )


def contract_in_force(
    employee: Employee,
    *,
    salary: Decimal,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    status: str = "active",
) -> Contract:
    """A contract of `employee` at `salary`, from `starts_on` (the register's start by default)
    to `ends_on`, in `status`."""
    return Contract.objects.create(
        establishment=employee.establishment,
        employee=employee,
        rule_set=LifecycleRuleSet.objects.filter(status="published").earliest("effective_from"),
        worker_name_ar=employee.name_ar,
        worker_name_en=employee.name_en,
        nationality=employee.nationality,
        civil_id=employee.civil_id or "",
        worker_mobile="+96890000000",
        occupation_code=employee.occupation_code,
        job_level=employee.job_level,
        monthly_salary=salary,
        starts_on=starts_on or employee.contract_start,
        ends_on=ends_on,
        notice_days=30,
        status=status,
        registered_by=UserFactory.create(role=User.Role.EMPLOYER),
        accept_by=timezone.now(),
    )


class TestOneWorkerPerNumber:
    def test_a_worker_numbered_by_contract_shares_the_number_once(self, establishment):
        # given a worker with no number on the register, numbered by the contract in force
        # (salary 400), and a later worker of the register with the same number (salary 300)
        from employment.models import Contract

        numbered = EmployeeFactory.create(
            establishment=establishment,
            civil_id=None,
            passport_number="P0026001",
            monthly_salary=Decimal("400.000"),
            contract_start=datetime.date(2023, 1, 1),
        )
        registered = worker(establishment)
        numbered.civil_id = registered.civil_id  # the contract's number only, not the register's
        contract_in_force(numbered, salary=Decimal("400.000"))
        assert Contract.objects.get(employee=numbered).civil_id == registered.civil_id
        numbered.refresh_from_db()
        assert numbered.civil_id is None
        month = months_ago(2)
        pay(establishment, registered, month, amount="400.000")

        # when the month is checked
        wage_protection_check_month(month=month)

        # then the number is due once, the first worker's contract salary, paid in full
        figures = result(establishment, month)
        assert (figures.workers_due, figures.paid, figures.unknown_lines) == (1, 1, 0)


class TestBadFiles:
    """Lines of the central bank's file are refused one by one with a reason: wrong columns and
    negative amounts by the sync (integrations.validation), a person who is not on the register
    by the check (counted, listed, and paying nobody)."""

    @staticmethod
    def _record(**changes: object) -> dict[str, object]:
        record: dict[str, object] = {
            "cr_number": "2000001",
            "civil_id": "73000001",
            "month": "2026-10",
            "salary_due": "300.000",
            "salary_paid": "300.000",
            "payment_status": "paid",
            "paid_on": "2026-11-02",
            "file_reference": "WPS-202610",
            "version": 1,
        }
        record.update(changes)
        return {k: v for k, v in record.items() if v is not None}

    @pytest.mark.parametrize(
        ("changes", "reason", "field"),
        [
            ({"salary_paid": None}, "missing", "salary_paid"),  # a column missing
            ({"civil_id": "ABC"}, "invalid", "civil_id"),  # a column of the wrong form
            ({"salary_paid": "-50.000"}, "invalid", "salary_paid"),  # a negative amount
            ({"payment_status": "maybe"}, "invalid", "payment_status"),
        ],
        ids=["missing-column", "bad-civil-id", "negative-amount", "unknown-status"],
    )
    def test_the_sync_refuses_a_bad_line_with_its_reason(self, changes, reason, field):
        from integrations.entities import Entity, spec_for
        from integrations.validation import RecordValidator, Rejection

        outcome = RecordValidator(spec_for(Entity.WAGE_PROTECTION)).validate(
            self._record(**changes)
        )

        assert isinstance(outcome, Rejection)
        assert (outcome.reason, outcome.field) == (reason, field)

    def test_a_good_line_is_accepted(self):
        from integrations.entities import Entity, spec_for
        from integrations.validation import RecordValidator

        outcome = RecordValidator(spec_for(Entity.WAGE_PROTECTION)).validate(self._record())

        assert isinstance(outcome, str)

    def test_a_line_for_someone_not_on_the_register_is_refused_and_pays_nobody(
        self, client, establishment
    ):
        # given a worker on the register, and a line for a stranger paid in their place
        month = months_ago(2)
        employee = worker(establishment)
        SalaryFileLine.objects.create(
            cr_number=establishment.cr_number,
            civil_id="79999999",
            month=month,
            salary_due=Decimal("300"),
            salary_paid=Decimal("300"),
            payment_status="paid",
            paid_on=_last_day(month),
            file_reference="WPS-STRANGER",
            source_version=1,
            synced_at=timezone.now(),
        )

        # when
        wage_protection_check_month(month=month)

        # then the worker is still unpaid, the stranger's line is refused and listed
        figures = result(establishment, month)
        assert (figures.unpaid, figures.unknown_lines) == (1, 1)
        assert not WageProtectionLine.objects.filter(civil_id="79999999").exists()
        from tests.conftest import sign_in

        member = MembershipFactory.create(establishment=establishment).user
        sign_in(client, member)
        page = client.get(
            reverse(
                "employment:employer-wage-protection-month", args=[establishment.pk, figures.pk]
            )
        ).content.decode()
        assert "79999999" in page
        assert "not on your workforce register" in page
        assert employee.civil_id in page


class TestSetBasedWrites:
    """The month's messages, violations and suspensions are written set-based: what a user or
    the audit trail sees is what the one-by-one services wrote."""

    def test_workers_with_kept_numbers_are_warned_at_once_in_their_language(
        self, establishment, registry
    ):
        # given the registry down, one worker whose registry answer is kept (language Bengali)
        # and one whose is not, neither paid
        from accounts.models import RegistryRecord
        from employment.models import WageProtectionRun
        from employment.services.notices import worker_notices_retry
        from tests.employment.builders import registry_down, registry_up

        kept, unknown = worker(establishment), worker(establishment)
        contract_in_force(kept, salary=Decimal("300.000"))
        from employment.models import Contract

        Contract.objects.filter(employee=kept).update(worker_language="bn")
        RegistryRecord.objects.create(
            civil_id=kept.civil_id, mobile=registry_mobile(kept.civil_id), fetched_at=timezone.now()
        )
        registry_down(registry)
        month = months_ago(2)

        # when the month is checked
        run = wage_protection_check_month(month=month)

        # then the kept worker's warning is in the ledger, in Bengali, keyed by the month's line
        # (the ledger is the record of it: no notice is kept for a worker told at once)
        worker_sms = SmsMessage.objects.filter(template__code="wage_protection_warning_worker")
        message = worker_sms.get()
        assert (message.to_number, message.language) == (registry_mobile(kept.civil_id), "bn")
        assert f"{month:%Y-%m}" in message.rendered_text
        assert "মজুরি সুরক্ষা" in message.rendered_text  # the Bengali text, not the English
        assert message.idempotency_key == (
            f"wps:{establishment.pk}:{month:%Y-%m}:worker:{kept.civil_id}:registry"
        )
        assert not WorkerNotice.objects.filter(civil_id=kept.civil_id).exists()
        # and the other waits for the registry, nothing lost
        assert WorkerNotice.objects.get(civil_id=unknown.civil_id).status == "pending"
        # and the run has one audit event saying what was sent
        event = AuditEvent.objects.get(action="employment.wage_protection_workers_warned")
        assert event.object_id == str(run.pk)
        assert (event.after["messages"], event.after["notices_pending"]) == (1, 1)
        assert WageProtectionRun.objects.get(pk=run.pk).warnings_written == 2

        # when the month is checked again
        before = state()
        wage_protection_check_month(month=month)

        # then nothing more was written
        assert state() == before
        summaries = AuditEvent.objects.filter(action="employment.wage_protection_workers_warned")
        assert summaries.count() == 1

        # when the registry answers again, the waiting worker is told at the registry's number
        registry_up(registry)
        worker_notices_retry(now=timezone.now() + datetime.timedelta(hours=2))
        assert WorkerNotice.objects.get(civil_id=unknown.civil_id).status == "sent"
        assert registry_mobile(unknown.civil_id) in [m.to_number for m in worker_sms.all()]

    def test_the_violation_its_message_and_the_suspension_are_audited(
        self, establishment, workforce, representative
    ):
        # given two months with a worker unpaid
        for month in (months_ago(3), months_ago(2)):
            wage_protection_check_month(month=month)

        # then the representative was told of the violation, in English, with its fine
        violation = Violation.objects.get()
        told = SmsMessage.objects.get(template__code="violation_recorded")
        assert told.to_number == "+96891000011"
        assert told.idempotency_key == f"violation:{violation.pk}:recorded:{representative.pk}"
        assert str(violation.fine) in told.rendered_text
        # and the violation and the suspension each have their audit event
        recorded = AuditEvent.objects.get(action="employment.violation_recorded")
        assert recorded.object_id == str(violation.pk)
        assert recorded.actor_label == "portal"
        assert recorded.after["fine"] == str(violation.fine)
        assert recorded.after["workers_concerned"] == 3
        assert recorded.after["raised_by_system"] is True
        barred = AuditEvent.objects.get(action="employers.establishment_barred")
        assert barred.object_id == str(establishment.pk)
        assert barred.after["bar_source"] == "wage_protection"
        assert barred.after["bar_reason"] == f"Violation {violation.pk}: " + (
            f"{violation.violation_type.name_en}."
        )


class TestPlannerStatistics:
    def test_stale_statistics_are_refreshed_for_what_the_stage_statements_read(
        self, establishment, workforce
    ):
        # given a month checked (the tables hold fewer rows than the stages are told moved)
        from django.db import connection

        from employment.services.wage_protection import _fresh_statistics

        wage_protection_check_month(month=months_ago(2))
        tables = ["employment_wageprotectionline", "employment_wageprotectionresult"]

        # when the stages ask for fresh statistics
        _fresh_statistics(1_000_000)

        # then the planner knows the rows and the columns the stage statements join on
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)", [tables]
            )
            counted = dict(cursor.fetchall())
            cursor.execute(
                "SELECT tablename, attname FROM pg_stats WHERE tablename = ANY(%s)", [tables]
            )
            analyzed = set(cursor.fetchall())
        assert counted == {
            "employment_wageprotectionline": WageProtectionLine.objects.count(),
            "employment_wageprotectionresult": WageProtectionResult.objects.count(),
        }
        for column in ("establishment_id", "month", "outcome", "civil_id"):
            assert ("employment_wageprotectionline", column) in analyzed
        for column in ("establishment_id", "month", "stage"):
            assert ("employment_wageprotectionresult", column) in analyzed
