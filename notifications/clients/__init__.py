"""SMS providers: `twilio` (the SDK, against Twilio or the fake provider) and `console`."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from notifications.clients.base import SmsProvider


@lru_cache(maxsize=4)
def _provider(backend: str, base_url: str, account_sid: str) -> SmsProvider:
    if backend == "console":
        from notifications.clients.console import ConsoleSmsProvider

        return ConsoleSmsProvider()
    from notifications.clients.twilio import TwilioSmsProvider

    return TwilioSmsProvider(
        account_sid=account_sid,
        auth_token=settings.TWILIO_AUTH_TOKEN,
        sender=settings.TWILIO_FROM_NUMBER,
        messaging_service_sid=settings.TWILIO_MESSAGING_SERVICE_SID,
        base_url=base_url,
        timeout=settings.SMS_PROVIDER_TIMEOUT,
    )


def get_sms_provider() -> SmsProvider:
    """The configured provider; one client per process so HTTP connections are reused."""
    return _provider(
        settings.SMS_BACKEND, settings.TWILIO_API_BASE_URL, settings.TWILIO_ACCOUNT_SID
    )
