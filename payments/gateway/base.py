"""What the portal needs from a payment gateway (hosted checkout, modelled on Thawani
Checkout), and the errors it can raise. The same shape as the SMS provider's interface
(notifications.clients.base): a Protocol, frozen answers, and a typed error hierarchy that says
whether a retry is safe."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol


class GatewayError(Exception):
    """Base of every gateway error."""


class GatewayRetryableError(GatewayError):
    """The gateway did not act and may later: 5xx, 429, refused connection."""


class GatewayRejectedError(GatewayError):
    """The gateway refused the request for good (400: a bad amount, an unknown session)."""


class GatewayAmbiguousError(GatewayError):
    """The request left but no answer came back: the gateway may have acted (made the session,
    refunded). Retry only with the same reference; the gateway answers with what it did."""


@dataclass(frozen=True)
class SessionLine:
    name: str
    unit_amount_baisas: int
    quantity: int = 1


@dataclass(frozen=True)
class GatewaySession:
    """A checkout session as the gateway reports it. `payment_status` is `unpaid`, `paid`,
    `cancelled` or `failed`; `payment_id` is the gateway's id of the captured payment."""

    session_id: str
    client_reference: str
    payment_status: str
    amount_baisas: int
    currency: str
    payment_id: str = ""


@dataclass(frozen=True)
class GatewayRefund:
    refund_id: str
    payment_id: str
    amount_baisas: int
    status: str  # "refunded" | "failed"
    reference: str = ""


@dataclass(frozen=True)
class SettlementEntry:
    kind: str  # "payment" | "refund"
    reference: str  # gateway payment id or refund id
    client_reference: str
    session_id: str
    amount_baisas: int
    currency: str


class PaymentGateway(Protocol):
    def create_session(
        self,
        *,
        client_reference: str,
        lines: list[SessionLine],
        success_url: str,
        cancel_url: str,
        metadata: dict[str, str],
    ) -> GatewaySession:
        """Make (or, for a reference already used, return) a checkout session."""
        ...

    def fetch_session(self, *, session_id: str) -> GatewaySession: ...

    def fetch_by_reference(self, *, client_reference: str) -> GatewaySession | None:
        """The session made with our reference, or None when the gateway made none."""
        ...

    def pay_url(self, *, session_id: str) -> str:
        """Where the payer is sent to pay (the gateway's hosted page)."""
        ...

    def refund(
        self, *, payment_id: str, amount_baisas: int, reference: str, reason: str
    ) -> GatewayRefund:
        """Refund (part of) a payment. `reference` is the idempotency reference."""
        ...

    def settlement_file(self, *, on: datetime.date) -> str:
        """The day's settlement file (CSV text, one line per payment or refund settled)."""
        ...
