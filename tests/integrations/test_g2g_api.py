"""The integrations' G2G endpoints: scoped keys, figures across entities, per-key rate limits
answered 429 with Retry-After, and every refused call (no key, wrong key, wrong scope) left in
the audit log."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.api_keys import G2GThrottle, api_client_create
from core.models import AuditEvent
from employers.models import Employee
from integrations.models import DataQualityCase, InsuredEmployment, SalaryFileLine
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db

CR = "5000001"
NOW = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)


@pytest.fixture
def shop():
    establishment = EstablishmentFactory.create(cr_number=CR)
    for n, nationality in enumerate(["OMN", "OMN", "IND"]):
        Employee.objects.create(
            establishment=establishment,
            civil_id=f"6000000{n}",
            name_en="Worker",
            name_ar="عامل",
            nationality=nationality,
            occupation_code="4110",
            job_level=4,
            monthly_salary=Decimal("400"),
            contract_start=datetime.date(2025, 1, 1),
        )
    month = datetime.date(2026, 10, 1)
    for n, status in enumerate(["paid", "late", "unpaid"]):
        InsuredEmployment.objects.create(
            civil_id=f"6000000{n}",
            cr_number=CR,
            month=month,
            salary=Decimal("400"),
            insured_name="Worker",
            source_version=0,
            synced_at=NOW,
        )
        SalaryFileLine.objects.create(
            cr_number=CR,
            civil_id=f"6000000{n}",
            month=month,
            salary_due=Decimal("400"),
            salary_paid=Decimal("0" if status == "unpaid" else "400"),
            payment_status=status,
            file_reference=f"WPS-{n}",
            source_version=0,
            synced_at=NOW,
        )
    DataQualityCase.objects.create(
        kind=DataQualityCase.Kind.WAGE_SALARY_MISMATCH,
        subject_key=f"60000000@{CR}",
        fingerprint="a" * 32,
        cr_number=CR,
        last_seen_at=timezone.now(),
    )
    return establishment


def _get(client, name: str, key: str | None, cr: str = CR):
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"} if key is not None else {}
    return client.get(reverse(name, args=[cr]), **headers)


def test_the_workforce_summary_brings_the_entities_together(client, shop):
    key = api_client_create(name="Tender Board", scopes=["establishments:read"]).key

    response = _get(client, "api-g2g-workforce-summary", key)

    assert response.status_code == 200
    body = response.json()
    assert body["register"] == {"employees": 3, "omani": 2, "foreign": 1}
    assert body["social_insurance"]["insured"] == 3
    assert body["social_insurance"]["month"] == "2026-10-01"
    assert (body["wage_protection"]["late"], body["wage_protection"]["unpaid"]) == (1, 1)
    assert body["open_data_quality_cases"] == 1
    assert AuditEvent.objects.filter(action="api.g2g_call").count() == 1


def test_the_data_quality_counts_per_kind(client, shop):
    key = api_client_create(name="Tender Board", scopes=["establishments:read"]).key

    body = _get(client, "api-g2g-data-quality", key).json()

    assert body["open"] == 1
    wage = next(k for k in body["kinds"] if k["kind"] == "wage_salary_mismatch")
    assert wage == {"kind": "wage_salary_mismatch", "open": 1, "resolved": 0, "dismissed": 0}
    assert len(body["kinds"]) == len(DataQualityCase.Kind.values)


def test_an_unknown_cr_number_is_404(client, shop):
    key = api_client_create(name="Tender Board", scopes=["establishments:read"]).key
    assert _get(client, "api-g2g-workforce-summary", key, cr="7654321").status_code == 404


@pytest.mark.parametrize("name", ["api-g2g-workforce-summary", "api-g2g-data-quality"])
def test_a_missing_or_wrong_key_is_401_and_counted_not_audited_one_by_one(client, shop, name):
    from accounts.models import RefusedAttempt

    issued = api_client_create(name="Tender Board", scopes=["establishments:read"])
    prefix = issued.key.split(".")[0]

    with time_machine.travel("2026-12-06 10:00:05+00:00", tick=False):  # counts are per minute
        missing = _get(client, name, None)
        wrong = _get(client, name, f"{prefix}.{'A' * 43}")
        again = _get(client, name, f"{prefix}.{'B' * 43}")
        garbage = _get(client, name, "not-a-key")

    assert {r.status_code for r in (missing, wrong, again, garbage)} == {401}
    assert not AuditEvent.objects.filter(action="api.g2g_refused").exists()
    counts = dict(
        RefusedAttempt.objects.filter(kind=RefusedAttempt.Kind.G2G).values_list("key", "count")
    )
    assert counts == {"missing": 1, prefix: 2, "invalid": 1}
    assert set(RefusedAttempt.objects.values_list("address", flat=True)) == {"127.0.0.1"}


def test_a_key_without_the_scope_is_403_and_audited(client, shop):
    issued = api_client_create(name="Passport directorate", scopes=["permits:read"])

    response = _get(client, "api-g2g-workforce-summary", issued.key)

    assert response.status_code == 403
    event = AuditEvent.objects.get(action="api.g2g_call")
    assert event.actor == issued.client.user
    assert event.after["status"] == 403
    assert event.after["scopes"] == ["establishments:read"]


def test_the_per_key_rate_limit_answers_429_with_retry_after(client, shop, monkeypatch):
    monkeypatch.setattr(G2GThrottle, "THROTTLE_RATES", {"g2g": "2/min"})
    busy = api_client_create(name="Busy", scopes=["establishments:read"]).key
    quiet = api_client_create(name="Quiet", scopes=["establishments:read"]).key

    answers = [_get(client, "api-g2g-data-quality", busy).status_code for _ in range(3)]
    limited = _get(client, "api-g2g-data-quality", busy)

    assert answers == [200, 200, 429]
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    # the limit is per key: another client is not affected
    assert _get(client, "api-g2g-data-quality", quiet).status_code == 200


def test_the_endpoints_are_in_the_openapi_schema(client, make_user):
    # the schema is for staff and API clients (issue 17, finding 10)
    from accounts.models import User
    from tests.conftest import sign_in_staff

    sign_in_staff(client, make_user(User.Role.OFFICER))
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").content.decode()

    assert "/api/v1/g2g/establishments/{cr_number}/workforce-summary/" in schema
    assert "/api/v1/g2g/establishments/{cr_number}/data-quality/" in schema
    assert "g2g_establishment_workforce_summary" in schema
