"""Writes about accounts: sign-in events, second-factor enrolment, preferences."""

from __future__ import annotations

import datetime

from django.contrib.auth.password_validation import validate_password
from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RefusedAttempt, User
from core.exceptions import ApplicationError
from core.services import audit_record, model_snapshot


class SecondFactorError(ApplicationError):
    """The one-time code was wrong, expired or tried too often."""


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    created_by: User | None = None,
    **fields: object,
) -> User:
    """Create an account with a role. The password must pass the ASVS level 2 validators.

    Raises django.core.exceptions.ValidationError for a weak password or invalid field.
    """
    user = User(username=username, role=role, **fields)
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user=user)
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=created_by,
        action="accounts.user_created",
        obj=user,
        subject=user,
        after=model_snapshot(user, ["username", "role", "is_active"]),
    )
    return user


@transaction.atomic
def session_started(*, user: User) -> None:
    """Record a successful sign-in."""
    audit_record(actor=user, action="accounts.login", obj=user, subject=user)


@transaction.atomic
def login_failed(*, username: str, address: str | None = None) -> None:
    """Record a refused sign-in. For a username someone has, an audit event in that person's
    history (the username as typed, never the password); for a username nobody has, one more
    in the count of its address and minute (`refused_attempt_count`), so rotating usernames
    cannot grow the audit trail."""
    subject = User.objects.filter(username=username).first()
    if subject is None:
        refused_attempt_count(kind=RefusedAttempt.Kind.SIGN_IN, key="", address=address)
        return
    audit_record(
        actor=None,
        actor_label=username[:150],
        action="accounts.login_failed",
        subject=subject,
    )


def refused_attempt_count(
    *, kind: str, key: str, address: str | None, at: datetime.datetime | None = None
) -> None:
    """Add one to the refused attempts of `kind` by `key` from `address` in the minute of `at`
    (now): one row per minute, incremented in place whatever the traffic."""
    minute = (at or timezone.now()).replace(second=0, microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO accounts_refusedattempt AS r (kind, key, address, minute, count)
            VALUES (%s, %s, %s, %s, 1)
            ON CONFLICT (kind, key, address, minute) DO UPDATE SET count = r.count + 1
            """,
            [kind, key[:40], address, minute],
        )


@transaction.atomic
def session_ended(*, user: User, reason: str) -> None:
    """Record a sign-out: `reason` is 'logout', 'idle' or 'absolute'."""
    audit_record(actor=user, action=f"accounts.session_ended.{reason}", obj=user, subject=user)


def totp_device_for_enrolment(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator a staff member is enrolling (created on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm an authenticator by a first valid code from it.

    Raises SecondFactorError when the code does not match (the device stays unconfirmed).
    """
    from django.utils.translation import gettext as _

    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(token.strip()):
        raise SecondFactorError(_("That code is not right. Enter the 6-digit code now shown."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action="accounts.totp_enrolled", obj=user, subject=user)
    return device


def totp_verify(*, user: User, token: str) -> TOTPDevice:
    """Check a code against the person's confirmed authenticators.

    Raises SecondFactorError when none accepts it (django-otp throttles repeated failures).
    """
    from django.utils.translation import gettext as _

    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, _reason = device.verify_is_allowed()
        if not allowed:
            raise SecondFactorError(
                _("Too many wrong codes. Wait a minute, then enter a new code.")
            )
        if device.verify_token(token.strip()):
            with transaction.atomic():
                audit_record(actor=user, action="accounts.second_factor_passed", subject=user)
            return device
    with transaction.atomic():
        audit_record(actor=user, action="accounts.second_factor_failed", subject=user)
    raise SecondFactorError(_("That code is not right. Enter the 6-digit code now shown."))


def sessions_purge_expired() -> int:
    """Delete expired sessions and return how many there were. Safe to run any number of times."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _per_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@transaction.atomic
def preferred_language_set(*, person: User, language: str) -> User:
    """The language of a person's messages (Arabic unless they choose English)."""
    if person.preferred_language == language:
        return person
    before = {"preferred_language": person.preferred_language}
    person.preferred_language = language
    person.full_clean(exclude=["password"])
    person.save(update_fields=["preferred_language"])
    audit_record(
        actor=person,
        action="accounts.language_changed",
        obj=person,
        subject=person,
        before=before,
        after={"preferred_language": language},
    )
    return person
