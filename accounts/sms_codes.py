"""One-time SMS codes: issue (rate-limited, through the SMS ledger) and verify.

Lives apart from accounts.services because sign-in, mobile verification, identity proof and
step-up all use it, and it is the only place that knows how codes are made, hashed and counted.

Nobody can use the codes to lock another person out or to learn who has an account:
- each code stands on its own until it expires, is used or is locked: asking for a new code
  never cancels a code another session (the real owner) is typing in. The limits per number and
  per address bound how many exist;
- wrong codes count per code (SMS_CODE_MAX_FAILURES locks that code) and per account across
  codes (SMS_CODE_ACCOUNT_MAX_FAILURES locks the account's codes until a sign-in through the
  national identity provider lifts it: `sms_code_lock_lift`);
- the limit per address counts an IPv6 client's whole /64 as one address (core.net);
- a code proves only what it was sent for: its purpose and, for identity and step-up codes, the
  civil or resident number whose registry mobile it went to.

Callers that must not tell whether a number has an account (sign-in, registration) catch
AccountCodeLockedError and NumberRateLimitedError and give their neutral answer.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Mapping

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import SmsCode, User
from core.exceptions import ApplicationError
from core.net import in_address_group
from core.request_context import ip_address_var
from core.services import audit_record


class SmsCodeError(ApplicationError):
    """The code is wrong, expired, used, locked, or one may not be sent now."""


class AccountCodeLockedError(SmsCodeError):
    """The account's codes are locked after too many wrong codes (until an identity provider
    sign-in). A page that must not reveal whether an account exists shows its neutral answer."""


class NumberRateLimitedError(SmsCodeError):
    """Too many codes went to this number lately. Only numbers with an account get codes, so a
    page that must not reveal whether an account exists shows its neutral answer."""


TEMPLATE_FOR = {
    SmsCode.Purpose.LOGIN: "login_code",
    SmsCode.Purpose.VERIFY_MOBILE: "mobile_verification",
    SmsCode.Purpose.PROVE_IDENTITY: "identity_code",
    SmsCode.Purpose.STEP_UP: "step_up_code",
}


def _hash(code_id: int, token: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{code_id}:{token}".encode(), hashlib.sha256).hexdigest()


def _locked_message() -> str:
    return _(
        "Codes by SMS are locked for this account after too many wrong codes. Sign in with "
        "the national digital identity to unlock them."
    )


def _check_limits(*, phone: str, ip: str | None, now: datetime.datetime) -> None:
    recent_for_number = SmsCode.objects.filter(
        phone=phone, created_at__gte=now - datetime.timedelta(minutes=15)
    ).count()
    if recent_for_number >= settings.SMS_CODE_LIMIT_PER_NUMBER:
        raise NumberRateLimitedError(
            _("Too many codes were sent to this number. Wait 15 minutes, then ask again.")
        )
    if ip:
        recent_for_address = SmsCode.objects.filter(
            in_address_group("ip_address", ip),
            created_at__gte=now - datetime.timedelta(hours=1),
        ).count()
        if recent_for_address >= settings.SMS_CODE_LIMIT_PER_ADDRESS:
            raise SmsCodeError(
                _("Too many codes were asked for from this address. Wait an hour, then try again.")
            )


def _account_locked(user_id: int) -> bool:
    return User.objects.filter(pk=user_id, sms_code_locked_at__isnull=False).exists()


@transaction.atomic
def sms_code_issue(
    *,
    phone: str,
    purpose: str,
    user: User | None = None,
    civil_id: str = "",
    context: Mapping[str, object] | None = None,
) -> SmsCode:
    """Make a code, write its SMS to the ledger (same transaction) and return the code row.

    `civil_id` is the number the code proves (PROVE_IDENTITY, STEP_UP: the code goes to the
    registry's mobile for it); `context` fills the template's other placeholders (STEP_UP:
    `act`, what is being confirmed). Earlier codes for the number stay valid.

    Raises AccountCodeLockedError when `user`'s codes are locked, NumberRateLimitedError when
    the number, and SmsCodeError when the address (its IPv6 /64), has asked too often; nothing
    is sent then.
    """
    from notifications.services import sms_enqueue

    now = timezone.now()
    ip = ip_address_var.get()
    if user is not None and _account_locked(user.pk):
        raise AccountCodeLockedError(_locked_message())
    _check_limits(phone=phone, ip=ip, now=now)
    code = SmsCode.objects.create(
        user=user,
        phone=phone,
        purpose=purpose,
        civil_id=civil_id,
        code_hash="",
        ip_address=ip,
        expires_at=now + datetime.timedelta(seconds=settings.SMS_CODE_VALID_SECONDS),
    )
    token = f"{secrets.randbelow(1_000_000):06d}"
    code.code_hash = _hash(code.pk, token)
    code.save(update_fields=["code_hash"])
    sms_enqueue(
        template_code=TEMPLATE_FOR[SmsCode.Purpose(purpose)],
        context={**(context or {}), "code": token},
        idempotency_key=f"sms-code:{code.pk}",
        recipient=user,
        to_number=phone,
    )
    audit_record(actor=user, action=f"accounts.sms_code_sent.{purpose}", subject=user)
    return code


def _count_account_failure(user_id: int) -> None:
    """One more wrong code for the account (atomic); at SMS_CODE_ACCOUNT_MAX_FAILURES lock its
    codes, once, and audit the lock."""
    User.objects.filter(pk=user_id).update(sms_code_failures=F("sms_code_failures") + 1)
    locked = User.objects.filter(
        pk=user_id,
        sms_code_locked_at__isnull=True,
        sms_code_failures__gte=settings.SMS_CODE_ACCOUNT_MAX_FAILURES,
    ).update(sms_code_locked_at=timezone.now())
    if locked:
        user = User.objects.get(pk=user_id)
        audit_record(
            actor=None,
            action="accounts.sms_code_locked",
            subject=user,
            after={"sms_code_failures": user.sms_code_failures},
        )


def sms_code_verify(
    *, code_id: int, token: str, purpose: str | None = None, civil_id: str | None = None
) -> SmsCode:
    """Accept `token` for code `code_id` once, and return the code.

    With `purpose` the code must have been sent for it (a step-up code does not sign anyone
    in); with `civil_id` it must prove that number. Raises SmsCodeError otherwise (and
    AccountCodeLockedError for every code of a locked account). A wrong token counts towards
    the code's lock and the account's even though the error is raised: call this outside any
    transaction that the error rolls back. A right token resets the account's count.
    """
    wrong = _("That code is not right. Check the SMS and try again.")
    unusable = _("This code can no longer be used. Ask for a new code.")
    with transaction.atomic():
        code = SmsCode.objects.select_for_update().filter(pk=code_id).first()
        if code is None or code.used_at is not None or code.revoked_at is not None:
            raise SmsCodeError(unusable)
        if purpose is not None and code.purpose != purpose:
            raise SmsCodeError(unusable)
        if civil_id is not None and (not code.civil_id or code.civil_id != civil_id):
            raise SmsCodeError(unusable)
        if timezone.now() >= code.expires_at:
            raise SmsCodeError(_("This code has expired. Ask for a new code."))
        if code.user_id is not None and _account_locked(code.user_id):
            raise AccountCodeLockedError(_locked_message())
        if code.failed_attempts >= settings.SMS_CODE_MAX_FAILURES:
            raise SmsCodeError(_("Too many wrong codes. Ask for a new code."))
        if hmac.compare_digest(code.code_hash, _hash(code.pk, token.strip())):
            code.used_at = timezone.now()
            code.save(update_fields=["used_at"])
            if code.user_id is not None:
                User.objects.filter(pk=code.user_id, sms_code_failures__gt=0).update(
                    sms_code_failures=0
                )
            return code
        code.failed_attempts += 1
        code.save(update_fields=["failed_attempts"])
        audit_record(actor=None, action="accounts.sms_code_failed", subject=code.user)
        if code.user_id is not None:
            _count_account_failure(code.user_id)
        if code.failed_attempts >= settings.SMS_CODE_MAX_FAILURES:
            wrong = _("Too many wrong codes. Ask for a new code.")
    raise SmsCodeError(wrong)


@transaction.atomic
def sms_code_lock_lift(*, user: User) -> bool:
    """Unlock `user`'s codes and clear the count of wrong codes (after the person signed in
    through the national identity provider). Audits a lift of a lock; returns whether there
    was one."""
    was_locked = User.objects.filter(pk=user.pk, sms_code_locked_at__isnull=False).update(
        sms_code_locked_at=None, sms_code_failures=0
    )
    if not was_locked:
        User.objects.filter(pk=user.pk, sms_code_failures__gt=0).update(sms_code_failures=0)
    user.sms_code_locked_at = None
    user.sms_code_failures = 0
    if was_locked:
        audit_record(actor=user, action="accounts.sms_code_unlocked", subject=user)
    return bool(was_locked)
