"""Worker contact only through verified numbers (issue 15, DOMAIN.md section 7).

A contract's code goes to the civil registry's mobile for the worker's number, never to the
mobile the employer typed. A legal notice goes to every verified number (the registry's, the
worker's own proven account's), one ledger row each, and its deadline runs from the first
delivery. With no verified number nobody is told, no deadline starts and the pages say so; a
registry outage keeps the code or the notice pending and sends it once the registry answers.

These run against the stub civil registry over loopback and, where the messages leave, the
fake SMS provider through the real twilio client.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from accounts.models import ProofMethod
from employment.models import AbscondingReport, Contract, Termination, WorkerNotice
from employment.selectors.case_queue import case_window
from employment.services.cases import cases_close_expired_windows
from employment.services.contracts import contract_accept, contract_register
from employment.tasks import worker_notices_retry_task
from notifications.models import SmsMessage
from notifications.services import sms_send
from tests.conftest import sign_in, sign_in_staff
from tests.employment.builders import (
    another_mobile,
    contract_data,
    foreign_worker,
    muscat,
    notice_messages,
    offer_code,
    officer,
    registry_down,
    registry_holds_no_mobile,
    registry_mobile,
    registry_up,
    report_absconding,
    representative,
    sms_delivered,
    terminate,
    unproven_account,
    worker_account,
)
from tests.factories import EstablishmentFactory, OmaniEmployeeFactory

pytestmark = pytest.mark.django_db


def _send_the_ledger() -> None:
    """The relay's work: every message waiting in the ledger goes to the provider."""
    for message in SmsMessage.objects.filter(status=SmsMessage.Status.CREATED).order_by("id"):
        sms_send(message_id=message.pk)


def _numbers_reached(fake_sms) -> list[str]:
    return sorted(message["to"] for message in fake_sms.state.messages)


class TestTheContractCode:
    def test_goes_to_the_registry_mobile_only_never_to_the_typed_number(
        self, client, stub, fake_sms
    ):
        # given: the employer types its own phone as the worker's
        shop = EstablishmentFactory.create()
        employer = representative(shop)
        sign_in(client, employer)
        typed = another_mobile()
        data = contract_data(worker_mobile=typed)

        # when it registers the contract on its page and the relay sends the ledger
        response = client.post(
            reverse("employment:employer-contract-register", args=[shop.pk]), data
        )
        _send_the_ledger()

        # then the provider got one message, at the registry's mobile for the worker's number
        contract = Contract.objects.get()
        assert response.status_code == 302
        assert _numbers_reached(fake_sms) == [registry_mobile(contract.civil_id)]
        assert typed not in _numbers_reached(fake_sms)
        body = fake_sms.state.messages[0]["body"]
        assert contract.acceptance_token in body
        code = re.search(r"(\d{6})\D*$", body)
        assert code is not None
        # and the employer's page shows its number as unverified, for information
        page = client.get(response["Location"]).content.decode()
        assert typed in page
        assert "unverified, for information" in page
        assert 'data-offer-state="sent"' in page
        # the code that reached the registry's mobile is the one that accepts
        contract_accept(token=contract.acceptance_token, code=code[1])
        contract.refresh_from_db()
        assert contract.answer_proof_method == ProofMethod.REGISTRY_SMS

    def test_the_officer_sees_the_typed_number_as_unverified(self, client):
        shop = EstablishmentFactory.create()
        contract = contract_register(
            establishment=shop, registered_by=representative(shop), data=contract_data()
        )
        sign_in_staff(client, officer())

        page = client.get(reverse("employment:staff-contract", args=[contract.pk]))

        assert "unverified, for information" in page.content.decode()

    @pytest.mark.parametrize("why", ["passport-only", "registry-holds-no-mobile"])
    def test_without_a_verified_number_no_code_goes_and_the_page_says_so(
        self, client, registry, why
    ):
        # given
        shop = EstablishmentFactory.create()
        employer = representative(shop)
        data = contract_data()
        if why == "passport-only":
            data["civil_id"] = ""
        else:
            registry_holds_no_mobile(registry, data["civil_id"])

        # when
        contract = contract_register(establishment=shop, registered_by=employer, data=data)

        # then
        assert contract.offer_state == Contract.OfferState.NO_NUMBER
        assert contract.acceptance_code_hash == ""
        assert not SmsMessage.objects.exists()
        sign_in(client, employer)
        page = client.get(
            reverse("employment:employer-contract", args=[shop.pk, contract.pk])
        ).content.decode()
        assert "The worker cannot be asked: no verified number." in page
        assert 'data-offer-state="no_number"' in page

    def test_a_registry_outage_keeps_the_code_pending_then_sends_it(self, client, registry):
        # given: the registry is down when the employer registers the contract
        shop = EstablishmentFactory.create()
        employer = representative(shop)
        registry_down(registry)
        contract = contract_register(
            establishment=shop, registered_by=employer, data=contract_data()
        )

        # then: registered, nothing sent, the page says the code is pending
        assert contract.offer_state == Contract.OfferState.PENDING
        assert not SmsMessage.objects.exists()
        sign_in(client, employer)
        url = reverse("employment:employer-contract", args=[shop.pk, contract.pk])
        assert "Code pending." in client.get(url).content.decode()
        # a run while it is still down changes nothing
        worker_notices_retry_task()
        contract.refresh_from_db()
        assert contract.offer_state == Contract.OfferState.PENDING

        # when the registry answers again and the retry runs (its next try is due)
        registry_up(registry)
        with time_machine.travel(datetime.timedelta(minutes=2)):
            worker_notices_retry_task()

        # then the code went to the registry's mobile, and it accepts the offer
        contract.refresh_from_db()
        assert contract.offer_state == Contract.OfferState.SENT
        message = SmsMessage.objects.get(idempotency_key=f"contract:{contract.pk}:offer")
        assert message.to_number == registry_mobile(contract.civil_id)
        accepted = contract_accept(token=contract.acceptance_token, code=offer_code(contract.pk))
        assert accepted.answer_proof_method == ProofMethod.REGISTRY_SMS


