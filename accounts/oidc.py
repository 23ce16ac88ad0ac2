"""The portal as a relying party of the national identity provider (OpenID Connect, FAPI 2.0
style): pushed authorization request (RFC 9126), PKCE S256, `state` and `nonce`, client
authentication by `private_key_jwt` (ES256), ID tokens signed ES256 and optionally encrypted to
the portal (ECDH-ES+A256KW / A256GCM).

Authlib's requests client makes the authenticated calls (PAR, token) and the PKCE challenge;
joserfc decrypts and verifies the ID token. Nothing here parses or checks a JWT by hand.

The provider's discovery document and JWKS are cached (Django's cache); an ID token signed with
a key id the cached JWKS does not hold fetches the JWKS again once (key rotation), no more often
than IDENTITY_JWKS_MIN_REFRESH_SECONDS. A flow is single use: `begin` returns the state to keep
in the session, `complete` takes it back and refuses anything that does not match it.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from joserfc import jwe, jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet
from joserfc.jwt import JWTClaimsRegistry

from core.exceptions import ApplicationError

logger = logging.getLogger(__name__)

_METADATA_KEY = "identity:provider-metadata"
_JWKS_KEY = "identity:provider-jwks"
_JWKS_FETCHED_KEY = "identity:provider-jwks-fetched"
_NONCE_SEEN_PREFIX = "identity:nonce-seen:"
_ID_TOKEN_ALGS = ["ES256"]
_JWE_ALGS = ["ECDH-ES+A256KW", "A256GCM"]


class IdentityProviderError(ApplicationError):
    """The sign-in through the identity provider failed; `reason` is a short code for the audit
    trail (the message, translated, is what the person sees). Nothing was signed in."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message, extra={"reason": reason})
        self.reason = reason


def _unavailable(reason: str = "provider_unavailable") -> IdentityProviderError:
    return IdentityProviderError(
        _(
            "The national digital identity service cannot be reached just now. Try again in a "
            "few minutes, or use another way to sign in."
        ),
        reason=reason,
    )


def _refused(reason: str) -> IdentityProviderError:
    return IdentityProviderError(
        _(
            "The national digital identity sign-in could not be confirmed, so you are not signed "
            "in. Start again from the sign-in page."
        ),
        reason=reason,
    )


# --- the portal's own keys ---------------------------------------------------------------------


def _dev_key_path(name: str) -> Path:
    return Path(settings.BASE_DIR) / ".data" / "identity" / f"{name}.json"


def _load_or_make_key(setting: str, name: str, *, use: str, alg: str) -> ECKey:
    """The portal's private key from `setting` (a JWK in JSON), or on a development machine a
    key made once and kept under .data/identity/ (production settings refuse to start without
    the setting)."""
    configured = getattr(settings, setting, "")
    if configured:
        return ECKey.import_key(json.loads(configured))
    path = _dev_key_path(name)
    if path.exists():
        return ECKey.import_key(json.loads(path.read_text()))
    key = ECKey.generate_key(
        "P-256", parameters={"use": use, "alg": alg, "kid": f"{name}-{secrets.token_hex(4)}"}
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(key.as_dict(private=True)))
    path.chmod(0o600)
    return key


_keys: dict[str, ECKey] = {}


def client_signing_key() -> ECKey:
    if "sig" not in _keys:
        _keys["sig"] = _load_or_make_key(
            "IDENTITY_CLIENT_PRIVATE_JWK", "client-signing", use="sig", alg="ES256"
        )
    return _keys["sig"]


def client_encryption_key() -> ECKey:
    if "enc" not in _keys:
        _keys["enc"] = _load_or_make_key(
            "IDENTITY_CLIENT_ENCRYPTION_JWK", "client-encryption", use="enc", alg="ECDH-ES+A256KW"
        )
    return _keys["enc"]


def client_public_jwks() -> dict[str, Any]:
    """The public halves of the portal's keys, published at /.well-known/jwks.json."""
    return {
        "keys": [
            client_signing_key().as_dict(private=False),
            client_encryption_key().as_dict(private=False),
        ]
    }


