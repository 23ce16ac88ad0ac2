"""The staff pages of the data-quality cases: the worklist with its filters, a case side by
side, a resolution by form, and "run now" (role access is in tests/test_staff_access.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.models import AuditEvent
from employers.models import Employee
from integrations.models import DataQualityCase
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db

Kind = DataQualityCase.Kind


def _salary_case() -> DataQualityCase:
    establishment = EstablishmentFactory.create(cr_number="5000001")
    employee = Employee.objects.create(
        establishment=establishment,
        civil_id="60000001",
        name_en="Salim Al Harthy",
        name_ar="سالم الحارثي",
        nationality="OMN",
        occupation_code="4110",
        job_level=4,
        monthly_salary=Decimal("500"),
        contract_start=datetime.date(2025, 1, 1),
    )
    return DataQualityCase.objects.create(
        kind=Kind.WAGE_SALARY_MISMATCH,
        subject_key="60000001@5000001",
        fingerprint="a" * 32,
        source_entity="wage_protection",
        cr_number="5000001",
        civil_id="60000001",
        establishment=establishment,
        employee=employee,
        source_values={"month": "2026-10", "salary_due": "450.000"},
        portal_values={"monthly_salary": "500.000", "contract_salary": None},
        last_seen_at=timezone.now(),
    )


def test_the_worklist_filters_by_kind_status_and_establishment(staff_client):
    case = _salary_case()
    DataQualityCase.objects.create(
        kind=Kind.CLOSED_WITH_PERMITS,
        subject_key="5000077",
        fingerprint="b" * 32,
        cr_number="5000077",
        last_seen_at=timezone.now(),
    )
    client = staff_client(User.Role.OFFICER)  # analysts see aggregates only (issue 17)
    url = reverse("integrations:staff-cases")

    everything = client.get(url).content.decode()
    salaries = client.get(url, {"kind": Kind.WAGE_SALARY_MISMATCH, "status": "open"})
    other = client.get(url, {"cr_number": "5000077"}).content.decode()

    assert "60000001@5000001" in everything
    assert "5000077" in everything
    assert case.subject_key in salaries.content.decode()
    assert "5000077</td>" not in salaries.content.decode()
    assert "60000001@5000001" not in other


def test_the_case_page_shows_both_sources_side_by_side(staff_client):
    case = _salary_case()
    client = staff_client(User.Role.OFFICER)

    page = client.get(reverse("integrations:staff-case", args=[case.pk])).content.decode()

    assert "450.000" in page
    assert "500.000" in page
    assert 'value="accept_source"' in page
    assert 'value="merge_other"' not in page


def test_accepting_the_entity_value_by_form_writes_the_register_and_is_audited(staff_client):
    case = _salary_case()
    client = staff_client(User.Role.OFFICER)

    response = client.post(
        reverse("integrations:staff-case-resolve", args=[case.pk]),
        {"action": "accept_source", "note": "the bank's file is right"},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == DataQualityCase.Status.RESOLVED
    assert case.resolution == DataQualityCase.Resolution.ACCEPTED_SOURCE
    assert Employee.objects.get(pk=case.employee_id).monthly_salary == Decimal("450.000")
    assert AuditEvent.objects.filter(action="employers.employee_changed").count() == 1
    event = AuditEvent.objects.get(action="integrations.case_source_accepted")
    assert event.after["note"] == "the bank's file is right"


def test_dismissing_without_a_reason_is_refused(staff_client):
    case = _salary_case()
    client = staff_client(User.Role.APPROVER)

    client.post(reverse("integrations:staff-case-resolve", args=[case.pk]), {"action": "dismiss"})

    case.refresh_from_db()
    assert case.status == DataQualityCase.Status.OPEN
    assert not AuditEvent.objects.filter(action="integrations.case_dismissed").exists()


def test_run_now_queues_a_run_and_is_audited(staff_client, django_capture_on_commit_callbacks):
    client = staff_client(User.Role.POLICY)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("integrations:staff-reconcile"))

    assert response.status_code == 302
    assert len(callbacks) == 1
    assert AuditEvent.objects.filter(action="integrations.reconciliation_requested").count() == 1
