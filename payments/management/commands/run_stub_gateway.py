"""Run the stub payment gateway (Thawani Checkout's API subset) on loopback until interrupted."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from payments.gateway_stub import StubGateway


class Command(BaseCommand):
    help = "Serve the stub payment gateway on 127.0.0.1 (for the embedded default and tests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8050)
        parser.add_argument(
            "--callback-url", default="", help="the portal's callback address (signed POSTs)"
        )
        parser.add_argument("--echo", action="store_true", help="print every payment")

    def handle(self, *args: Any, **options: Any) -> None:
        gateway = StubGateway(
            secret_key=settings.PAYMENT_GATEWAY_SECRET_KEY,
            webhook_secret=settings.PAYMENT_WEBHOOK_SECRET,
            callback_url=options["callback_url"],
            port=options["port"],
            echo=options["echo"],
        )
        self.stdout.write(f"Stub payment gateway on {gateway.url} (Ctrl-C to stop)")
        gateway.start()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            gateway.stop()