def reset_key_cache() -> None:
    """Forget loaded keys and the provider's cached metadata (tests, key changes)."""
    _keys.clear()
    cache.delete_many([_METADATA_KEY, _JWKS_KEY, _JWKS_FETCHED_KEY])


# --- the provider --------------------------------------------------------------------------


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=settings.IDENTITY_PROVIDER_TIMEOUT)
    except requests.RequestException:
        raise _unavailable() from None
    if response.status_code != 200:
        raise _unavailable()
    try:
        data = response.json()
    except ValueError:
        raise _unavailable("provider_bad_answer") from None
    if not isinstance(data, dict):
        raise _unavailable("provider_bad_answer")
    return data


def provider_metadata() -> dict[str, Any]:
    """The provider's discovery document (cached)."""
    cached = cache.get(_METADATA_KEY)
    if cached is not None:
        return dict(cached)
    issuer = settings.IDENTITY_PROVIDER_ISSUER.rstrip("/")
    data = _get_json(f"{issuer}/.well-known/openid-configuration")
    if data.get("issuer") != issuer:
        raise _refused("metadata_issuer_mismatch")
    for name in (
        "authorization_endpoint",
        "token_endpoint",
        "pushed_authorization_request_endpoint",
        "jwks_uri",
    ):
        if not isinstance(data.get(name), str):
            raise _unavailable("provider_bad_answer")
    cache.set(_METADATA_KEY, data, settings.IDENTITY_METADATA_CACHE_SECONDS)
    return data


def _provider_jwks(*, refresh: bool = False) -> KeySet:
    data = None if refresh else cache.get(_JWKS_KEY)
    if data is None:
        data = _get_json(provider_metadata()["jwks_uri"])
        cache.set(_JWKS_KEY, data, settings.IDENTITY_METADATA_CACHE_SECONDS)
        cache.set(_JWKS_FETCHED_KEY, time.time(), settings.IDENTITY_METADATA_CACHE_SECONDS)
    try:
        return KeySet.import_key_set(data)  # type: ignore[arg-type]
    except (JoseError, ValueError, KeyError, TypeError):
        raise _unavailable("provider_bad_jwks") from None


def _signing_key_for(kid: str | None) -> KeySet:
    """The provider's JWKS holding `kid`: fetched again once when the cached one lacks it."""
    keys = _provider_jwks()
    if kid and any(key.kid == kid for key in keys.keys):
        return keys
    fetched = cache.get(_JWKS_FETCHED_KEY) or 0
    if time.time() - float(fetched) >= settings.IDENTITY_JWKS_MIN_REFRESH_SECONDS:
        keys = _provider_jwks(refresh=True)
        if kid and any(key.kid == kid for key in keys.keys):
            return keys
    raise _refused("unknown_key_id")


class _AssertionAuth(PrivateKeyJWT):
    """private_key_jwt with a short-lived assertion addressed to the issuer (FAPI 2.0), a new
    jti each time (Authlib keeps `claims` between calls, so they are made per call)."""

    name = "private_key_jwt"
    alg = "ES256"

    def sign(self, auth: Any, token_endpoint: str) -> str:
        from authlib.oauth2.rfc7523.assertion import private_key_jwt_sign

        now = int(time.time())
        return str(
            private_key_jwt_sign(
                client_signing_key(),
                client_id=auth.client_id,
                token_endpoint=settings.IDENTITY_PROVIDER_ISSUER.rstrip("/"),
                claims={"iat": now, "exp": now + 60, "jti": generate_token(36)},
                header={"kid": client_signing_key().kid, "typ": "JWT"},
                alg=self.alg,
            )
        )


def _session() -> OAuth2Session:
    session = OAuth2Session(
        settings.IDENTITY_CLIENT_ID,
        client_secret=client_signing_key(),
        token_endpoint_auth_method=_AssertionAuth(),
        code_challenge_method="S256",
    )
    session.default_timeout = settings.IDENTITY_PROVIDER_TIMEOUT
    return session


