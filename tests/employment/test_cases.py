"""Terminations, absconding reports and decisions: the rules of RD 53/2023 as data, translated
refusals that save nothing, the Omanization register reflecting a departure at once, and the
one transition path of decisions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import User
from core.models import AuditEvent
from employers.models import Employee
from employment.models import AbscondingReport, InvestigationFlag, Termination
from employment.selectors.cases import absconding_reports_on_record, omani_replacements_owed
from employment.services.cases import CaseError, case_decide, objection_file
from notifications.models import SmsMessage
from omanization.selectors import compliance_for_establishment
from permits.models import Permit
from permits.services import PermitError, permit_renew
from tests.employment.builders import (
    foreign_worker,
    muscat,
    notice_messages,
    officer,
    omani_account,
    proof_of,
    registry_mobile,
    report_absconding,
    representative,
    sms_sent,
    terminate,
)
from tests.factories import EstablishmentFactory, OmaniEmployeeFactory
from tests.omanization.builders import activity, establishment, publish_rule_set
from tests.permits.factories import PermitFactory

pytestmark = pytest.mark.django_db


def nothing_saved(employee: Employee, contract_end: datetime.date | None = None) -> None:
    assert not Termination.objects.exists()
    assert not SmsMessage.objects.exists()
    employee.refresh_from_db()
    assert employee.contract_end == contract_end


class TestTerminationFile:
    def test_a_termination_notifies_the_worker_and_ends_the_contract_at_the_last_day(self):
        # given
        shop = EstablishmentFactory.create()
        employee, held = foreign_worker(shop)
        user = representative(shop)
        today = timezone.localdate()
        # when
        termination = terminate(employee, user, notice_days=45)
        # then
        assert termination.status == Termination.Status.NOTIFIED
        assert termination.last_working_day == today + datetime.timedelta(days=45)
        employee.refresh_from_db()
        assert employee.contract_end == termination.last_working_day
        (sms,) = notice_messages(termination)
        assert sms.template.code == "termination_notice"
        # the registry's mobile for the worker's resident number, never the permit's typed one
        assert sms.to_number == registry_mobile(employee.civil_id)
        assert sms.to_number != held.worker_mobile
        assert "30 days" in sms.rendered_text
        assert AuditEvent.objects.filter(
            action="employment.termination_filed", object_id=str(termination.pk)
        ).exists()

    def test_an_economic_dismissal_waits_for_the_committee_without_a_notice(self):
        shop = EstablishmentFactory.create()
        employee, _ = foreign_worker(shop)
        termination = terminate(employee, representative(shop), reason_code="economic")
        assert termination.status == Termination.Status.COMMITTEE
        assert termination.notice is None

    def test_an_omani_is_told_at_the_registry_mobile_which_is_their_proven_account_s(self):
        shop = EstablishmentFactory.create()
        employee = OmaniEmployeeFactory.create(establishment=shop)
        account = omani_account(employee)
        termination = terminate(employee, representative(shop))
        (sms,) = notice_messages(termination)
        assert sms.recipient_id == account.pk
        assert sms.to_number == registry_mobile(employee.civil_id)

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"reason_code": "bad_mood"}, "reason_code", "law's list"),
            ({"notice_days": 29}, "notice_days", "30"),
            (
                {"notice_given_on": datetime.date(2023, 12, 31)},
                "notice_given_on",
                "2024-01-01",
            ),
            ({"details": "  "}, "details", None),
        ],
    )
    def test_bad_input_is_refused_by_field_and_nothing_is_saved(self, overrides, field, message):
        # given
        shop = EstablishmentFactory.create()
        employee, _ = foreign_worker(shop)
        user = representative(shop)
        # when
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            terminate(employee, user, **overrides)
        # then
        assert field in refused.value.message_dict
        if message is not None:
            assert message in " ".join(refused.value.message_dict[field])
        nothing_saved(employee)

    def test_a_notice_dated_far_ahead_is_refused(self):
        shop = EstablishmentFactory.create()
        employee, _ = foreign_worker(shop)
        with pytest.raises(ValidationError) as refused:
            terminate(
                employee,
                representative(shop),
                notice_given_on=timezone.localdate() + datetime.timedelta(days=31),
            )
        assert "notice_given_on" in refused.value.message_dict
        nothing_saved(employee)

    def test_a_contract_cannot_be_ended_retroactively(self):
        shop = EstablishmentFactory.create()
        employee, _ = foreign_worker(shop)
        with pytest.raises(ValidationError) as refused:
            terminate(
                employee,
                representative(shop),
                notice_given_on=timezone.localdate() - datetime.timedelta(days=40),
            )
        assert "notice_given_on" in refused.value.message_dict
        nothing_saved(employee)

    def test_an_omani_performance_dismissal_needs_the_improvement_period(self):
        # given
        shop = EstablishmentFactory.create()
        employee = OmaniEmployeeFactory.create(establishment=shop)
        user = representative(shop)
        today = timezone.localdate()
        # when / then: none recorded, or one shorter than 6 months, is refused
        for started in (None, today - datetime.timedelta(days=150)):
            with pytest.raises(ValidationError) as refused:
                terminate(employee, user, reason_code="performance", improvement_started_on=started)
            assert "improvement_started_on" in refused.value.message_dict
            nothing_saved(employee)
        # six full months is accepted
        six_months_ago = today - relativedelta(months=6)
        termination = terminate(
            employee, user, reason_code="performance", improvement_started_on=six_months_ago
        )
        assert termination.status == Termination.Status.NOTIFIED

    def test_a_foreign_workers_performance_dismissal_needs_no_improvement_period(self):
        shop = EstablishmentFactory.create()
        employee, _ = foreign_worker(shop)
        termination = terminate(employee, representative(shop), reason_code="performance")
        assert termination.reason_kind == "performance"

    def test_one_open_termination_per_employee(self):
        shop = EstablishmentFactory.create()
        employee, _ = foreign_worker(shop)
        user = representative(shop)
        terminate(employee, user)
        with pytest.raises(CaseError):
            terminate(employee, user, notice_days=31)
        assert Termination.objects.count() == 1

    def test_a_pending_renewal_is_withdrawn_and_a_later_renewal_refused(self):
        # given: a permit in its renewal window with a renewal waiting in the queue
        shop = EstablishmentFactory.create()
        ends = timezone.localdate() + datetime.timedelta(days=30)
        employee, held = foreign_worker(shop, valid_until=ends)
        queued = PermitFactory.create(
            status=Permit.Status.SUBMITTED,
            establishment=shop,
            kind=Permit.Kind.RENEWAL,
            previous_permit=held,
            nationality=held.nationality,
            passport_number=held.passport_number,
        )
        user = representative(shop)
        # when
        terminate(employee, user)
        # then
        queued.refresh_from_db()
        assert queued.status == Permit.Status.WITHDRAWN
        with pytest.raises(PermitError, match="contract is being ended"):
            permit_renew(permit=held, requested_by=user)

    def test_an_issued_renewal_not_yet_started_is_cancelled(self):
        shop = EstablishmentFactory.create()
        employee, held = foreign_worker(
            shop, valid_until=timezone.localdate() + datetime.timedelta(days=30)
        )
        user = representative(shop)
        renewal = permit_renew(permit=held, requested_by=user)
        assert renewal.status == Permit.Status.ACTIVE
        terminate(employee, user)
        renewal.refresh_from_db()
        assert renewal.status == Permit.Status.CANCELLED


class TestOmanization:
    def test_the_register_reflects_the_departure_at_once(self):
        # given: 3 Omanis and a 30% target
        publish_rule_set(effective_from=datetime.date(2023, 1, 1), targets=[(None, "", None, "30")])
        shop = establishment(activity=activity("4711"))
        staff = OmaniEmployeeFactory.create_batch(
            3, establishment=shop, monthly_salary=Decimal("600")
        )
        user = representative(shop)
        # when
        termination = terminate(staff[0], user)
        # then: the contract end is set now, and a date after the last day counts one fewer
        staff[0].refresh_from_db()
        assert staff[0].contract_end == termination.last_working_day
        later = termination.last_working_day + datetime.timedelta(days=120)
        result = compliance_for_establishment(establishment=shop, as_of=later)
        assert result is not None
        assert result.omanis_now == 2

    def test_a_dismissed_omani_is_owed_an_omani_replacement_until_one_is_hired(self):
        shop = EstablishmentFactory.create()
        dismissed = OmaniEmployeeFactory.create(establishment=shop)
        user = representative(shop)
        terminate(dismissed, user)
        assert omani_replacements_owed(establishment=shop) == 1
        # a foreign hire does not replace the Omani; an Omani hired after the notice does
        foreign_worker(shop)
        assert omani_replacements_owed(establishment=shop) == 1
        OmaniEmployeeFactory.create(
            establishment=shop, contract_start=timezone.localdate() + datetime.timedelta(days=5)
        )
        assert omani_replacements_owed(establishment=shop) == 0


class TestAbscondingFile:
    @time_machine.travel(muscat(2026, 3, 15, 9), tick=False)
    def test_day_six_is_refused_and_day_seven_accepted(self):
        # given: last seen on 8 March
        shop = EstablishmentFactory.create()
        employee, _ = foreign_worker(shop)
        user = representative(shop)
        last_seen = datetime.date(2026, 3, 9)  # 6 days before 15 March
        # when / then
        with pytest.raises(CaseError, match="7"):
            report_absconding(employee, user, last_seen_on=last_seen, salary_paid_until=last_seen)
        assert not AbscondingReport.objects.exists()
        assert not SmsMessage.objects.exists()
        report = report_absconding(
            employee,
            user,
            last_seen_on=datetime.date(2026, 3, 8),
            salary_paid_until=datetime.date(2026, 3, 1),
        )
        assert report.status == AbscondingReport.Status.FILED
        (sms,) = notice_messages(report)
        assert sms.template.code == "absconding_notice"
        assert AuditEvent.objects.filter(action="employment.absconding_filed").count() == 1

    @time_machine.travel(muscat(2026, 3, 15, 9), tick=False)
    def test_salary_must_be_paid_up_to_within_seven_days_with_evidence(self):
        shop = EstablishmentFactory.create()
        employee, _ = foreign_worker(shop)
        user = representative(shop)
        last_seen = datetime.date(2026, 3, 8)
        with pytest.raises(CaseError, match="2026-03-01"):
            report_absconding(
                employee, user, last_seen_on=last_seen, salary_paid_until=datetime.date(2026, 2, 28)
            )
        with pytest.raises(CaseError):
            report_absconding(
                employee,
                user,
                last_seen_on=last_seen,
                salary_paid_until=last_seen,
                salary_evidence="  ",
            )
        assert not AbscondingReport.objects.exists()
        assert not SmsMessage.objects.exists()

    def test_one_open_report_per_worker_and_none_for_an_omani(self):
        shop = EstablishmentFactory.create()
        employee, _ = foreign_worker(shop)
        user = representative(shop)
        report_absconding(employee, user)
        with pytest.raises(CaseError):
            report_absconding(employee, user)
        with pytest.raises(CaseError):
            report_absconding(OmaniEmployeeFactory.create(establishment=shop), user)
        assert AbscondingReport.objects.count() == 1

    @time_machine.travel(muscat(2026, 3, 20, 9), tick=False)
    def test_the_sixth_report_in_a_month_flags_the_employer_once(self):
        # given
        shop = EstablishmentFactory.create()
        user = representative(shop)
        workers = [foreign_worker(shop)[0] for _ in range(7)]
        # when: five reports
        for employee in workers[:5]:
            report_absconding(employee, user)
        # then: no flag; the sixth flags; the seventh adds no second flag
        assert not InvestigationFlag.objects.exists()
        report_absconding(workers[5], user)
        flag = InvestigationFlag.objects.get()
        assert (flag.reason_code, flag.period, flag.count) == ("absconding_monthly", "2026-03", 6)
        report_absconding(workers[6], user)
        assert InvestigationFlag.objects.count() == 1
        assert InvestigationFlag.objects.get().count == 7
        assert AuditEvent.objects.filter(action="employment.investigation_flagged").count() == 1

    def test_the_eleventh_report_in_a_year_flags_the_employer(self):
        shop = EstablishmentFactory.create()
        user = representative(shop)
        for month, count in ((1, 4), (2, 4), (3, 2)):
            with time_machine.travel(muscat(2026, month, 20, 9), tick=False):
                for _ in range(count):
                    report_absconding(foreign_worker(shop)[0], user)
        assert not InvestigationFlag.objects.exists()
        with time_machine.travel(muscat(2026, 4, 20, 9), tick=False):
            report_absconding(foreign_worker(shop)[0], user)
        flag = InvestigationFlag.objects.get()
        assert (flag.reason_code, flag.period, flag.count) == ("absconding_yearly", "2026", 11)


class TestDecisions:
    def _objected_report(self) -> tuple[AbscondingReport, Permit]:
        shop = EstablishmentFactory.create()
        employee, held = foreign_worker(shop)
        report = report_absconding(employee, representative(shop))
        sms_sent(report, timezone.now())
        objection_file(
            absconding_report=report,
            statement="I was in hospital.",
            filed_via="portal",
            proof=proof_of(report),
        )
        report.refresh_from_db()
        return report, held

    def test_an_upheld_absconding_report_ends_the_permit(self):
        report, held = self._objected_report()
        decided = case_decide(
            case=report, decided_by=officer(), decision="uphold", reason="No evidence of illness."
        )
        assert decided.status == AbscondingReport.Status.UPHELD
        held.refresh_from_db()
        assert held.status == Permit.Status.CANCELLED
        assert "upheld" in held.ended_reason
        assert SmsMessage.objects.filter(template__code="case_decision").count() == 1

    def test_an_overturned_report_is_struck_from_the_workers_record(self):
        report, held = self._objected_report()
        case_decide(
            case=report,
            decided_by=officer(User.Role.APPROVER),
            decision="overturn",
            reason="Hospital record produced.",
        )
        report.refresh_from_db()
        held.refresh_from_db()
        assert report.status == AbscondingReport.Status.OVERTURNED
        assert held.status == Permit.Status.ACTIVE
        assert not absconding_reports_on_record(employee=report.employee).exists()

    @pytest.mark.parametrize(
        "status",
        [
            AbscondingReport.Status.FILED,
            AbscondingReport.Status.UPHELD,
            AbscondingReport.Status.OVERTURNED,
        ],
    )
    def test_a_report_not_objected_cannot_be_decided_and_is_unchanged(self, status):
        shop = EstablishmentFactory.create()
        employee, held = foreign_worker(shop)
        report = report_absconding(employee, representative(shop))
        AbscondingReport.objects.filter(pk=report.pk).update(status=status)
        with pytest.raises(CaseError):
            case_decide(case=report, decided_by=officer(), decision="uphold", reason="r")
        report.refresh_from_db()
        held.refresh_from_db()
        assert report.status == status
        assert report.decided_by is None
        assert held.status == Permit.Status.ACTIVE

    @pytest.mark.parametrize(
        "status",
        [Termination.Status.NOTIFIED, Termination.Status.UPHELD, Termination.Status.OVERTURNED],
    )
    def test_a_termination_not_awaiting_a_decision_is_refused(self, status):
        shop = EstablishmentFactory.create()
        employee, _ = foreign_worker(shop)
        termination = terminate(employee, representative(shop))
        Termination.objects.filter(pk=termination.pk).update(status=status)
        with pytest.raises(CaseError):
            case_decide(case=termination, decided_by=officer(), decision="overturn", reason="r")
        termination.refresh_from_db()
        assert termination.status == status

    def test_only_officers_and_approvers_decide(self):
        report, _ = self._objected_report()
        employer = representative(report.establishment)
        with pytest.raises(CaseError):
            case_decide(case=report, decided_by=employer, decision="overturn", reason="mine")
        report.refresh_from_db()
        assert report.status == AbscondingReport.Status.OBJECTED

    def test_overturning_a_termination_restores_the_contract_end(self):
        # given: a fixed-term contract ending in a year, terminated by the committee route
        shop = EstablishmentFactory.create()
        fixed_end = timezone.localdate() + datetime.timedelta(days=365)
        employee, _ = foreign_worker(shop)
        Employee.objects.filter(pk=employee.pk).update(contract_end=fixed_end)
        termination = terminate(employee, representative(shop), reason_code="economic")
        employee.refresh_from_db()
        assert employee.contract_end == termination.last_working_day
        # when
        case_decide(
            case=termination, decided_by=officer(), decision="overturn", reason="Not economic."
        )
        # then
        employee.refresh_from_db()
        termination.refresh_from_db()
        assert termination.status == Termination.Status.OVERTURNED
        assert employee.contract_end == fixed_end
        assert termination.decision_reason == "Not economic."

    def test_the_committee_upholds_an_economic_dismissal(self):
        shop = EstablishmentFactory.create()
        employee, _ = foreign_worker(shop)
        termination = terminate(employee, representative(shop), reason_code="economic")
        decided = case_decide(
            case=termination, decided_by=officer(), decision="uphold", reason="Activity closed."
        )
        assert decided.status == Termination.Status.UPHELD
        assert AuditEvent.objects.filter(action="employment.termination_upheld").count() == 1


def test_refusals_read_in_arabic():
    # given: a permit renewal refused because the worker's contract is being ended
    shop = EstablishmentFactory.create()
    employee, held = foreign_worker(
        shop, valid_until=timezone.localdate() + datetime.timedelta(days=30)
    )
    user = representative(shop)
    terminate(employee, user)
    # when / then
    with translation.override("ar"), pytest.raises(PermitError) as refused:
        permit_renew(permit=held, requested_by=user)
    assert "عقد عمل العامل قيد الإنهاء" in refused.value.message
