"""A permit transfer rests on the worker's proven consent (issue 15: "agreeing to their transfer").

The attack: a new employer (or whoever borrowed the worker's civil ID on an account) asks to take
over a worker's permit and agrees "as the worker". It fails at every step: the consent code goes
only to the mobile the civil registry holds for the worker's resident card number (or their own
proven account's), never to the number an employer typed nor to a borrowed account's; agreeing or
declining without that code or a fresh proof of the worker's number is refused and nothing
changes; the answer records how it was proven.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from accounts.proofs import PROOF_KEY
from core.models import AuditEvent
from employers.models import Establishment
from notifications.models import SmsMessage
from notifications.services import sms_send
from permits.models import Permit, PermitTransfer
from permits.services import PermitError, TransferProofError, permit_transfer_answer
from permits.services.transfers import MAX_CODE_FAILURES
from tests.conftest import sign_in
from tests.factories import EstablishmentFactory, UserFactory
from tests.permits.builders import apply, representative
from tests.permits.staff_helpers import signed_in as staff_signed_in
from tests.permits.staff_helpers import staff
from tests.permits.transfer_helpers import (
    REGISTRY_MOBILE,
    TYPED_MOBILE,
    WORKER,
    ask,
    code_of,
    consent_sms,
    wrong,
)

pytestmark = pytest.mark.django_db

ATTACKER_MOBILE = "+96893334444"


@pytest.fixture
def old_shop() -> Establishment:
    return EstablishmentFactory.create(name_en="Canary Trading LLC")


@pytest.fixture
def new_shop() -> Establishment:
    return EstablishmentFactory.create(name_en="Falcon Builders LLC")


@pytest.fixture
def permit(old_shop: Establishment) -> Permit:
    issued = apply(
        old_shop, representative(old_shop), worker_mobile=TYPED_MOBILE, worker_civil_id=WORKER
    )
    assert issued.status == Permit.Status.ACTIVE
    return issued


@pytest.fixture
def borrowed() -> User:
    """An account that claims the worker's resident number without proof, with the attacker's
    own verified mobile (the borrowed identity of issue 15)."""
    return UserFactory.create(
        role=User.Role.JOBSEEKER,
        civil_id=WORKER,
        mobile=ATTACKER_MOBILE,
        mobile_verified_at=timezone.now(),
    )


def consent_url(transfer: PermitTransfer) -> str:
    with translation.override("en"):
        return reverse("permits:transfer-consent", args=[transfer.consent_token])


def unchanged(transfer: PermitTransfer, permit: Permit) -> bool:
    """The request still waits, the permit is still the worker's with the old employer, and no
    permit was filed for anyone else."""
    transfer.refresh_from_db()
    return (
        transfer.status == PermitTransfer.Status.AWAITING_CONSENT
        and transfer.answered_at is None
        and transfer.proof_method == ""
        and Permit.objects.get(pk=permit.pk).status == Permit.Status.ACTIVE
        and Permit.objects.count() == 1
        and not AuditEvent.objects.filter(
            action__in=["permits.transfer_consented", "permits.transfer_declined"]
        ).exists()
    )


def consents_sent() -> bool:
    return SmsMessage.objects.filter(template__code="permit_transfer_consent").exists()


def delivered(fake_sms: Any) -> dict[str, list[str]]:
    """Send every transfer consent SMS of the ledger through the fake provider; what the
    provider accepted, by number."""
    for message in SmsMessage.objects.filter(template__code="permit_transfer_consent"):
        sms_send(message_id=message.pk)
    by_number: dict[str, list[str]] = {}
    for message in fake_sms.state.messages:
        by_number.setdefault(message["to"], []).append(message["body"])
    return by_number


def with_proof(client: Client, *, civil_id: str, method: str = "idp", age: float = 0) -> Client:
    """The session holds a proof of `civil_id` made `age` seconds ago (as accounts.proofs
    records it after a provider sign-in or a registry code)."""
    session = client.session
    session[PROOF_KEY] = {"at": time.time() - age, "method": method, "civil_id": civil_id}
    session.save()
    return client


class TestTheCodeGoesOnlyToAVerifiedNumber:
    def test_the_registry_mobile_gets_the_code_not_the_typed_number_nor_a_borrowed_account(
        self, permit, new_shop, borrowed, fake_sms
    ):
        # when the new employer asks
        transfer = ask(permit, new_shop)
        code = code_of(transfer)  # (the ledger forgets it once sent)

        # then the fake provider delivered the link and code to the registry's mobile only
        by_number = delivered(fake_sms)
        assert list(by_number) == [REGISTRY_MOBILE]
        (body,) = by_number[REGISTRY_MOBILE]
        assert transfer.consent_token in body
        assert code in body
        assert TYPED_MOBILE not in by_number
        assert ATTACKER_MOBILE not in by_number
        # the ledger keeps the code masked, and the transfer only its hash
        assert code not in consent_sms(transfer).rendered_text
        assert code not in transfer.consent_code_hash
        assert (transfer.worker_civil_id, transfer.consent_sent_via) == (WORKER, "registry_sms")

    def test_without_a_registry_mobile_the_worker_s_proven_account_gets_it(
        self, permit, new_shop, registry
    ):
        # given: the registry holds no mobile; the worker proved their account's number
        registry.set_mobile(WORKER, "")
        own = UserFactory.create(
            role=User.Role.JOBSEEKER,
            civil_id=WORKER,
            mobile="+96894445555",
            mobile_verified_at=timezone.now(),
            identity_proven_at=timezone.now(),
            identity_proof_method="idp",
        )
        # when
        transfer = ask(permit, new_shop)
        # then
        sms = consent_sms(transfer)
        assert (sms.to_number, sms.recipient) == ("+96894445555", own)
        assert transfer.consent_sent_via == "account_sms"
        # and the right code proves the account's verified mobile
        answered = permit_transfer_answer(
            token=transfer.consent_token, agree=False, code=code_of(transfer)
        )
        assert answered.proof_method == "account_sms"

    def test_no_verified_number_means_the_worker_cannot_be_asked(
        self, permit, new_shop, registry, borrowed
    ):
        # given: no registry mobile, and only a borrowed (unproven) account with a mobile
        registry.set_mobile(WORKER, "")
        # when / then
        with translation.override("en"), pytest.raises(PermitError) as refused:
            ask(permit, new_shop)
        assert refused.value.message.startswith("The worker cannot be asked")
        assert not PermitTransfer.objects.exists()
        assert not consents_sent()

    def test_a_permit_without_the_worker_s_number_cannot_ask_anyone(self, old_shop, new_shop):
        permit = apply(old_shop, representative(old_shop), worker_mobile=TYPED_MOBILE)
        with translation.override("en"), pytest.raises(PermitError) as refused:
            ask(permit, new_shop)
        assert "civil or resident card number is not on record" in refused.value.message
        assert not PermitTransfer.objects.exists()
        assert not consents_sent()

    def test_a_registry_outage_refuses_the_request_and_changes_nothing(
        self, permit, new_shop, registry
    ):
        registry.down = True
        with translation.override("en"), pytest.raises(PermitError) as refused:
            ask(permit, new_shop)
        assert "civil registry cannot be reached" in refused.value.message
        assert not PermitTransfer.objects.exists()
        assert not consents_sent()
        assert Permit.objects.get(pk=permit.pk).status == Permit.Status.ACTIVE

    def test_the_employer_s_page_says_when_the_worker_cannot_be_asked(
        self, client, permit, new_shop, registry
    ):
        registry.set_mobile(WORKER, "")
        sign_in(client, representative(new_shop))
        response = client.post(
            f"/en/employer/{new_shop.pk}/permits/transfers/new/",
            {
                "permit_number": permit.number,
                "passport_number": permit.passport_number,
                "occupation_code": "7411",
                "job_level": "4",
                "monthly_salary": "300",
            },
        )
        assert response.status_code == 200
        assert "The worker cannot be asked" in response.content.decode()
        assert not PermitTransfer.objects.exists()
        assert not consents_sent()


class TestAnswersNeedProof:
    @pytest.mark.parametrize("answer", ["agree", "decline"])
    def test_an_answer_without_the_code_is_refused_and_nothing_changes(
        self, client, permit, new_shop, answer
    ):
        # given: the new employer has the link (say it saw the worker's phone) but no code
        transfer = ask(permit, new_shop)
        # when
        response = client.post(consent_url(transfer), {"answer": answer})
        # then
        assert response.status_code == 400
        assert "Enter the 6-digit code from the text message." in response.content.decode()
        assert unchanged(transfer, permit)

    @pytest.mark.parametrize("agree", [True, False])
    def test_the_service_refuses_an_answer_without_proof(self, permit, new_shop, agree):
        transfer = ask(permit, new_shop)
        with translation.override("en"), pytest.raises(TransferProofError) as refused:
            permit_transfer_answer(token=transfer.consent_token, agree=agree)
        assert refused.value.message == "Enter the 6-digit code from the text message."
        assert unchanged(transfer, permit)

    def test_a_wrong_code_is_refused_counted_and_changes_nothing_else(
        self, client, permit, new_shop
    ):
        transfer = ask(permit, new_shop)
        response = client.post(
            consent_url(transfer), {"answer": "agree", "code": wrong(code_of(transfer))}
        )
        assert response.status_code == 403
        assert "That code is not right." in response.content.decode()
        assert unchanged(transfer, permit)
        assert transfer.consent_code_failures == 1
        assert AuditEvent.objects.filter(action="permits.transfer_code_failed").count() == 1

    def test_after_too_many_wrong_codes_even_the_right_one_is_refused(self, permit, new_shop):
        transfer = ask(permit, new_shop)
        right = code_of(transfer)
        with translation.override("en"):
            for _ in range(MAX_CODE_FAILURES):
                with pytest.raises(TransferProofError):
                    permit_transfer_answer(
                        token=transfer.consent_token, agree=True, code=wrong(right)
                    )
            with pytest.raises(TransferProofError) as refused:
                permit_transfer_answer(token=transfer.consent_token, agree=True, code=right)
        assert "can no longer be answered with a code" in refused.value.message
        assert unchanged(transfer, permit)
        assert transfer.consent_code_failures == MAX_CODE_FAILURES

    def test_a_borrowed_account_signed_in_cannot_answer_without_the_code(
        self, client, permit, new_shop, borrowed
    ):
        # given: the borrower is signed in, even with a proof of their own (other) number
        transfer = ask(permit, new_shop)
        sign_in(client, borrowed)
        with_proof(client, civil_id="79990000")
        # when
        page = client.get(consent_url(transfer)).content.decode()
        response = client.post(consent_url(transfer), {"answer": "agree"})
        # then: the page asks for the code, and the answer is refused
        assert 'name="code"' in page
        assert response.status_code == 400
        assert unchanged(transfer, permit)

    def test_a_proof_older_than_the_window_asks_for_the_code_again(self, client, permit, new_shop):
        transfer = ask(permit, new_shop)
        with_proof(client, civil_id=WORKER, age=settings.STEP_UP_MAX_AGE_SECONDS + 5)
        assert 'name="code"' in client.get(consent_url(transfer)).content.decode()
        response = client.post(consent_url(transfer), {"answer": "agree"})
        assert response.status_code == 400
        assert unchanged(transfer, permit)

    def test_the_new_employer_s_own_proof_does_not_answer_for_the_worker(
        self, client, permit, new_shop
    ):
        # given: the new employer's representative proved who they are just now
        boss = representative(new_shop)
        boss.civil_id = "79990001"
        boss.identity_proven_at = timezone.now()
        boss.save()
        transfer = ask(permit, new_shop)
        sign_in(client, boss)
        with_proof(client, civil_id=boss.civil_id)
        # when
        response = client.post(consent_url(transfer), {"answer": "agree"})
        # then
        assert response.status_code == 400
        assert unchanged(transfer, permit)


class TestProvenAnswers:
    def test_the_code_agrees_and_the_receipt_says_how(self, client, permit, new_shop):
        # given
        transfer = ask(permit, new_shop)
        url = consent_url(transfer)
        # when
        response = client.post(url, {"answer": "agree", "code": code_of(transfer)})
        # then
        assert response.status_code == 302
        transfer.refresh_from_db()
        assert transfer.status == PermitTransfer.Status.COMPLETED
        assert transfer.proof_method == "registry_sms"
        assert Permit.objects.get(pk=permit.pk).status == Permit.Status.TRANSFERRED
        event = AuditEvent.objects.get(action="permits.transfer_consented")
        assert event.after["proof_method"] == "registry_sms"
        assert (event.actor, event.actor_label) == (None, "worker")
        assert "code sent to the civil registry" in client.get(url).content.decode()

    def test_the_code_declines_and_the_receipt_says_how(self, client, permit, new_shop):
        transfer = ask(permit, new_shop)
        client.post(consent_url(transfer), {"answer": "decline", "code": code_of(transfer)})
        transfer.refresh_from_db()
        assert (transfer.status, transfer.proof_method) == ("declined", "registry_sms")
        event = AuditEvent.objects.get(action="permits.transfer_declined")
        assert event.after["proof_method"] == "registry_sms"
        assert Permit.objects.get(pk=permit.pk).status == Permit.Status.ACTIVE

    def test_a_fresh_proof_of_the_worker_answers_without_a_code(self, client, permit, new_shop):
        # given: the worker signed in through the national identity a moment ago
        worker = UserFactory.create(
            role=User.Role.JOBSEEKER,
            civil_id=WORKER,
            identity_proven_at=timezone.now(),
            identity_proof_method="idp",
        )
        transfer = ask(permit, new_shop)
        sign_in(client, worker)
        with_proof(client, civil_id=WORKER, method="idp")
        url = consent_url(transfer)
        # when
        page = client.get(url).content.decode()
        response = client.post(url, {"answer": "agree"})
        # then
        assert 'name="code"' not in page
        assert response.status_code == 302
        transfer.refresh_from_db()
        assert (transfer.status, transfer.proof_method) == ("completed", "idp")
        event = AuditEvent.objects.get(action="permits.transfer_consented")
        assert (event.actor, event.after["proof_method"]) == (worker, "idp")

    def test_a_signed_in_worker_without_a_fresh_proof_is_offered_to_prove(
        self, client, permit, new_shop
    ):
        worker = UserFactory.create(
            role=User.Role.JOBSEEKER, civil_id=WORKER, identity_proven_at=timezone.now()
        )
        transfer = ask(permit, new_shop)
        sign_in(client, worker)
        page = client.get(consent_url(transfer)).content.decode()
        assert "/accounts/prove/?next=" in page
        assert "act=transfer" in page

    def test_the_officer_and_the_employers_see_the_method(self, client, permit, new_shop):
        transfer = ask(permit, new_shop)
        permit_transfer_answer(token=transfer.consent_token, agree=True, code=code_of(transfer))
        transfer.refresh_from_db()
        new = transfer.new_permit
        # the new employer's list of transfers
        sign_in(client, representative(new_shop))
        listed = client.get(f"/en/employer/{new_shop.pk}/permits/transfers/").content.decode()
        assert "code sent to the civil registry" in listed
        # the officer's case page of the transfer permit
        officer = staff(User.Role.OFFICER)
        with translation.override("en"):
            case_url = reverse("permits:staff-case", args=[new.pk])
        case = staff_signed_in(officer).get(case_url).content.decode()
        assert 'id="transfer-proof"' in case
        assert "code sent to the civil registry" in case


class TestTypedNumberIsAHint:
    def test_the_employer_and_the_officer_see_the_typed_number_as_not_verified(
        self, client, permit, old_shop
    ):
        sign_in(client, permit.applied_by)
        page = client.get(f"/en/employer/{old_shop.pk}/permits/{permit.pk}/").content.decode()
        assert TYPED_MOBILE in page
        assert 'id="worker-mobile-unverified"' in page
        assert "not verified" in page
        with translation.override("en"):
            case_url = reverse("permits:staff-case", args=[permit.pk])
        case = staff_signed_in(staff(User.Role.OFFICER)).get(case_url).content.decode()
        assert 'id="worker-mobile-unverified"' in case
        assert WORKER in case


class TestEndToEndOnTheStubRegistry:
    """Against the stub entities on loopback (integrations/stubs/server.py)."""

    def test_the_worker_agrees_with_the_code_sent_to_the_registry_mobile(
        self, stub, fake_sms, client, permit, new_shop
    ):
        transfer = ask(permit, new_shop)
        code = code_of(transfer)
        by_number = delivered(fake_sms)
        assert list(by_number) == [REGISTRY_MOBILE]
        assert code in by_number[REGISTRY_MOBILE][0]
        response = client.post(consent_url(transfer), {"answer": "agree", "code": code})
        assert response.status_code == 302
        transfer.refresh_from_db()
        assert (transfer.status, transfer.proof_method) == ("completed", "registry_sms")

    def test_a_changed_registry_mobile_is_the_one_asked(self, stub, permit, new_shop):
        stub.inject_people({"put": [{"civil_id": WORKER, "fields": {"mobile": "+96895556666"}}]})
        transfer = ask(permit, new_shop)
        assert consent_sms(transfer).to_number == "+96895556666"

    def test_the_registry_down_refuses_the_request(self, stub, permit, new_shop):
        stub.control({"entity": "civil_registry", "faults": [{"kind": "503", "count": 10}]})
        with translation.override("en"), pytest.raises(PermitError) as refused:
            ask(permit, new_shop)
        assert "civil registry cannot be reached" in refused.value.message
        assert not PermitTransfer.objects.exists()
        assert not consents_sent()