# --- the flow ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flow:
    """What the portal keeps in the session between the redirect and the callback."""

    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str
    started_at: float
    purpose: str = "sign_in"
    next_url: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def as_session(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "nonce": self.nonce,
            "code_verifier": self.code_verifier,
            "redirect_uri": self.redirect_uri,
            "started_at": self.started_at,
            "purpose": self.purpose,
            "next_url": self.next_url,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_session(cls, data: Any) -> Flow | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                state=str(data["state"]),
                nonce=str(data["nonce"]),
                code_verifier=str(data["code_verifier"]),
                redirect_uri=str(data["redirect_uri"]),
                started_at=float(data["started_at"]),
                purpose=str(data.get("purpose", "sign_in")),
                next_url=str(data.get("next_url", "")),
                extra=dict(data.get("extra") or {}),
            )
        except (KeyError, TypeError, ValueError):
            return None


@dataclass(frozen=True)
class IdentityClaims:
    """Who the provider says signed in."""

    subject: str
    civil_id: str
    name_ar: str
    name_en: str
    nationality: str
    birthdate: str
    phone_number: str
    resident: bool
    amr: tuple[str, ...]
    auth_time: int | None


def begin(
    *,
    redirect_uri: str,
    purpose: str = "sign_in",
    next_url: str = "",
    login_hint: str = "",
    force_login: bool = False,
    extra: dict[str, str] | None = None,
) -> tuple[str, Flow]:
    """Push the authorization request and return (where to send the browser, the flow to keep).

    `force_login` asks the provider for a fresh authentication (prompt=login, max_age=0), as a
    step-up needs. Raises IdentityProviderError when the provider cannot take the request.
    """
    metadata = provider_metadata()
    flow = Flow(
        state=generate_token(43),
        nonce=generate_token(43),
        code_verifier=generate_token(64),
        redirect_uri=redirect_uri,
        started_at=time.time(),
        purpose=purpose,
        next_url=next_url,
        extra=extra or {},
    )
    body: dict[str, str] = {
        "client_id": settings.IDENTITY_CLIENT_ID,
        "response_type": "code",
        "redirect_uri": redirect_uri,
        "scope": "openid",
        "state": flow.state,
        "nonce": flow.nonce,
        "code_challenge": create_s256_code_challenge(flow.code_verifier),
        "code_challenge_method": "S256",
    }
    if login_hint:
        body["login_hint"] = login_hint
    if force_login:
        body["prompt"] = "login"
        body["max_age"] = "0"
    session = _session()
    try:
        response = session.post(
            metadata["pushed_authorization_request_endpoint"],
            data=body,
            withhold_token=True,
            auth=session.client_auth(session.token_endpoint_auth_method),
        )
    except requests.RequestException:
        raise _unavailable() from None
    if response.status_code >= 500:
        raise _unavailable()
    try:
        answer = response.json()
    except ValueError:
        raise _unavailable("provider_bad_answer") from None
    request_uri = answer.get("request_uri") if isinstance(answer, dict) else None
    if response.status_code not in (200, 201) or not isinstance(request_uri, str):
        logger.warning("identity provider refused the pushed request: %s", answer)
        raise _refused("par_refused")
    query = urlencode({"client_id": settings.IDENTITY_CLIENT_ID, "request_uri": request_uri})
    return f"{metadata['authorization_endpoint']}?{query}", flow


def _nonce_first_use(nonce: str) -> bool:
    """True the first time a nonce is seen in an ID token (kept for the token's lifetime)."""
    return bool(cache.add(f"{_NONCE_SEEN_PREFIX}{nonce}", 1, timeout=3600))


