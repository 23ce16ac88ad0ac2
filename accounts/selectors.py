"""Reads about accounts."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


def has_confirmed_authenticator(*, user: User) -> bool:
    """Whether a staff member has finished enrolling an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