class TestALegalNotice:
    def test_goes_to_every_verified_number_and_the_deadline_runs_from_the_first_delivery(
        self, client, stub, fake_sms
    ):
        # given: an Omani worker whose proven account has a mobile other than the registry's,
        # and an account that merely claims a number (never reached)
        with time_machine.travel(muscat(2026, 3, 1, 9), tick=False):
            shop = EstablishmentFactory.create()
            employer = representative(shop)
            employee = OmaniEmployeeFactory.create(establishment=shop)
            own_mobile = another_mobile()
            worker_account(employee, mobile=own_mobile)

            # when the employer terminates the contract and the relay sends the ledger
            termination = terminate(employee, employer)
            _send_the_ledger()

        # then one message per verified number, with its own key, none elsewhere
        messages = notice_messages(termination)
        assert termination.notice.status == WorkerNotice.Status.SENT
        assert sorted(m.to_number for m in messages) == sorted(
            [registry_mobile(employee.civil_id), own_mobile]
        )
        assert {m.idempotency_key for m in messages} == {
            f"termination:{termination.pk}:notice:registry",
            f"termination:{termination.pk}:notice:account",
        }
        assert _numbers_reached(fake_sms) == sorted(
            [registry_mobile(employee.civil_id), own_mobile]
        )
        # when the account's phone gets it on 5 March and the registry's on 3 March
        by_number = {m.to_number: m for m in messages}
        sms_delivered(by_number[own_mobile], muscat(2026, 3, 5, 9))
        sms_delivered(by_number[registry_mobile(employee.civil_id)], muscat(2026, 3, 3, 9))
        # then the 30 days run from 3 March, the first delivery
        termination.refresh_from_db()
        window = case_window(case=termination)
        assert window.starts_at == muscat(2026, 3, 3, 9)
        assert window.last_day == datetime.date(2026, 4, 2)
        assert cases_close_expired_windows(now=muscat(2026, 4, 2, 23))["terminations"] == 0
        assert cases_close_expired_windows(now=muscat(2026, 4, 3, 0, 5))["terminations"] == 1
        # and the employer's page lists both messages, the numbers masked
        sign_in(client, employer)
        page = client.get(
            reverse("employment:employer-termination", args=[shop.pk, termination.pk])
        ).content.decode()
        assert own_mobile not in page
        assert f"•••• {own_mobile[-3:]}" in page

    def test_never_goes_to_the_permit_s_typed_number_or_an_unproven_account(self):
        shop = EstablishmentFactory.create()
        employee, held = foreign_worker(shop)
        unproven_account(employee)

        termination = terminate(employee, representative(shop))

        (message,) = notice_messages(termination)
        assert message.to_number == registry_mobile(employee.civil_id)
        assert not SmsMessage.objects.filter(to_number=held.worker_mobile).exists()

    @pytest.mark.parametrize("why", ["no-resident-number", "registry-holds-no-mobile"])
    def test_with_no_verified_number_nobody_is_told_and_no_deadline_starts(
        self, client, registry, why
    ):
        # given
        with time_machine.travel(muscat(2026, 3, 1, 9), tick=False):
            shop = EstablishmentFactory.create()
            employer = representative(shop)
            employee, _held = foreign_worker(shop, resident_number=why != "no-resident-number")
            if why == "registry-holds-no-mobile":
                registry_holds_no_mobile(registry, employee.civil_id)

            # when
            termination = terminate(employee, employer)

        # then: no message at all (not to the permit's number either), no deadline
        assert termination.notice.status == WorkerNotice.Status.NO_NUMBER
        assert not SmsMessage.objects.exists()
        assert not case_window(case=termination).started
        assert cases_close_expired_windows(now=muscat(2027, 1, 1))["terminations"] == 0
        termination.refresh_from_db()
        assert termination.status == Termination.Status.NOTIFIED
        # and the employer's and the officer's pages say so
        sign_in(client, employer)
        employer_page = client.get(
            reverse("employment:employer-termination", args=[shop.pk, termination.pk])
        ).content.decode()
        sign_in_staff(client, officer())
        officer_page = client.get(
            reverse("employment:staff-case", args=["termination", termination.pk])
        ).content.decode()
        for page in (employer_page, officer_page):
            assert 'data-notice-state="no_number"' in page
            assert "The worker cannot be told: no verified number." in page
            assert "Not started" in page

    def test_a_registry_outage_keeps_the_notice_pending_then_sends_it(self, client, registry):
        # given: the registry is down and nothing of it is kept for the worker
        shop = EstablishmentFactory.create()
        employer = representative(shop)
        employee, _held = foreign_worker(shop)
        registry_down(registry)

        # when the employer files an absconding report
        with time_machine.travel(muscat(2026, 3, 10, 9), tick=False):
            report = report_absconding(employee, employer)

        # then it is filed, the notice waits, no deadline runs, the page says so
        assert report.status == AbscondingReport.Status.FILED
        assert report.notice.status == WorkerNotice.Status.PENDING
        assert not SmsMessage.objects.exists()
        assert not case_window(case=report).started
        sign_in(client, employer)
        url = reverse("employment:employer-absconding-report", args=[shop.pk, report.pk])
        assert 'data-notice-state="pending"' in client.get(url).content.decode()

        # when the registry answers again and the retry runs
        registry_up(registry)
        with time_machine.travel(muscat(2026, 3, 10, 9, 5), tick=False):
            worker_notices_retry_task()

        # then the notice went to the registry's mobile and the deadline runs from delivery
        report.refresh_from_db()
        assert report.notice.status == WorkerNotice.Status.SENT
        (message,) = notice_messages(report)
        assert message.to_number == registry_mobile(employee.civil_id)
        sms_delivered(report, muscat(2026, 3, 11, 9))
        assert case_window(case=report).last_day == datetime.date(2026, 5, 10)
        assert 'data-notice-state="pending"' not in client.get(url).content.decode()

    def test_a_kept_registry_answer_still_reaches_the_worker_during_an_outage(self, registry):
        # given: the registry answered about the worker once (its answer is kept), then failed
        from accounts.registry import registry_person

        shop = EstablishmentFactory.create()
        employee, _held = foreign_worker(shop)
        registry_person(civil_id=employee.civil_id, fresh=True)
        registry_down(registry)

        # when
        termination = terminate(employee, representative(shop))

        # then the kept mobile is used: nothing waits
        assert termination.notice.status == WorkerNotice.Status.SENT
        (message,) = notice_messages(termination)
        assert message.to_number == registry_mobile(employee.civil_id)
