"""One-time SMS codes: issue (rate-limited, through the SMS ledger) and verify.

Lives apart from accounts.services because both sign-in and mobile verification use it, and it
is the only place that knows how codes are made, hashed and counted.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import SmsCode, User
from core.exceptions import ApplicationError
from core.request_context import ip_address_var
from core.services import audit_record


class SmsCodeError(ApplicationError):
    """The code is wrong, expired, used, locked, or one may not be sent now."""


TEMPLATE_FOR = {
    SmsCode.Purpose.LOGIN: "login_code",
    SmsCode.Purpose.VERIFY_MOBILE: "mobile_verification",
}


def _hash(code_id: int, token: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{code_id}:{token}".encode(), hashlib.sha256).hexdigest()


def _check_limits(*, phone: str, ip: str | None, now: datetime.datetime) -> None:
    recent_for_number = SmsCode.objects.filter(
        phone=phone, created_at__gte=now - datetime.timedelta(minutes=15)
    ).count()
    if recent_for_number >= settings.SMS_CODE_LIMIT_PER_NUMBER:
        raise SmsCodeError(
            _("Too many codes were sent to this number. Wait 15 minutes, then ask again.")
        )
    if ip:
        recent_for_address = SmsCode.objects.filter(
            ip_address=ip, created_at__gte=now - datetime.timedelta(hours=1)
        ).count()
        if recent_for_address >= settings.SMS_CODE_LIMIT_PER_ADDRESS:
            raise SmsCodeError(
                _("Too many codes were asked for from this address. Wait an hour, then try again.")
            )


@transaction.atomic
def sms_code_issue(*, phone: str, purpose: str, user: User | None = None) -> SmsCode:
    """Make a code, write its SMS to the ledger (same transaction) and return the code row.

    Raises SmsCodeError when the number or the address has asked too often (nothing is sent).
    """
    from notifications.services import sms_enqueue

    now = timezone.now()
    ip = ip_address_var.get()
    _check_limits(phone=phone, ip=ip, now=now)
    SmsCode.objects.filter(
        phone=phone, purpose=purpose, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    code = SmsCode.objects.create(
        user=user,
        phone=phone,
        purpose=purpose,
        code_hash="",
        ip_address=ip,
        expires_at=now + datetime.timedelta(seconds=settings.SMS_CODE_VALID_SECONDS),
    )
    token = f"{secrets.randbelow(1_000_000):06d}"
    code.code_hash = _hash(code.pk, token)
    code.save(update_fields=["code_hash"])
    sms_enqueue(
        template_code=TEMPLATE_FOR[SmsCode.Purpose(purpose)],
        context={"code": token},
        idempotency_key=f"sms-code:{code.pk}",
        recipient=user,
        to_number=phone,
    )
    audit_record(actor=user, action=f"accounts.sms_code_sent.{purpose}", subject=user)
    return code


def sms_code_verify(*, code_id: int, token: str) -> SmsCode:
    """Accept `token` for code `code_id` once. Raises SmsCodeError otherwise; a wrong token
    counts towards the lock even though the error is raised."""
    wrong = _("That code is not right. Check the SMS and try again.")
    with transaction.atomic():
        code = SmsCode.objects.select_for_update().filter(pk=code_id).first()
        if code is None or code.used_at is not None or code.revoked_at is not None:
            raise SmsCodeError(_("This code can no longer be used. Ask for a new code."))
        if timezone.now() >= code.expires_at:
            raise SmsCodeError(_("This code has expired. Ask for a new code."))
        if code.failed_attempts >= settings.SMS_CODE_MAX_FAILURES:
            raise SmsCodeError(_("Too many wrong codes. Ask for a new code."))
        if hmac.compare_digest(code.code_hash, _hash(code.pk, token.strip())):
            code.used_at = timezone.now()
            code.save(update_fields=["used_at"])
            return code
        code.failed_attempts += 1
        code.save(update_fields=["failed_attempts"])
        audit_record(actor=None, action="accounts.sms_code_failed", subject=code.user)
        if code.failed_attempts >= settings.SMS_CODE_MAX_FAILURES:
            wrong = _("Too many wrong codes. Ask for a new code.")
    raise SmsCodeError(wrong)
