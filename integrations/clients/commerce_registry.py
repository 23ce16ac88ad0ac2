"""Client of the commerce registry: its change feed (establishments, their activity, status,
owners and signatories), and the on-demand lookup of one CR number the feed has not brought yet.

    GET <base>/commerce_registry/establishments/<cr_number>

answers 200 with the registration (a record of the feed's shape) or 404 {"error": "not_found"}.
Everything else raises the typed errors of integrations.clients.base.
"""

from __future__ import annotations

import re
from typing import Any

import requests

from integrations.clients.base import (
    EntityProtocolError,
    EntityRateLimited,
    EntityTimeout,
    EntityUnavailable,
    HttpEntityClient,
    _seconds,
)
from integrations.entities import Entity

CR_NUMBER = re.compile(r"[0-9]{7,10}")
LOOKUP_PATH = "/commerce_registry/establishments/"


class CommerceRegistryClient(HttpEntityClient):
    """The change feed of the commerce registry, and its lookup of one CR number."""

    entity = Entity.COMMERCE_REGISTRY

    def registration(self, cr_number: str) -> dict[str, Any] | None:
        """The registry's record of `cr_number`, or None when it has no such registration.
        Raises EntityUnavailable, EntityTimeout, EntityRateLimited or EntityProtocolError."""
        if not CR_NUMBER.fullmatch(cr_number):
            return None
        url = f"{self.base_url}{LOOKUP_PATH}{cr_number}"
        try:
            response = self.session.get(
                url, headers={"Accept": "application/json"}, timeout=self.timeout
            )
        except requests.exceptions.Timeout as error:
            raise EntityTimeout(self.entity, f"no answer within {self.timeout}s") from error
        except (
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as error:
            raise EntityProtocolError(self.entity, f"the answer was cut off: {error}") from error
        except requests.exceptions.RequestException as error:
            raise EntityUnavailable(self.entity, f"cannot reach {url}: {error}") from error
        if response.status_code == 429:
            raise EntityRateLimited(
                self.entity,
                "429 Too Many Requests",
                retry_after=_seconds(response.headers.get("Retry-After")),
            )
        if response.status_code >= 500:
            raise EntityUnavailable(self.entity, f"HTTP {response.status_code}")
        body = _json(self.entity, response)
        if response.status_code == 404 and body == {"error": "not_found"}:
            return None
        if response.status_code != 200:
            raise EntityProtocolError(self.entity, f"unexpected HTTP {response.status_code}")
        if not isinstance(body, dict) or body.get("cr_number") != cr_number:
            raise EntityProtocolError(self.entity, "the answer is about another registration")
        return body


def _json(entity: str, response: requests.Response) -> Any:
    if not response.headers.get("Content-Type", "").startswith("application/json"):
        raise EntityProtocolError(entity, "the answer is not JSON")
    try:
        return response.json()
    except ValueError as error:
        raise EntityProtocolError(entity, "the answer is not JSON") from error
