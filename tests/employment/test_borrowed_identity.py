"""The borrowed-identity attack of issue 15, step by step, on the worker's side of employment.

Someone registers a worker's civil ID with their own SIM (the account is active, its mobile
verified, its civil ID never proven). They must see nothing of that worker's employment and act
for them nowhere: no resignation, no withdrawal, no answer to the worker's contract offer. Each
refusal is a translated message and changes nothing. The real worker, once proven and with a
fresh proof, completes the same acts, and each receipt records how they proved it.
"""

from __future__ import annotations

import datetime
import time

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import ProofMethod, User
from core.models import AuditEvent
from employers.models import Employee
from employment.models import Contract, Resignation
from employment.services.contracts import (
    ContractCodeError,
    contract_decline,
    contract_register,
)
from employment.services.resignations import ResignationError, resignation_submit
from tests.conftest import sign_in
from tests.employment.builders import (
    contract_data,
    offer_code,
    prove_in_session,
    representative,
    unproven_account,
    worker_account,
)
from tests.factories import EstablishmentFactory, OmaniEmployeeFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)
RESIGN = "/en/my/employment/resign/"


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def employee() -> Employee:
    shop = EstablishmentFactory.create(name_en="Gulf Dunes LLC")
    representative(shop)
    return OmaniEmployeeFactory.create(establishment=shop)


def _resign_form(employee: Employee) -> dict[str, object]:
    return {"employee": employee.pk, "last_working_day": "2026-04-15", "statement": ""}


class TestAnAccountThatOnlyClaimsTheNumber:
    def test_sees_nothing_of_the_employment_and_is_asked_to_prove_who_it_is(self, client, employee):
        # given: an account holding the worker's civil ID, with its own verified SIM
        borrower = unproven_account(employee)
        sign_in(client, borrower)

        # when
        page = client.get("/en/my/employment/")

        # then: no employer, no employment, a way to prove who they are
        body = page.content.decode()
        assert page.status_code == 200
        assert "Gulf Dunes LLC" not in body
        assert "Resign from an employment" not in body
        assert 'data-refusal="identity-not-proven"' in body
        prove = reverse("accounts:prove")
        assert f'href="{prove}?next=%2Fen%2Fmy%2Femployment%2F&amp;act=identity"' in body

    def test_cannot_open_or_send_the_resignation_form_even_with_a_proof_in_session(
        self, client, employee
    ):
        borrower = unproven_account(employee)
        sign_in(client, borrower)
        # a proof of the number in this session does not make the account the worker's
        prove_in_session(client, employee.civil_id)

        page = client.get(RESIGN)
        sent = client.post(RESIGN, _resign_form(employee))

        for response in (page, sent):
            assert response.status_code == 403
            assert "has not been proven" in response.content.decode()
            assert "Gulf Dunes LLC" not in response.content.decode()
        assert not Resignation.objects.exists()

    def test_the_refusal_is_translated(self, client, employee):
        sign_in(client, unproven_account(employee))

        english = client.get(RESIGN).content.decode()
        arabic = client.get("/ar/my/employment/resign/").content.decode()

        assert 'data-refusal="identity-not-proven"' in arabic
        assert 'lang="ar"' in arabic
        assert "has not been proven" in english

    def test_cannot_read_or_withdraw_a_resignation_filed_under_the_number(self, client, employee):
        # given: a resignation under the worker's number, filed before proofs were required by
        # the account that holds the number without proof
        borrower = worker_account(employee)
        resignation = resignation_submit(
            employee=employee,
            submitted_by=borrower,
            last_working_day=TODAY + datetime.timedelta(days=30),
        )
        User.objects.filter(pk=borrower.pk).update(identity_proven_at=None)
        sign_in(client, borrower)
        prove_in_session(client, employee.civil_id)

        # when
        detail = client.get(f"/en/my/employment/resignations/{resignation.pk}/")
        withdraw = client.post(f"/en/my/employment/resignations/{resignation.pk}/withdraw/")
        timeline = client.get("/en/my/employment/").content.decode()

        # then
        assert detail.status_code == 404
        assert withdraw.status_code == 403
        assert "Gulf Dunes LLC" not in timeline
        resignation.refresh_from_db()
        assert resignation.status == Resignation.Status.SUBMITTED
        assert not AuditEvent.objects.filter(action="employment.resignation_withdrawn").exists()

    def test_the_service_refuses_it_too(self, employee):
        borrower = unproven_account(employee)

        with pytest.raises(ResignationError, match="has not been proven"):
            resignation_submit(
                employee=employee,
                submitted_by=borrower,
                last_working_day=TODAY + datetime.timedelta(days=30),
                proof_method=ProofMethod.IDP,
            )

        assert not Resignation.objects.exists()


