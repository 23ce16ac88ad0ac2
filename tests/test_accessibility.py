"""Accessibility basics on every page a role reaches: one h1, a skip link to main, a label for
every field, language and direction on the document, tables with headers."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from accounts.models import User
from tests.conftest import sign_in, sign_in_staff
from tests.factories import EmployeeFactory, MembershipFactory

pytestmark = pytest.mark.django_db


class PageAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.labels: set[str] = set()
        self.fields: list[dict[str, str | None]] = []
        self.first_link: str | None = None
        self.has_main = False
        self.html_attrs: dict[str, str | None] = {}
        self.tables = 0
        self.table_headers = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = a
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"] or "")
        elif tag in {"input", "select", "textarea"} and a.get("type") not in {"hidden", "submit"}:
            self.fields.append(a)
        elif tag == "a" and self.first_link is None:
            self.first_link = a.get("href")
        elif tag == "main" and a.get("id") == "main":
            self.has_main = True
        elif tag == "table":
            self.tables += 1
        elif tag == "th":
            self.table_headers += 1


def _pages(client, make_user) -> list[str]:
    membership = MembershipFactory.create()
    employee = EmployeeFactory.create(establishment=membership.establishment)
    est = membership.establishment.pk
    sign_in(client, membership.user)  # type: ignore[arg-type]  # the factory sets it
    return [
        "/ar/",
        "/en/",
        "/ar/accounts/home/",
        "/ar/accounts/my-activity/",
        "/ar/employer/",
        f"/ar/employer/{est}/",
        f"/ar/employer/{est}/workforce/",
        f"/en/employer/{est}/workforce/{employee.pk}/",
        f"/ar/employer/{est}/members/",
        "/ar/accounts/my-messages/",
        "/ar/accounts/preferences/",
    ]


def _audit(body: str) -> PageAudit:
    audit = PageAudit()
    audit.feed(body)
    return audit


def _assert_accessible(path: str, body: str) -> None:
    audit = _audit(body)
    assert audit.h1 == 1, f"{path}: {audit.h1} h1 elements"
    assert audit.has_main, f"{path}: no <main id=main>"
    assert audit.first_link == "#main", f"{path}: the first link is not the skip link"
    assert audit.html_attrs.get("lang") in {"ar", "en"}
    assert audit.html_attrs.get("dir") in {"rtl", "ltr"}
    unlabelled = [
        f for f in audit.fields if f.get("id") not in audit.labels and not f.get("aria-label")
    ]
    assert not unlabelled, f"{path}: fields without a label: {unlabelled}"
    if audit.tables:
        assert audit.table_headers, f"{path}: a table without header cells"


def test_public_and_employer_pages(client, make_user):
    for path in _pages(client, make_user):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_accessible(path, response.content.decode())


@pytest.mark.parametrize(
    "path",
    [
        "/ar/staff/establishments/",
        "/ar/staff/statistics/",
        "/ar/staff/audit/",
        "/ar/staff/sms/",
        "/ar/staff/sms/templates/",
        "/ar/staff/sms/templates/new/",
        "/ar/staff/labour-market/",
        "/ar/staff/labour-market/permits/",
        "/ar/staff/labour-market/omanisation/",
        "/ar/staff/labour-market/lifecycle/",
        "/ar/staff/labour-market/jobs/",
        "/ar/staff/labour-market/skills/",
        "/ar/staff/labour-market/runs/",
    ],
)
def test_staff_pages(client, make_user, path):
    sign_in_staff(client, make_user(User.Role.APPROVER))
    if path == "/ar/staff/establishments/":
        sign_in_staff(client, make_user(User.Role.OFFICER))
    if path.startswith("/ar/staff/sms/templates/"):
        sign_in_staff(client, make_user(User.Role.POLICY))

    response = client.get(path)

    assert response.status_code == 200
    _assert_accessible(path, response.content.decode())


@pytest.mark.parametrize(
    "path",
    [
        "/ar/accounts/sign-in/",
        "/en/accounts/sign-in/",
        "/ar/no-such-page/",
        "/ar/accounts/sms-sign-in/",
        "/ar/accounts/register/",
    ],
)
def test_sign_in_and_error_pages(client, path):
    response = client.get(path)

    _assert_accessible(path, response.content.decode())


@pytest.mark.parametrize("path", ["/ar/open-data/", "/en/open-data/"])
def test_the_open_data_page(client, path):
    response = client.get(path)

    assert response.status_code == 200
    _assert_accessible(path, response.content.decode())


@pytest.mark.parametrize("path", ["/ar/training/skills/", "/ar/training/courses/"])
def test_training_institution_pages(client, make_user, path):
    from lmi.models import Institution

    user = make_user(User.Role.TRAINING_INSTITUTION)
    Institution.objects.create(name_en="College", name_ar="كلية", governorate="muscat").members.add(
        user
    )
    sign_in(client, user, method="password")

    response = client.get(path)

    assert response.status_code == 200
    _assert_accessible(path, response.content.decode())


def test_the_enrolment_page(client, make_user):
    sign_in(client, make_user(User.Role.OFFICER))

    response = client.get("/ar/accounts/two-factor/setup/")

    _assert_accessible("setup", response.content.decode())
    assert 'alt="' in response.content.decode()
