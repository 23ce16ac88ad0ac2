"""A clerk inside the person's portal: refused without an active, unexpired, in-scope consent
(403, nothing changed); revocation counts from the next request; expiry is exact; every
action is audited as clerk-for-person and leaves a receipt only the person sees."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from twilio.request_validator import RequestValidator

from core.models import AuditEvent
from notifications.models import SmsMessage
from sanad.models import CentreMembership, Consent, SanadReceipt, Scope, ServiceCentre
from sanad.services import consent_end, consent_revoke, fee_record
from tests.conftest import sign_in
from tests.sanad.helpers import active_consent, clerk, delegate, person

pytestmark = pytest.mark.django_db

PREFERENCES = "accounts:preferences"
SWITCH_ALERTS_OFF = {"preferred_language": "ar"}  # "alerts" unticked: alerts off


def _alerts_off(client):
    return client.post(reverse(PREFERENCES), SWITCH_ALERTS_OFF)


@pytest.fixture
def session():
    """A clerk with an active consent for a citizen, for preferences and messages."""
    worker, citizen = clerk(), person()
    consent = active_consent(worker, citizen, [Scope.ACCOUNT, Scope.JOBSEEKER])
    return worker, citizen, consent


def _nothing_changed(citizen, events_before):
    citizen.refresh_from_db()
    assert citizen.sms_alerts_opt_out is False
    assert AuditEvent.objects.count() == events_before
    assert not SanadReceipt.objects.exists()


# --- refused: 403 and nothing changed -------------------------------------------------------


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(
            lambda c: Consent.objects.filter(pk=c.pk).update(status="revoked"), id="revoked"
        ),
        pytest.param(lambda c: Consent.objects.filter(pk=c.pk).update(status="ended"), id="ended"),
        pytest.param(
            lambda c: Consent.objects.filter(pk=c.pk).update(status="pending"), id="pending"
        ),
        pytest.param(
            lambda c: Consent.objects.filter(pk=c.pk).update(scopes=[Scope.JOBSEEKER]),
            id="out-of-scope",
        ),
        pytest.param(
            lambda c: ServiceCentre.objects.filter(pk=c.centre_id).update(status="suspended"),
            id="centre-suspended",
        ),
        pytest.param(
            lambda c: CentreMembership.objects.filter(clerk=c.clerk).update(status="suspended"),
            id="clerk-suspended",
        ),
    ],
)
def test_an_action_without_an_active_in_scope_consent_is_refused_and_changes_nothing(
    client, session, spoil
):
    # given a clerk whose consent is no longer good for this page
    worker, citizen, consent = session
    delegate(client, worker, consent)
    spoil(consent)
    events_before = AuditEvent.objects.count()

    # when the clerk tries to act
    response = _alerts_off(client)

    # then it is refused before any view runs
    assert response.status_code == 403
    _nothing_changed(citizen, events_before)


def test_a_clerk_with_no_consent_in_the_session_is_refused(client, session):
    worker, citizen, _consent = session
    delegate(client, worker, None)
    events_before = AuditEvent.objects.count()

    assert _alerts_off(client).status_code == 403
    _nothing_changed(citizen, events_before)


def test_another_clerks_consent_in_the_session_is_refused(client, session):
    _worker, citizen, consent = session
    intruder = clerk()
    delegate(client, intruder, consent)
    events_before = AuditEvent.objects.count()

    assert _alerts_off(client).status_code == 403
    _nothing_changed(citizen, events_before)


# --- revocation and expiry --------------------------------------------------------------------


def test_revoking_in_the_portal_is_effective_on_the_next_request(client, session):
    worker, citizen, consent = session
    delegate(client, worker, consent)
    assert client.get(reverse(PREFERENCES)).status_code == 200

    consent_revoke(consent=consent, person=citizen)

    events_before = AuditEvent.objects.count()
    assert _alerts_off(client).status_code == 403
    _nothing_changed(citizen, events_before)


def test_revoking_by_sms_reply_is_effective_on_the_next_request(client, settings, session):
    worker, citizen, consent = session
    clerk_client = delegate(client, worker, consent)
    assert clerk_client.get(reverse(PREFERENCES)).status_code == 200

    # the person answers the consent SMS with "لا" (no), through the provider's signed webhook
    params = {"From": str(citizen.mobile), "Body": "لا"}
    url = f"{settings.SMS_STATUS_CALLBACK_BASE_URL}/sms/inbound/"
    signature = RequestValidator(settings.TWILIO_AUTH_TOKEN).compute_signature(url, params)
    from django.test import Client

    assert (
        Client().post("/sms/inbound/", params, HTTP_X_TWILIO_SIGNATURE=signature).status_code == 200
    )

    consent.refresh_from_db()
    assert consent.status == Consent.Status.REVOKED
    assert consent.revoked_via == Consent.Via.SMS
    assert clerk_client.get(reverse(PREFERENCES)).status_code == 403


def test_an_unsigned_sms_reply_revokes_nothing(client, session):
    _worker, citizen, consent = session

    response = client.post("/sms/inbound/", {"From": str(citizen.mobile), "Body": "NO"})

    assert response.status_code == 403
    consent.refresh_from_db()
    assert consent.status == Consent.Status.ACTIVE


def test_expiry_is_exact(client, session):
    worker, _citizen, consent = session
    delegate(client, worker, consent)
    one_second = datetime.timedelta(seconds=1)

    with time_machine.travel(consent.expires_at - one_second, tick=False):
        assert client.get(reverse(PREFERENCES)).status_code == 200
    with time_machine.travel(consent.expires_at, tick=False):
        assert client.get(reverse(PREFERENCES)).status_code == 403
    with time_machine.travel(consent.expires_at + one_second, tick=False):
        assert client.get(reverse(PREFERENCES)).status_code == 403


# --- audit and receipts -----------------------------------------------------------------------


def test_every_delegated_action_is_audited_with_clerk_and_person_and_gives_a_receipt(
    client, session
):
    worker, citizen, consent = session
    delegate(client, worker, consent)

    response = _alerts_off(client)

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.sms_alerts_opt_out is True
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"])
    assert events.exists()
    for event in events:
        assert event.actor == worker
        assert event.on_behalf_of == citizen
        assert consent.centre.licence_number in event.actor_label
        receipt = SanadReceipt.objects.get(audit_event=event)
        assert receipt.person == citizen
        assert receipt.consent == consent


def test_the_receipt_is_visible_to_the_person_and_to_no_one_else(client, session):
    worker, citizen, consent = session
    delegate(client, worker, consent)
    _alerts_off(client)
    receipt_marker = b"sanad-receipt"

    # the person sees it on their Sanad page and in "my activity" (clerk named, for them)
    sign_in(client, citizen)
    own = client.get(reverse("sanad:my-consents"))
    assert own.status_code == 200
    assert own.content.count(receipt_marker) >= 1
    activity = client.get(reverse("accounts:activity"))
    assert activity.context["page"].object_list[0].on_behalf_of == citizen

    # another citizen does not
    sign_in(client, person())
    assert client.get(reverse("sanad:my-consents")).content.count(receipt_marker) == 0

    # the clerk, even inside the person's session, cannot open the person's receipts
    delegate(client, worker, consent)
    assert client.get(reverse("sanad:my-consents")).status_code == 403
    # and "my activity" there is the clerk's own record of their acts, not the person's page
    clerks_own = client.get(reverse("accounts:activity")).context["page"].object_list
    assert all(worker.pk in (e.actor_id, e.subject_id, e.on_behalf_of_id) for e in clerks_own)

    # another clerk acting for another person does not see them either
    other_worker, other_citizen = clerk(), person()
    delegate(client, other_worker, active_consent(other_worker, other_citizen, [Scope.ACCOUNT]))
    assert client.get(reverse("sanad:my-consents")).status_code == 403


def test_the_banner_names_the_person_and_the_end_of_the_session(client, session):
    worker, citizen, consent = session
    delegate(client, worker, consent)

    with translation.override("en"):
        response = client.get(reverse(PREFERENCES).replace("/ar/", "/en/", 1))

    html = response.content.decode()
    assert "You are acting for" in html
    assert citizen.full_name_en in html
    assert reverse("sanad:clerk-end", args=[consent.pk]).replace("/ar/", "/en/", 1) in html


def test_ending_the_session_sends_the_person_a_summary_and_closes_access(client, session):
    worker, citizen, consent = session
    delegate(client, worker, consent)
    _alerts_off(client)
    fee_record(
        consent=consent,
        clerk=worker,
        amount=__import__("decimal").Decimal("2.500"),
        description="Form",
    )

    response = client.post(reverse("sanad:clerk-end", args=[consent.pk]))

    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.status == Consent.Status.ENDED
    summary = SmsMessage.objects.get(idempotency_key=f"sanad-summary:{consent.pk}")
    assert summary.recipient == citizen
    assert "2.500" in summary.rendered_text
    delegate(client, worker, consent)
    assert client.get(reverse(PREFERENCES)).status_code == 403


def test_fees_are_recorded_against_the_session(client, session):
    worker, _citizen, consent = session
    delegate(client, worker, consent)

    response = client.post(
        reverse("sanad:clerk-fee", args=[consent.pk]),
        {"amount": "1.500", "description": "Permit form typing", "receipt_number": "R-1"},
    )

    assert response.status_code == 302
    fee = consent.fees.get()
    assert str(fee.amount) == "1.500"
    event = AuditEvent.objects.get(action="sanad.fee_recorded")
    assert event.actor == worker
    assert event.on_behalf_of == consent.person


def test_a_clerk_cannot_end_or_charge_another_clerks_session(client, session):
    _worker, _citizen, consent = session
    sign_in(client, clerk())

    assert client.post(reverse("sanad:clerk-end", args=[consent.pk])).status_code == 404
    assert (
        client.post(
            reverse("sanad:clerk-fee", args=[consent.pk]), {"amount": "1", "description": "x"}
        ).status_code
        == 404
    )
    consent.refresh_from_db()
    assert consent.status == Consent.Status.ACTIVE


def test_the_full_journey_through_the_pages(client):
    """Start, code, act, end: the clerk's pages end to end."""
    from tests.sanad.helpers import code_sent_for

    worker, citizen = clerk(), person()
    sign_in(client, worker)
    client.post(
        reverse("sanad:clerk-start"),
        {"civil_id": citizen.civil_id, "scopes": [Scope.ACCOUNT]},
    )
    consent = Consent.objects.get()
    response = client.post(
        reverse("sanad:clerk-code", args=[consent.pk]), {"code": code_sent_for(consent)}
    )
    assert response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).context["user"] == citizen
    assert _alerts_off(client).status_code == 302
    assert consent_end(consent=consent, clerk=worker).status == Consent.Status.ENDED
