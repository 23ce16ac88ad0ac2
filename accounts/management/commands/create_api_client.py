"""`manage.py create_api_client --name NAME --scopes SCOPE[,SCOPE]`: prints a new key once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.api_keys import SCOPES, ApiKeyError, api_client_create


class Command(BaseCommand):
    help = "Create an API client for another government system and print its key (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="Name of the calling system.")
        parser.add_argument(
            "--scopes",
            required=True,
            help=f"Comma-separated scopes. Known: {', '.join(sorted(SCOPES))}.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        try:
            issued = api_client_create(name=options["name"], scopes=scopes)
        except ApiKeyError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            f"API client {issued.client.name!r} created with scopes "
            f"{', '.join(issued.client.scopes)}. Store the key now: it is not shown again."
        )
        self.stdout.write(issued.key)
