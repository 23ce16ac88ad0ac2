"""A Sanad consent is proven by the civil registry's number (issue 15): the code goes only to the
verified number of the civil ID entered (the registry's mobile first, else the person's own
proven account's), whether or not the person has an account; nobody grants a consent for a
civil ID without that code; the consent records how it was proven and the receipt pages show
it; the clerk's answer stays the same, and floored, for every civil ID, also when the registry
cannot be reached."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from notifications.models import SmsMessage
from notifications.services import sms_send
from sanad.models import Consent, Scope
from sanad.services import SanadError, consent_confirm, consent_request, consent_revoke_by_sms
from tests.conftest import sign_in, sign_in_staff
from tests.factories import UserFactory
from tests.permits.registry import registry_mobile_of
from tests.sanad.helpers import clerk, code_sent_for, person

pytestmark = pytest.mark.django_db

ATTACKER_MOBILE = "+96893334444"


def ask(worker: User, civil_id: str) -> Consent:
    return consent_request(clerk=worker, civil_id=civil_id, scopes=[Scope.JOBSEEKER])


def delivered(fake_sms: Any, consent: Consent) -> dict[str, str]:
    """Send the consent's code SMS through the fake provider; what it accepted, by number."""
    for message in SmsMessage.objects.filter(idempotency_key=f"sanad-consent:{consent.pk}"):
        sms_send(message_id=message.pk)
    return {message["to"]: message["body"] for message in fake_sms.state.messages}


class TestWhereTheCodeGoes:
    def test_the_registry_mobile_gets_it_even_when_the_account_has_another_verified_mobile(
        self, fake_sms
    ):
        # given: a person whose account has its own verified mobile, proven or not
        worker, citizen = clerk(), person(identity_proven_at=timezone.now())
        assert str(citizen.mobile) != registry_mobile_of(citizen.civil_id)
        # when
        consent = ask(worker, citizen.civil_id)
        code = code_sent_for(consent)
        # then: the provider delivered the code to the registry's mobile only
        by_number = delivered(fake_sms, consent)
        assert list(by_number) == [registry_mobile_of(citizen.civil_id)]
        assert code in by_number[registry_mobile_of(citizen.civil_id)]
        assert consent.proof_method == "registry_sms"
        # and the code starts the session for the person's account, recording the method
        confirmed = consent_confirm(consent_id=consent.pk, clerk=worker, code=code)
        assert (confirmed.status, confirmed.person) == (Consent.Status.ACTIVE, citizen)
        assert confirmed.proof_method == "registry_sms"

    def test_a_borrowed_account_s_mobile_never_gets_the_code(self, fake_sms):
        # given: an account that claims the civil ID without proof, with the attacker's mobile
        worker = clerk()
        borrowed = person(mobile=ATTACKER_MOBILE)
        # when
        consent = ask(worker, borrowed.civil_id)
        # then
        by_number = delivered(fake_sms, consent)
        assert ATTACKER_MOBILE not in by_number
        assert list(by_number) == [registry_mobile_of(borrowed.civil_id)]

    def test_without_a_registry_mobile_the_proven_account_s_mobile_gets_it(self, registry):
        worker, citizen = clerk(), person(identity_proven_at=timezone.now())
        registry.set_mobile(citizen.civil_id, "")
        consent = ask(worker, citizen.civil_id)
        message = SmsMessage.objects.get(idempotency_key=f"sanad-consent:{consent.pk}")
        assert (message.to_number, message.recipient) == (str(citizen.mobile), citizen)
        confirmed = consent_confirm(
            consent_id=consent.pk, clerk=worker, code=code_sent_for(consent)
        )
        assert confirmed.proof_method == "account_sms"

    def test_without_a_registry_mobile_an_unproven_account_gets_nothing(self, registry):
        worker, borrowed = clerk(), person(mobile=ATTACKER_MOBILE)
        registry.set_mobile(borrowed.civil_id, "")
        consent = ask(worker, borrowed.civil_id)
        assert not SmsMessage.objects.filter(template__code="sanad_consent_code").exists()
        assert consent.proof_method == ""
        # nobody can confirm it: every code is a wrong code
        with translation.override("en"), pytest.raises(SanadError) as refused:
            consent_confirm(consent_id=consent.pk, clerk=worker, code="123456")
        assert refused.value.message.startswith("That code is not right.")
        assert Consent.objects.get(pk=consent.pk).status == Consent.Status.PENDING

    def test_a_person_without_an_account_gets_the_code_but_no_session_starts(self, fake_sms):
        # given: a person the registry knows, with no portal account
        worker = clerk()
        civil_id = "76543210"
        # when
        consent = ask(worker, civil_id)
        code = code_sent_for(consent)
        # then: the code went to the registry's mobile
        assert list(delivered(fake_sms, consent)) == [registry_mobile_of(civil_id)]
        # and the right code says why nothing can be done for them yet
        with translation.override("en"), pytest.raises(SanadError) as refused:
            consent_confirm(consent_id=consent.pk, clerk=worker, code=code)
        assert "has no account in the portal" in refused.value.message
        assert Consent.objects.get(pk=consent.pk).status == Consent.Status.EXPIRED

    def test_a_reply_from_the_registry_mobile_withdraws_the_consent(self):
        worker, citizen = clerk(), person()
        consent = ask(worker, citizen.civil_id)
        consent_confirm(consent_id=consent.pk, clerk=worker, code=code_sent_for(consent))
        revoked = consent_revoke_by_sms(from_number=registry_mobile_of(citizen.civil_id), body="NO")
        assert revoked == 1
        assert Consent.objects.get(pk=consent.pk).status == Consent.Status.REVOKED


