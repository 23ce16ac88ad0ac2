"""The national identity provider and the civil registry as stubs on loopback, and helpers that
walk a browser through a sign-in at the provider."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client
from joserfc.jwk import ECKey

from accounts import oidc
from integrations.stubs.identity_provider import StubIdentityProvider
from integrations.stubs.server import StubEntities

CALLBACKS = [
    "http://testserver/ar/accounts/national-id/callback/",
    "http://testserver/en/accounts/national-id/callback/",
]


@pytest.fixture
def registry(civil_registry) -> StubEntities:
    return civil_registry


def _client_keys(settings) -> None:
    signing = ECKey.generate_key(
        "P-256", parameters={"use": "sig", "alg": "ES256", "kid": "portal-test-sig"}
    )
    encryption = ECKey.generate_key(
        "P-256", parameters={"use": "enc", "alg": "ECDH-ES+A256KW", "kid": "portal-test-enc"}
    )
    settings.IDENTITY_CLIENT_PRIVATE_JWK = json.dumps(signing.as_dict(private=True))
    settings.IDENTITY_CLIENT_ENCRYPTION_JWK = json.dumps(encryption.as_dict(private=True))
    oidc.reset_key_cache()


@pytest.fixture
def idp(settings) -> Iterator[StubIdentityProvider]:
    """The stub national identity provider with the portal registered as its client (the
    portal's public keys inline), ID tokens signed but not encrypted."""
    _client_keys(settings)
    provider = StubIdentityProvider().start()
    provider.register_client(
        settings.IDENTITY_CLIENT_ID,
        jwks=oidc.client_public_jwks(),
        redirect_uris=CALLBACKS,
    )
    settings.IDENTITY_PROVIDER_ISSUER = provider.url
    settings.IDENTITY_PROVIDER_TIMEOUT = 2.0
    settings.IDENTITY_JWKS_MIN_REFRESH_SECONDS = 0
    yield provider
    provider.stop()
    oidc.reset_key_cache()


def provider_sign_in(
    client: Client,
    *,
    person: str,
    start: str = "/ar/accounts/national-id/",
    data: dict[str, str] | None = None,
):
    """Press the portal's button, sign in at the provider's page as `person` (a civil or
    resident number) and follow the provider's redirect back: the portal's last answer."""
    response = client.post(start, data or {})
    assert response.status_code == 302, response.content[:500]
    return provider_finish(client, response["Location"], person=person)


def provider_callback(authorize_url: str, *, person: str = "", cancel: bool = False) -> str:
    """At the provider: sign in as `person` on its page (or cancel there); the portal's
    callback path and query the provider redirects the browser to."""
    page = requests.get(authorize_url, allow_redirects=False, timeout=5)
    if page.status_code == 302:  # a login_hint the provider knows: it signs in at once
        location = page.headers["Location"]
    else:
        assert page.status_code == 200, page.text[:300]
        found = re.search(r'name="page" value="([^"]+)"', page.text)
        assert found is not None, page.text[:500]
        data = {"page": found.group(1)}
        data.update({"action": "cancel"} if cancel else {"person": person})
        answer = requests.post(
            f"{authorize_url.split('/authorize')[0]}/authorize",
            data=data,
            allow_redirects=False,
            timeout=5,
        )
        assert answer.status_code == 302, answer.text[:300]
        location = answer.headers["Location"]
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"


def provider_finish(client: Client, authorize_url: str, *, person: str):
    return client.get(provider_callback(authorize_url, person=person))
