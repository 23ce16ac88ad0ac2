"""A foreign worker's own pages in the browser, in Urdu (right to left) and Hindi: the status
code, the check-in home and a room's check-in, the exit pass, the worker's own employment and
permit, their messages, and a contract offered to them as its SMS link opens it (signed out);
axe-core finds no serious or critical violation on any of them
(the `journey` fixture checks `dir`, `lang` and axe on every page it opens)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accommodation import services, tokens
from accommodation.models import CheckIn
from employment.services.contracts import contract_register
from tests.accommodation.helpers import operator_with_user, person, room, site_with_rooms
from tests.conftest import sign_in
from tests.employment.builders import contract_data
from tests.factories import EstablishmentFactory, ForeignEmployeeFactory, UserFactory
from tests.permits.builders import representative
from workstatus.services import recompute_workers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = [
    "workstatus:my-status",
    "accommodation:check-in-home",
    "accommodation:exit-pass",
    "employment:my-employment",
    "notifications:my-messages",
]


@pytest.mark.parametrize("language", ["ur", "hi"])
def test_a_worker_reads_their_own_pages_in_their_language(journey: Any, language: str) -> None:
    # given a foreign worker with a declared room, a status code and a proven resident number
    home = site_with_rooms(operator_with_user()[0])
    worker = ForeignEmployeeFactory.create(civil_id="72300001")
    services.declaration_save(employee=worker, room=room(home), declared_by=UserFactory.create())
    recompute_workers(employee_ids={worker.pk})
    browser = journey(sign_in(Client(), person("72300001")), "worker", language)

    # when they open each of their pages, then each answers in their language without a
    # serious accessibility violation
    with translation.override(language):
        paths = [reverse(name) for name in PAGES]
        door = room(home)
        paths.append(
            reverse(
                "accommodation:check-in",
                args=[tokens.room_token(room_id=door.pk, site_id=home.pk)],
            )
        )
    for path in paths:
        assert browser.open(path).status == 200, path

    # and a check-in from the room's page is recorded
    with browser.page.expect_navigation():
        browser.page.locator("main form button[type=submit]").first.click()
    browser.check("checked-in")
    assert CheckIn.objects.filter(employee=worker).count() == 1

    # and a contract offered to them opens from its SMS link, before any sign-in
    establishment = EstablishmentFactory.create()
    contract = contract_register(
        establishment=establishment,
        registered_by=representative(establishment),
        data=contract_data(),
    )
    offer = journey(None, "offer", language)
    offer_path = f"/{language}/employment/contracts/{contract.acceptance_token}/"
    assert offer.open(offer_path).status == 200
