"""The operator's, employer's and staff's pages: an operator registers a site and a block and
prints the block's QR sheet, and cannot reach another operator's site; the employer declares a
worker and imports a file (a file with a bad row saves nothing and lists the row); operators
confirm residents; the staff worklist shows sites over capacity, unconfirmed and mismatched
residents."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accommodation.models import Declaration, Resident, Room, Site
from accounts.models import User
from tests.accommodation.helpers import operator_with_user, person, room, site_with_rooms
from tests.conftest import sign_in, sign_in_staff
from tests.factories import ForeignEmployeeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_operator_registers_a_site_and_a_block_and_prints_its_qr_sheet(client):
    operator, user = operator_with_user()
    sign_in(client, user)

    client.post(
        reverse("accommodation:operator-sites"),
        {
            "name": "Rusayl camp",
            "address": "Plot 12, Rusayl",
            "governorate": "muscat",
            "licence_number": "acc-778",
            "licence_valid_until": "2099-01-01",
        },
    )
    site = Site.objects.get(licence_number="ACC-778", operator=operator)
    client.post(
        reverse("accommodation:operator-site", args=[site.pk]),
        {"name": "b", "first_room": 1, "last_room": 12, "beds": 6},
    )
    block = site.blocks.get(name="B")
    sheet = client.get(reverse("accommodation:operator-block-sheet", args=[block.pk]))

    assert Room.objects.filter(block=block).count() == 12
    assert sheet.status_code == 200
    assert sheet["Content-Type"] == "application/pdf"
    assert sheet.content.startswith(b"%PDF")


def test_an_operator_cannot_reach_another_operators_site(client):
    _mine, user = operator_with_user()
    theirs, _other = operator_with_user()
    site = site_with_rooms(theirs)
    sign_in(client, user)

    assert client.get(reverse("accommodation:operator-site", args=[site.pk])).status_code == 404
    block = site.blocks.get()
    assert (
        client.get(reverse("accommodation:operator-block-sheet", args=[block.pk])).status_code
        == 404
    )
    worker = ForeignEmployeeFactory.create()
    Declaration.objects.create(employee=worker, room=room(site))
    response = client.post(
        reverse("accommodation:operator-resident-dispute", args=[site.pk, worker.pk])
    )
    assert response.status_code == 404
    assert not Resident.objects.exists()


def test_someone_who_operates_nothing_is_refused(client):
    sign_in(client, UserFactory.create(role=User.Role.ACCOMMODATION_GUARD))

    assert client.get(reverse("accommodation:operator-sites")).status_code == 403


def _employer(client):
    membership = MembershipFactory.create()
    sign_in(client, membership.user)
    return membership.establishment


def test_the_employer_declares_a_worker_and_the_operator_confirms(client):
    operator, operator_user = operator_with_user()
    site = site_with_rooms(operator)
    establishment = _employer(client)
    worker = ForeignEmployeeFactory.create(establishment=establishment)

    client.post(
        reverse("accommodation:employer-accommodation-declare", args=[establishment.pk]),
        {"employee": worker.pk, "site_licence": site.licence_number, "block": "a", "room": "102"},
    )
    assert Declaration.objects.get(employee=worker).room == room(site, "102")

    sign_in(client, operator_user)
    client.post(
        reverse("accommodation:operator-resident-confirm", args=[site.pk, worker.pk]),
        {"room": room(site, "102").pk},
    )
    record = Resident.objects.get(employee=worker)
    assert (record.status, record.room) == ("confirmed", room(site, "102"))


def test_an_import_with_a_bad_row_saves_nothing_and_lists_the_row(client):
    operator, _user = operator_with_user()
    site = site_with_rooms(operator)
    establishment = _employer(client)
    good = ForeignEmployeeFactory.create(establishment=establishment)
    lines = [
        "passport_number,site_licence,block,room",
        f"{good.passport_number},{site.licence_number},A,101",
        f"X0000000,{site.licence_number},A,101",
        f"{good.passport_number},{site.licence_number},A,999",
    ]
    upload = SimpleUploadedFile("acc.csv", "\n".join(lines).encode(), content_type="text/csv")

    response = client.post(
        reverse("accommodation:employer-accommodation-import", args=[establishment.pk]),
        {"file": upload},
    )

    assert response.status_code == 400
    errors = [(e.row, e.column) for e in response.context["row_errors"]]
    assert (3, "passport_number") in errors
    assert (4, "room") in errors
    assert not Declaration.objects.exists()

    clean = SimpleUploadedFile("acc.csv", "\n".join(lines[:2]).encode(), content_type="text/csv")
    client.post(
        reverse("accommodation:employer-accommodation-import", args=[establishment.pk]),
        {"file": clean},
    )
    assert Declaration.objects.get(employee=good).room == room(site)


def test_the_staff_worklist_shows_overcrowding_unconfirmed_and_mismatches(client):
    operator, operator_user = operator_with_user()
    site = site_with_rooms(operator, rooms=1, beds=1)
    first, second = ForeignEmployeeFactory.create(), ForeignEmployeeFactory.create()
    Declaration.objects.create(employee=first, room=room(site))
    Declaration.objects.create(employee=second, room=room(site))
    Resident.objects.create(
        employee=second, site=site, room=None, status="disputed", recorded_by=operator_user
    )
    sign_in_staff(client, UserFactory.create(role=User.Role.OFFICER))

    response = client.get(reverse("accommodation:staff-worklist"))

    assert [s.site_id for s in response.context["over_capacity"]] == [site.pk]
    assert [d.employee_id for d in response.context["unconfirmed"]] == [first.pk]
    assert [m[0] for m in response.context["mismatches"]] == [second.pk]


def test_a_foreign_worker_s_home_links_to_their_code_check_in_and_exit_pass(client):
    sign_in(client, person("72400001"))

    body = client.get("/ar/accounts/home/").content.decode()

    with translation.override("ar"):
        for name in (
            "workstatus:my-status",
            "accommodation:check-in-home",
            "accommodation:exit-pass",
        ):
            assert f'href="{reverse(name)}"' in body, name
    assert "تسجيل الحضور في الغرفة" in body  # "Room check-in"
    assert "تصريح خروج" in body  # "Exit pass"


def test_an_operator_s_home_links_to_their_sites(client):
    _operator, user = operator_with_user()
    sign_in(client, user)

    body = client.get("/ar/accounts/home/").content.decode()

    with translation.override("ar"):
        assert f'href="{reverse("accommodation:operator-sites")}"' in body
