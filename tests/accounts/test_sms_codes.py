"""One-time SMS codes cannot be used to lock others out (issue 15, "No enumeration, no lock-out
of others"): codes stand on their own, wrong codes count per account across codes, a code
proves only what it was sent for, and IPv6 clients are limited per /64."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from accounts.models import SmsCode, User
from accounts.sms_codes import (
    AccountCodeLockedError,
    NumberRateLimitedError,
    SmsCodeError,
    sms_code_issue,
    sms_code_lock_lift,
    sms_code_verify,
)
from core.models import AuditEvent
from core.net import address_group
from core.request_context import ip_address_var
from notifications.models import SmsMessage
from notifications.services import sms_send

pytestmark = pytest.mark.django_db

MOBILE = "+96891234567"
LOGIN = SmsCode.Purpose.LOGIN


@pytest.fixture
def citizen(make_user) -> User:
    return make_user(
        User.Role.JOBSEEKER,
        civil_id="12345678",
        mobile=MOBILE,
        mobile_verified_at=datetime.datetime.now(datetime.UTC),
        identity_proven_at=datetime.datetime.now(datetime.UTC),
    )


@contextmanager
def from_address(ip: str) -> Iterator[None]:
    """Service calls made as if by a request from `ip` (what the request middleware sets)."""
    token = ip_address_var.set(ip)
    try:
        yield
    finally:
        ip_address_var.reset(token)


def _sent_token(fake_sms, code: SmsCode) -> str:
    """Send the code's SMS through the fake provider and read the code from its text."""
    message = SmsMessage.objects.get(idempotency_key=f"sms-code:{code.pk}")
    sms_send(message_id=message.pk)
    body = next(
        m["body"] for m in reversed(fake_sms.state.messages) if m["to"] == message.to_number
    )
    found = re.search(r"\d{6}", body)
    assert found is not None
    return found.group(0)


def _wrong(token: str) -> str:
    return f"{(int(token) + 1) % 1_000_000:06d}"


def _ask_login(user: User) -> SmsCode:
    return sms_code_issue(phone=MOBILE, purpose=LOGIN, user=user)


def test_two_sessions_asking_for_the_same_number_both_get_codes_that_work(citizen, fake_sms):
    # given: one session asks for a code, then another session asks again for the same number
    first = _ask_login(citizen)
    first_token = _sent_token(fake_sms, first)
    second = _ask_login(citizen)
    second_token = _sent_token(fake_sms, second)

    # when: each session enters its own code
    sms_code_verify(code_id=first.pk, token=first_token)
    sms_code_verify(code_id=second.pk, token=second_token)

    # then: both codes worked; asking again cancelled nothing
    for code in (first, second):
        code.refresh_from_db()
        assert code.used_at is not None
        assert code.revoked_at is None


def test_wrong_codes_spread_over_several_codes_lock_the_account(citizen, fake_sms, settings):
    settings.SMS_CODE_ACCOUNT_MAX_FAILURES = 10
    settings.SMS_CODE_MAX_FAILURES = 5
    codes = [_ask_login(citizen) for _ in range(3)]
    tokens = [_sent_token(fake_sms, code) for code in codes]

    # given: 4 + 4 + 2 wrong codes, none of them reaching the per-code limit of 5
    for code, token, tries in zip(codes, tokens, (4, 4, 2), strict=True):
        for _ in range(tries):
            with pytest.raises(SmsCodeError):
                sms_code_verify(code_id=code.pk, token=_wrong(token))
    citizen.refresh_from_db()
    assert citizen.sms_code_failures == 10
    assert citizen.sms_code_locked_at is not None
    assert (
        AuditEvent.objects.filter(action="accounts.sms_code_locked", subject=citizen).count() == 1
    )
    failures_audited = AuditEvent.objects.filter(action="accounts.sms_code_failed").count()

    # when: the right code of the last one is entered
    with pytest.raises(AccountCodeLockedError):
        sms_code_verify(code_id=codes[2].pk, token=tokens[2])

    # then: refused, and nothing else changed
    codes[2].refresh_from_db()
    assert codes[2].used_at is None
    assert codes[2].failed_attempts == 2
    citizen.refresh_from_db()
    assert citizen.sms_code_failures == 10
    assert AuditEvent.objects.filter(action="accounts.sms_code_failed").count() == failures_audited


def test_a_locked_account_gets_no_new_code_of_any_purpose(citizen, fake_sms):
    User.objects.filter(pk=citizen.pk).update(
        sms_code_locked_at=datetime.datetime.now(datetime.UTC), sms_code_failures=10
    )

    for purpose in (LOGIN, SmsCode.Purpose.STEP_UP):
        with pytest.raises(AccountCodeLockedError):
            sms_code_issue(
                phone=MOBILE,
                purpose=purpose,
                user=citizen,
                civil_id="12345678",
                context={"act": "resignation"},
            )

    assert not SmsCode.objects.exists()
    assert not SmsMessage.objects.exists()


def test_a_right_code_resets_the_count(citizen, fake_sms):
    first = _ask_login(citizen)
    first_token = _sent_token(fake_sms, first)
    for _ in range(3):
        with pytest.raises(SmsCodeError):
            sms_code_verify(code_id=first.pk, token=_wrong(first_token))
    citizen.refresh_from_db()
    assert citizen.sms_code_failures == 3

    sms_code_verify(code_id=first.pk, token=first_token)

    citizen.refresh_from_db()
    assert citizen.sms_code_failures == 0
    assert citizen.sms_code_locked_at is None


