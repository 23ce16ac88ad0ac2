"""Sign-in through the national identity provider, end to end against the stub on loopback:
pushed request, PKCE, private_key_jwt, the ID token checked (signature by the published key,
issuer, audience, expiry, nonce), and every bad case refused with nothing signed in."""

from __future__ import annotations

import datetime

import pytest
import requests
from django.test import Client

from accounts.models import ProofMethod, User
from core.models import AuditEvent
from notifications.models import SmsMessage
from tests.accounts.conftest import CALLBACKS, provider_callback, provider_finish, provider_sign_in
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

RESIDENT = "70000001"  # Rajesh Kumar in integrations/stubs/people.py
CITIZEN = "90000001"  # Maryam Al Balushi, registry mobile +96891000001


def _signed_in(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_a_resident_signs_in_and_gets_a_proven_account(client, idp):
    response = provider_sign_in(client, person=RESIDENT)

    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/home/"
    user = _signed_in(client)
    assert user is not None
    assert user.civil_id == RESIDENT
    assert user.identity_proven
    assert user.identity_proof_method == ProofMethod.IDP
    assert user.idp_subject
    assert user.idp_subject.startswith("u=")
    assert user.full_name_en == "Rajesh Kumar"
    assert str(user.mobile) == "+96894000001"  # the registry's mobile, verified
    assert user.mobile_verified_at is not None
    assert client.session["_portal_auth_method"] == "idp"
    assert AuditEvent.objects.filter(action="accounts.login", actor=user).exists()
    # the provider saw a pushed request, the page, and a token request
    endpoints = [r["endpoint"] for r in idp.requests]
    assert "/par" in endpoints
    assert "/token" in endpoints


def test_the_same_person_signs_in_again_to_the_same_account(client, idp):
    provider_sign_in(client, person=RESIDENT)
    first = _signed_in(client)
    other = Client()
    provider_sign_in(other, person=RESIDENT)

    assert _signed_in(other) == first
    assert User.objects.filter(civil_id=RESIDENT).count() == 1


def test_an_encrypted_id_token_is_decrypted(client, idp, settings):
    from accounts import oidc

    idp.register_client(
        settings.IDENTITY_CLIENT_ID,
        jwks=oidc.client_public_jwks(),
        redirect_uris=CALLBACKS,
        encrypt_id_token=True,
    )

    provider_sign_in(client, person=CITIZEN)

    user = _signed_in(client)
    assert user is not None
    assert user.civil_id == CITIZEN


def test_key_rotation_at_the_provider_does_not_stop_sign_in(client, idp):
    provider_sign_in(client, person=RESIDENT)
    assert _signed_in(client) is not None

    idp.rotate_keys(keep_old=False)  # the cached JWKS no longer holds the signing key
    again = Client()
    provider_sign_in(again, person=RESIDENT)

    assert _signed_in(again) is not None


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("bad_signature", "id_token_bad_signature"),
        ("wrong_audience", "id_token_wrong_audience"),
        ("wrong_issuer", "id_token_wrong_issuer"),
        ("expired", "id_token_expired"),
        ("unknown_kid", "unknown_key_id"),
        ("no_nonce", "id_token_wrong_nonce"),
    ],
)
def test_a_bad_id_token_is_refused_and_nothing_is_signed_in(client, idp, mode, reason):
    idp.control({"mode": mode})
    users_before = User.objects.count()

    response = provider_sign_in(client, person=RESIDENT)

    assert response.status_code == 400
    assert "تعذّر تأكيد تسجيل الدخول بالهوية الرقمية الوطنية" in response.content.decode()
    assert _signed_in(client) is None
    assert User.objects.count() == users_before
    assert AuditEvent.objects.filter(action=f"accounts.idp_refused.{reason}").exists()


def test_a_replayed_nonce_is_refused(client, idp):
    provider_sign_in(client, person=RESIDENT)
    assert _signed_in(client) is not None
    idp.control({"mode": "replay_nonce"})  # the next token carries the previous nonce
    other = Client()

    response = provider_sign_in(other, person=RESIDENT)

    assert response.status_code == 400
    assert _signed_in(other) is None


def test_a_replayed_callback_is_refused(client, idp):
    start = client.post("/ar/accounts/national-id/")
    callback = provider_callback(start["Location"], person=RESIDENT)
    assert client.get(callback).status_code == 302
    attacker = Client()  # the same state and code in another browser

    response = attacker.get(callback)

    assert response.status_code == 400
    assert _signed_in(attacker) is None


def test_a_callback_with_another_state_is_refused(client, idp):
    start = client.post("/ar/accounts/national-id/")
    assert start.status_code == 302

    response = client.get("/ar/accounts/national-id/callback/?code=x&state=forged")

    assert response.status_code == 400
    assert _signed_in(client) is None


def test_the_provider_down_is_said_and_nothing_is_signed_in(client, idp):
    idp.control({"mode": "down"})

    response = client.post("/ar/accounts/national-id/", follow=True)

    assert _signed_in(client) is None
    page = response.content.decode()
    assert "يتعذّر الوصول إلى خدمة الهوية الرقمية الوطنية" in page


