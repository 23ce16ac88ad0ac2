"""Objection windows computed from the notification ledger and the clock: counted from the first
delivery receipt among the notice's messages (one per verified number), from the first sending
without one, no deadline while neither exists (an early objection counts); open on the last day
(Muscat), closed the day after."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from core.exceptions import ApplicationError
from employment.deadlines import lifecycle_rule_set_in_force, objection_window
from employment.models import AbscondingReport, Objection, Termination
from employment.services.cases import cases_close_expired_windows, objection_file
from notifications.models import SmsMessage
from permits.models import Permit
from tests.employment.builders import (
    foreign_worker,
    muscat,
    proof_of,
    report_absconding,
    representative,
    sms_delivered,
    sms_sent,
    terminate,
)
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


class TestObjectionWindow:
    def test_counted_from_the_delivery_receipt_when_there_is_one(self):
        notice = SmsMessage(sent_at=muscat(2026, 3, 1, 9), delivered_at=muscat(2026, 3, 3, 23, 30))
        window = objection_window(messages=[notice], days=30)
        assert window.last_day == datetime.date(2026, 4, 2)
        assert window.closes_at == muscat(2026, 4, 3, 0)

    def test_counted_from_sending_when_the_provider_gives_no_receipt(self):
        notice = SmsMessage(sent_at=muscat(2026, 3, 1, 9), delivered_at=None)
        window = objection_window(messages=[notice], days=30)
        assert window.last_day == datetime.date(2026, 3, 31)

    def test_with_several_numbers_the_first_delivery_receipt_counts(self):
        # the registry's number got it on the 3rd, the account's on the 5th, a third never did
        registry = SmsMessage(sent_at=muscat(2026, 3, 1, 9), delivered_at=muscat(2026, 3, 3, 9))
        account = SmsMessage(sent_at=muscat(2026, 3, 1, 9), delivered_at=muscat(2026, 3, 5, 9))
        lost = SmsMessage(sent_at=muscat(2026, 3, 1, 9))
        window = objection_window(messages=[account, lost, registry], days=30)
        assert window.starts_at == muscat(2026, 3, 3, 9)
        assert window.last_day == datetime.date(2026, 4, 2)

    def test_with_several_numbers_and_no_receipt_the_first_sending_counts(self):
        first = SmsMessage(sent_at=muscat(2026, 3, 1, 9))
        second = SmsMessage(sent_at=muscat(2026, 3, 2, 9))
        window = objection_window(messages=[second, first, SmsMessage()], days=30)
        assert window.starts_at == muscat(2026, 3, 1, 9)

    def test_not_started_while_the_message_was_neither_sent_nor_delivered(self):
        window = objection_window(messages=[SmsMessage()], days=60)
        assert not window.started
        assert window.closes_at is None
        assert window.is_open(muscat(2030, 1, 1))  # no deadline runs yet: early objections count
        assert not window.has_closed(muscat(2030, 1, 1))
        assert not objection_window(messages=[], days=60).started

    def test_open_until_the_end_of_the_last_muscat_day(self):
        window = objection_window(messages=[SmsMessage(sent_at=muscat(2026, 3, 1, 9))], days=30)
        assert window.is_open(muscat(2026, 3, 1, 8, 59))  # before the message: open, no deadline
        assert window.is_open(muscat(2026, 3, 1, 9))
        assert window.is_open(muscat(2026, 3, 31, 23, 59))
        assert not window.is_open(muscat(2026, 4, 1, 0))
        assert window.has_closed(muscat(2026, 4, 1, 0))

    def test_a_late_evening_utc_receipt_counts_on_the_muscat_date(self):
        # 21:30 UTC on 1 March is 01:30 on 2 March in Muscat: day 0 is 2 March
        receipt = datetime.datetime(2026, 3, 1, 21, 30, tzinfo=datetime.UTC)
        window = objection_window(messages=[SmsMessage(delivered_at=receipt)], days=30)
        assert window.last_day == datetime.date(2026, 4, 1)


def test_the_published_rules_of_rd_53_2023_are_in_force():
    rules = lifecycle_rule_set_in_force(on=datetime.date(2026, 3, 1))
    assert rules is not None
    assert (rules.absconding_min_days, rules.absconding_objection_days) == (7, 60)
    assert (rules.termination_objection_days, rules.min_notice_days) == (30, 30)
    assert lifecycle_rule_set_in_force(on=datetime.date(2020, 1, 1)) is None


class TestObjectionAcrossTime:
    def _termination(self) -> Termination:
        shop = EstablishmentFactory.create()
        employee, _permit = foreign_worker(shop)
        return terminate(employee, representative(shop))

    def test_accepted_on_the_last_day_of_the_window_counted_from_delivery(self):
        # given: filed on 1 March, sent that day, delivered on 5 March
        with time_machine.travel(muscat(2026, 3, 1, 9), tick=False):
            termination = self._termination()
        sms_sent(termination, muscat(2026, 3, 1, 9, 1))
        sms_delivered(termination, muscat(2026, 3, 5, 14))
        # when: 4 April is day 30 after delivery (it would be day 34 after sending)
        with time_machine.travel(muscat(2026, 4, 4, 22), tick=False):
            objection = objection_file(
                termination=termination,
                statement="I was not warned.",
                filed_via="portal",
                proof=proof_of(termination),
            )
        # then
        termination.refresh_from_db()
        assert termination.status == Termination.Status.OBJECTED
        assert objection.termination_id == termination.pk

    def test_refused_the_day_after_the_window_and_nothing_changes(self):
        with time_machine.travel(muscat(2026, 3, 1, 9), tick=False):
            termination = self._termination()
        sms_sent(termination, muscat(2026, 3, 1, 9, 1))
        with (
            time_machine.travel(muscat(2026, 4, 1, 0, 1), tick=False),
            pytest.raises(ApplicationError, match="ended on 2026-03-31"),
        ):
            objection_file(
                termination=termination,
                statement="Too late?",
                filed_via="portal",
                proof=proof_of(termination),
            )
        termination.refresh_from_db()
        assert termination.status == Termination.Status.NOTIFIED
        assert not Objection.objects.exists()

    def test_accepted_before_the_worker_was_told(self):
        """The deadline runs from the receipt; a worker who heard otherwise may object early."""
        with time_machine.travel(muscat(2026, 3, 1, 9), tick=False):
            termination = self._termination()
            objection_file(
                termination=termination,
                statement="Early",
                filed_via="portal",
                proof=proof_of(termination),
            )
        assert Objection.objects.filter(termination=termination).exists()

    def test_an_absconding_window_runs_sixty_days_from_delivery(self):
        with time_machine.travel(muscat(2026, 3, 10, 9), tick=False):
            shop = EstablishmentFactory.create()
            employee, _permit = foreign_worker(shop)
            report = report_absconding(employee, representative(shop))
        sms_sent(report, muscat(2026, 3, 10, 9))
        sms_delivered(report, muscat(2026, 3, 12, 9))
        with time_machine.travel(muscat(2026, 5, 11, 23, 59), tick=False):
            objection_file(
                absconding_report=report,
                statement="I was ill.",
                filed_via="sms",
                proof=proof_of(report),
            )
        report.refresh_from_db()
        assert report.status == AbscondingReport.Status.OBJECTED


class TestCloseExpiredWindows:
    def test_unobjected_cases_are_upheld_once_their_window_closed_and_not_before(self):
        # given: a termination and an absconding report told on 1 March
        with time_machine.travel(muscat(2026, 3, 1, 9), tick=False):
            shop = EstablishmentFactory.create()
            user = representative(shop)
            leaving, _ = foreign_worker(shop)
            absent, absent_permit = foreign_worker(shop)
            termination = terminate(leaving, user)
            report = report_absconding(absent, user)
        sms_sent(termination, muscat(2026, 3, 1, 9))
        sms_sent(report, muscat(2026, 3, 1, 9))
        # when / then: the last day of the termination's window changes nothing
        assert cases_close_expired_windows(now=muscat(2026, 3, 31, 23)) == {
            "terminations": 0,
            "absconding_reports": 0,
        }
        # the day after, the termination is upheld; the report's 60 days still run
        assert cases_close_expired_windows(now=muscat(2026, 4, 1, 0, 5)) == {
            "terminations": 1,
            "absconding_reports": 0,
        }
        termination.refresh_from_db()
        assert termination.status == Termination.Status.UPHELD
        # after 60 days the report is upheld and the worker's permit ends
        with time_machine.travel(muscat(2026, 5, 1, 0, 5), tick=False):
            counts = cases_close_expired_windows()
        assert counts == {"terminations": 0, "absconding_reports": 1}
        report.refresh_from_db()
        absent_permit.refresh_from_db()
        assert report.status == AbscondingReport.Status.UPHELD
        assert absent_permit.status == Permit.Status.CANCELLED
        # running again changes nothing
        assert cases_close_expired_windows(now=muscat(2026, 6, 1)) == {
            "terminations": 0,
            "absconding_reports": 0,
        }

    def test_a_case_whose_worker_was_never_told_stays_open(self):
        with time_machine.travel(muscat(2026, 3, 1, 9), tick=False):
            shop = EstablishmentFactory.create()
            employee, _ = foreign_worker(shop)
            termination = terminate(employee, representative(shop))
        counts = cases_close_expired_windows(now=muscat(2027, 1, 1))
        assert counts["terminations"] == 0
        termination.refresh_from_db()
        assert termination.status == Termination.Status.NOTIFIED
