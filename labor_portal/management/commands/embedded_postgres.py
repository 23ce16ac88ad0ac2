"""Start, stop or locate the embedded PostgreSQL of the default (no DATABASE_URL) setup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from labor_portal.env import env


class Command(BaseCommand):
    help = "Manage the embedded PostgreSQL server (status | stop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "stop"])

    def handle(self, *args: Any, **options: Any) -> None:
        if env.str("DATABASE_URL", default=""):
            raise CommandError("DATABASE_URL is set: the embedded server is not in use.")
        from labor_portal.embedded_postgres import stop

        data_dir = Path(
            env.str("EMBEDDED_PG_DATA", default=str(settings.BASE_DIR / ".data" / "postgres"))
        )
        if options["action"] == "status":
            db = settings.DATABASES["default"]
            self.stdout.write(
                f"running: data {data_dir}, socket {db['HOST']}, database {db['NAME']}"
            )
        else:
            stopped = stop(data_dir)
            self.stdout.write("stopped" if stopped else "not running")
