"""The gateway's webhook signature: HMAC-SHA256 of `body + "-" + timestamp` with the webhook
secret, hex, in the `thawani-signature` header, the Unix timestamp in `thawani-timestamp`
(Thawani Checkout's documented scheme). Only hmac and hashlib from the standard library."""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "thawani-signature"
TIMESTAMP_HEADER = "thawani-timestamp"
# A callback older than this (or this far in the future) is refused: a replayed capture.
TOLERANCE_SECONDS = 300


def sign(*, secret: str, body: bytes, timestamp: str) -> str:
    message = body + b"-" + timestamp.encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
    *, secret: str, body: bytes, timestamp: str, signature: str, now: float | None = None
) -> bool:
    """True when `signature` is the secret's signature of body and timestamp, and the
    timestamp is recent."""
    if not (secret and signature and timestamp.isdigit()):
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(sign(secret=secret, body=body, timestamp=timestamp), signature)
