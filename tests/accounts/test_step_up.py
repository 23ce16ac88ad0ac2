"""The proof before a binding act: without a fresh proof the act's page sends the person to
prove, a code to the civil registry's mobile proves it, and the page then opens."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import ProofMethod, User
from notifications.models import SmsMessage
from notifications.services import sms_send
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

CIVIL_ID = "12345678"
REGISTRY_MOBILE = "+96892345678"
RESIGN = "/ar/my/employment/resign/"


def _code(fake_sms) -> str:
    for message in SmsMessage.objects.filter(status=SmsMessage.Status.CREATED):
        sms_send(message_id=message.pk)
    sent = [m for m in fake_sms.state.messages if m["to"] == REGISTRY_MOBILE]
    assert sent
    found = re.search(r"\d{6}", sent[-1]["body"])
    assert found is not None
    return found.group(0)


@pytest.fixture
def person(make_user, civil_registry) -> User:
    return make_user(
        User.Role.JOBSEEKER,
        civil_id=CIVIL_ID,
        mobile=REGISTRY_MOBILE,
        mobile_verified_at=timezone.now(),
        identity_proven_at=timezone.now(),
        identity_proof_method=ProofMethod.IDP,
    )


def test_without_a_fresh_proof_the_act_asks_for_one_then_opens(client, person, fake_sms):
    sign_in(client, person, method="password")

    first = client.get(RESIGN)
    assert first.status_code == 302
    assert first["Location"].startswith("/ar/accounts/prove/?next=")
    page = client.get(first["Location"])
    assert page.status_code == 200
    assert "345678"[-3:] in page.content.decode()  # the registry mobile, masked

    asked = client.post("/ar/accounts/prove/", {"method": "sms", "next": RESIGN, "act": "resign"})
    assert asked.status_code == 302
    done = client.post("/ar/accounts/prove/code/?act=resign", {"token": _code(fake_sms)})

    assert done.status_code == 302
    assert done["Location"] == RESIGN
    assert client.session["_portal_proof"]["method"] == ProofMethod.REGISTRY_SMS
    assert client.get(RESIGN).status_code in (200, 403)  # the form (or: no employment to end)


def test_a_proof_older_than_the_window_is_asked_again(client, person):
    sign_in(client, person)
    session = client.session
    session["_portal_proof"] = {
        "at": time.time() - settings.STEP_UP_MAX_AGE_SECONDS - 1,
        "method": "idp",
        "civil_id": CIVIL_ID,
    }
    session.save()

    response = client.get(RESIGN)

    assert response.status_code == 302
    assert response["Location"].startswith("/ar/accounts/prove/")


def test_an_unproven_account_proves_its_number_with_the_registry_code(
    client, make_user, fake_sms, civil_registry
):
    legacy = make_user(
        User.Role.JOBSEEKER,
        civil_id=CIVIL_ID,
        mobile="+96899990000",  # typed at registration, never the registry's
        mobile_verified_at=timezone.now(),
    )
    sign_in(client, legacy, method="password")

    client.post("/ar/accounts/prove/", {"method": "sms", "next": "/ar/accounts/home/"})
    client.post("/ar/accounts/prove/code/", {"token": _code(fake_sms)})

    legacy.refresh_from_db()
    assert legacy.identity_proven
    assert legacy.identity_proof_method == ProofMethod.REGISTRY_SMS
    assert not [m for m in fake_sms.state.messages if m["to"] == "+96899990000"]


def test_a_wrong_code_proves_nothing(client, person, fake_sms):
    sign_in(client, person, method="password")
    client.post("/ar/accounts/prove/", {"method": "sms", "next": RESIGN})
    token = _code(fake_sms)

    response = client.post("/ar/accounts/prove/code/", {"token": f"{(int(token) + 1) % 10**6:06d}"})

    assert response.status_code == 200
    assert "_portal_proof" not in client.session


def test_the_code_sms_names_the_act_in_the_recipients_language(client, person, fake_sms):
    """Browsing in English does not make the SMS to an Arabic reader half English."""
    sign_in(client, person, method="password")

    client.post("/en/accounts/prove/", {"method": "sms", "next": RESIGN, "act": "resign"})

    message = SmsMessage.objects.get()
    assert message.language == "ar"
    assert "your resignation" not in message.rendered_text
    assert "استقالتك" in message.rendered_text
