"""Development backend: prints each message instead of sending it."""

from __future__ import annotations

import datetime
import sys
import uuid

from notifications.clients.base import SmsAccepted


class ConsoleSmsProvider:
    def send(self, *, to: str, body: str, status_callback: str | None) -> SmsAccepted:
        sid = f"CONSOLE{uuid.uuid4().hex}"
        sys.stdout.write(f"[SMS to {to}] {body}\n")
        sys.stdout.flush()
        return SmsAccepted(sid=sid, status="sent")

    def find_sent(self, *, to: str, body: str, since: datetime.datetime) -> str | None:
        return None
