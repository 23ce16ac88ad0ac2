"""Run the stub government entities on loopback until interrupted."""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from integrations.stubs.server import StubEntities


class Command(BaseCommand):
    help = (
        "Serve the stub commerce registry, social insurance, wage protection, passport "
        "directorate, health ministry and chamber of commerce (change feeds), and the civil "
        "registry (lookups by civil or resident number) on 127.0.0.1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8030)
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument(
            "--scale", type=int, default=3000, help="social-insurance records (others follow)"
        )
        parser.add_argument(
            "--tick-every",
            type=float,
            default=0.0,
            help="seconds between automatic changes of 1%% of every entity's records (0: never)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stub = StubEntities(seed=options["seed"], scale=options["scale"], port=options["port"])
        self.stdout.write(f"Stub entities on {stub.url} (Ctrl-C to stop)", ending="\n")
        self.stdout.flush()
        stub.start()
        stop = threading.Event()
        try:
            while not stop.wait(options["tick_every"] or 3600):
                if options["tick_every"]:
                    stub.tick({"fraction": 0.01})
        except KeyboardInterrupt:
            stub.stop()