def _decode_id_token(id_token: str, *, flow: Flow) -> IdentityClaims:
    issuer = settings.IDENTITY_PROVIDER_ISSUER.rstrip("/")
    if id_token.count(".") == 4:  # a JWE: encrypted to the portal
        try:
            decrypted = jwe.decrypt_compact(id_token, client_encryption_key(), algorithms=_JWE_ALGS)
        except (JoseError, ValueError):
            raise _refused("id_token_not_decrypted") from None
        if decrypted.plaintext is None:
            raise _refused("id_token_not_decrypted")
        id_token = decrypted.plaintext.decode()

    def signing_key(obj: Any) -> Any:
        header = obj.headers()
        if header.get("alg") not in _ID_TOKEN_ALGS:
            raise _refused("id_token_bad_algorithm")
        kid = header.get("kid")
        return _signing_key_for(kid).get_by_kid(kid)

    try:
        token = jwt.decode(id_token, signing_key, algorithms=_ID_TOKEN_ALGS)
    except (JoseError, ValueError):
        raise _refused("id_token_bad_signature") from None
    registry = JWTClaimsRegistry(
        leeway=settings.IDENTITY_CLOCK_SKEW_SECONDS,
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": settings.IDENTITY_CLIENT_ID},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": flow.nonce},
    )
    try:
        registry.validate(token.claims)
    except JoseError as error:
        reason = (
            "id_token_expired"
            if error.error == "expired_token"
            else {
                "iss": "id_token_wrong_issuer",
                "aud": "id_token_wrong_audience",
                "exp": "id_token_expired",
                "nonce": "id_token_wrong_nonce",
            }.get(getattr(error, "claim", ""), f"id_token_invalid_claims:{error.error}")
        )
        raise _refused(reason) from None
    claims = token.claims
    azp = claims.get("azp")
    if azp is not None and azp != settings.IDENTITY_CLIENT_ID:
        raise _refused("id_token_wrong_audience")
    if not _nonce_first_use(flow.nonce):
        raise _refused("id_token_replayed_nonce")
    civil_id = str(claims.get("civil_number") or "")
    if not civil_id.isdigit():
        raise _refused("id_token_no_civil_number")
    amr = claims.get("amr") or []
    return IdentityClaims(
        subject=str(claims["sub"]),
        civil_id=civil_id,
        name_ar=str(claims.get("name_ar") or ""),
        name_en=str(claims.get("name_en") or ""),
        nationality=str(claims.get("nationality") or ""),
        birthdate=str(claims.get("birthdate") or ""),
        phone_number=str(claims.get("phone_number") or ""),
        resident=bool(claims.get("resident")),
        amr=tuple(str(a) for a in amr) if isinstance(amr, list) else (),
        auth_time=int(claims["auth_time"]) if isinstance(claims.get("auth_time"), int) else None,
    )


def complete(*, flow: Flow | None, params: dict[str, str]) -> IdentityClaims:
    """Finish a sign-in from the provider's redirect `params` against the kept `flow`.

    Refuses (IdentityProviderError, nothing signed in): no flow or a flow too old; a `state`
    that is not the flow's; an `iss` that is not the provider's; an error from the provider; a
    code the token endpoint refuses; an ID token that is not signed by the provider's published
    key, is for another audience or issuer, has expired, or carries another or a used nonce.
    """
    if flow is None or time.time() - flow.started_at > settings.IDENTITY_FLOW_MAX_SECONDS:
        raise _refused("no_flow")
    if not secrets.compare_digest(params.get("state", ""), flow.state):
        raise _refused("state_mismatch")
    issuer = settings.IDENTITY_PROVIDER_ISSUER.rstrip("/")
    if params.get("iss") and params["iss"] != issuer:
        raise _refused("response_wrong_issuer")
    if params.get("error"):
        if params["error"] == "access_denied":
            raise IdentityProviderError(
                _("You cancelled the sign-in at the national digital identity service."),
                reason="cancelled",
            )
        raise _refused(f"provider_error:{params['error'][:40]}")
    code = params.get("code", "")
    if not code:
        raise _refused("no_code")
    metadata = provider_metadata()
    session = _session()
    try:
        token = session.fetch_token(
            metadata["token_endpoint"],
            grant_type="authorization_code",
            code=code,
            redirect_uri=flow.redirect_uri,
            code_verifier=flow.code_verifier,
        )
    except requests.RequestException:
        raise _unavailable() from None
    except Exception as error:  # Authlib's OAuthError and friends: the provider said no
        if "503" in str(error) or "502" in str(error) or "500" in str(error):
            raise _unavailable() from None
        logger.warning("identity provider refused the code: %s", error)
        raise _refused("token_refused") from None
    id_token = token.get("id_token") if isinstance(token, dict) else None
    if not isinstance(id_token, str):
        raise _refused("no_id_token")
    return _decode_id_token(id_token, flow=flow)
