"""A stub national identity provider on loopback: OpenID Connect in a FAPI 2.0 style.

It speaks the protocol the portal's relying party (accounts/oidc.py) speaks to the real one:

    GET  /.well-known/openid-configuration   the discovery document
    GET  /jwks                                the public ES256 signing keys (each with its kid)
    POST /par                                 pushed authorization request (RFC 9126); the
                                              client authenticates by private_key_jwt (ES256)
    GET  /authorize?client_id=..&request_uri=..   only pushed requests; the request_uri is
                                              single use. A page (Arabic and English) to pick
                                              a demo person or type a civil or resident
                                              number; POST /authorize signs in or cancels.
    POST /token                               authorization code + PKCE (S256) +
                                              private_key_jwt; answers an ES256 ID token,
                                              encrypted (ECDH-ES+A256KW, A256GCM) to the
                                              client's "enc" key when it was registered so.

Stub convenience (not in the real provider): when the pushed request carries a `login_hint`
naming a person `person_for()` knows, GET /authorize redirects back at once, signed in as that
person, without showing the page. Tests, benchmarks and step-up use it. Every sign-in is a
fresh one (auth_time is its moment), so `prompt=login` and any `max_age` are always met.

Control endpoints (JSON bodies), for tests, benchmarks and demonstrations:
    POST /_clients  {"client_id", "jwks" | "jwks_uri", "redirect_uris", "encrypt_id_token"}
    POST /_control  {"mode": "down", "count": n}     every endpoint answers 503 (n requests;
                                                     until reset without count)
                    {"delay": s}                     every endpoint sleeps s (0 clears)
                    {"mode": m, "count": n}          the next n token responses misbehave, m one
                    of bad_signature, wrong_audience, wrong_issuer, expired, replay_nonce,
                    unknown_kid, no_nonce
    POST /_rotate   {"keep_old": bool}               a new signing key; the old one stays
                                                     published unless keep_old is false
    POST /_reset    faults, codes, pushed requests and the request log cleared (keys, clients
                    and the client assertion ids already seen are kept)
    GET  /_requests the protocol requests served, each {endpoint, outcome}

Run it alone: `manage.py run_stub_idp --port 8040`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import secrets
import threading
import time
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from joserfc import jwe, jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

from core.fakes import LoopbackServer
from integrations.stubs.people import DEMO_PEOPLE, Person, person_for

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:"
ACR = "urn:om:gov:loa:high"
REQUEST_URI_SECONDS = 60
CODE_SECONDS = 60
PAGE_SECONDS = 600
ID_TOKEN_SECONDS = 600
ACCESS_TOKEN_SECONDS = 600
ASSERTION_MAX_SECONDS = 300
CLOCK_SKEW_SECONDS = 10
CLIENT_JWKS_REFETCH_SECONDS = 1.0
TOKEN_FAULTS = frozenset(
    [
        "bad_signature",
        "wrong_audience",
        "wrong_issuer",
        "expired",
        "replay_nonce",
        "unknown_kid",
        "no_nonce",
    ]
)
CLAIMS = [
    "sub",
    "civil_number",
    "name_ar",
    "name_en",
    "nationality",
    "birthdate",
    "phone_number",
    "resident",
    "amr",
    "acr",
    "auth_time",
    "nonce",
]
CODE_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")


class OAuthError(Exception):
    """An error answer of the OAuth kind: `{"error": .., "error_description": ..}`."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description


_sleep = time.sleep  # tests record the delays instead


def _new_signing_key() -> ECKey:
    return ECKey.generate_key("P-256", parameters={"use": "sig", "alg": "ES256"}, auto_kid=True)


def _now() -> int:
    return int(time.time())


@dataclass
class Client:
    client_id: str
    redirect_uris: list[str]
    jwks: dict[str, Any] | None = None
    jwks_uri: str | None = None
    encrypt_id_token: bool = False
    fetched: dict[str, Any] | None = None  # the JWKS last fetched from jwks_uri
    fetched_at: float = 0.0


@dataclass
class Faults:
    down: int | None = None  # requests still to refuse; -1: until reset
    delay: float = 0.0
    token: deque[dict[str, Any]] = field(default_factory=deque)

    def next_token_fault(self) -> str | None:
        while self.token:
            fault = self.token[0]
            if fault["count"] <= 0:
                self.token.popleft()
                continue
            fault["count"] -= 1
            return str(fault["mode"])
        return None


