"""The photos of findings are seen through the portal only: staff who may see the visit, and the
employer for the confirmed findings of its reported visit (the evidence of the violation it
answers for), each photo served with the type its content was checked as and nosniff, never
from a public media URL; another establishment's photo is not found."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from accounts.models import User
from inspections.models import Finding
from inspections.services.findings import finding_confirm, finding_dismiss
from inspections.services.reports import visit_report
from tests.conftest import sign_in, sign_in_staff
from tests.factories import EstablishmentFactory, MembershipFactory, UserFactory
from tests.inspections.helpers import assigned_visit, png_photo, recorded_finding, violation

pytestmark = pytest.mark.django_db
R = User.Role


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def _staff_url(finding: Finding) -> str:
    return reverse("inspections:staff-finding-photo", args=[finding.visit_id, finding.pk])


def _employer_url(finding: Finding) -> str:
    return reverse(
        "inspections:employer-finding-photo",
        args=[finding.visit.establishment_id, finding.visit_id, finding.pk],
    )


def _assert_is_the_photo(response, photo: bytes) -> None:
    assert response.status_code == 200
    assert response.content == photo
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["the visit's inspector", "another inspector", "a supervisor"])
def test_staff_who_may_see_the_visit_see_its_photo(client, who):
    # given a finding recorded with a photo
    photo = png_photo()
    finding = recorded_finding(photo=photo)
    viewer = {
        "the visit's inspector": finding.visit.inspector,
        "another inspector": UserFactory.create(role=R.INSPECTOR),
        "a supervisor": UserFactory.create(role=R.APPROVER),
    }[who]
    sign_in_staff(client, viewer)

    # when they open the visit and the photo it shows
    page = client.get(reverse("inspections:staff-visit", args=[finding.visit_id]))
    response = client.get(_staff_url(finding))

    # then the page draws the photo from the access-checked URL, served as checked on upload
    assert f'src="{_staff_url(finding)}"' in page.content.decode()
    _assert_is_the_photo(response, photo)


@pytest.mark.parametrize("role", [R.OFFICER, R.POLICY, R.ANALYST])
def test_staff_who_may_not_see_visits_do_not_see_photos(client, role):
    finding = recorded_finding(photo=png_photo())
    sign_in_staff(client, UserFactory.create(role=role))

    response = client.get(_staff_url(finding))

    assert response.status_code == 403
    assert png_photo() not in response.content


def test_a_photo_is_found_only_under_its_own_visit_and_only_when_there_is_one(client):
    first, second = (EstablishmentFactory.create(governorate="al_wusta") for _n in range(2))
    for establishment in (first, second):
        violation(establishment)  # both in the one plan of the month
    with_photo = recorded_finding(assigned_visit(first), photo=png_photo())
    other_visit = assigned_visit(second)
    without_photo = recorded_finding(other_visit)
    sign_in_staff(client, UserFactory.create(role=R.APPROVER))

    wrong_visit = reverse("inspections:staff-finding-photo", args=[other_visit.pk, with_photo.pk])

    assert client.get(wrong_visit).status_code == 404
    assert client.get(_staff_url(without_photo)).status_code == 404


def test_a_stored_photo_changed_on_disk_is_not_served(client, settings):
    # given a photo whose stored file was replaced after the check (say, by an HTML page)
    finding = recorded_finding(photo=png_photo())
    stored = Path(settings.PRIVATE_FILES_ROOT) / finding.photo_path
    stored.write_bytes(b"<html><script>alert(1)</script></html>")
    sign_in_staff(client, finding.visit.inspector)

    response = client.get(_staff_url(finding))

    # then it is not served at all: its fingerprint no longer matches
    assert response.status_code == 404
    assert b"<script>" not in response.content


def test_the_photo_is_stored_outside_the_web_root(settings):
    finding = recorded_finding(photo=png_photo())

    stored = (Path(settings.PRIVATE_FILES_ROOT) / finding.photo_path).resolve()

    assert stored.is_file()
    assert Path(settings.PRIVATE_FILES_ROOT).resolve() in stored.parents
    for public in (settings.STATIC_ROOT, getattr(settings, "MEDIA_ROOT", "")):
        if public:
            assert Path(public).resolve() not in stored.parents


def _reported_with_two_photos(establishment):
    """A reported visit of `establishment`: one confirmed finding and one dismissed, each with
    a photo."""
    visit = assigned_visit(establishment)
    confirmed = recorded_finding(visit, photo=png_photo((8, 8)))
    dismissed = recorded_finding(visit, item_code="hours_rest", photo=png_photo((9, 9)))
    finding_confirm(finding=confirmed, confirmed_by=visit.inspector)
    finding_dismiss(finding=dismissed, dismissed_by=visit.inspector, reason="Rest days kept.")
    visit_report(visit=visit, reported_by=visit.inspector, summary="Payslips missing.")
    return confirmed, dismissed


def test_the_employer_sees_the_photo_of_a_confirmed_finding_in_the_report(client):
    # given a reported visit with a confirmed and a dismissed finding, both with photos
    establishment = EstablishmentFactory.create(governorate="al_wusta")
    representative = UserFactory.create(role=R.EMPLOYER)
    MembershipFactory.create(user=representative, establishment=establishment)
    confirmed, dismissed = _reported_with_two_photos(establishment)
    sign_in(client, representative)

    # when the representative reads the report
    page = client.get(
        reverse("inspections:employer-visit", args=[establishment.pk, confirmed.visit_id])
    ).content.decode()

    # then the confirmed finding's photo is shown and served; the dismissed one is not theirs
    assert f'src="{_employer_url(confirmed)}"' in page
    assert _employer_url(dismissed) not in page
    _assert_is_the_photo(client.get(_employer_url(confirmed)), png_photo((8, 8)))
    assert client.get(_employer_url(dismissed)).status_code == 404


def test_the_employer_sees_no_photo_before_the_report_is_sent(client):
    establishment = EstablishmentFactory.create(governorate="al_wusta")
    representative = UserFactory.create(role=R.EMPLOYER)
    MembershipFactory.create(user=representative, establishment=establishment)
    finding = recorded_finding(assigned_visit(establishment), photo=png_photo())
    finding_confirm(finding=finding, confirmed_by=finding.visit.inspector)
    sign_in(client, representative)

    assert client.get(_employer_url(finding)).status_code == 404


def test_another_establishments_representative_gets_not_found(client):
    establishment = EstablishmentFactory.create(governorate="al_wusta")
    confirmed, _dismissed = _reported_with_two_photos(establishment)
    stranger = UserFactory.create(role=R.EMPLOYER)
    own = MembershipFactory.create(user=stranger).establishment
    sign_in(client, stranger)

    foreign = _employer_url(confirmed)
    own_in_url = reverse(
        "inspections:employer-finding-photo", args=[own.pk, confirmed.visit_id, confirmed.pk]
    )

    assert client.get(foreign).status_code == 404
    assert client.get(own_in_url).status_code == 404
