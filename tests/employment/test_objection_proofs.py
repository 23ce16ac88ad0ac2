"""Objecting and withdrawing an objection bind the worker: each needs a fresh proof of the
worker's civil or resident number (a code sent on request to the registry's mobile, or a
national identity sign-in in the browser), recorded on the objection. Without it, or with a
proof of another number, nothing changes."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import ProofMethod, SmsCode
from core.models import AuditEvent
from employment.models import Objection, Termination
from employment.proofs import WorkerProof
from employment.services.cases import CaseError, objection_file, objection_withdraw
from notifications.models import SmsMessage
from tests.employment.builders import (
    foreign_worker,
    proof_of,
    prove_in_session,
    registry_mobile,
    representative,
    step_up_code_sent,
    terminate,
)
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def termination() -> Termination:
    shop = EstablishmentFactory.create()
    employee, _held = foreign_worker(shop)
    return terminate(employee, representative(shop))


def _url(case: Termination) -> str:
    return f"/en/employment/objections/{case.objection_token}/"


class TestObjecting:
    def test_without_a_proof_the_page_refuses_and_nothing_changes(self, client, termination):
        response = client.post(_url(termination), {"action": "object", "statement": "Unfair."})

        assert response.status_code == 403
        assert "Prove that you are the worker first" in response.content.decode()
        termination.refresh_from_db()
        assert termination.status == Termination.Status.NOTIFIED
        assert not Objection.objects.exists()

    def test_a_code_goes_to_the_registry_mobile_and_proves_the_objection(self, client, termination):
        # when the worker asks for a code
        asked = client.post(_url(termination), {"action": "send_code"})

        # then it went to the registry's mobile for the worker's number, masked on the page
        civil_id = termination.employee.civil_id
        code_row = SmsCode.objects.get()
        assert code_row.civil_id == civil_id
        sms = SmsMessage.objects.get(template__code="step_up_code")
        assert sms.to_number == registry_mobile(civil_id)
        assert f"•••• {registry_mobile(civil_id)[-3:]}" in asked.content.decode()

        # a wrong code is refused
        code = step_up_code_sent()
        wrong = "000000" if code != "000000" else "111111"
        refused = client.post(
            _url(termination), {"action": "object", "statement": "Unfair.", "code": wrong}
        )
        assert refused.status_code == 403
        assert not Objection.objects.exists()

        # the right one files the objection, recorded as proven by the registry's code
        done = client.post(
            _url(termination), {"action": "object", "statement": "Unfair.", "code": code}
        )
        assert done.status_code == 302
        objection = Objection.objects.get()
        assert objection.proof_method == ProofMethod.REGISTRY_SMS
        event = AuditEvent.objects.get(action="employment.objection_filed")
        assert event.after["proof_method"] == ProofMethod.REGISTRY_SMS

    def test_a_proof_of_another_number_is_refused_by_the_service(self, termination):
        with pytest.raises(CaseError, match="Prove that you are the worker"):
            objection_file(
                termination=termination,
                statement="Unfair.",
                filed_via="link",
                proof=WorkerProof(method=ProofMethod.IDP, civil_id="21999998"),
            )
        termination.refresh_from_db()
        assert termination.status == Termination.Status.NOTIFIED

    def test_a_sign_in_proof_in_the_browser_needs_no_code(self, client, termination):
        prove_in_session(client, termination.employee.civil_id)

        response = client.post(_url(termination), {"action": "object", "statement": "Unfair."})

        assert response.status_code == 302
        assert Objection.objects.get().proof_method == ProofMethod.IDP


class TestWithdrawing:
    def _objected(self, termination: Termination) -> Objection:
        return objection_file(
            termination=termination,
            statement="Unfair.",
            filed_via="link",
            proof=proof_of(termination),
        )

    def test_needs_a_proof_then_the_case_waits_again_and_cannot_be_objected_twice(
        self, termination
    ):
        objection = self._objected(termination)

        # without a proof: refused, nothing changes
        with pytest.raises(CaseError):
            objection_withdraw(objection=objection, proof=None)
        termination.refresh_from_db()
        assert termination.status == Termination.Status.OBJECTED

        # with one: withdrawn, recorded, and the case is notified again
        withdrawn = objection_withdraw(
            objection=objection, proof=proof_of(termination, ProofMethod.IDP)
        )
        assert withdrawn.withdrawn_at is not None
        assert withdrawn.withdrawal_proof_method == ProofMethod.IDP
        termination.refresh_from_db()
        assert termination.status == Termination.Status.NOTIFIED
        assert AuditEvent.objects.filter(action="employment.objection_withdrawn").count() == 1
        assert AuditEvent.objects.filter(
            action="employment.termination_objection_withdrawn"
        ).exists()

        # a second objection, or a second withdrawal, is refused
        with pytest.raises(CaseError):
            self._objected(termination)
        with pytest.raises(CaseError):
            objection_withdraw(objection=withdrawn, proof=proof_of(termination))

    def test_by_the_link_with_a_proof_in_the_browser(self, termination):
        self._objected(termination)
        browser = Client()

        refused = browser.post(_url(termination), {"action": "withdraw"})
        assert refused.status_code == 403
        assert Objection.objects.get().withdrawn_at is None

        prove_in_session(browser, termination.employee.civil_id)
        done = browser.post(_url(termination), {"action": "withdraw"})
        assert done.status_code == 302
        assert Objection.objects.get().withdrawn_at is not None
        assert "You withdrew your objection" in browser.get(_url(termination)).content.decode()