class StubIdentityProvider(LoopbackServer):
    """The server; `start()` runs it in a thread, `url` is its issuer."""

    def __init__(
        self,
        *,
        port: int = 0,
        clients: Iterable[Mapping[str, Any]] | Mapping[str, Mapping[str, Any]] | None = None,
        echo: bool = False,
    ) -> None:
        self.echo = echo
        self.lock = threading.Lock()
        self.keys: list[ECKey] = [_new_signing_key()]
        self.clients: dict[str, Client] = {}
        self.faults = Faults()
        self.requests: deque[dict[str, Any]] = deque(maxlen=10_000)
        self.pushed: dict[str, dict[str, Any]] = {}  # request_uri -> the pushed request
        self.pages: dict[str, dict[str, Any]] = {}  # sign-in page id -> the pushed request
        self.codes: dict[str, dict[str, Any]] = {}
        self.seen_jti: dict[str, int] = {}  # jti -> when it may be forgotten
        self.last_nonce: str | None = None
        self.serve(_make_handler(self), port)
        if isinstance(clients, Mapping):
            clients = [{"client_id": cid, **options} for cid, options in clients.items()]
        for options in clients or ():
            self.register_client(**options)

    # -- control -------------------------------------------------------------------------------

    def register_client(
        self,
        client_id: str,
        *,
        jwks: dict[str, Any] | None = None,
        jwks_uri: str | None = None,
        redirect_uris: Iterable[str] = (),
        encrypt_id_token: bool = False,
    ) -> None:
        """Register (or replace) a client; its keys are inline (`jwks`) or at `jwks_uri`."""
        if not client_id or not (jwks or jwks_uri):
            raise ValueError("a client needs a client_id and jwks or jwks_uri")
        client = Client(
            client_id=client_id,
            redirect_uris=list(redirect_uris),
            jwks=dict(jwks) if jwks else None,
            jwks_uri=jwks_uri,
            encrypt_id_token=bool(encrypt_id_token),
        )
        with self.lock:
            self.clients[client_id] = client

    def control(self, config: dict[str, Any]) -> None:
        with self.lock:
            if "delay" in config:
                self.faults.delay = float(config["delay"] or 0)
            mode = config.get("mode")
            if mode == "down":
                count = int(config.get("count", -1))
                self.faults.down = count if count != 0 else None
            elif mode in TOKEN_FAULTS:
                self.faults.token.append({"mode": mode, "count": int(config.get("count", 1))})
            elif mode is not None:
                raise ValueError(f"unknown mode {mode!r}")

    def rotate_keys(self, *, keep_old: bool = True) -> str:
        """A new signing key signs from now on; returns its kid."""
        key = _new_signing_key()
        with self.lock:
            self.keys = [*self.keys, key] if keep_old else [key]
        return str(key.kid)

    def reset(self) -> None:
        with self.lock:
            self.faults = Faults()
            self.pushed.clear()
            self.pages.clear()
            self.codes.clear()
            self.requests.clear()
            self.last_nonce = None

    # -- documents -----------------------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        issuer = self.url
        return {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token",
            "pushed_authorization_request_endpoint": f"{issuer}/par",
            "jwks_uri": f"{issuer}/jwks",
            "require_pushed_authorization_requests": True,
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ["ES256"],
            "id_token_signing_alg_values_supported": ["ES256"],
            "id_token_encryption_alg_values_supported": ["ECDH-ES+A256KW"],
            "id_token_encryption_enc_values_supported": ["A256GCM"],
            "scopes_supported": ["openid"],
            "subject_types_supported": ["public"],
            "claims_supported": CLAIMS,
            "authorization_response_iss_parameter_supported": True,
        }

    def jwks(self) -> dict[str, Any]:
        with self.lock:
            return {"keys": [key.as_dict(private=False) for key in self.keys]}

    # -- client authentication -----------------------------------------------------------------

    def _client_keys(self, client: Client, *, refetch: bool) -> dict[str, Any]:
        if client.jwks is not None:
            return client.jwks
        if client.fetched is not None and not refetch:
            return client.fetched
        if client.fetched is not None and time.monotonic() - client.fetched_at < (
            CLIENT_JWKS_REFETCH_SECONDS
        ):
            return client.fetched
        try:
            with urllib.request.urlopen(client.jwks_uri or "", timeout=5) as answer:  # noqa: S310 (the client's registered URL)  # nosec B310
                fetched = dict(json.loads(answer.read()))
        except (OSError, ValueError) as error:
            raise OAuthError(401, "invalid_client", "the client's JWKS could not be fetched") from (
                error
            )
        client.fetched, client.fetched_at = fetched, time.monotonic()
        return fetched

    def _assertion_key(self, client: Client, kid: str | None) -> ECKey:
        for refetch in (False, True):
            keys = [
                k
                for k in self._client_keys(client, refetch=refetch).get("keys", [])
                if k.get("use", "sig") == "sig" and k.get("kty") == "EC"
            ]
            if kid:
                keys = [k for k in keys if k.get("kid") == kid]
            if len(keys) == 1:  # without a kid, only a client with one signing key
                return ECKey.import_key(keys[0])
        raise OAuthError(401, "invalid_client", "no key of the client matches the assertion")

    def authenticate(self, form: dict[str, str], endpoint: str) -> Client:
        """The client that signed the request's private_key_jwt assertion (RFC 7523)."""
        if form.get("client_assertion_type") != ASSERTION_TYPE or not form.get("client_assertion"):
            raise OAuthError(401, "invalid_client", "private_key_jwt client authentication needed")
        assertion = form["client_assertion"]
        try:
            unverified = jws.extract_compact(assertion.encode())  # read only to find the key
            claims = json.loads(unverified.payload)
            if not isinstance(claims, dict):
                raise ValueError("the claims are not an object")
        except (JoseError, ValueError) as error:
            raise OAuthError(401, "invalid_client", "the client assertion is not a JWT") from error
        client_id = form.get("client_id") or str(claims.get("iss", ""))
        client = self.clients.get(client_id)
        if client is None:
            raise OAuthError(401, "invalid_client", "unknown client")
        key = self._assertion_key(client, unverified.headers().get("kid"))
        try:
            token = jwt.decode(assertion, key, algorithms=["ES256"])
            jwt.JWTClaimsRegistry(
                leeway=CLOCK_SKEW_SECONDS,
                iss={"essential": True, "value": client_id},
                sub={"essential": True, "value": client_id},
                aud={"essential": True, "values": [self.url, f"{self.url}{endpoint}"]},
                exp={"essential": True},
                jti={"essential": True},
            ).validate(token.claims)
        except JoseError as error:
            raise OAuthError(401, "invalid_client", f"client assertion refused: {error}") from error
        now = _now()
        if int(token.claims["exp"]) > now + ASSERTION_MAX_SECONDS + CLOCK_SKEW_SECONDS:
            raise OAuthError(401, "invalid_client", "the client assertion lives too long")
        jti = str(token.claims["jti"])
        with self.lock:
            self.seen_jti = {j: until for j, until in self.seen_jti.items() if until > now}
            if jti in self.seen_jti:
                raise OAuthError(401, "invalid_client", "the client assertion was used before")
            self.seen_jti[jti] = int(token.claims["exp"]) + CLOCK_SKEW_SECONDS
        return client

    # -- the protocol --------------------------------------------------------------------------

    def push(self, form: dict[str, str]) -> dict[str, Any]:
        """A pushed authorization request: its request_uri."""
        client = self.authenticate(form, "/par")
        if "request_uri" in form or "request" in form:
            raise OAuthError(400, "invalid_request", "request_uri and request are not pushed")
        if form.get("response_type") != "code":
            raise OAuthError(400, "unsupported_response_type", "response_type must be code")
        if form.get("redirect_uri") not in client.redirect_uris:
            raise OAuthError(400, "invalid_request", "redirect_uri is not registered")
        if "openid" not in form.get("scope", "").split():
            raise OAuthError(400, "invalid_scope", "scope must contain openid")
        for name in ("state", "nonce", "code_challenge"):
            if not form.get(name):
                raise OAuthError(400, "invalid_request", f"{name} is required")
        if form.get("code_challenge_method") != "S256":
            raise OAuthError(400, "invalid_request", "code_challenge_method must be S256")
        if form.get("max_age") and not form["max_age"].isdigit():
            raise OAuthError(400, "invalid_request", "max_age must be a whole number")
        request_uri = REQUEST_URI_PREFIX + secrets.token_urlsafe(24)
        pushed: dict[str, Any] = {name: form.get(name, "") for name in _PUSHED_FIELDS}
        pushed["client_id"] = client.client_id
        pushed["expires_at"] = time.monotonic() + REQUEST_URI_SECONDS
        with self.lock:
            self.pushed[request_uri] = pushed
        return {"request_uri": request_uri, "expires_in": REQUEST_URI_SECONDS}

    def begin(self, query: dict[str, str]) -> tuple[str, dict[str, Any]]:
        """GET /authorize: the pushed request it names (used up), and a page id for it."""
        with self.lock:
            pushed = self.pushed.pop(query.get("request_uri", ""), None)
        if pushed is None or pushed["expires_at"] < time.monotonic():
            raise OAuthError(400, "invalid_request_uri", "the request_uri is unknown or used up")
        if query.get("client_id") != pushed["client_id"]:
            raise OAuthError(400, "invalid_request", "client_id does not match the request")
        page = secrets.token_urlsafe(24)
        pushed["expires_at"] = time.monotonic() + PAGE_SECONDS
        with self.lock:
            self.pages[page] = pushed
        return page, pushed

    def page_request(self, page: str) -> dict[str, Any] | None:
        with self.lock:
            pushed = self.pages.get(page)
        return pushed if pushed and pushed["expires_at"] >= time.monotonic() else None

    def finish(self, page: str, person: Person | None) -> str:
        """The redirect back to the client: with a code for `person`, or access_denied."""
        with self.lock:
            pushed = self.pages.pop(page, None)
        if pushed is None:
            raise OAuthError(400, "invalid_request", "this sign-in has ended; start again")
        answer = {"state": pushed["state"], "iss": self.url}
        if person is None:
            answer = {"error": "access_denied", **answer}
        else:
            code = secrets.token_urlsafe(32)
            with self.lock:
                self.codes[code] = {
                    **pushed,
                    "person": person,
                    "auth_time": _now(),
                    "expires_at": time.monotonic() + CODE_SECONDS,
                }
            answer = {"code": code, **answer}
            if self.echo:
                print(  # noqa: T201
                    f"[stub identity provider] {person.civil_id} {person.name_en} "
                    f"({person.name_ar}) signed in to {pushed['client_id']}",
                    flush=True,
                )
        separator = "&" if "?" in pushed["redirect_uri"] else "?"
        return pushed["redirect_uri"] + separator + urllib.parse.urlencode(answer)

    def token(self, form: dict[str, str]) -> dict[str, Any]:
        client = self.authenticate(form, "/token")
        if form.get("grant_type") != "authorization_code":
            raise OAuthError(400, "unsupported_grant_type", "grant_type must be authorization_code")
        with self.lock:
            issued = self.codes.pop(form.get("code", ""), None)  # single use, even when refused
        if issued is None or issued["expires_at"] < time.monotonic():
            raise OAuthError(400, "invalid_grant", "the code is unknown, used or expired")
        if issued["client_id"] != client.client_id:
            raise OAuthError(400, "invalid_grant", "the code was issued to another client")
        if issued["redirect_uri"] != form.get("redirect_uri"):
            raise OAuthError(400, "invalid_grant", "redirect_uri does not match the request")
        verifier = form.get("code_verifier", "")
        if not CODE_VERIFIER.fullmatch(verifier) or not secrets.compare_digest(
            _s256(verifier), issued["code_challenge"]
        ):
            raise OAuthError(400, "invalid_grant", "the code_verifier does not match")
        enc_key = self._encryption_key(client) if client.encrypt_id_token else None
        with self.lock:
            fault = self.faults.next_token_fault()
        id_token = self.id_token(client, issued, fault=fault)
        if enc_key is not None:
            header = {"alg": "ECDH-ES+A256KW", "enc": "A256GCM", "cty": "JWT"}
            if enc_key.kid:
                header["kid"] = enc_key.kid
            id_token = jwe.encrypt_compact(header, id_token, enc_key)
        self.record("/token", fault or "ok")
        return {
            "access_token": secrets.token_urlsafe(32),
            "token_type": "Bearer",
            "expires_in": ACCESS_TOKEN_SECONDS,
            "id_token": id_token,
            "scope": "openid",
        }

    def id_token(self, client: Client, issued: dict[str, Any], *, fault: str | None) -> str:
        """The signed ID token for a code, misbehaving as `fault` says."""
        person: Person = issued["person"]
        now = _now()
        with self.lock:
            key = self.keys[-1]
            nonce = issued["nonce"]
            if fault == "replay_nonce":
                nonce = self.last_nonce or secrets.token_urlsafe(16)
            self.last_nonce = issued["nonce"]
        iat = now - 3600 if fault == "expired" else now
        claims: dict[str, Any] = {
            "iss": "https://impostor.invalid" if fault == "wrong_issuer" else self.url,
            "sub": person.subject,
            "aud": "another-client" if fault == "wrong_audience" else client.client_id,
            "iat": iat,
            "exp": iat + ID_TOKEN_SECONDS,
            "auth_time": issued["auth_time"] if fault != "expired" else iat,
            "nonce": nonce,
            "amr": ["pwd", "otp"],
            "acr": ACR,
            "civil_number": person.civil_id,
            "name_ar": person.name_ar,
            "name_en": person.name_en,
            "nationality": person.nationality,
            "birthdate": person.date_of_birth.isoformat(),
            "phone_number": person.mobile,
            "resident": person.resident,
        }
        if fault == "no_nonce":
            del claims["nonce"]
        kid = key.kid
        if fault in {"bad_signature", "unknown_kid"}:
            key = _new_signing_key()  # never published
            kid = kid if fault == "bad_signature" else key.kid
        return jwt.encode({"alg": "ES256", "kid": kid, "typ": "JWT"}, claims, key)

    def _encryption_key(self, client: Client) -> ECKey:
        for refetch in (False, True):
            for key in self._client_keys(client, refetch=refetch).get("keys", []):
                if key.get("use") == "enc" and key.get("kty") == "EC":
                    return ECKey.import_key(key)
        raise OAuthError(400, "invalid_client", "the client has no EC key with use enc")

    def record(self, endpoint: str, outcome: str) -> None:
        with self.lock:
            self.requests.append({"endpoint": endpoint, "outcome": outcome})

    def before_request(self) -> bool:
        """Sleep as told; False when the provider is down for this request."""
        with self.lock:
            delay = self.faults.delay
            down = self.faults.down
            if down is not None and down > 0:
                self.faults.down = down - 1 or None
        if delay:
            _sleep(delay)
        return down is None


