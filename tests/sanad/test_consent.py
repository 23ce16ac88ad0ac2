"""Asking for and confirming a consent: SMS code, no enumeration, bounded tries, expiry."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from notifications.models import SmsMessage
from sanad.models import Consent, Scope
from sanad.services import SanadError, consent_confirm, consent_request
from tests.conftest import sign_in
from tests.permits.registry import registry_mobile_of
from tests.sanad.helpers import clerk, code_sent_for, person

pytestmark = pytest.mark.django_db


def test_request_sends_a_code_by_sms_and_keeps_only_its_hash():
    # given a clerk and a person the civil registry knows
    worker, citizen = clerk(), person()

    # when the clerk asks for consent
    consent = consent_request(clerk=worker, civil_id=citizen.civil_id, scopes=[Scope.JOBSEEKER])

    # then one SMS goes to the registry's mobile, masked in the ledger, and only a hash is kept
    message = SmsMessage.objects.get(idempotency_key=f"sanad-consent:{consent.pk}")
    code = code_sent_for(consent)
    assert message.to_number == registry_mobile_of(citizen.civil_id)
    assert code not in message.rendered_text
    assert code not in consent.code_hash
    assert consent.status == Consent.Status.PENDING
    assert consent.person == citizen


def test_the_right_code_starts_a_session_of_the_configured_length(settings):
    worker, citizen = clerk(), person()
    consent = consent_request(clerk=worker, civil_id=citizen.civil_id, scopes=[Scope.JOBSEEKER])

    confirmed = consent_confirm(consent_id=consent.pk, clerk=worker, code=code_sent_for(consent))

    assert confirmed.status == Consent.Status.ACTIVE
    assert confirmed.expires_at == confirmed.confirmed_at + datetime.timedelta(
        minutes=settings.SANAD_CONSENT_MINUTES
    )


def _answer(client, worker, civil_id):
    sign_in(client, worker)
    response = client.post(
        reverse("sanad:clerk-start"), {"civil_id": civil_id, "scopes": [Scope.JOBSEEKER]}
    )
    follow = client.get(response["Location"])
    return response, follow


def test_existing_and_unknown_civil_ids_get_the_same_answer(client):
    """No enumeration: the same status, the same next page and the same words either way; both
    paths write a pending consent with a hashed code (work timed in bench/sanad_enumeration.py)."""
    worker, citizen = clerk(), person()

    known, known_page = _answer(client, worker, citizen.civil_id)
    unknown, unknown_page = _answer(client, worker, "99999999")

    assert known.status_code == unknown.status_code == 302
    known_consent, unknown_consent = Consent.objects.order_by("id")
    assert known["Location"] == reverse("sanad:clerk-code", args=[known_consent.pk])
    assert unknown["Location"] == reverse("sanad:clerk-code", args=[unknown_consent.pk])
    assert [str(m) for m in known_page.context["messages"]] == [
        str(m) for m in unknown_page.context["messages"]
    ]
    assert [t.name for t in known_page.templates] == [t.name for t in unknown_page.templates]
    assert known_page.status_code == unknown_page.status_code == 200
    assert unknown_consent.person is None
    assert known_consent.person == citizen
    assert len(unknown_consent.code_hash) == len(known_consent.code_hash) == 64


def test_unknown_civil_id_code_is_refused_like_a_wrong_code():
    worker = clerk()
    consent = consent_request(clerk=worker, civil_id="99999998", scopes=[Scope.JOBSEEKER])

    with translation.override("en"), pytest.raises(SanadError) as refused:
        consent_confirm(consent_id=consent.pk, clerk=worker, code="123456")

    assert refused.value.message == "That code is not right. Ask the person to read the SMS again."


def test_wrong_code_is_refused_with_a_clear_message_and_tries_are_bounded(settings):
    settings.SANAD_CODE_MAX_FAILURES = 3
    worker, citizen = clerk(), person()
    consent = consent_request(clerk=worker, civil_id=citizen.civil_id, scopes=[Scope.JOBSEEKER])
    right = code_sent_for(consent)
    wrong = "000000" if right != "000000" else "111111"

    messages = []
    with translation.override("en"):
        for _try in range(4):
            with pytest.raises(SanadError) as refused:
                consent_confirm(consent_id=consent.pk, clerk=worker, code=wrong)
            messages.append(refused.value.message)
        # even the right code no longer works
        with pytest.raises(SanadError) as late:
            consent_confirm(consent_id=consent.pk, clerk=worker, code=right)

    assert messages[0] == "That code is not right. Ask the person to read the SMS again."
    assert messages[2] == "Too many wrong codes. Start a new session to send a new code."
    assert messages[3] == "This code can no longer be used. Start a new session."
    assert late.value.message == "This code can no longer be used. Start a new session."
    consent.refresh_from_db()
    assert consent.failed_attempts == 3
    assert consent.status == Consent.Status.EXPIRED


def test_expired_code_is_refused(settings):
    worker, citizen = clerk(), person()
    consent = consent_request(clerk=worker, civil_id=citizen.civil_id, scopes=[Scope.JOBSEEKER])
    code = code_sent_for(consent)

    with (
        time_machine.travel(consent.code_expires_at, tick=False),
        translation.override("en"),
        pytest.raises(SanadError) as refused,
    ):
        consent_confirm(consent_id=consent.pk, clerk=worker, code=code)

    assert refused.value.message == "This code has expired. Start a new session to send a new code."
    consent.refresh_from_db()
    assert consent.status == Consent.Status.EXPIRED


def test_wrong_code_page_shows_the_translated_refusal(client):
    worker, citizen = clerk(), person()
    consent = consent_request(clerk=worker, civil_id=citizen.civil_id, scopes=[Scope.JOBSEEKER])
    sign_in(client, worker)

    response = client.post(
        reverse("sanad:clerk-code", args=[consent.pk]).replace("/ar/", "/en/", 1),
        {"code": "000000" if code_sent_for(consent) != "000000" else "111111"},
    )

    assert response.status_code == 200
    assert b"That code is not right" in response.content


def test_requests_for_one_civil_id_are_limited_the_same_whether_it_exists_or_not(settings):
    settings.SANAD_REQUESTS_PER_CIVIL_ID = 2
    worker, citizen = clerk(), person()
    outcomes = {}
    for civil_id in (citizen.civil_id, "99999997"):
        for _ in range(2):
            consent_request(clerk=worker, civil_id=civil_id, scopes=[Scope.JOBSEEKER])
        with translation.override("en"), pytest.raises(SanadError) as refused:
            consent_request(clerk=worker, civil_id=civil_id, scopes=[Scope.JOBSEEKER])
        outcomes[civil_id] = refused.value.message

    assert outcomes[citizen.civil_id] == outcomes["99999997"]


def test_employer_scope_needs_the_person_to_represent_the_named_establishment(employer_user):
    from tests.sanad.helpers import make_consenting

    worker = clerk()
    representative = make_consenting(employer_user)
    consent = consent_request(
        clerk=worker, civil_id=representative.civil_id, scopes=[Scope.EMPLOYER], cr_number="1"
    )

    with translation.override("en"), pytest.raises(SanadError) as refused:
        consent_confirm(consent_id=consent.pk, clerk=worker, code=code_sent_for(consent))

    assert "does not represent an establishment" in refused.value.message
    establishment = representative.memberships.get().establishment
    consent = consent_request(
        clerk=worker,
        civil_id=representative.civil_id,
        scopes=[Scope.EMPLOYER],
        cr_number=establishment.cr_number,
    )
    confirmed = consent_confirm(consent_id=consent.pk, clerk=worker, code=code_sent_for(consent))
    assert confirmed.establishment == establishment


def test_a_clerk_of_a_suspended_centre_cannot_ask_for_consent():
    from sanad.models import ServiceCentre
    from tests.sanad.helpers import centre

    suspended = centre(status=ServiceCentre.Status.SUSPENDED)
    worker, citizen = clerk(suspended), person()

    with pytest.raises(SanadError):
        consent_request(clerk=worker, civil_id=citizen.civil_id, scopes=[Scope.JOBSEEKER])
    assert not Consent.objects.exists()
