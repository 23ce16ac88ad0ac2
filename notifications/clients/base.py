"""What the relay needs from an SMS provider, and the errors it can raise."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol


class SmsProviderError(Exception):
    """Base of every provider error. `code` is the provider's error code, if any."""

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class SmsRetryableError(SmsProviderError):
    """The provider did not take the message, and may later: 429, 5xx, refused connection."""


class SmsFinalError(SmsProviderError):
    """The provider refused the message for good: invalid number, unsubscribed, landline."""


class SmsAmbiguousError(SmsProviderError):
    """The request left but no answer came back: the provider may have accepted the message.
    Never resend blindly; reconcile first."""


@dataclass(frozen=True)
class SmsAccepted:
    sid: str
    status: str


class SmsProvider(Protocol):
    def send(self, *, to: str, body: str, status_callback: str | None) -> SmsAccepted:
        """Hand one message to the provider. Raises an SmsProviderError subclass."""
        ...

    def find_sent(self, *, to: str, body: str, since: datetime.datetime) -> str | None:
        """The provider's id of a message with this text to this number sent since `since`."""
        ...