_PUSHED_FIELDS = [
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "login_hint",
    "prompt",
    "max_age",
]


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


_PAGE = """<!doctype html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><title>الهوية الرقمية الوطنية · National digital identity</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }}
.en {{ direction: ltr; text-align: left; color: #444; }}
.error {{ border: 2px solid #b00; padding: .5rem 1rem; color: #b00; }}
button {{ display: block; width: 100%; margin: .25rem 0; padding: .5rem; text-align: start; }}
</style></head>
<body>
<h1>الهوية الرقمية الوطنية (تجريبية)</h1>
<p class="en" lang="en">National digital identity (stub)</p>
<p>تسجيل الدخول إلى <code>{client_id}</code></p>
<p class="en" lang="en">Signing in to <code>{client_id}</code></p>
{error}
<form method="post" action="/authorize">
<input type="hidden" name="page" value="{page}">
<h2>اختر شخصًا تجريبيًا <span class="en" lang="en">· Choose a demo person</span></h2>
{people}
<h2>أو أدخل الرقم المدني أو رقم بطاقة الإقامة
<span class="en" lang="en">· or type a civil or resident card number</span></h2>
<label for="number">الرقم <span lang="en">· Number</span></label>
<input id="number" name="number" inputmode="numeric" autocomplete="off" value="{number}">
<button type="submit" name="action" value="sign_in">تسجيل الدخول · Sign in</button>
<button type="submit" name="action" value="cancel">إلغاء · Cancel</button>
</form>
</body></html>
"""


