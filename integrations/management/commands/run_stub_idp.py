"""Run the stub national identity provider on loopback until interrupted."""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from integrations.stubs.identity_provider import StubIdentityProvider
from integrations.stubs.people import DEMO_PEOPLE

PORTAL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Serve the stub national identity provider (OpenID Connect: PAR, PKCE, private_key_jwt, "
        "ES256 ID tokens) on 127.0.0.1, with the portal registered as its client. Each sign-in "
        "is printed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8040)
        parser.add_argument("--client-id", default="labor-portal")
        parser.add_argument(
            "--client-jwks-url",
            default=f"{PORTAL}/.well-known/jwks.json",
            help="where the portal publishes its public keys (fetched at the first sign-in)",
        )
        parser.add_argument(
            "--redirect-uri",
            action="extend",
            nargs="+",
            dest="redirect_uris",
            help="a callback URL the portal may ask to return to (repeatable)",
        )
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help="encrypt ID tokens to the portal's key with use enc (ECDH-ES+A256KW, A256GCM)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        redirect_uris = options["redirect_uris"] or [
            f"{PORTAL}/ar/accounts/national-id/callback/",
            f"{PORTAL}/en/accounts/national-id/callback/",
        ]
        provider = StubIdentityProvider(port=options["port"], echo=True)
        provider.register_client(
            options["client_id"],
            jwks_uri=options["client_jwks_url"],
            redirect_uris=redirect_uris,
            encrypt_id_token=options["encrypt"],
        )
        self.stdout.write(f"Stub national identity provider on {provider.url} (Ctrl-C to stop)")
        self.stdout.write(
            f"Client {options['client_id']} (keys at {options['client_jwks_url']}); "
            f"ID tokens {'encrypted' if options['encrypt'] else 'signed, not encrypted'}. "
            f"Demo people: {', '.join(p.civil_id for p in DEMO_PEOPLE)}; any other 8-digit "
            "number not starting with 99 is a person too."
        )
        self.stdout.flush()
        provider.start()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            provider.stop()
