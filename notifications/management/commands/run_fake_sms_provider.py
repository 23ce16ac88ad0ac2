"""Run the fake SMS provider (Twilio's Messages API subset) on loopback until interrupted."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from notifications.fake_provider import FakeSmsProvider


class Command(BaseCommand):
    help = "Serve the fake SMS provider on 127.0.0.1 (for the embedded default and tests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8025)
        parser.add_argument("--echo", action="store_true", help="print every message accepted")

    def handle(self, *args: Any, **options: Any) -> None:
        provider = FakeSmsProvider(
            auth_token=settings.TWILIO_AUTH_TOKEN, port=options["port"], echo=options["echo"]
        )
        self.stdout.write(f"Fake SMS provider on {provider.url} (Ctrl-C to stop)")
        provider.start()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            provider.stop()
