"""The passport and residence directorate's G2G endpoints: permit clearance and visas."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.api_keys import api_client_create
from core.models import AuditEvent
from employers.models import Establishment
from permits.models import Permit, PermitVisa
from permits.services import permit_withdraw
from tests.conftest import sign_in
from tests.factories import EstablishmentFactory
from tests.permits.builders import apply, representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop() -> Establishment:
    return EstablishmentFactory.create(cr_number="1234567")


@pytest.fixture
def permit(shop: Establishment) -> Permit:
    issued = apply(shop, representative(shop), requested_start=timezone.localdate())
    assert issued.status == Permit.Status.ACTIVE
    return issued


@pytest.fixture
def reader_key() -> str:
    return api_client_create(name="ROP passports read", scopes=["permits:read"]).key


@pytest.fixture
def writer_key() -> str:
    return api_client_create(name="ROP visas", scopes=["permits:visa-write"]).key


def _get(client, number: str, key: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"} if key is not None else {}
    return client.get(reverse("api-g2g-permit", args=[number]), **headers)


def _post(client, number: str, key: str | None, body: dict[str, object]):
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"} if key is not None else {}
    return client.post(
        reverse("api-g2g-permit-visas", args=[number]),
        data=json.dumps(body),
        content_type="application/json",
        **headers,
    )


def _visa(**overrides: object) -> dict[str, object]:
    today = timezone.localdate()
    body: dict[str, object] = {
        "visa_number": "V2026000123",
        "issued_on": today.isoformat(),
        "expires_on": (today + datetime.timedelta(days=90)).isoformat(),
        "entry_status": "issued",
    }
    body.update(overrides)
    return body


class TestAccess:
    def test_no_key_is_401_on_both_endpoints(self, client, permit):
        assert _get(client, permit.number, None).status_code == 401
        assert _post(client, permit.number, None, _visa()).status_code == 401
        assert not PermitVisa.objects.exists()

    def test_a_key_for_omanization_only_cannot_read_permits(self, client, permit):
        key = api_client_create(name="Tender Board", scopes=["omanization:read"]).key
        response = _get(client, permit.number, key)
        assert response.status_code == 403
        assert "passport_number" not in response.content.decode()

    def test_a_read_only_key_cannot_record_a_visa(self, client, permit, reader_key):
        response = _post(client, permit.number, reader_key, _visa())
        assert response.status_code == 403
        assert not PermitVisa.objects.exists()

    def test_a_visa_writing_key_cannot_read_the_clearance(self, client, permit, writer_key):
        assert _get(client, permit.number, writer_key).status_code == 403

    def test_a_signed_in_session_cannot_use_the_api(self, client, permit, shop):
        sign_in(client, representative(shop))
        assert _get(client, permit.number, None).status_code == 401

    def test_every_call_is_audited_with_its_status(self, client, permit, reader_key, writer_key):
        _get(client, permit.number, reader_key)
        _get(client, "WP0000000000000", reader_key)
        _post(client, permit.number, reader_key, _visa())
        _post(client, permit.number, writer_key, _visa())
        calls = AuditEvent.objects.filter(action="api.g2g_call").order_by("id")
        assert [(e.after["method"], e.after["status"]) for e in calls] == [
            ("GET", 200),
            ("GET", 404),
            ("POST", 403),
            ("POST", 201),
        ]
        assert calls[0].actor.username.startswith("api-rop-passports-read")

    def test_the_endpoints_are_in_the_openapi_schema(self, client, make_user):
        # the schema is for staff and API clients (issue 17, finding 10)
        from accounts.models import User
        from tests.conftest import sign_in_staff

        sign_in_staff(client, make_user(User.Role.OFFICER))
        schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json")
        text = schema.content.decode()
        assert "/api/v1/g2g/permits/{number}/" in text
        assert "/api/v1/g2g/permits/{number}/visas/" in text
        assert "g2g_permit_clearance" in text
        assert "g2g_permit_visa_record" in text


class TestClearance:
    def test_an_unknown_number_is_404_with_a_detail(self, client, reader_key):
        response = _get(client, "WP2026999999999", reader_key)
        assert response.status_code == 404
        assert response.json() == {"detail": "No work permit with this number."}

    def test_a_valid_permit_is_cleared_with_the_workers_passport_details(
        self, client, permit, reader_key
    ):
        body = _get(client, permit.number, reader_key).json()
        assert body["number"] == permit.number
        assert body["status"] == "active"
        assert body["valid"] is True
        assert body["kind"] == "new"
        assert body["valid_from"] == permit.valid_from.isoformat()
        assert body["valid_until"] == permit.valid_until.isoformat()
        assert body["worker"] == {
            "name_en": "Rajesh Kumar",
            "name_ar": "راجيش كومار",
            "nationality": "IND",
            "passport_number": permit.passport_number,
            "date_of_birth": "1990-05-17",
        }
        assert body["occupation_code"] == "7411"
        assert body["establishment"]["cr_number"] == "1234567"
        assert body["establishment"]["status"] == "active"
        assert body["establishment"]["permits_barred"] is False
        assert body["clearance"] == {"cleared": True, "reasons": []}
        assert body["visas"] == []

    def test_the_number_is_matched_whatever_its_case(self, client, permit, reader_key):
        assert _get(client, permit.number.lower(), reader_key).status_code == 200

    def test_a_barred_establishment_is_not_cleared_and_says_why(
        self, client, permit, shop, reader_key
    ):
        Establishment.objects.filter(pk=shop.pk).update(
            permits_barred=True, bar_reason="Unpaid wages"
        )
        body = _get(client, permit.number, reader_key).json()
        assert body["valid"] is True  # the permit itself is still valid
        assert body["establishment"]["permits_barred"] is True
        assert body["clearance"]["cleared"] is False
        assert [r["code"] for r in body["clearance"]["reasons"]] == ["establishment_barred"]
        # the bar's reason is the ministry's business, not the directorate's
        assert "Unpaid wages" not in json.dumps(body)

    def test_a_suspended_establishment_and_a_withdrawn_permit_give_both_reasons(
        self, client, shop, reader_key
    ):
        pending = apply(shop, representative(shop), occupation_code="4110")  # reserved: queue
        assert pending.status == Permit.Status.SUBMITTED
        permit_withdraw(permit=pending, withdrawn_by=pending.applied_by)
        Establishment.objects.filter(pk=shop.pk).update(status=Establishment.Status.SUSPENDED)
        body = _get(client, pending.number, reader_key).json()
        assert body["valid"] is False
        assert body["clearance"]["cleared"] is False
        assert [r["code"] for r in body["clearance"]["reasons"]] == [
            "permit_status",
            "establishment_status",
        ]

    def test_an_issued_permit_that_starts_later_is_cleared_but_not_yet_valid(
        self, client, shop, reader_key
    ):
        later = apply(shop, representative(shop))  # starts in 14 days
        body = _get(client, later.number, reader_key).json()
        assert body["status"] == "active"
        assert body["valid"] is False
        assert body["clearance"]["cleared"] is True

    def test_recorded_visas_are_listed(self, client, permit, reader_key, writer_key):
        _post(client, permit.number, writer_key, _visa())
        visas = _get(client, permit.number, reader_key).json()["visas"]
        assert [v["visa_number"] for v in visas] == ["V2026000123"]
        assert visas[0]["entry_status"] == "issued"
        assert visas[0]["entered_on"] is None


class TestVisas:
    def test_a_visa_is_created_then_the_same_visa_again_is_200_with_the_same_body(
        self, client, permit, writer_key
    ):
        first = _post(client, permit.number, writer_key, _visa())
        again = _post(client, permit.number, writer_key, _visa())
        assert first.status_code == 201
        assert again.status_code == 200
        assert first.json() == again.json()
        assert first.json()["permit_number"] == permit.number
        visa = PermitVisa.objects.get()
        assert visa.permit == permit
        assert visa.recorded_by.api_client.name == "ROP visas"
        assert AuditEvent.objects.filter(action="permits.visa_recorded").count() == 1

    def test_entry_is_recorded_on_the_same_visa(self, client, permit, writer_key):
        _post(client, permit.number, writer_key, _visa())
        today = timezone.localdate().isoformat()
        response = _post(
            client, permit.number, writer_key, _visa(entry_status="entered", entered_on=today)
        )
        assert response.status_code == 200
        visa = PermitVisa.objects.get()
        assert (visa.entry_status, visa.entered_on.isoformat()) == ("entered", today)

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"visa_number": ""}, "visa_number"),
            ({"visa_number": "V" * 31}, "visa_number"),
            ({"issued_on": "not a date"}, "issued_on"),
            ({"expires_on": "2020-01-01"}, "expires_on"),
            ({"entry_status": "landed"}, "entry_status"),
            ({"entry_status": "entered"}, "entered_on"),
            ({"entry_status": "entered", "entered_on": "2020-01-01"}, "entered_on"),
        ],
        ids=["empty", "too-long", "bad-date", "expires-first", "status", "no-entry", "entry-early"],
    )
    def test_a_bad_body_is_400_by_field_and_saves_nothing(
        self, client, permit, writer_key, body, field
    ):
        response = _post(client, permit.number, writer_key, _visa(**body))
        assert response.status_code == 400
        assert field in response.json()
        assert not PermitVisa.objects.exists()
        assert not AuditEvent.objects.filter(action="permits.visa_recorded").exists()

    def test_a_missing_field_is_400(self, client, permit, writer_key):
        body = _visa()
        del body["issued_on"]
        response = _post(client, permit.number, writer_key, body)
        assert response.status_code == 400
        assert "issued_on" in response.json()

    def test_an_unknown_permit_is_404(self, client, writer_key):
        response = _post(client, "WP2026999999999", writer_key, _visa())
        assert response.status_code == 404
        assert not PermitVisa.objects.exists()

    @pytest.mark.parametrize("end", ["rejected", "withdrawn"])
    def test_a_visa_for_a_permit_never_issued_is_409(self, client, shop, writer_key, end):
        pending = apply(shop, representative(shop), occupation_code="4110")
        if end == "withdrawn":
            permit_withdraw(permit=pending, withdrawn_by=pending.applied_by)
        else:
            from permits.services import permit_transition

            permit_transition(permit=pending, to=Permit.Status.REJECTED, actor=None)
        response = _post(client, pending.number, writer_key, _visa())
        assert response.status_code == 409
        assert "no visa can be recorded" in response.json()["detail"]
        assert not PermitVisa.objects.exists()

    def test_a_visa_number_of_another_permit_is_409(self, client, shop, permit, writer_key):
        other = apply(shop, representative(shop), requested_start=timezone.localdate())
        assert _post(client, permit.number, writer_key, _visa()).status_code == 201
        response = _post(client, other.number, writer_key, _visa())
        assert response.status_code == 409
        assert PermitVisa.objects.get().permit == permit
