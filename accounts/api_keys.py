"""Scoped API keys for other government systems: issuing them, and checking them on each call.

`Authorization: Api-Key <prefix>.<secret>`. A missing or wrong key is 401; a key without the
scope a view names in `required_scopes` is 403. Every call that reaches a G2G view is audited.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import ApiClient, RefusedAttempt, User
from accounts.services import refused_attempt_count
from core.client_ip import client_ip
from core.ratelimit import minute_add, minute_count, seconds_left_in_minute
from core.services import audit_record

# Every scope a key may carry; a view names the one it needs.
SCOPES: dict[str, str] = {
    "omanization:read": "Omanization compliance of an establishment (tender board)",
    "omanization-plan:read": "Status of an establishment's annual Omanization plan (tender board)",
    "permits:read": "Work permit clearance and validity (passport and residence directorate)",
    "permits:visa-write": "Visa information recorded against a permit (passport directorate)",
    "departures:write": "A foreign worker's departure from Oman (passport directorate)",
    "establishments:read": "Workforce and data-quality figures of an establishment",
    "worker-status:read": "A foreign worker's status code by permit number (other agencies)",
    "revenue:read": "Revenue of fees and fines, collected and outstanding (finance ministry)",
}
_KEY = re.compile(r"^(?P<prefix>[0-9a-f]{12})\.(?P<secret>[A-Za-z0-9_-]{43})$")


class ApiKeyError(ValueError):
    """The request to make a client was refused (unknown scope, name taken)."""


@dataclass(frozen=True)
class IssuedKey:
    client: ApiClient
    key: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_client_create(*, name: str, scopes: list[str], created_by: User | None = None) -> IssuedKey:
    """Create an API client with a new key; the key is returned here and never again.

    Raises ApiKeyError for an unknown scope, no scope, or a name already in use.
    """
    name = name.strip()
    unknown = sorted(set(scopes) - set(SCOPES))
    if not name:
        raise ApiKeyError("the client needs a name")
    if not scopes or unknown:
        raise ApiKeyError(
            f"unknown scope(s): {', '.join(unknown)}; known: {', '.join(sorted(SCOPES))}"
            if unknown
            else "give at least one scope"
        )
    if ApiClient.objects.filter(name=name).exists():
        raise ApiKeyError(f"an API client named {name!r} exists already")
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    username = "api-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] + f"-{prefix[:4]}"
    user = User.objects.create_user(
        username=username, password=None, role=User.Role.API_CLIENT, full_name_en=name
    )
    client = ApiClient.objects.create(
        user=user,
        name=name,
        scopes=sorted(set(scopes)),
        key_prefix=prefix,
        key_hash=_digest(secret),
    )
    audit_record(
        actor=created_by,
        action="accounts.api_client_created",
        obj=client,
        after={"name": name, "scopes": client.scopes},
        actor_label="" if created_by else "manage.py",
    )
    return IssuedKey(client=client, key=f"{prefix}.{secret}")


def api_client_for_key(key: str) -> ApiClient | None:
    """The active client whose key this is, or None (constant-time comparison of the secret)."""
    match = _KEY.match(key.strip())
    if match is None:
        return None
    client = (
        ApiClient.objects.filter(key_prefix=match["prefix"], is_active=True)
        .select_related("user")
        .first()
    )
    if client is None or not client.user.is_active:
        return None
    if not hmac.compare_digest(client.key_hash, _digest(match["secret"])):
        return None
    return client


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request: Request) -> tuple[User, ApiClient] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _sep, key = header.partition(" ")
        if keyword != self.keyword:
            return None
        client = api_client_for_key(key)
        if client is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API key."))
        now = timezone.now()
        if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        return client.user, client

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiKeySchema(OpenApiAuthenticationExtension):
    """Describes the API key to the OpenAPI schema (and the Authorize button of /api/docs/)."""

    target_class = "accounts.api_keys.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Api-Key <prefix>.<secret>, as printed by create_api_client.",
        }


class HasScope(permissions.BasePermission):
    """Allow an API client whose key carries every scope in the view's `required_scopes`."""

    message = _("This API key does not have the scope this endpoint needs.")

    def has_permission(self, request: Request, view: Any) -> bool:
        client = request.auth
        if not isinstance(client, ApiClient):
            return False
        required = set(getattr(view, "required_scopes", ()))
        return bool(required) and required.issubset(client.scopes)


class ReadsApiDocs(permissions.BasePermission):
    """The OpenAPI schema and its docs: an API client with a key, or signed-in ministry staff
    (who have passed their second factor: the staff middleware sees to that)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if isinstance(request.auth, ApiClient):
            return True
        user = request.user
        return bool(user and user.is_authenticated and getattr(user, "is_ministry_staff", False))


class G2GThrottle(throttling.SimpleRateThrottle):
    """Calls per API client per minute (`G2G_RATE`); a runaway integration cannot swamp us."""

    scope = "g2g"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        client = request.auth
        if not isinstance(client, ApiClient):
            return None
        return self.cache_format % {"scope": self.scope, "ident": client.pk}


_KEY_PREFIX = re.compile(r"^Api-Key\s+([0-9a-f]{12})\.")


class G2GAPIView(APIView):
    """Base of every G2G endpoint: API key only, the view's scopes, a per-client rate limit, and
    one audit event per call made with a valid key (who, which endpoint, which object, the
    status answered).

    A call refused for a missing, malformed or unknown key is counted, not audited one by one:
    one more in `RefusedAttempt` for its key prefix, address and minute. An address whose
    refused calls pass `G2G_REFUSED_PER_MINUTE` in a minute gets 429 before its key is even
    checked, so a scan of keys costs it time and costs the portal nothing."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasScope]
    throttle_classes = [G2GThrottle]
    required_scopes: tuple[str, ...] = ()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        address = client_ip(request._request) or "unknown"
        limit = int(getattr(settings, "G2G_REFUSED_PER_MINUTE", 30))
        if limit > 0 and minute_count("g2g-refused", address) >= limit:
            raise exceptions.Throttled(wait=seconds_left_in_minute())
        super().initial(request, *args, **kwargs)

    def audit_object_label(self) -> str:
        return ""

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        # read what authentication found without running it: a call throttled before its key
        # was checked has no client, and must not be authenticated here
        client = request.__dict__.get("_auth")
        if isinstance(client, ApiClient):
            audit_record(
                actor=client.user,
                action="api.g2g_call",
                after={
                    "client": client.name,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "scopes": list(self.required_scopes),
                },
            )
        elif response.status_code in {401, 403}:
            header = request.META.get("HTTP_AUTHORIZATION", "")
            prefix = _KEY_PREFIX.match(header)
            address = client_ip(request._request)
            refused_attempt_count(
                kind=RefusedAttempt.Kind.G2G,
                key=prefix.group(1) if prefix else ("missing" if not header else "invalid"),
                address=address,
            )
            minute_add("g2g-refused", address or "unknown")
        return response