def _page(*, page: str, client_id: str, number: str = "", error: str = "") -> bytes:
    people = "\n".join(
        f'<button type="submit" name="person" value="{html.escape(p.civil_id)}">'
        f"{html.escape(p.civil_id)} · {html.escape(p.name_ar)} · "
        f'<span lang="en">{html.escape(p.name_en)}</span></button>'
        for p in DEMO_PEOPLE
    )
    return _PAGE.format(
        client_id=html.escape(client_id),
        page=html.escape(page),
        people=people,
        number=html.escape(number),
        error=f'<p class="error" role="alert">{error}</p>' if error else "",
    ).encode()


_UNKNOWN_PERSON = (
    "لا يوجد شخص بهذا الرقم. تحقق من الرقم وأعد المحاولة."
    '<br><span lang="en">No person has this number. Check the number and try again.</span>'
)


def _form(raw: bytes) -> dict[str, str]:
    """A form body; a parameter given twice is refused (RFC 6749 section 3.1)."""
    parsed = urllib.parse.parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
    repeated = sorted(name for name, values in parsed.items() if len(values) > 1)
    if repeated:
        raise OAuthError(400, "invalid_request", f"repeated parameters: {', '.join(repeated)}")
    return {name: values[0] for name, values in parsed.items()}


def _make_handler(idp: StubIdentityProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, body: Any) -> None:
            self._send(status, json.dumps(body).encode(), "application/json")

        def _html(self, status: int, body: bytes) -> None:
            self._send(status, body, "text/html; charset=utf-8")

        def _redirect(self, location: str) -> None:
            self._send(302, b"", "text/plain", Location=location)

        def _raw_body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def do_GET(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            if parsed.path == "/_requests":
                with idp.lock:
                    self._json(200, list(idp.requests))
                return
            routes = {
                "/.well-known/openid-configuration": lambda _q: self._json(200, idp.discovery()),
                "/jwks": lambda _q: self._json(200, idp.jwks()),
                "/authorize": self._authorize_get,
            }
            self._protocol(parsed.path, routes, lambda: dict(urllib.parse.parse_qsl(parsed.query)))

        def do_POST(self) -> None:
            path = urllib.parse.urlsplit(self.path).path
            raw = self._raw_body()
            if path.startswith("/_"):
                self._control(path, raw)
                return
            routes = {"/par": self._par, "/token": self._token, "/authorize": self._authorize_post}
            self._protocol(path, routes, lambda: _form(raw))

        def _protocol(self, path: str, routes: dict[str, Any], read: Any) -> None:
            route = routes.get(path)
            if route is None:
                self._json(404, {"error": "not_found", "error_description": "no such endpoint"})
                return
            if not idp.before_request():
                idp.record(path, "down")
                self._json(503, {"error": "temporarily_unavailable", "error_description": "down"})
                return
            try:
                route(read())
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
            except OAuthError as error:
                idp.record(path, error.error)
                body = {"error": error.error, "error_description": error.description}
                if path == "/authorize":
                    self._html(error.status, _error_page(body))
                else:
                    self._json(error.status, body)
            except Exception as error:  # a stub bug answers 500 instead of dropping the line
                idp.record(path, "server_error")
                self._json(500, {"error": "server_error", "error_description": repr(error)})

        def _par(self, form: dict[str, str]) -> None:
            answer = idp.push(form)
            idp.record("/par", "ok")
            self._json(201, answer)

        def _token(self, form: dict[str, str]) -> None:
            self._json(200, idp.token(form))  # the token outcome is recorded with its fault

        def _authorize_get(self, query: dict[str, str]) -> None:
            page, pushed = idp.begin(query)
            person = person_for(pushed["login_hint"]) if pushed["login_hint"] else None
            if person is not None:  # stub convenience: a known login_hint signs in at once
                idp.record("/authorize", "signed_in")
                self._redirect(idp.finish(page, person))
                return
            idp.record("/authorize", "page")
            self._html(200, _page(page=page, client_id=pushed["client_id"]))

        def _authorize_post(self, form: dict[str, str]) -> None:
            page = form.get("page", "")
            pushed = idp.page_request(page)
            if pushed is None:
                raise OAuthError(400, "invalid_request", "this sign-in has expired; start again")
            if form.get("action") == "cancel":
                idp.record("/authorize", "access_denied")
                self._redirect(idp.finish(page, None))
                return
            number = (form.get("person") or form.get("number") or "").strip()
            person = person_for(number)
            if person is None:
                idp.record("/authorize", "unknown_person")
                body = _page(
                    page=page, client_id=pushed["client_id"], number=number, error=_UNKNOWN_PERSON
                )
                self._html(200, body)
                return
            idp.record("/authorize", "signed_in")
            self._redirect(idp.finish(page, person))

        def _control(self, path: str, raw: bytes) -> None:
            try:
                body = dict(json.loads(raw or b"{}"))
                if path == "/_clients":
                    idp.register_client(**body)
                    self._json(201, {"ok": True})
                elif path == "/_control":
                    idp.control(body)
                    self._json(200, {"ok": True})
                elif path == "/_rotate":
                    kid = idp.rotate_keys(keep_old=bool(body.get("keep_old", True)))
                    self._json(200, {"kid": kid})
                elif path == "/_reset":
                    idp.reset()
                    self._json(200, {"ok": True})
                else:
                    self._json(404, {"error": "not_found"})
            except (ValueError, TypeError) as error:
                self._json(400, {"error": "invalid_request", "error_description": str(error)})

    return Handler


def _error_page(body: dict[str, str]) -> bytes:
    return (
        '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        "<title>خطأ · Error</title></head><body>"
        '<h1>تعذر بدء تسجيل الدخول</h1><p lang="en">The sign-in could not start.</p>'
        f"<p><code>{html.escape(body['error'])}</code>: {html.escape(body['error_description'])}"
        "</p></body></html>"
    ).encode()
