"""Client of the civil registry: the person behind a civil or resident number, asked on demand.

The registry is not a change feed (the portal keeps nothing of it in sync, so it is neither in
integrations.entities.SPECS nor in CLIENTS): accounts.registry asks it about one number while
someone waits, `GET <base>/civil_registry/people/<number>`, with explicit timeouts
(INTEGRATIONS_CONNECT_TIMEOUT to connect, the short CIVIL_REGISTRY_READ_TIMEOUT to answer). The
base is INTEGRATIONS_CIVIL_REGISTRY_URL, else INTEGRATIONS_STUB_URL.

200 is the person; 404 `{"error": "not_found"}` says the number belongs to nobody. Everything else
raises the typed errors of integrations.clients.base: EntityUnavailable (refused, reset, 5xx),
EntityTimeout, EntityRateLimited (429) and EntityProtocolError (not JSON, a cut-off body, another
404, an answer about another number, a mobile that is not a phone number). A consent code goes to
the mobile this returns, so an answer that does not hold together is refused, never repaired.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, TypedDict

import requests
import urllib3
from django.conf import settings

from integrations.clients.base import (
    EntityProtocolError,
    EntityRateLimited,
    EntityTimeout,
    EntityUnavailable,
    _seconds,
)

CIVIL_REGISTRY = "civil_registry"
PATH = "/civil_registry/people/"
# A number the registry could hold (the portal's forms take 6 to 12 digits); anything else
# belongs to nobody and is not sent.
NUMBER = re.compile(r"[0-9]{1,20}")
# E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
MOBILE = re.compile(r"\+[1-9][0-9]{6,14}")
NATIONALITY = re.compile(r"[A-Z]{2,3}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
NAME_MAX_LENGTH = 200


class RegistryAnswer(TypedDict):
    """What the registry holds for a number; "" where it holds nothing."""

    civil_id: str
    mobile: str
    name_ar: str
    name_en: str
    nationality: str
    date_of_birth: str  # ISO date, or ""


def civil_registry_person(number: str) -> RegistryAnswer | None:
    """The registry's person for `number`, or None when the number belongs to nobody.

    Raises EntityUnavailable, EntityTimeout, EntityRateLimited or EntityProtocolError (all
    EntityError) when the registry cannot give a usable answer now.
    """
    if not NUMBER.fullmatch(number):
        return None
    base = (settings.INTEGRATIONS_CIVIL_REGISTRY_URL or settings.INTEGRATIONS_STUB_URL).rstrip("/")
    url = f"{base}{PATH}{number}"
    timeout = (settings.INTEGRATIONS_CONNECT_TIMEOUT, settings.CIVIL_REGISTRY_READ_TIMEOUT)
    try:
        response = requests.get(url, headers={"Accept": "application/json"}, timeout=timeout)
    except requests.exceptions.Timeout as error:
        raise EntityTimeout(CIVIL_REGISTRY, f"no answer within {timeout}s") from error
    except (
        requests.exceptions.ChunkedEncodingError,
        requests.exceptions.ContentDecodingError,
    ) as error:
        raise EntityProtocolError(CIVIL_REGISTRY, f"the answer was cut off: {error}") from error
    except requests.exceptions.ConnectionError as error:
        if error.args and isinstance(error.args[0], urllib3.exceptions.ReadTimeoutError):
            raise EntityTimeout(CIVIL_REGISTRY, "the answer stopped arriving") from error
        raise EntityUnavailable(CIVIL_REGISTRY, f"cannot reach {base}: {error}") from error
    except requests.exceptions.RequestException as error:
        raise EntityUnavailable(CIVIL_REGISTRY, f"cannot reach {base}: {error}") from error
    if response.status_code == 429:
        raise EntityRateLimited(
            CIVIL_REGISTRY,
            "429 Too Many Requests",
            retry_after=_seconds(response.headers.get("Retry-After")),
        )
    if response.status_code >= 500:
        raise EntityUnavailable(CIVIL_REGISTRY, f"HTTP {response.status_code}")
    if response.status_code == 404:
        # Only the registry's own "not found" means nobody: a 404 from a wrong address must not
        # read as "this person does not exist" (that would drop their kept record).
        if _json(response) == {"error": "not_found"}:
            return None
        raise EntityProtocolError(CIVIL_REGISTRY, "HTTP 404 without the registry's not_found")
    if response.status_code != 200:
        raise EntityProtocolError(CIVIL_REGISTRY, f"unexpected HTTP {response.status_code}")
    return _answer(number, _json(response))


def _json(response: requests.Response) -> Any:
    content_type = response.headers.get("Content-Type", "")
    if not content_type.startswith("application/json"):
        raise EntityProtocolError(CIVIL_REGISTRY, f"unexpected content type {content_type!r}")
    try:
        return response.json()
    except ValueError as error:
        raise EntityProtocolError(CIVIL_REGISTRY, "the answer is not JSON") from error


def _answer(number: str, body: Any) -> RegistryAnswer:
    """The registry's answer about `number`, checked field by field."""
    if not isinstance(body, dict):
        raise EntityProtocolError(CIVIL_REGISTRY, "the answer is not a person")
    if body.get("civil_id") != number:
        raise EntityProtocolError(CIVIL_REGISTRY, "the answer is about another number")
    mobile = _text(body, "mobile")
    if mobile and not MOBILE.fullmatch(mobile):
        raise EntityProtocolError(CIVIL_REGISTRY, "the mobile is not an E.164 number")
    nationality = _text(body, "nationality")
    if nationality and not NATIONALITY.fullmatch(nationality):
        raise EntityProtocolError(CIVIL_REGISTRY, "the nationality is not a country code")
    return {
        "civil_id": number,
        "mobile": mobile,
        "name_ar": _text(body, "name_ar"),
        "name_en": _text(body, "name_en"),
        "nationality": nationality,
        "date_of_birth": _date(_text(body, "date_of_birth")),
    }


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise EntityProtocolError(CIVIL_REGISTRY, f"{name} is not text")
    if len(value) > NAME_MAX_LENGTH or CONTROL.search(value):
        raise EntityProtocolError(CIVIL_REGISTRY, f"{name} is not valid text")
    return value.strip()


def _date(value: str) -> str:
    if not value:
        return ""
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise EntityProtocolError(CIVIL_REGISTRY, "date_of_birth is not an ISO date") from error


__all__ = ["CIVIL_REGISTRY", "RegistryAnswer", "civil_registry_person"]
