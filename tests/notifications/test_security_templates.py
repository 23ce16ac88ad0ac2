"""Issue 17, finding 5: security templates keep their masks whatever is edited, every field of a
template change is audited, and a change to a security template needs a second approver."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from core.models import AuditEvent
from notifications.models import SmsTemplate, SmsTemplateChange
from tests.conftest import sign_in_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def login_code() -> SmsTemplate:
    return SmsTemplate.objects.get(code="login_code")


def _form(template: SmsTemplate, **changes: str) -> dict[str, str]:
    values = {
        "code": template.code,
        "name": template.name,
        "category": template.category,
        "body_ar": template.body_ar,
        "body_en": template.body_en,
        "placeholders_text": ", ".join(template.placeholders),
        "sensitive_text": ", ".join(template.sensitive_placeholders),
        "is_active": "on",
        "save": "1",
    }
    values.update(changes)
    return values


def _policy(make_user) -> tuple[Client, User]:
    client = Client()
    person = make_user(User.Role.POLICY)
    sign_in_staff(client, person)
    return client, person


def _url(template: SmsTemplate) -> str:
    return f"/en/staff/sms/templates/{template.pk}/"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sensitive_text": ""}, "stay masked: code"),
        ({"category": "service"}, "stays a security template"),
    ],
    ids=["masks-cleared", "category-changed"],
)
def test_a_security_template_keeps_its_masks_and_its_category(
    make_user, login_code, changes, message
):
    client, _ = _policy(make_user)
    before = SmsTemplate.objects.values().get(pk=login_code.pk)

    response = client.post(_url(login_code), _form(login_code, **changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert SmsTemplate.objects.values().get(pk=login_code.pk) == before
    assert not SmsTemplateChange.objects.exists()


def test_a_security_change_waits_for_a_second_approver_then_applies(make_user, login_code):
    proposer, first = _policy(make_user)
    new_english = "Your portal code is {code}. Never share it, not even with ministry staff."

    proposer.post(_url(login_code), _form(login_code, body_en=new_english))

    change = SmsTemplateChange.objects.get()
    login_code.refresh_from_db()
    assert change.status == SmsTemplateChange.Status.PENDING
    assert login_code.body_en != new_english  # still the old text
    page = proposer.get(_url(login_code)).content.decode()
    assert "A change waits for a second approver" in page
    assert "Apply the change" not in page  # not offered to the proposer

    # the proposer cannot apply it, even by posting
    proposer.post(f"/en/staff/sms/template-changes/{change.pk}/decide/", {"decision": "apply"})
    change.refresh_from_db()
    login_code.refresh_from_db()
    assert change.status == SmsTemplateChange.Status.PENDING
    assert login_code.body_en != new_english

    second, approver = _policy(make_user)
    assert "Apply the change" in second.get(_url(login_code)).content.decode()
    second.post(f"/en/staff/sms/template-changes/{change.pk}/decide/", {"decision": "apply"})

    change.refresh_from_db()
    login_code.refresh_from_db()
    assert change.status == SmsTemplateChange.Status.APPROVED
    assert change.decided_by == approver
    assert login_code.body_en == new_english
    assert login_code.sensitive_placeholders == ["code"]
    applied = AuditEvent.objects.get(action="notifications.template_change_applied")
    assert applied.actor == approver
    assert applied.after["proposed_by"] == first.pk
    assert applied.before["body_en"] != new_english


def test_a_refused_change_leaves_the_template_as_it_was(make_user, login_code):
    proposer, _ = _policy(make_user)
    proposer.post(_url(login_code), _form(login_code, body_en="Code {code}."))
    change = SmsTemplateChange.objects.get()
    before = SmsTemplate.objects.values().get(pk=login_code.pk)

    second, _ = _policy(make_user)
    second.post(f"/en/staff/sms/template-changes/{change.pk}/decide/", {"decision": "refuse"})

    change.refresh_from_db()
    assert change.status == SmsTemplateChange.Status.REJECTED
    assert SmsTemplate.objects.values().get(pk=login_code.pk) == before
    assert AuditEvent.objects.filter(action="notifications.template_change_refused").exists()


def test_every_field_of_an_ordinary_template_change_is_audited(make_user):
    client, _ = _policy(make_user)
    template = SmsTemplate.objects.exclude(category=SmsTemplate.Category.SECURITY).first()
    assert template is not None

    client.post(_url(template), {**_form(template, name="Renamed"), "is_active": ""})

    event = AuditEvent.objects.get(action="notifications.template_saved")
    assert (event.before["name"], event.after["name"]) == (template.name, "Renamed")
    assert (event.before["is_active"], event.after["is_active"]) == (True, False)
    assert event.after["category"] == template.category
    assert "sensitive_placeholders" in event.after
