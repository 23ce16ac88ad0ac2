"""Twilio through its SDK. The API base URL is configurable, so the fake provider
(notifications.fake_provider) answers exactly the calls production makes to Twilio."""

from __future__ import annotations

import datetime

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from notifications.clients.base import (
    SmsAccepted,
    SmsAmbiguousError,
    SmsFinalError,
    SmsRetryableError,
)

# Twilio error codes that will not change on a retry (RELIABILITY.md A8).
FINAL_ERROR_CODES = frozenset({21211, 21408, 21610, 21612, 21614, 21635, 30006})


class TwilioSmsProvider:
    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        sender: str,
        messaging_service_sid: str,
        base_url: str,
        timeout: float,
    ) -> None:
        self._client = Client(
            account_sid, auth_token, http_client=TwilioHttpClient(timeout=timeout)
        )
        if base_url:
            self._client.api.base_url = base_url.rstrip("/")
        self._sender = sender
        self._messaging_service_sid = messaging_service_sid

    def send(self, *, to: str, body: str, status_callback: str | None) -> SmsAccepted:
        origin: dict[str, str] = (
            {"messaging_service_sid": self._messaging_service_sid}
            if self._messaging_service_sid
            else {"from_": self._sender}
        )
        try:
            message = self._client.messages.create(
                to=to,
                body=body,
                status_callback=status_callback or "",
                **origin,
            )
        except TwilioRestException as exc:
            raise _classify(exc) from exc
        except requests.exceptions.ConnectTimeout as exc:
            raise SmsRetryableError("connection timed out before sending") from exc
        except requests.exceptions.Timeout as exc:
            raise SmsAmbiguousError("no answer after the request was sent") from exc
        except requests.exceptions.ConnectionError as exc:
            if _never_connected(exc):
                raise SmsRetryableError("provider unreachable") from exc
            raise SmsAmbiguousError("connection lost after the request was sent") from exc
        return SmsAccepted(sid=str(message.sid), status=str(message.status or "queued"))

    def find_sent(self, *, to: str, body: str, since: datetime.datetime) -> str | None:
        try:
            messages = self._client.messages.list(
                to=to, date_sent_after=since - datetime.timedelta(days=1), limit=100
            )
        except (TwilioRestException, requests.exceptions.RequestException) as exc:
            raise SmsRetryableError("could not list messages") from exc
        for message in messages:
            created = message.date_created
            if message.body == body and (created is None or created >= since):
                return str(message.sid)
        return None


def _classify(exc: TwilioRestException) -> Exception:
    code = str(exc.code or "")
    if exc.status == 429 or exc.status >= 500 or exc.status in {401, 403}:
        return SmsRetryableError(exc.msg or "temporary provider error", code=code)
    if exc.code in FINAL_ERROR_CODES or 400 <= exc.status < 500:
        return SmsFinalError(exc.msg or "refused", code=code)
    return SmsRetryableError(exc.msg or "provider error", code=code)


def _never_connected(exc: requests.exceptions.ConnectionError) -> bool:
    """True when the connection was never made (refused, no route): nothing was sent."""
    text = repr(exc.args[0] if exc.args else exc)
    return any(
        marker in text
        for marker in ("NewConnectionError", "Connection refused", "Failed to establish")
    )