class TestTheReceiptSaysHow:
    def test_the_person_s_consents_and_receipts_show_the_method(self, client):
        # given: an active consent proven by the registry's mobile, and one action under it
        worker, citizen = clerk(), person()
        consent = ask(worker, citizen.civil_id)
        consent_confirm(consent_id=consent.pk, clerk=worker, code=code_sent_for(consent))
        sign_in(client, citizen)
        # when
        with translation.override("en"):
            page = client.get(reverse("sanad:my-consents")).content.decode()
        # then
        assert "code sent to the civil registry" in page
        assert 'class="small consent-proof"' in page

    def test_the_ministry_s_session_trail_shows_the_method(self, client):
        worker, citizen = clerk(), person()
        consent = ask(worker, citizen.civil_id)
        consent_confirm(consent_id=consent.pk, clerk=worker, code=code_sent_for(consent))
        sign_in_staff(client, UserFactory.create(role=User.Role.APPROVER))
        with translation.override("en"):
            page = client.get(reverse("sanad:staff-session", args=[consent.pk])).content.decode()
        assert 'id="consent-proof"' in page
        assert "code sent to the civil registry" in page


class TestNoEnumeration:
    def _post(self, client, worker: User, civil_id: str):
        sign_in(client, worker)
        with translation.override("en"):
            return client.post(
                reverse("sanad:clerk-start"), {"civil_id": civil_id, "scopes": [Scope.JOBSEEKER]}
            )

    def test_registry_down_gives_the_same_refusal_for_every_civil_id(self, client, registry):
        # given: a person with a proven account (whose own mobile could take a code), and
        # numbers of nobody and of a person without an account
        worker = clerk()
        citizen = person(identity_proven_at=timezone.now())
        registry.down = True
        # when
        answers = [
            self._post(client, worker, n) for n in (citizen.civil_id, "99999990", "76543211")
        ]
        # then: the same status and words, and nothing written or sent
        assert {a.status_code for a in answers} == {200}
        errors = [a.context["form"].non_field_errors() for a in answers]
        assert errors[0] == errors[1] == errors[2]
        assert "civil registry cannot be reached" in errors[0][0]
        assert not Consent.objects.exists()
        assert not SmsMessage.objects.filter(template__code="sanad_consent_code").exists()

    def test_every_answer_waits_for_the_configured_floor(self, client, settings, monkeypatch):
        # given: the floor the portal uses, recorded instead of slept
        import sanad.views

        floors: list[int] = []
        monkeypatch.setattr(
            sanad.views,
            "answer_no_sooner_than",
            lambda started, *, floor_ms: floors.append(floor_ms),
        )
        settings.SANAD_CONSENT_ANSWER_FLOOR_MS = 600
        worker, citizen = clerk(), person()
        # when: a known and an unknown civil ID
        known = self._post(client, worker, citizen.civil_id)
        unknown = self._post(client, worker, "99999991")
        # then: both answers are the same redirect, each held to the floor
        assert known.status_code == unknown.status_code == 302
        assert floors == [600, 600]


class TestEndToEndOnTheStubRegistry:
    """Against the stub entities on loopback (integrations/stubs/server.py)."""

    def test_the_code_goes_to_the_stub_registry_s_mobile_and_starts_the_session(
        self, stub, fake_sms
    ):
        worker, citizen = clerk(), person()
        consent = ask(worker, citizen.civil_id)
        code = code_sent_for(consent)
        by_number = delivered(fake_sms, consent)
        assert list(by_number) == [registry_mobile_of(citizen.civil_id)]
        assert str(citizen.mobile) not in by_number
        confirmed = consent_confirm(consent_id=consent.pk, clerk=worker, code=code)
        assert (confirmed.status, confirmed.proof_method) == ("active", "registry_sms")

    def test_a_number_of_nobody_gets_the_same_answer_and_no_sms(self, stub, client):
        worker = clerk()
        sign_in(client, worker)
        response = client.post(
            reverse("sanad:clerk-start"), {"civil_id": "99123456", "scopes": [Scope.JOBSEEKER]}
        )
        assert response.status_code == 302
        consent = Consent.objects.get()
        assert (consent.person, consent.code_number, consent.proof_method) == (None, "", "")
        assert not SmsMessage.objects.filter(template__code="sanad_consent_code").exists()

    def test_the_stub_registry_down_refuses_every_number_alike(self, stub):
        stub.control({"entity": "civil_registry", "faults": [{"kind": "503", "count": 20}]})
        worker, citizen = clerk(), person(identity_proven_at=timezone.now())
        messages = []
        with translation.override("en"):
            for civil_id in (citizen.civil_id, "99123457"):
                with pytest.raises(SanadError) as refused:
                    ask(worker, civil_id)
                messages.append(refused.value.message)
        assert messages[0] == messages[1]
        assert not Consent.objects.exists()
