"""The stub national identity provider, driven over loopback as a relying party drives it:
PAR with private_key_jwt, /authorize, /token with PKCE, and the ID token checked with joserfc
against the provider's published JWKS."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests
from joserfc import jwe, jws, jwt
from joserfc.errors import BadSignatureError, InvalidKeyIdError
from joserfc.jwk import ECKey, KeySet

import integrations.stubs.identity_provider as identity_provider
from integrations.stubs.identity_provider import StubIdentityProvider
from integrations.stubs.people import person_for

CLIENT_ID = "test-portal"
ENCRYPTED_CLIENT_ID = "test-portal-sealed"
REDIRECT_URI = "http://127.0.0.1:9/ar/accounts/national-id/callback/"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass
class Portal:
    """The relying party side: a test-made ES256 client key (and an encryption key)."""

    issuer: str
    client_id: str = CLIENT_ID
    signing_key: ECKey = field(
        default_factory=lambda: ECKey.generate_key("P-256", {"use": "sig"}, auto_kid=True)
    )
    encryption_key: ECKey = field(
        default_factory=lambda: ECKey.generate_key("P-256", {"use": "enc"}, auto_kid=True)
    )
    last_nonce: str = ""

    def public_jwks(self) -> dict[str, Any]:
        return dict(KeySet([self.signing_key, self.encryption_key]).as_dict(private=False))

    def assertion(self, *, key: ECKey | None = None, **claims: Any) -> str:
        now = int(time.time())
        body = {
            "iss": self.client_id,
            "sub": self.client_id,
            "aud": self.issuer,
            "iat": now,
            "exp": now + 60,
            "jti": secrets.token_urlsafe(16),
            **claims,
        }
        body = {name: value for name, value in body.items() if value is not None}
        key = key or self.signing_key
        return jwt.encode({"alg": "ES256", "kid": key.kid}, body, key)

    def client_auth(self, **claims: Any) -> dict[str, str]:
        return {
            "client_id": self.client_id,
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": self.assertion(**claims),
        }

    def par(self, *, verifier: str, login_hint: str | None = "90000001", **fields: Any):
        self.last_nonce = secrets.token_urlsafe(16)
        form = {
            "response_type": "code",
            "redirect_uri": REDIRECT_URI,
            "scope": "openid",
            "state": "state-" + secrets.token_urlsafe(8),
            "nonce": self.last_nonce,
            "code_challenge": _s256(verifier),
            "code_challenge_method": "S256",
            **self.client_auth(),
            **fields,
        }
        if login_hint:
            form["login_hint"] = login_hint
        form = {name: value for name, value in form.items() if value is not None}
        return requests.post(f"{self.issuer}/par", data=form, timeout=5)

    def authorize(self, request_uri: str, **extra: str) -> requests.Response:
        query = {"client_id": self.client_id, "request_uri": request_uri, **extra}
        return requests.get(
            f"{self.issuer}/authorize", params=query, allow_redirects=False, timeout=5
        )

    def token(self, *, code: str, verifier: str, **fields: Any) -> requests.Response:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
            **self.client_auth(),
            **fields,
        }
        return requests.post(f"{self.issuer}/token", data=form, timeout=5)

    def code_for(self, login_hint: str = "90000001") -> tuple[str, str]:
        """A code (and its verifier) for the person named by login_hint."""
        verifier = secrets.token_urlsafe(48)
        pushed = self.par(verifier=verifier, login_hint=login_hint)
        assert pushed.status_code == 201, pushed.text
        answer = _redirect_query(self.authorize(pushed.json()["request_uri"]))
        return answer["code"], verifier

    def sign_in(self, login_hint: str = "90000001") -> dict[str, Any]:
        code, verifier = self.code_for(login_hint)
        answer = self.token(code=code, verifier=verifier)
        assert answer.status_code == 200, answer.text
        return answer.json()


def _redirect_query(response: requests.Response) -> dict[str, str]:
    assert response.status_code == 302, response.text
    location = urllib.parse.urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    return dict(urllib.parse.parse_qsl(location.query))


def _published_keys(issuer: str) -> KeySet:
    return KeySet.import_key_set(requests.get(f"{issuer}/jwks", timeout=5).json())


def _verified_claims(issuer: str, id_token: str) -> dict[str, Any]:
    return jwt.decode(id_token, _published_keys(issuer), algorithms=["ES256"]).claims


@pytest.fixture
def idp() -> Iterator[StubIdentityProvider]:
    provider = StubIdentityProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def portal(idp) -> Portal:
    portal = Portal(issuer=idp.url)
    idp.register_client(CLIENT_ID, jwks=portal.public_jwks(), redirect_uris=[REDIRECT_URI])
    return portal


@pytest.fixture
def sealed_portal(idp) -> Portal:
    portal = Portal(issuer=idp.url, client_id=ENCRYPTED_CLIENT_ID)
    idp.register_client(
        ENCRYPTED_CLIENT_ID,
        jwks=portal.public_jwks(),
        redirect_uris=[REDIRECT_URI],
        encrypt_id_token=True,
    )
    return portal


def test_discovery_names_the_endpoints_and_the_fapi_choices(idp):
    document = requests.get(f"{idp.url}/.well-known/openid-configuration", timeout=5).json()

    assert document["issuer"] == idp.url
    assert document["pushed_authorization_request_endpoint"] == f"{idp.url}/par"
    assert document["authorization_endpoint"] == f"{idp.url}/authorize"
    assert document["token_endpoint"] == f"{idp.url}/token"
    assert document["jwks_uri"] == f"{idp.url}/jwks"
    assert document["require_pushed_authorization_requests"] is True
    assert document["authorization_response_iss_parameter_supported"] is True
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["token_endpoint_auth_methods_supported"] == ["private_key_jwt"]
    assert document["id_token_signing_alg_values_supported"] == ["ES256"]
    assert document["id_token_encryption_alg_values_supported"] == ["ECDH-ES+A256KW"]
    assert document["id_token_encryption_enc_values_supported"] == ["A256GCM"]
    assert {"sub", "civil_number", "name_ar", "phone_number", "nonce"} <= set(
        document["claims_supported"]
    )
    jwks = requests.get(document["jwks_uri"], timeout=5).json()
    assert [(k["kty"], k["crv"], k["use"], k["alg"]) for k in jwks["keys"]] == [
        ("EC", "P-256", "sig", "ES256")
    ]
    assert "d" not in jwks["keys"][0]


@pytest.mark.parametrize("civil_id", ["90000001", "70000001"])
def test_sign_in_with_login_hint_gives_an_id_token_that_verifies_against_jwks(portal, civil_id):
    # given a pushed request naming the person
    verifier = secrets.token_urlsafe(48)
    pushed = portal.par(verifier=verifier, login_hint=civil_id)
    assert pushed.status_code == 201
    assert pushed.json()["request_uri"].startswith("urn:ietf:params:oauth:request_uri:")
    assert pushed.json()["expires_in"] == 60

    # when the browser goes to /authorize and the portal redeems the code
    answer = _redirect_query(portal.authorize(pushed.json()["request_uri"]))
    tokens = portal.token(code=answer["code"], verifier=verifier).json()

    # then the ID token is signed by a published key and says who signed in
    assert answer["iss"] == portal.issuer
    assert answer["state"].startswith("state-")
    assert (tokens["token_type"], tokens["expires_in"], tokens["scope"]) == (
        "Bearer",
        600,
        "openid",
    )
    keys = _published_keys(portal.issuer)
    token = jwt.decode(tokens["id_token"], keys, algorithms=["ES256"])
    assert token.header["typ"] == "JWT"
    assert keys.get_by_kid(token.header["kid"])
    person = person_for(civil_id)
    claims = token.claims
    assert claims["iss"] == portal.issuer
    assert claims["aud"] == CLIENT_ID
    assert claims["sub"] == person.subject
    assert claims["nonce"] == portal.last_nonce
    assert claims["exp"] - claims["iat"] == 600
    assert claims["auth_time"] <= claims["iat"]
    assert claims["amr"] == ["pwd", "otp"]
    assert claims["acr"]
    assert claims["civil_number"] == civil_id
    assert (claims["name_ar"], claims["name_en"]) == (person.name_ar, person.name_en)
    assert claims["nationality"] == person.nationality
    assert claims["birthdate"] == person.date_of_birth.isoformat()
    assert claims["phone_number"] == person.mobile
    assert claims["resident"] is (civil_id == "70000001")


def test_the_page_lists_demo_people_refuses_an_unknown_number_and_signs_in(portal):
    # given a pushed request without a login_hint
    verifier = secrets.token_urlsafe(48)
    pushed = portal.par(verifier=verifier, login_hint=None)
    page = portal.authorize(pushed.json()["request_uri"])
    assert page.status_code == 200
    assert "90000001" in page.text
    assert "مريم البلوشي" in page.text
    assert "Maryam Al Balushi" in page.text
    page_id = page.text.split('name="page" value="')[1].split('"')[0]
    url = f"{portal.issuer}/authorize"

    # when a number nobody holds is typed, the page comes back with an error
    unknown = requests.post(url, data={"page": page_id, "number": "99000000"}, timeout=5)
    assert unknown.status_code == 200
    assert "No person has this number" in unknown.text

    # when a demo person is chosen, the browser goes back with a code for that person
    chosen = requests.post(
        url, data={"page": page_id, "person": "70000002"}, allow_redirects=False, timeout=5
    )
    code = _redirect_query(chosen)["code"]
    claims = _verified_claims(
        portal.issuer, portal.token(code=code, verifier=verifier).json()["id_token"]
    )
    assert claims["civil_number"] == "70000002"


def test_cancel_on_the_page_returns_access_denied(portal):
    pushed = portal.par(verifier=secrets.token_urlsafe(48), login_hint=None)
    page = portal.authorize(pushed.json()["request_uri"])
    page_id = page.text.split('name="page" value="')[1].split('"')[0]

    cancelled = requests.post(
        f"{portal.issuer}/authorize",
        data={"page": page_id, "action": "cancel"},
        allow_redirects=False,
        timeout=5,
    )

    answer = _redirect_query(cancelled)
    assert answer["error"] == "access_denied"
    assert answer["iss"] == portal.issuer
    assert "code" not in answer


def test_authorize_honours_only_the_pushed_request(portal):
    pushed = portal.par(verifier=secrets.token_urlsafe(48))

    answer = portal.authorize(
        pushed.json()["request_uri"], redirect_uri="http://127.0.0.1:9/elsewhere", state="x"
    )

    assert _redirect_query(answer)["state"] != "x"  # and it went to the registered URI
    unpushed = requests.get(
        f"{portal.issuer}/authorize",
        params={"client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI, "response_type": "code"},
        allow_redirects=False,
        timeout=5,
    )
    assert unpushed.status_code == 400


def test_encrypted_id_token_decrypts_with_the_clients_key(sealed_portal):
    tokens = sealed_portal.sign_in("90000003")

    sealed = jwe.decrypt_compact(tokens["id_token"], sealed_portal.encryption_key)
    assert sealed.protected["alg"] == "ECDH-ES+A256KW"
    assert sealed.protected["enc"] == "A256GCM"
    assert sealed.protected["cty"] == "JWT"
    assert sealed.protected["kid"] == sealed_portal.encryption_key.kid
    claims = _verified_claims(sealed_portal.issuer, sealed.plaintext.decode())
    assert (claims["civil_number"], claims["aud"]) == ("90000003", ENCRYPTED_CLIENT_ID)


@pytest.fixture
def jwks_server() -> Iterator[tuple[str, dict[str, Any]]]:
    """A loopback server publishing whatever JWKS the test puts in the dict."""
    published: dict[str, Any] = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            body = json.dumps(published).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json", published
    server.shutdown()
    server.server_close()


def test_a_client_registered_by_jwks_uri_over_http_signs_in(idp, jwks_server, monkeypatch):
    # given a client registered through POST /_clients with its keys at a URL
    jwks_uri, published = jwks_server
    portal = Portal(issuer=idp.url, client_id="remote-portal")
    published.update(portal.public_jwks())
    registered = requests.post(
        f"{idp.url}/_clients",
        json={
            "client_id": "remote-portal",
            "jwks_uri": jwks_uri,
            "redirect_uris": [REDIRECT_URI],
            "encrypt_id_token": True,
        },
        timeout=5,
    )
    assert registered.status_code == 201

    # when it signs in
    tokens = portal.sign_in()

    # then the assertion was checked against the fetched keys and the token sealed to them
    plaintext = jwe.decrypt_compact(tokens["id_token"], portal.encryption_key).plaintext
    assert _verified_claims(idp.url, plaintext.decode())["aud"] == "remote-portal"

    # and a client key added later (rotation on the client side) is fetched again
    portal.signing_key = ECKey.generate_key("P-256", {"use": "sig"}, auto_kid=True)
    published.update(portal.public_jwks())
    monkeypatch.setattr(identity_provider, "CLIENT_JWKS_REFETCH_SECONDS", 0)
    assert portal.par(verifier=secrets.token_urlsafe(48)).status_code == 201


def _par_with_assertion(portal: Portal, assertion: str):
    return portal.par(verifier=secrets.token_urlsafe(48), client_assertion=assertion)


@pytest.mark.parametrize(
    "make_assertion",
    [
        pytest.param(lambda p: "", id="missing"),
        pytest.param(lambda p: "not-a-jwt", id="garbage"),
        pytest.param(
            lambda p: p.assertion(key=ECKey.generate_key("P-256", auto_kid=True)), id="other-key"
        ),
        pytest.param(
            lambda p: p.assertion(
                key=ECKey.import_key(
                    {**ECKey.generate_key("P-256").as_dict(private=True), "kid": p.signing_key.kid}
                )
            ),
            id="forged-with-our-kid",
        ),
        pytest.param(lambda p: p.assertion(aud="http://127.0.0.1:1"), id="wrong-audience"),
        pytest.param(lambda p: p.assertion(iss="someone-else"), id="wrong-issuer"),
        pytest.param(lambda p: p.assertion(sub="someone-else"), id="wrong-subject"),
        pytest.param(lambda p: p.assertion(exp=int(time.time()) - 120), id="expired"),
        pytest.param(lambda p: p.assertion(exp=int(time.time()) + 3600), id="lives-too-long"),
        pytest.param(lambda p: p.assertion(jti=None), id="no-jti"),
    ],
)
def test_par_without_a_valid_client_assertion_is_401(idp, portal, make_assertion):
    answer = _par_with_assertion(portal, make_assertion(portal))

    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"
    assert answer.json()["error_description"]
    assert "request_uri" not in answer.json()
    assert not idp.pushed


@pytest.mark.parametrize(
    "audience",
    [
        lambda issuer: f"{issuer}/par",
        lambda issuer: [issuer, "https://elsewhere.invalid"],
        lambda issuer: [f"{issuer}/par"],
    ],
    ids=["endpoint", "list-with-issuer", "list-with-endpoint"],
)
def test_par_accepts_the_endpoint_or_a_list_as_audience(portal, audience):
    answer = _par_with_assertion(portal, portal.assertion(aud=audience(portal.issuer)))

    assert answer.status_code == 201


def test_par_with_the_wrong_assertion_type_is_401(portal):
    answer = portal.par(
        verifier=secrets.token_urlsafe(48), client_assertion_type="urn:example:password"
    )

    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"redirect_uri": "http://127.0.0.1:9/elsewhere"}, "invalid_request"),
        ({"scope": "profile"}, "invalid_scope"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"nonce": None}, "invalid_request"),
        ({"state": None}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
    ],
)
def test_par_refuses_a_request_the_profile_does_not_allow(idp, portal, fields, error):
    answer = portal.par(verifier=secrets.token_urlsafe(48), **fields)

    assert answer.status_code == 400
    assert answer.json()["error"] == error
    assert not idp.pushed


def test_a_request_uri_is_single_use(portal):
    pushed = portal.par(verifier=secrets.token_urlsafe(48))
    request_uri = pushed.json()["request_uri"]
    assert portal.authorize(request_uri).status_code == 302

    again = portal.authorize(request_uri)

    assert again.status_code == 400
    assert "invalid_request_uri" in again.text


def test_a_code_is_single_use(portal):
    code, verifier = portal.code_for()
    assert portal.token(code=code, verifier=verifier).status_code == 200

    again = portal.token(code=code, verifier=verifier)

    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"
    assert "id_token" not in again.json()


def test_a_client_assertion_jti_is_single_use(portal):
    assertion = portal.assertion()
    assert _par_with_assertion(portal, assertion).status_code == 201

    replayed = _par_with_assertion(portal, assertion)
    code, verifier = portal.code_for()
    replayed_at_token = portal.token(code=code, verifier=verifier, client_assertion=assertion)

    assert replayed.status_code == 401
    assert replayed.json()["error"] == "invalid_client"
    assert replayed_at_token.status_code == 401
    assert "id_token" not in replayed_at_token.json()


def test_a_wrong_code_verifier_is_refused(portal):
    code, _verifier = portal.code_for()

    answer = portal.token(code=code, verifier=secrets.token_urlsafe(48))

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"
    assert "id_token" not in answer.json()


def test_a_code_is_bound_to_its_redirect_uri(portal):
    code, verifier = portal.code_for()

    answer = portal.token(code=code, verifier=verifier, redirect_uri="http://127.0.0.1:9/other")

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"


def _assert_shows_fault(
    mode: str, portal: Portal, claims: dict[str, Any], previous_nonce: str
) -> None:
    now = int(time.time())
    expected = {
        "wrong_audience": lambda: claims["aud"] != CLIENT_ID,
        "wrong_issuer": lambda: claims["iss"] != portal.issuer,
        "expired": lambda: claims["exp"] < now and claims["iat"] < now - 600,
        "replay_nonce": lambda: claims["nonce"] == previous_nonce != portal.last_nonce,
        "no_nonce": lambda: "nonce" not in claims,
    }
    assert expected[mode]()


@pytest.mark.parametrize(
    "mode", ["wrong_audience", "wrong_issuer", "expired", "replay_nonce", "no_nonce"]
)
def test_each_claim_fault_produces_the_fault_it_names_once(idp, portal, mode):
    # given an earlier sign-in (its nonce is the one a replay reuses)
    portal.sign_in()
    previous_nonce = portal.last_nonce
    idp.control({"mode": mode})

    # when the next sign-in's token comes
    faulty = portal.sign_in()

    # then the signature is good but the claims show the fault; the one after is sound again
    claims = _verified_claims(portal.issuer, faulty["id_token"])
    _assert_shows_fault(mode, portal, claims, previous_nonce)
    sound = _verified_claims(portal.issuer, portal.sign_in()["id_token"])
    assert (sound["aud"], sound["iss"], sound["nonce"]) == (
        CLIENT_ID,
        portal.issuer,
        portal.last_nonce,
    )
    log = requests.get(f"{idp.url}/_requests", timeout=5).json()
    assert [e["outcome"] for e in log if e["endpoint"] == "/token"] == ["ok", mode, "ok"]


def test_bad_signature_names_a_published_kid_but_does_not_verify(idp, portal):
    requests.post(f"{idp.url}/_control", json={"mode": "bad_signature"}, timeout=5)

    id_token = portal.sign_in()["id_token"]

    keys = _published_keys(portal.issuer)
    kid = jws.extract_compact(id_token.encode()).headers()["kid"]
    assert keys.get_by_kid(kid)
    with pytest.raises(BadSignatureError):
        jwt.decode(id_token, keys, algorithms=["ES256"])


def test_unknown_kid_names_a_key_that_is_not_published(idp, portal):
    idp.control({"mode": "unknown_kid", "count": 2})

    first, second = portal.sign_in()["id_token"], portal.sign_in()["id_token"]

    for id_token in (first, second):
        with pytest.raises(InvalidKeyIdError):
            jwt.decode(id_token, _published_keys(portal.issuer), algorithms=["ES256"])
    assert _verified_claims(portal.issuer, portal.sign_in()["id_token"])


def test_down_answers_503_everywhere_until_reset(idp, portal):
    requests.post(f"{idp.url}/_control", json={"mode": "down"}, timeout=5)

    answers = [
        requests.get(f"{idp.url}/.well-known/openid-configuration", timeout=5),
        requests.get(f"{idp.url}/jwks", timeout=5),
        portal.par(verifier=secrets.token_urlsafe(48)),
        portal.token(code="x", verifier=secrets.token_urlsafe(48)),
    ]

    assert [a.status_code for a in answers] == [503] * 4
    assert requests.post(f"{idp.url}/_reset", timeout=5).status_code == 200
    assert requests.get(f"{idp.url}/jwks", timeout=5).status_code == 200
    assert portal.sign_in()["id_token"]


def test_down_for_a_count_of_requests(idp):
    idp.control({"mode": "down", "count": 2})

    statuses = [requests.get(f"{idp.url}/jwks", timeout=5).status_code for _ in range(3)]

    assert statuses == [503, 503, 200]


def test_delay_sleeps_before_every_endpoint_until_cleared(idp, portal, monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(identity_provider, "_sleep", slept.append)
    idp.control({"delay": 1.5})

    portal.sign_in()  # PAR, authorize, token
    idp.control({"delay": 0})
    portal.sign_in()

    assert slept == [1.5, 1.5, 1.5]


def test_rotation_publishes_both_keys_then_only_the_new_one(idp, portal):
    # given a token signed before the rotation
    before = portal.sign_in()["id_token"]
    old_kid = jwt.decode(before, _published_keys(idp.url)).header["kid"]

    # when the keys rotate keeping the old one
    new_kid = requests.post(f"{idp.url}/_rotate", json={"keep_old": True}, timeout=5).json()["kid"]

    # then both are published, new tokens use the new key, and the old token still verifies
    assert new_kid != old_kid
    published = [k["kid"] for k in requests.get(f"{idp.url}/jwks", timeout=5).json()["keys"]]
    assert sorted(published) == sorted([old_kid, new_kid])
    after = portal.sign_in()["id_token"]
    assert jwt.decode(after, _published_keys(idp.url)).header["kid"] == new_kid
    assert _verified_claims(idp.url, before)

    # and when the old key is dropped, only the new one is published
    newest = idp.rotate_keys(keep_old=False)
    published = [k["kid"] for k in requests.get(f"{idp.url}/jwks", timeout=5).json()["keys"]]
    assert published == [newest]
    with pytest.raises(InvalidKeyIdError):
        jwt.decode(before, _published_keys(idp.url))


def test_reset_forgets_codes_and_faults_but_keeps_clients_and_keys(idp, portal):
    kids = [k["kid"] for k in idp.jwks()["keys"]]
    code, verifier = portal.code_for()
    idp.control({"mode": "wrong_audience"})

    idp.reset()

    assert portal.token(code=code, verifier=verifier).json()["error"] == "invalid_grant"
    assert _verified_claims(idp.url, portal.sign_in()["id_token"])["aud"] == CLIENT_ID
    assert [k["kid"] for k in idp.jwks()["keys"]] == kids


def test_echo_prints_who_signed_in(capsys):
    provider = StubIdentityProvider(echo=True).start()
    portal = Portal(issuer=provider.url)
    provider.register_client(CLIENT_ID, jwks=portal.public_jwks(), redirect_uris=[REDIRECT_URI])

    portal.sign_in("70000003")
    provider.stop()

    assert (
        "70000003 Maria Santos (ماريا سانتوس) signed in to test-portal" in capsys.readouterr().out
    )