def test_the_provider_going_down_before_the_token_loses_nothing(client, idp):
    start = client.post("/ar/accounts/national-id/")
    idp.control({"mode": "down"})

    page = requests.get(start["Location"], timeout=5)
    assert page.status_code == 503

    idp.reset()
    response = provider_sign_in(client, person=RESIDENT)  # a new attempt works

    assert response.status_code == 302
    assert _signed_in(client) is not None


def test_cancelling_at_the_provider_signs_nobody_in(client, idp):
    start = client.post("/ar/accounts/national-id/")

    response = client.get(provider_callback(start["Location"], cancel=True))

    assert response.status_code == 400
    assert _signed_in(client) is None


# --- binding and reclaim ---------------------------------------------------------------------


def test_a_legacy_account_with_the_registry_mobile_is_the_same_person(client, idp, make_user):
    legacy = make_user(
        User.Role.JOBSEEKER,
        civil_id=CITIZEN,
        mobile="+96891000001",
        mobile_verified_at=datetime.datetime.now(datetime.UTC),
    )
    assert not legacy.identity_proven

    provider_sign_in(client, person=CITIZEN)

    legacy.refresh_from_db()
    assert _signed_in(client) == legacy
    assert legacy.identity_proven
    assert legacy.idp_subject


def test_the_proven_owner_reclaims_a_number_bound_to_someone_else(client, idp, make_user):
    borrower = make_user(
        User.Role.JOBSEEKER,
        civil_id=RESIDENT,
        mobile="+96899998888",
        mobile_verified_at=datetime.datetime.now(datetime.UTC),
    )
    borrower_browser = Client()
    sign_in(borrower_browser, borrower)
    assert borrower_browser.get("/ar/accounts/home/").status_code == 200

    provider_sign_in(client, person=RESIDENT)

    owner = _signed_in(client)
    borrower.refresh_from_db()
    assert owner is not None
    assert owner != borrower
    assert owner.civil_id == RESIDENT
    assert owner.identity_proven
    assert borrower.civil_id is None
    # the borrower's sessions ended
    answer = borrower_browser.get("/ar/accounts/home/")
    assert answer.status_code == 302
    assert "/accounts/sign-in/" in answer["Location"]
    # both sides are told, and the trail shows it
    told = SmsMessage.objects.filter(template__code="identity_reclaimed")
    assert {m.to_number for m in told} == {"+96899998888", "+96894000001"}
    event = AuditEvent.objects.get(action="accounts.civil_id_reclaimed")
    assert event.subject_id == borrower.pk
    assert event.actor_id == owner.pk


# --- step-up ---------------------------------------------------------------------------------


def test_step_up_through_the_provider_records_a_fresh_proof(client, idp, make_user):
    provider_sign_in(client, person=CITIZEN)
    session = client.session
    session.pop("_portal_proof")
    session.save()

    start = client.post(
        "/ar/accounts/prove/", {"method": "idp", "next": "/ar/my/employment/", "act": "resign"}
    )
    assert start.status_code == 302
    response = provider_finish(client, start["Location"], person=CITIZEN)

    assert response.status_code == 302
    assert response["Location"] == "/ar/my/employment/"
    proof = client.session["_portal_proof"]
    assert proof["method"] == "idp"
    assert proof["civil_id"] == CITIZEN


def test_a_proof_of_another_number_does_not_prove_the_account(client, idp):
    """The provider is asked for this account's number (login_hint), but a person may still
    sign in as someone else there: such a proof is refused and changes nothing."""
    from accounts.identity import IdentityMismatchError, bind_proven_identity

    provider_sign_in(client, person=CITIZEN)
    user = _signed_in(client)
    assert user is not None

    with pytest.raises(IdentityMismatchError):
        bind_proven_identity(civil_id=RESIDENT, method="idp", subject="u=other", signed_in=user)

    user.refresh_from_db()
    assert user.civil_id == CITIZEN
    assert not User.objects.filter(civil_id=RESIDENT).exists()


def test_the_portal_publishes_only_public_keys(client, idp):
    response = client.get("/.well-known/jwks.json")

    keys = response.json()["keys"]
    assert {k["use"] for k in keys} == {"sig", "enc"}
    assert all("d" not in k for k in keys)


def test_a_sign_in_through_the_provider_lifts_the_lock_of_sms_codes(client, idp, make_user):
    from django.utils import timezone

    locked = make_user(
        User.Role.JOBSEEKER,
        civil_id=CITIZEN,
        mobile="+96891000001",
        mobile_verified_at=timezone.now(),
        sms_code_failures=10,
        sms_code_locked_at=timezone.now(),
    )

    provider_sign_in(client, person=CITIZEN)

    locked.refresh_from_db()
    assert _signed_in(client) == locked
    assert locked.sms_code_locked_at is None
    assert locked.sms_code_failures == 0
    assert AuditEvent.objects.filter(action="accounts.sms_code_unlocked", subject=locked).exists()
