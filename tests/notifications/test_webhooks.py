"""Delivery receipts and replies: signed by the provider, or refused with nothing changed."""

from __future__ import annotations

import datetime

import pytest
from twilio.request_validator import RequestValidator

from notifications.models import SmsMessage, SmsStatusEvent
from notifications.services import sms_enqueue, sms_send

pytestmark = pytest.mark.django_db

MOBILE = "+96891234567"


def _sign(settings, path: str, params: dict[str, str]) -> str:
    url = f"{settings.SMS_STATUS_CALLBACK_BASE_URL}{path}"
    return RequestValidator(settings.TWILIO_AUTH_TOKEN).compute_signature(url, params)


@pytest.fixture
def sent(make_user, fake_sms) -> SmsMessage:
    person = make_user(mobile=MOBILE, mobile_verified_at=datetime.datetime.now(datetime.UTC))
    message = sms_enqueue(
        template_code="permit_decision",
        context={"permit_number": "WP-9", "decision": "approved"},
        idempotency_key="w1",
        recipient=person,
    )
    assert message is not None
    sms_send(message_id=message.pk)
    message.refresh_from_db()
    return message


def _receipt(client, settings, message, status, *, signature=None, path=None):
    path = path or f"/sms/status/{message.public_id}/"
    params = {"MessageSid": message.provider_sid, "MessageStatus": status}
    return client.post(
        path, params, HTTP_X_TWILIO_SIGNATURE=signature or _sign(settings, path, params)
    )


def test_a_signed_receipt_is_applied(client, settings, sent):
    response = _receipt(client, settings, sent, "delivered")

    assert response.status_code == 204
    sent.refresh_from_db()
    assert sent.status == SmsMessage.Status.DELIVERED


@pytest.mark.parametrize(
    "signature", ["", "bm90IGEgc2lnbmF0dXJl", "wrong-url"], ids=["unsigned", "forged", "other-url"]
)
def test_an_unsigned_or_forged_receipt_is_refused_and_changes_nothing(
    client, settings, sent, signature
):
    before = SmsStatusEvent.objects.count()
    if signature == "wrong-url":
        signature = _sign(
            settings,
            "/sms/status/another/",
            {"MessageSid": sent.provider_sid, "MessageStatus": "delivered"},
        )
    path = f"/sms/status/{sent.public_id}/"
    response = client.post(
        path,
        {"MessageSid": sent.provider_sid, "MessageStatus": "delivered"},
        HTTP_X_TWILIO_SIGNATURE=signature,
    )

    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.status == SmsMessage.Status.SENT
    assert SmsStatusEvent.objects.count() == before


def test_a_receipt_signed_with_another_token_is_refused(client, settings, sent):
    path = f"/sms/status/{sent.public_id}/"
    params = {"MessageSid": sent.provider_sid, "MessageStatus": "delivered"}
    forged = RequestValidator("another-token").compute_signature(
        f"{settings.SMS_STATUS_CALLBACK_BASE_URL}{path}", params
    )

    assert client.post(path, params, HTTP_X_TWILIO_SIGNATURE=forged).status_code == 403


def test_replayed_and_out_of_order_receipts(client, settings, sent):
    for _ in range(10):
        assert _receipt(client, settings, sent, "delivered").status_code == 204
    assert _receipt(client, settings, sent, "sent").status_code == 204

    sent.refresh_from_db()
    assert sent.status == SmsMessage.Status.DELIVERED
    assert sent.events.filter(source="receipt", provider_status="delivered").count() == 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_receipts_from_the_fake_provider_arrive_signed(live_server, settings, make_user, fake_sms):
    """End to end: the fake provider posts signed callbacks to a running portal."""
    settings.SMS_STATUS_CALLBACK_BASE_URL = live_server.url
    fake_sms.state.callbacks = True
    person = make_user(mobile=MOBILE)
    message = sms_enqueue(
        template_code="permit_decision",
        context={"permit_number": "WP-7", "decision": "approved"},
        idempotency_key="live",
        recipient=person,
    )

    sms_send(message_id=message.pk)
    fake_sms._callbacks.shutdown(wait=True)  # wait until both callbacks were posted

    message.refresh_from_db()
    assert message.status == SmsMessage.Status.DELIVERED
    assert list(
        message.events.filter(source="receipt").values_list("provider_status", flat=True)
    ) == [
        "sent",
        "delivered",
    ]


@pytest.mark.parametrize(("word", "opted_out"), [("STOP", True), ("إيقاف", True), ("stop ", True)])
def test_a_stop_reply_switches_alerts_off(client, settings, make_user, word, opted_out):
    person = make_user(mobile=MOBILE, mobile_verified_at=datetime.datetime.now(datetime.UTC))
    params = {"From": MOBILE, "Body": word}

    response = client.post(
        "/sms/inbound/", params, HTTP_X_TWILIO_SIGNATURE=_sign(settings, "/sms/inbound/", params)
    )

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.sms_alerts_opt_out is opted_out


def test_an_unsigned_stop_reply_is_refused(client, make_user):
    person = make_user(mobile=MOBILE, mobile_verified_at=datetime.datetime.now(datetime.UTC))

    response = client.post("/sms/inbound/", {"From": MOBILE, "Body": "STOP"})

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.sms_alerts_opt_out is False
