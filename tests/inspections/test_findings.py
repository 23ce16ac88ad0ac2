"""Findings captured on a phone in the field: the phone keeps a submission while offline and
sends it again once back online, each with the reference it generated, so a replay records one
finding; photos are checked by their content; a confirmed finding becomes a violation through
employment's own service."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from core.models import AuditEvent
from employment.models import Violation
from inspections.errors import InspectionError
from inspections.models import Finding
from inspections.services.findings import finding_confirm, finding_dismiss, finding_record
from tests.conftest import sign_in_staff
from tests.factories import UserFactory
from tests.inspections.helpers import assigned_visit, png_photo, recorded_finding

pytestmark = pytest.mark.django_db
R = User.Role
JSON = {"Accept": "application/json"}


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def _submission(visit, **overrides):
    data = {
        "client_id": str(uuid.uuid4()),
        "item": "payslips",
        "observed_on": timezone.localdate().isoformat(),
        "workers_concerned": "3",
        "note": "No payslips for three workers.",
    }
    data.update(overrides)
    return data


def _url(visit, language: str = "en") -> str:
    return f"/{language}/staff/inspections/visits/{visit.pk}/findings/"


def test_a_finding_replayed_when_the_phone_reconnects_is_recorded_once(client):
    # given an inspector's phone that queued one finding while offline
    visit = assigned_visit()
    sign_in_staff(client, visit.inspector)
    queued = _submission(visit)

    # when the phone reconnects and sends it, then (its answer lost) sends it again
    first = client.post(_url(visit), queued, headers=JSON)
    replay = client.post(_url(visit), queued, headers=JSON)

    # then one finding was recorded, and the replay was told which one
    assert first.status_code == 201
    assert replay.status_code == 200
    finding = Finding.objects.get()
    assert first.json() == {"finding": finding.pk, "created": True}
    assert replay.json() == {"finding": finding.pk, "created": False}
    assert (finding.visit, finding.item.code, finding.workers_concerned) == (visit, "payslips", 3)
    assert AuditEvent.objects.filter(action="inspections.finding_recorded").count() == 1


def test_a_plain_form_without_javascript_records_and_comes_back_to_the_visit(client):
    visit = assigned_visit()
    sign_in_staff(client, visit.inspector)

    response = client.post(_url(visit), _submission(visit))

    assert response.status_code == 302
    assert Finding.objects.count() == 1


def test_the_capture_page_keeps_its_script_in_a_file_the_csp_allows(client):
    visit = assigned_visit()
    sign_in_staff(client, visit.inspector)

    page = client.get(f"/en/staff/inspections/visits/{visit.pk}/").content.decode()

    assert "data-offline-capture" in page
    assert 'name="client_id"' in page
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts
    assert all("src=" in attributes for attributes in scripts)  # no inline script
    assert any("inspections/finding" in attributes for attributes in scripts)
    assert (Path(__file__).parents[2] / "inspections/static/inspections/finding.js").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "english"),
    [
        ({"item": "space"}, "item", "Choose a point of this visit's checklist."),
        ({"workers_concerned": "0"}, "workers_concerned", None),
        ({"note": " "}, "note", None),
    ],
)
def test_bad_findings_are_refused_in_arabic_and_nothing_is_saved(client, overrides, field, english):
    # "space" is a point of the accommodation checklist, not of this wage records visit
    visit = assigned_visit(visit_type="wage_records")
    sign_in_staff(client, visit.inspector)
    data = _submission(visit, **overrides)

    arabic = client.post(_url(visit, "ar"), data, headers=JSON)
    english_answer = client.post(_url(visit, "en"), data, headers=JSON)

    assert arabic.status_code == english_answer.status_code == 400
    said_ar = arabic.json()["errors"][field][0]["message"]
    said_en = english_answer.json()["errors"][field][0]["message"]
    assert said_ar != said_en
    if english:
        assert said_en == english
    assert not Finding.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_is_saved(client, settings):
    visit = assigned_visit()
    sign_in_staff(client, visit.inspector)
    fake = SimpleUploadedFile("site.jpg", b"#!/bin/sh\necho not a photo\n", "image/jpeg")

    response = client.post(_url(visit), {**_submission(visit), "photo": fake}, headers=JSON)

    assert response.status_code == 400
    assert response.json()["errors"]["photo"][0]["message"] == (
        "The file is not a JPEG or PNG photo."
    )
    assert not Finding.objects.exists()
    assert not Path(settings.PRIVATE_FILES_ROOT).exists()


def test_a_photo_with_the_right_first_bytes_but_broken_inside_is_refused():
    visit = assigned_visit()
    broken = png_photo()[:40] + b"\x00" * 40 + b"IEND\xaeB`\x82"

    with pytest.raises(InspectionError) as refused:
        finding_record(
            visit=visit,
            recorded_by=visit.inspector,
            client_id=uuid.uuid4(),
            item_code="payslips",
            observed_on=timezone.localdate(),
            workers_concerned=1,
            note="Broken photo.",
            photo=broken,
        )

    assert refused.value.extra == {"field": "photo"}
    assert not Finding.objects.exists()


def test_a_photo_checked_by_its_content_is_kept_outside_the_web_root(client, settings):
    visit = assigned_visit()
    sign_in_staff(client, visit.inspector)
    photo = SimpleUploadedFile("anything.bin", png_photo(), "application/octet-stream")

    response = client.post(_url(visit), {**_submission(visit), "photo": photo}, headers=JSON)

    assert response.status_code == 201
    finding = Finding.objects.get()
    assert finding.photo_type == "image/png"
    stored = Path(settings.PRIVATE_FILES_ROOT) / finding.photo_path
    assert stored.read_bytes() == png_photo()


def test_only_the_visits_inspector_records_its_findings(client):
    visit = assigned_visit()
    sign_in_staff(client, UserFactory.create(role=R.INSPECTOR))

    response = client.post(_url(visit), _submission(visit), headers=JSON)

    assert response.status_code == 400
    assert not Finding.objects.exists()


def test_a_confirmed_finding_becomes_a_violation_with_the_fine_from_the_schedule():
    # given a finding on the wage protection file point (wages_unpaid: RO 50 per worker)
    visit = assigned_visit()
    finding = recorded_finding(visit, item_code="wps_match", workers_concerned=3)
    before = Violation.objects.filter(establishment=visit.establishment).count()

    # when the inspector confirms it at the desk
    confirmed = finding_confirm(finding=finding, confirmed_by=visit.inspector)

    # then the violation service recorded it, and the finding points to it
    assert confirmed.status == Finding.Status.CONFIRMED
    violation = confirmed.violation
    assert violation is not None
    assert Violation.objects.filter(establishment=visit.establishment).count() == before + 1
    assert (violation.violation_type.code, violation.fine, violation.inspector) == (
        "wages_unpaid",
        Decimal("150.000"),
        visit.inspector,
    )
    assert AuditEvent.objects.filter(action="employment.violation_recorded").exists()
    assert AuditEvent.objects.filter(action="inspections.finding_confirmed").count() == 1
    with pytest.raises(InspectionError):
        finding_confirm(finding=confirmed, confirmed_by=visit.inspector)
    assert Violation.objects.filter(establishment=visit.establishment).count() == before + 1


def test_a_dismissed_finding_needs_a_reason_and_records_no_violation():
    visit = assigned_visit()
    finding = recorded_finding(visit)
    before = Violation.objects.count()

    with pytest.raises(InspectionError):
        finding_dismiss(finding=finding, dismissed_by=visit.inspector, reason="")
    dismissed = finding_dismiss(
        finding=finding, dismissed_by=visit.inspector, reason="Payslips found later."
    )

    assert dismissed.status == Finding.Status.DISMISSED
    assert Violation.objects.count() == before


def test_the_inspector_confirms_from_the_visit_page(client):
    visit = assigned_visit()
    finding = recorded_finding(visit)
    sign_in_staff(client, visit.inspector)

    response = client.post(
        f"/en/staff/inspections/visits/{visit.pk}/findings/{finding.pk}/confirm/"
    )

    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == Finding.Status.CONFIRMED
