"""Citizens sign in with civil ID and an SMS code; new jobseekers verify their mobile."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine

from accounts.models import SmsCode, User
from core.models import AuditEvent
from notifications.models import SmsMessage
from notifications.services import sms_send

pytestmark = pytest.mark.django_db

MOBILE = "+96891234567"


@pytest.fixture
def citizen(make_user) -> User:
    return make_user(
        User.Role.JOBSEEKER,
        civil_id="12345678",
        mobile=MOBILE,
        mobile_verified_at=datetime.datetime.now(datetime.UTC),
    )


def _code_sent(fake_sms) -> str:
    for message in SmsMessage.objects.filter(status=SmsMessage.Status.CREATED):
        sms_send(message_id=message.pk)
    found = re.search(r"\d{6}", fake_sms.state.messages[-1]["body"])
    assert found is not None
    return found.group(0)


def _ask(client, civil_id="12345678", ip="10.0.0.1"):
    return client.post("/ar/accounts/sms-sign-in/", {"civil_id": civil_id}, REMOTE_ADDR=ip)


def _enter(client, token):
    return client.post("/ar/accounts/sms-sign-in/code/", {"token": token})


def test_sign_in_with_the_code_from_the_sms(client, citizen, fake_sms):
    assert _ask(client).status_code == 302
    token = _code_sent(fake_sms)

    response = _enter(client, token)

    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/home/"
    assert client.session["_auth_user_id"] == str(citizen.pk)
    message = SmsMessage.objects.get()
    assert message.recipient == citizen
    assert token not in message.rendered_text  # the ledger never keeps the code
    assert AuditEvent.objects.filter(action="accounts.login", actor=citizen).exists()


def test_arabic_indic_digits_are_accepted(client, citizen, fake_sms):
    _ask(client, civil_id="١٢٣٤٥٦٧٨")
    token = _code_sent(fake_sms)

    response = _enter(client, token.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")))

    assert response.status_code == 302


def test_the_code_works_once(client, citizen, fake_sms):
    _ask(client)
    token = _code_sent(fake_sms)
    _enter(client, token)
    client.logout()
    session = client.session
    session["_sms_login_code"] = SmsCode.objects.get().pk
    session.save()

    response = _enter(client, token)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_code_expires_after_ten_minutes(client, citizen, fake_sms):
    start = datetime.datetime.now(datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        _ask(client)
        token = _code_sent(fake_sms)
        clock.shift(datetime.timedelta(minutes=10, seconds=1))
        response = _enter(client, token)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_five_wrong_codes_lock_it(client, citizen, fake_sms):
    _ask(client)
    token = _code_sent(fake_sms)
    wrong = f"{(int(token) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert _enter(client, wrong).status_code == 200

    response = _enter(client, token)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert SmsCode.objects.get().failed_attempts == 5


def test_an_unknown_civil_id_gets_the_same_answer_and_no_sms(client, citizen):
    response = _ask(client, civil_id="99999999")

    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/sms-sign-in/code/"
    assert SmsMessage.objects.count() == 0


def test_staff_cannot_sign_in_by_sms(client, make_user):
    make_user(
        User.Role.OFFICER,
        civil_id="55555555",
        mobile=MOBILE,
        mobile_verified_at=datetime.datetime.now(datetime.UTC),
    )

    _ask(client, civil_id="55555555")

    assert SmsMessage.objects.count() == 0


def test_codes_are_rate_limited_per_number(client, citizen):
    for n in range(3):
        assert _ask(client, ip=f"10.0.1.{n}").status_code == 302

    response = _ask(client, ip="10.0.1.9")

    assert response.status_code == 429
    assert SmsMessage.objects.count() == 3


def test_codes_are_rate_limited_per_address(client, make_user):
    for n in range(11):
        make_user(
            civil_id=f"7000000{n:02d}",
            mobile=f"+9689100{n:04d}",
            mobile_verified_at=datetime.datetime.now(datetime.UTC),
        )
    for n in range(10):
        assert _ask(client, civil_id=f"7000000{n:02d}", ip="10.9.9.9").status_code == 302

    response = _ask(client, civil_id="700000010", ip="10.9.9.9")

    assert response.status_code == 429
    assert SmsMessage.objects.count() == 10


class TestRegistration:
    FORM = {
        "civil_id": "87654321",
        "full_name_ar": "سالم الحارثي",
        "full_name_en": "Salim Al Harthy",
        "mobile": "٩٢٣٤٥٦٧٨",
        "preferred_language": "ar",
    }

    def test_a_new_jobseeker_verifies_the_mobile_and_gets_an_account(self, client, fake_sms):
        response = client.post("/ar/accounts/register/", self.FORM)
        assert response["Location"] == "/ar/accounts/register/code/"
        assert not User.objects.filter(civil_id="87654321").exists()
        token = _code_sent(fake_sms)

        response = client.post("/ar/accounts/register/code/", {"token": token})

        assert response["Location"] == "/ar/accounts/home/"
        user = User.objects.get(civil_id="87654321")
        assert user.role == User.Role.JOBSEEKER
        assert str(user.mobile) == "+96892345678"
        assert user.mobile_verified_at is not None
        assert not user.has_usable_password()

    def test_a_malformed_mobile_is_refused_with_a_clear_error(self, client):
        response = client.post("/ar/accounts/register/", {**self.FORM, "mobile": "12"})

        assert response.status_code == 200
        assert 'id="error-summary"' in response.content.decode()
        assert SmsMessage.objects.count() == 0

    def test_a_wrong_code_creates_nothing(self, client, fake_sms):
        client.post("/ar/accounts/register/", self.FORM)
        token = _code_sent(fake_sms)

        client.post("/ar/accounts/register/code/", {"token": f"{(int(token) + 1) % 1_000_000:06d}"})

        assert not User.objects.filter(civil_id="87654321").exists()

    def test_a_registered_civil_id_is_refused(self, client, citizen):
        response = client.post("/ar/accounts/register/", {**self.FORM, "civil_id": "12345678"})

        assert response.status_code == 200
        assert SmsMessage.objects.count() == 0


def test_the_alert_switch_in_the_profile(client, citizen):
    client.force_login(citizen)

    client.post("/ar/accounts/preferences/", {"preferred_language": "en"})  # alerts unticked

    citizen.refresh_from_db()
    assert citizen.sms_alerts_opt_out is True
    assert citizen.preferred_language == "en"
    assert AuditEvent.objects.filter(action="notifications.alerts_off", subject=citizen).exists()


def test_a_person_sees_only_their_own_messages(client, citizen, make_user):
    from notifications.services import sms_enqueue

    other = make_user(mobile="+96891111111")
    for person, key in ((citizen, "mine"), (other, "theirs")):
        sms_enqueue(
            template_code="permit_decision",
            context={"permit_number": f"WP-{key}", "decision": "approved"},
            idempotency_key=key,
            recipient=person,
        )
    client.force_login(citizen)

    body = client.get("/en/accounts/my-messages/").content.decode()

    assert "WP-mine" in body
    assert "WP-theirs" not in body