def test_codes_of_no_account_count_only_per_code(fake_sms):
    code = sms_code_issue(phone=MOBILE, purpose=SmsCode.Purpose.VERIFY_MOBILE)
    token = _sent_token(fake_sms, code)

    with pytest.raises(SmsCodeError):
        sms_code_verify(code_id=code.pk, token=_wrong(token))

    code.refresh_from_db()
    assert code.failed_attempts == 1
    assert not AuditEvent.objects.filter(action="accounts.sms_code_locked").exists()


def test_the_lift_unlocks_the_account(citizen, fake_sms, settings):
    settings.SMS_CODE_ACCOUNT_MAX_FAILURES = 2
    code = _ask_login(citizen)
    token = _sent_token(fake_sms, code)
    for _ in range(2):
        with pytest.raises(SmsCodeError):
            sms_code_verify(code_id=code.pk, token=_wrong(token))

    # when: the person signed in through the identity provider (the lead's view calls this)
    lifted = sms_code_lock_lift(user=citizen)

    # then: the account's codes work again, and the lift is in the audit trail
    assert lifted is True
    citizen.refresh_from_db()
    assert citizen.sms_code_locked_at is None
    assert citizen.sms_code_failures == 0
    assert AuditEvent.objects.filter(
        action="accounts.sms_code_unlocked", subject=citizen, actor=citizen
    ).exists()
    assert sms_code_verify(code_id=code.pk, token=token).used_at is not None
    fresh = _ask_login(citizen)
    assert sms_code_verify(code_id=fresh.pk, token=_sent_token(fake_sms, fresh)).pk == fresh.pk


def test_lifting_an_unlocked_account_records_nothing(citizen):
    assert sms_code_lock_lift(user=citizen) is False

    assert not AuditEvent.objects.filter(action="accounts.sms_code_unlocked").exists()


def test_a_step_up_code_proves_only_its_act_and_number(citizen, fake_sms):
    code = sms_code_issue(
        phone=MOBILE,
        purpose=SmsCode.Purpose.STEP_UP,
        user=citizen,
        civil_id="12345678",
        context={"act": "resignation"},
    )
    token = _sent_token(fake_sms, code)
    assert SmsMessage.objects.get().template.code == "step_up_code"
    assert "resignation" in fake_sms.state.messages[-1]["body"]

    # a step-up code does not sign anyone in, and does not prove another number
    for kwargs in ({"purpose": LOGIN}, {"civil_id": "87654321"}):
        with pytest.raises(SmsCodeError):
            sms_code_verify(code_id=code.pk, token=token, **kwargs)
    code.refresh_from_db()
    assert code.used_at is None
    assert code.failed_attempts == 0

    used = sms_code_verify(
        code_id=code.pk, token=token, purpose=SmsCode.Purpose.STEP_UP, civil_id="12345678"
    )
    assert used.used_at is not None


def test_an_identity_code_is_sent_with_its_template_and_keeps_its_number(fake_sms):
    code = sms_code_issue(phone=MOBILE, purpose=SmsCode.Purpose.PROVE_IDENTITY, civil_id="12345678")
    token = _sent_token(fake_sms, code)

    assert SmsMessage.objects.get().template.code == "identity_code"
    with pytest.raises(SmsCodeError):
        sms_code_verify(code_id=code.pk, token=token, civil_id="")  # proves no number
    assert sms_code_verify(code_id=code.pk, token=token, civil_id="12345678").civil_id == (
        "12345678"
    )


def test_a_number_asked_too_often_is_refused_with_its_own_error(citizen, fake_sms):
    for _ in range(3):
        _ask_login(citizen)

    with pytest.raises(NumberRateLimitedError):
        _ask_login(citizen)

    assert SmsCode.objects.count() == 3


def _ask_from(ip: str, n: int) -> None:
    with from_address(ip):
        sms_code_issue(phone=f"+9689100{n:04d}", purpose=SmsCode.Purpose.VERIFY_MOBILE)


def test_two_ipv6_addresses_in_one_64_share_the_address_limit(settings, fake_sms):
    settings.SMS_CODE_LIMIT_PER_ADDRESS = 2
    _ask_from("2001:db8:1:2::1", 1)
    _ask_from("2001:db8:1:2:ffff:ffff:ffff:fffe", 2)

    with pytest.raises(SmsCodeError):
        _ask_from("2001:db8:1:2:abcd::9", 3)

    assert SmsCode.objects.count() == 2
    # each row keeps the address it came from
    assert SmsCode.objects.filter(ip_address="2001:db8:1:2::1").count() == 1


def test_ipv6_addresses_in_different_64s_have_their_own_limits(settings, fake_sms):
    settings.SMS_CODE_LIMIT_PER_ADDRESS = 2
    _ask_from("2001:db8:1:2::1", 1)
    _ask_from("2001:db8:1:2::2", 2)

    _ask_from("2001:db8:1:3::1", 3)

    assert SmsCode.objects.count() == 3


def test_ipv4_addresses_are_limited_each_on_its_own(settings, fake_sms):
    settings.SMS_CODE_LIMIT_PER_ADDRESS = 2
    _ask_from("10.0.0.1", 1)
    _ask_from("10.0.0.1", 2)

    _ask_from("10.0.0.2", 3)  # the next address is another client
    with pytest.raises(SmsCodeError):
        _ask_from("10.0.0.1", 4)
    with pytest.raises(SmsCodeError):
        _ask_from("::ffff:10.0.0.1", 5)  # the same client seen through a dual-stack socket

    assert SmsCode.objects.count() == 3


@pytest.mark.parametrize(
    ("ip", "group"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:DB8:1:2::", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("::1", "::/64"),
    ],
)
def test_address_groups(ip, group):
    assert address_group(ip) == group
