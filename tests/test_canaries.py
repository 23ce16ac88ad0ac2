"""Issue 17, security suite: canary records of another tenant and another person are planted,
and every page a non-staff role can open (each URL without an object in it, and for a
representative each page of their own establishment) is read as that role: no answer may
carry a canary. Staff legitimately see every establishment and are covered by the staff
matrix (tests/test_staff_access.py)."""

from __future__ import annotations

import contextlib

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from notifications.services import sms_enqueue
from tests.conftest import sign_in
from tests.factories import EstablishmentFactory, OmaniEmployeeFactory, UserFactory
from tests.permits.builders import representative
from tests.permits.factories import PermitFactory
from tests.sanad.helpers import clerk
from tests.urlwalk import named_urls

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
CANARY = "CANARY7Q"
SKIPPED_NAMESPACES = {"admin", "djdt"}


def _plant() -> None:
    """Another establishment and another person, each carrying the canary."""
    other = EstablishmentFactory.create(name_en=f"{CANARY} Trading", name_ar=f"{CANARY} للتجارة")
    OmaniEmployeeFactory.create(establishment=other, name_en=f"{CANARY} Worker")
    PermitFactory.create(establishment=other, worker_name_en=f"{CANARY} Permit Holder")
    person = UserFactory.create(
        role=User.Role.JOBSEEKER,
        full_name_en=f"{CANARY} Person",
        civil_id="21990001",
        mobile="+96891990001",
    )
    sms_enqueue(
        template_code="application_status",
        context={"employer": CANARY, "vacancy": CANARY, "status": CANARY},
        idempotency_key="canary-sms",
        recipient=person,
    )


def _urls(establishment_id: int | None) -> list[str]:
    urls = []
    for name, pattern in named_urls():
        if name.split(":")[0] in SKIPPED_NAMESPACES or "api" in name:
            continue
        params = set(pattern.pattern.converters)
        if not params:
            kwargs: dict[str, int] = {}
        elif params == {"establishment_id"} and establishment_id is not None:
            kwargs = {"establishment_id": establishment_id}
        else:
            continue
        with contextlib.suppress(NoReverseMatch):  # a URL that needs another argument
            urls.append(reverse(name, kwargs=kwargs))
    return sorted(set(urls))


def _roles() -> list[tuple[str, Client, int | None]]:
    own = EstablishmentFactory.create()
    employer = Client()
    sign_in(employer, representative(own))
    jobseeker = Client()
    sign_in(jobseeker, UserFactory.create(role=User.Role.JOBSEEKER, civil_id="21990002"))
    counter = Client()
    sign_in(counter, clerk())
    return [
        ("anonymous", Client(), None),
        ("employer", employer, own.pk),
        ("jobseeker", jobseeker, None),
        ("sanad clerk without consent", counter, None),
    ]


def test_no_page_a_person_or_representative_can_open_shows_anyone_elses_canary():
    _plant()
    leaks = []
    read = 0
    for role, client, establishment_id in _roles():
        for url in _urls(establishment_id):
            if "/sign-out/" in url or url.endswith("/logout/"):
                continue
            response = client.get(url)
            if response.status_code != 200 or not hasattr(response, "content"):
                continue
            read += 1
            if CANARY.encode() in response.content:
                leaks.append(f"{role}: {url}")

    assert read > 50, "the walk read too few pages to mean anything"
    assert leaks == [], leaks


def test_the_canaries_are_there_to_be_found():
    """The control: staff, who may, do see the planted establishment and person."""
    from tests.conftest import sign_in_staff

    _plant()
    officer = Client()
    sign_in_staff(officer, UserFactory.create(role=User.Role.OFFICER))

    assert CANARY in officer.get("/en/staff/establishments/?q=CANARY7Q").content.decode()
    assert CANARY in officer.get("/en/staff/sms/").content.decode()