class TestTheProvenWorkerResigns:
    def test_without_a_fresh_proof_the_resignation_page_asks_for_one(self, client, employee):
        sign_in(client, worker_account(employee))

        response = client.get(RESIGN)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:prove"))
        assert "act=resign" in response["Location"]
        assert "next=%2Fen%2Fmy%2Femployment%2Fresign%2F" in response["Location"]

    def test_a_proof_older_than_the_window_asks_again_and_nothing_is_sent(self, client, employee):
        sign_in(client, worker_account(employee))
        session = client.session
        session["_portal_proof"] = {
            "at": time.time() - settings.STEP_UP_MAX_AGE_SECONDS - 1,
            "method": "idp",
            "civil_id": employee.civil_id,
        }
        session.save()

        response = client.post(RESIGN, _resign_form(employee))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:prove"))
        assert not Resignation.objects.exists()

    def test_with_a_fresh_proof_it_completes_and_the_receipts_say_how(self, client, employee):
        # given
        person = worker_account(employee)
        sign_in(client, person)
        prove_in_session(client, employee.civil_id, ProofMethod.REGISTRY_SMS)

        # when
        response = client.post(RESIGN, _resign_form(employee))

        # then
        resignation = Resignation.objects.get()
        assert response.status_code == 302
        assert resignation.proof_method == ProofMethod.REGISTRY_SMS
        mine = client.get(f"/en/my/employment/resignations/{resignation.pk}/").content.decode()
        assert 'data-proof="registry_sms"' in mine
        assert "code sent to the civil registry" in mine
        event = AuditEvent.objects.get(action="employment.resignation_submitted")
        assert event.after["proof_method"] == ProofMethod.REGISTRY_SMS
        sign_in(client, representative(employee.establishment))
        theirs = client.get(
            f"/en/employer/{employee.establishment_id}/resignations/{resignation.pk}/"
        ).content.decode()
        assert "code sent to the civil registry" in theirs

    def test_withdrawing_needs_a_fresh_proof_too_and_records_it(self, client, employee):
        person = worker_account(employee)
        resignation = resignation_submit(
            employee=employee,
            submitted_by=person,
            last_working_day=TODAY + datetime.timedelta(days=30),
            proof_method=ProofMethod.IDP,
        )
        sign_in(client, person)
        url = f"/en/my/employment/resignations/{resignation.pk}/withdraw/"

        # without a fresh proof: sent to prove, nothing changes
        asked = client.post(url)
        assert asked.status_code == 302
        assert asked["Location"].startswith(reverse("accounts:prove"))
        resignation.refresh_from_db()
        assert resignation.status == Resignation.Status.SUBMITTED

        # back from the proof (a GET of the same address) the person sees the resignation
        prove_in_session(client, employee.civil_id)
        back = client.get(url)
        assert back["Location"] == f"/en/my/employment/resignations/{resignation.pk}/"

        # and withdraws
        done = client.post(url)
        assert done.status_code == 302
        resignation.refresh_from_db()
        assert resignation.status == Resignation.Status.WITHDRAWN
        assert resignation.withdrawal_proof_method == ProofMethod.IDP


class TestTheContractOffer:
    def _offer(self) -> Contract:
        shop = EstablishmentFactory.create()
        return contract_register(
            establishment=shop, registered_by=representative(shop), data=contract_data()
        )

    def test_declining_without_a_code_is_refused_and_nothing_changes(self, client):
        contract = self._offer()
        url = reverse("employment:worker-contract", args=[contract.acceptance_token])

        response = client.post(url, {"answer": "decline"})

        assert response.status_code == 409
        assert "Prove that you are the worker" in response.content.decode()
        contract.refresh_from_db()
        assert contract.status == Contract.Status.PROPOSED
        assert not AuditEvent.objects.filter(action="employment.contract_declined").exists()
        with pytest.raises(ContractCodeError):
            contract_decline(token=contract.acceptance_token)

    def test_accepting_without_a_code_is_refused(self, client):
        contract = self._offer()
        url = reverse("employment:worker-contract", args=[contract.acceptance_token])

        response = client.post(url, {"answer": "accept", "code": ""})

        assert response.status_code == 409
        contract.refresh_from_db()
        assert contract.status == Contract.Status.PROPOSED

    def test_a_proof_of_another_number_does_not_answer_for_the_worker(self, client):
        contract = self._offer()
        prove_in_session(client, "21999999")  # the employer proved their own number
        url = reverse("employment:worker-contract", args=[contract.acceptance_token])

        response = client.post(url, {"answer": "accept"})

        assert response.status_code == 409
        contract.refresh_from_db()
        assert contract.status == Contract.Status.PROPOSED
        assert contract.answer_proof_method == ""

    def test_a_fresh_identity_proof_of_the_workers_number_answers_without_a_code(self, client):
        # given: the worker signed in with the national identity in this browser
        contract = self._offer()
        prove_in_session(client, contract.civil_id, ProofMethod.IDP)
        url = reverse("employment:worker-contract", args=[contract.acceptance_token])
        page = client.get(url).content.decode()
        assert "no code is needed" in page

        # when
        response = client.post(url, {"answer": "decline"})

        # then: declined, and the receipt (page, employer's page, audit) says how
        assert response.status_code == 302
        contract.refresh_from_db()
        assert contract.status == Contract.Status.DECLINED
        assert contract.answer_proof_method == ProofMethod.IDP
        assert 'data-answer-proof="idp"' in client.get(url).content.decode()
        event = AuditEvent.objects.get(action="employment.contract_declined")
        assert event.after["answer_proof_method"] == ProofMethod.IDP
        sign_in(client, contract.registered_by)
        employer_page = client.get(
            reverse("employment:employer-contract", args=[contract.establishment_id, contract.pk])
        ).content.decode()
        assert 'data-answer-proof="idp"' in employer_page

    def test_the_code_answers_and_is_recorded_as_the_registrys(self, client):
        contract = self._offer()
        url = reverse("employment:worker-contract", args=[contract.acceptance_token])

        client.post(url, {"answer": "accept", "code": offer_code(contract.pk)})

        contract.refresh_from_db()
        assert contract.status in (Contract.Status.ACCEPTED, Contract.Status.ACTIVE)
        assert contract.answer_proof_method == ProofMethod.REGISTRY_SMS
        assert contract.accepted_at is not None
        assert contract.accepted_at <= timezone.now()
