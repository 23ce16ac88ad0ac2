"""Arabic by default and right to left, English on /en/, the language switch, error pages."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_arabic_pages_are_right_to_left_with_the_rtl_bootstrap(client):
    body = client.get("/ar/").content.decode()

    assert '<html lang="ar" dir="rtl">' in body
    assert "bootstrap.rtl.min.css" in body
    assert "تسجيل الدخول" in body  # "Sign in"


def test_english_pages_are_left_to_right(client):
    body = client.get("/en/").content.decode()

    assert '<html lang="en" dir="ltr">' in body
    assert "bootstrap.min.css" in body
    assert "bootstrap.rtl" not in body
    assert "Sign in" in body


@pytest.mark.parametrize("path", ["/ar/", "/en/", "/ar/accounts/sign-in/"])
def test_pages_load_nothing_from_another_site(client, path):
    body = client.get(path).content.decode()

    external = re.findall(r'(?:src|href)="(https?:)?//[^"]+"', body)
    assert external == []


def test_the_root_goes_to_arabic_whatever_the_browser_prefers(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_an_unprefixed_page_follows_the_chosen_language(client):
    client.cookies["portal_language"] = "en"

    response = client.get("/accounts/sign-in/")

    assert response["Location"] == "/en/accounts/sign-in/"


def test_the_language_switch_keeps_the_page(client):
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/ar/accounts/sign-in/?next=/ar/accounts/home/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/sign-in/?next=/ar/accounts/home/"
    assert client.cookies["portal_language"].value == "en"


def test_the_language_switch_is_a_form_that_works_without_javascript(client):
    body = client.get("/ar/accounts/sign-in/").content.decode()

    assert 'action="/i18n/setlang/"' in body
    assert 'name="next" value="/ar/accounts/sign-in/"' in body
    assert 'name="language" value="en"' in body


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/fr/accounts/sign-in/", "/ar/accounts/sign-in/"),
        ("/AR/accounts/sign-in/", "/ar/accounts/sign-in/"),
        ("/en-gb/accounts/sign-in/", "/en/accounts/sign-in/"),
        ("/de/?x=1", "/ar/?x=1"),
    ],
)
def test_a_wrong_language_prefix_redirects(client, path, target):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == target


def test_an_unknown_page_is_a_bilingual_404(client):
    response = client.get("/ar/no-such-page/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "الصفحة غير موجودة" in body
    assert "Page not found" in body


def test_a_wrong_prefix_on_an_unknown_page_stays_404(client):
    assert client.get("/fr/no-such-page/").status_code == 404


@pytest.mark.urls("tests.urls_with_failure")
def test_an_unhandled_error_is_a_bilingual_500_with_the_request_id(client):
    client.raise_request_exception = False

    response = client.get("/failing/", HTTP_X_REQUEST_ID="incident-42-abcdef")

    assert response.status_code == 500
    body = response.content.decode()
    assert "حدث خطأ غير متوقع" in body
    assert "Something went wrong" in body
    assert "incident-42-abcdef" in body
    assert "Traceback" not in body
    assert "SECRET-INTERNAL-DETAIL" not in body


def test_arabic_pages_write_rials_with_a_point_before_the_baisas():
    from decimal import Decimal

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("ar"):
        shown = Template("{{ fee }}").render(Context({"fee": Decimal("140.700")}))
    assert shown == "140.700"
