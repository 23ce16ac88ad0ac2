"""A privacy notice per audience, in Arabic and English, open to everyone (issue 17, data-subject
rights)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("audience", ["people", "employers", "sanad"])
def test_each_audience_has_its_notice_in_both_languages(client, audience):
    arabic = client.get(f"/ar/accounts/privacy/{audience}/")
    english = client.get(f"/en/accounts/privacy/{audience}/")

    assert arabic.status_code == 200
    assert english.status_code == 200
    assert 'dir="rtl"' in arabic.content.decode()
    text = english.content.decode()
    for heading in (
        "What we collect",
        "Why",
        "Who receives it",
        "How long it is kept",
        "Your rights",
    ):
        assert heading in text
    assert "privacy@mol.gov.om" in text
    assert "Royal Decree 6/2022" in text
    assert "حقوقك" in arabic.content.decode()


def test_an_unknown_audience_is_not_found(client):
    assert client.get("/ar/accounts/privacy/nobody/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/ar/", "/ar/accounts/register/", "/ar/accounts/sms-sign-in/", "/en/vacancies/"]
)
def test_every_page_and_its_forms_link_to_the_notice(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert "/accounts/privacy/people/" in response.content.decode()
