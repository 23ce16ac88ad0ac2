"""The tender board's G2G endpoint: scoped API keys, live status, every call audited."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.api_keys import api_client_create
from accounts.models import ApiClient
from core.models import AuditEvent
from tests.conftest import sign_in
from tests.factories import ForeignEmployeeFactory, OmaniEmployeeFactory
from tests.omanization.builders import activity, establishment, publish_rule_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    publish_rule_set(effective_from=datetime.date(2024, 1, 1), targets=[(None, "", None, "20")])
    est = establishment(activity=activity("4711"), cr_number="1234567")
    OmaniEmployeeFactory.create_batch(1, establishment=est, monthly_salary=Decimal("500"))
    ForeignEmployeeFactory.create_batch(3, establishment=est)
    return est


def _get(client, cr_number: str, key: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"} if key is not None else {}
    return client.get(reverse("api-g2g-omanization", args=[cr_number]), **headers)


def test_create_api_client_prints_a_key_once_that_answers_with_the_status(client, shop):
    # given
    out = StringIO()
    call_command(
        "create_api_client", "--name", "Tender Board", "--scopes", "omanization:read", stdout=out
    )
    key = out.getvalue().strip()
    stored = ApiClient.objects.get(name="Tender Board")
    assert key not in (stored.key_hash, stored.key_prefix)
    # when
    response = _get(client, shop.cr_number, key)
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["cr_number"] == "1234567"
    assert body["status"] == "compliant"
    assert body["share"] == "0.2500"
    assert body["target"] == "0.2000"
    assert body["rule_set_version"] == 1
    assert body["computed_at"]
    assert body["as_of"]
    assert AuditEvent.objects.filter(action="api.g2g_call", actor=stored.user).count() == 1


@pytest.mark.parametrize(
    ("scopes", "name"), [("omanization", "typo"), ("", "none"), ("omanization:write", "unknown")]
)
def test_create_api_client_refuses_unknown_or_missing_scopes(scopes, name):
    with pytest.raises(CommandError):
        call_command("create_api_client", "--name", name, "--scopes", scopes, stdout=StringIO())
    assert not ApiClient.objects.exists()


def test_no_key_a_wrong_key_or_a_revoked_key_is_401(client, shop):
    issued = api_client_create(name="Tender Board", scopes=["omanization:read"])
    prefix, _secret = issued.key.split(".")
    assert _get(client, shop.cr_number, None).status_code == 401
    assert _get(client, shop.cr_number, f"{prefix}.{'A' * 43}").status_code == 401
    assert _get(client, shop.cr_number, "not-a-key").status_code == 401
    ApiClient.objects.filter(pk=issued.client.pk).update(is_active=False)
    response = _get(client, shop.cr_number, issued.key)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"


def test_a_key_without_the_scope_is_403_and_the_refusal_is_audited(client, shop):
    issued = api_client_create(name="Passport directorate", scopes=["permits:read"])
    response = _get(client, shop.cr_number, issued.key)
    assert response.status_code == 403
    event = AuditEvent.objects.get(action="api.g2g_call")
    assert event.after["status"] == 403
    assert event.actor == issued.client.user


def test_an_unknown_cr_number_is_404(client, shop):
    issued = api_client_create(name="Tender Board", scopes=["omanization:read"])
    assert _get(client, "7654321", issued.key).status_code == 404


def test_a_signed_in_session_cannot_use_the_g2g_api(client, shop, employer_user):
    sign_in(client, employer_user)
    assert _get(client, shop.cr_number, None).status_code == 401


def test_the_endpoint_is_in_the_openapi_schema(client, make_user):
    # the schema is for staff and API clients (issue 17, finding 10)
    from accounts.models import User
    from tests.conftest import sign_in_staff

    sign_in_staff(client, make_user(User.Role.OFFICER))
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    assert "/api/v1/g2g/omanization/{cr_number}/" in schema.content.decode()
