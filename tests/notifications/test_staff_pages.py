"""Policy staff edit templates with a preview; staff search the ledger and see delivery rates."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from core.models import AuditEvent
from notifications.models import SmsMessage, SmsTemplate
from notifications.services import sms_apply_receipt, sms_enqueue, sms_send
from tests.conftest import sign_in_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(client, make_user):
    sign_in_staff(client, make_user(User.Role.POLICY))
    return client


FORM = {
    "code": "interview_invite",
    "name": "Interview invitation",
    "category": "service",
    "body_ar": "دعوة لمقابلة في {place} يوم {day}",
    "body_en": "Interview at {place} on {day}",
    "placeholders_text": "place, day",
    "sensitive_text": "",
    "is_active": "on",
}


def test_a_complete_template_is_saved_and_audited(policy):
    response = policy.post("/en/staff/sms/templates/new/", {**FORM, "save": "1"})

    assert response.status_code == 302
    template = SmsTemplate.objects.get(code="interview_invite")
    assert template.placeholders == ["place", "day"]
    assert AuditEvent.objects.filter(
        action="notifications.template_saved", object_id=str(template.pk)
    ).exists()


@pytest.mark.parametrize(
    "change",
    [
        {"body_en": ""},
        {"body_ar": "دعوة لمقابلة في {place}"},
        {"body_en": "Interview at {place} on {day} {time}"},
    ],
    ids=["no-english", "arabic-misses-day", "english-undeclared"],
)
def test_a_template_missing_a_language_or_placeholder_is_refused(policy, change):
    response = policy.post("/en/staff/sms/templates/new/", {**FORM, **change, "save": "1"})

    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert not SmsTemplate.objects.filter(code="interview_invite").exists()


def test_preview_shows_both_languages_without_saving(policy):
    response = policy.post("/en/staff/sms/templates/new/", {**FORM, "preview": "1"})

    body = response.content.decode()
    assert "Interview at ‹place› on ‹day›" in body
    assert "دعوة لمقابلة في ‹place› يوم ‹day›" in body
    assert not SmsTemplate.objects.filter(code="interview_invite").exists()


def test_preview_updates_in_place_with_htmx(policy):
    response = policy.post(
        "/en/staff/sms/templates/new/", {**FORM, "preview": "1"}, HTTP_HX_REQUEST="true"
    )

    assert response.content.decode().strip().startswith('<div id="preview"')


def test_the_ledger_search_and_delivery_rates(client, make_user, fake_sms):
    person = make_user(username="maryam", mobile="+96891234567")
    for n in range(4):
        message = sms_enqueue(
            template_code="permit_decision",
            context={"permit_number": f"WP-{n}", "decision": "approved"},
            idempotency_key=f"k{n}",
            recipient=person,
        )
        sms_send(message_id=message.pk)
        message.refresh_from_db()
        status = "delivered" if n < 3 else "undelivered"
        sms_apply_receipt(
            public_id=message.public_id,
            provider_sid=message.provider_sid,
            provider_status=status,
            error_code="" if n < 3 else "30006",
        )
    SmsMessage.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=30))
    sign_in_staff(client, make_user(User.Role.OFFICER))

    page = client.get("/en/staff/sms/", {"person": "maryam", "status": "delivered"})

    assert page.status_code == 200
    assert page.context["page"].paginator.count == 3
    (row,) = page.context["delivery"]
    assert (row.code, row.total, row.delivered, row.failed) == ("permit_decision", 4, 3, 1)
    assert row.delivery_rate == 0.75
    assert row.median_latency >= datetime.timedelta(seconds=29)


def test_the_ledger_shows_that_a_link_went_not_the_link(client, make_user):
    # issue 17, finding 6: a worker's transfer-consent link is enough to act
    from core.tokens import new_token

    token = new_token()
    sms_enqueue(
        template_code="permit_transfer_consent",
        context={
            "employer": "Employer",
            "permit_number": "WP-1",
            "link": f"http://127.0.0.1:8000/en/permits/transfer-consent/{token}/",
            "code": "123456",
        },
        idempotency_key="ledger-mask",
        to_number="+96891234567",
        language="en",
    )
    sign_in_staff(client, make_user(User.Role.OFFICER))

    body = client.get("/en/staff/sms/").content.decode()

    assert token not in body
    assert "/permits/transfer-consent/[token]/" in body
