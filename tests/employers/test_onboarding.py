"""Employers onboard themselves (issue 18): establishments come from the commerce registry, an
owner proven by the national identity provider claims one, and appoints representatives per
service; the registry takes administration away again."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from core.models import AuditEvent
from employers.models import Establishment, EstablishmentOwner, Membership
from integrations.entities import Entity
from integrations.services import sync_run
from notifications.models import SmsMessage
from permits.models import Permit
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.permits.employer_helpers import apply_form

pytestmark = pytest.mark.django_db

NEW_CR = "7700001"
OWNER = "81234567"
CO_OWNER = "81234570"
REPRESENTATIVE = "81234568"
STRANGER = "81234569"


def _url(name: str, **kwargs: int) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def person(civil_id: str, *, mobile: str = "") -> User:
    """An account whose number the national identity provider proved."""
    return UserFactory.create(
        civil_id=civil_id,
        role=User.Role.JOBSEEKER,
        identity_proven_at=timezone.now(),
        identity_proof_method="idp",
        mobile=mobile,
        preferred_language="en",
    )


def registration(**fields: str) -> dict[str, str]:
    """A new commercial registration as the registry's feed sends it."""
    record = {
        "cr_number": NEW_CR,
        "name_ar": "مؤسسة الفجر للمقاولات",
        "name_en": "Al Fajr Contracting",
        "activity_code": "4100",
        "status": "active",
        "status_changed_on": "2026-03-01",
        "governorate": "dhofar",
        "address": "Building 12, Way 3401, Salalah",
        "capital": "25000.000",
        "registered_on": "2026-03-01",
        "owners": f"{OWNER}:owner,{CO_OWNER}:signatory",
    }
    record.update(fields)
    return record


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The sync's backoff waits, recorded instead of slept."""
    import integrations.services

    recorded: list[float] = []
    monkeypatch.setattr(integrations.services, "_sleep", recorded.append)
    return recorded


@pytest.fixture
def registered(stub, waits) -> int:
    """A new CR in the registry's feed, synchronised; returns its index in the stub's feed."""
    [index] = stub.inject({"entity": Entity.COMMERCE_REGISTRY, "add": [registration()]})["added"]
    run = sync_run(entity=Entity.COMMERCE_REGISTRY)
    assert run is not None
    assert run.status == "succeeded", run.failure_reason
    return int(index)


def claim(client, user: User, *, method: str = "idp"):
    sign_in(client, user, method=method)
    establishment = Establishment.objects.get(cr_number=NEW_CR)
    return client.post(_url("employers:claim", establishment_id=establishment.pk))


def appoint(client, establishment: Establishment, **form: object):
    data: dict[str, object] = {
        "civil_id": REPRESENTATIVE,
        "services": ["permits"],
        "valid_until": "",
    }
    data.update(form)
    return client.post(
        _url("employers:employer-member-appoint", establishment_id=establishment.pk), data
    )


class TestFromTheRegistryToARepresentative:
    def test_a_new_cr_appears_after_a_sync_with_its_owners(self, registered):
        establishment = Establishment.objects.get(cr_number=NEW_CR)

        assert establishment.name_en == "Al Fajr Contracting"
        assert establishment.governorate == "dhofar"
        assert establishment.activity.code == "4100"
        assert str(establishment.capital) == "25000.000"
        assert establishment.address == "Building 12, Way 3401, Salalah"
        assert set(
            EstablishmentOwner.objects.filter(establishment=establishment).values_list(
                "civil_id", "kind"
            )
        ) == {(OWNER, "owner"), (CO_OWNER, "signatory")}
        # the stub's own registrations came with it
        assert Establishment.objects.filter(cr_number="5000001").exists()

    def test_the_owner_claims_it_after_signing_in_with_the_identity_provider(
        self, client, registered
    ):
        owner = person(OWNER)
        sign_in(client, owner)

        page = client.get(_url("employers:my-establishments")).content.decode()
        response = claim(client, owner)

        assert "Al Fajr Contracting" in page
        assert "Claim as administrator" in page
        membership = Membership.objects.get(user=owner)
        assert membership.role == Membership.Role.OWNER
        assert membership.is_active
        assert response["Location"] == _url(
            "employers:employer-members", establishment_id=membership.establishment_id
        )
        assert AuditEvent.objects.filter(action="employers.establishment_claimed").count() == 1

    def test_a_non_owner_cannot_claim(self, client, registered):
        stranger = person(STRANGER)

        response = claim(client, stranger)

        assert response.status_code == 403
        assert not Membership.objects.exists()
        assert not AuditEvent.objects.filter(action="employers.establishment_claimed").exists()

    def test_an_owner_signed_in_by_sms_code_cannot_claim(self, client, registered):
        owner = person(OWNER)

        response = claim(client, owner, method="registry_sms")

        assert response.status_code == 403
        assert not Membership.objects.exists()

    def test_a_representative_for_permits_only_files_permits_and_nothing_else(
        self, client, registered, settings, tmp_path
    ):
        settings.PRIVATE_FILES_ROOT = tmp_path / "private"
        owner = person(OWNER)
        claim(client, owner)
        establishment = Establishment.objects.get(cr_number=NEW_CR)

        # the owner appoints a representative for work permits only
        response = appoint(client, establishment)
        assert response.status_code == 302
        waiting = Membership.objects.get(civil_id=REPRESENTATIVE)
        assert waiting.status == Membership.Status.PENDING
        assert waiting.services == ["permits"]

        # the appointee signs in, sees the appointment and accepts it
        appointee = person(REPRESENTATIVE)
        sign_in(client, appointee)
        page = client.get(_url("employers:my-establishments")).content.decode()
        assert "appoints you as a representative for: Work permits" in page
        accepted = client.post(_url("employers:appointment-accept", membership_id=waiting.pk))
        assert accepted.status_code == 302

        # they may file permits
        permits = _url("permits:employer-permits", establishment_id=establishment.pk)
        apply_page = _url("permits:employer-permit-apply", establishment_id=establishment.pk)
        assert client.get(permits).status_code == 200
        assert client.get(apply_page).status_code == 200
        filed = client.post(apply_page, apply_form())
        assert filed.status_code == 302
        assert Permit.objects.filter(establishment=establishment, applied_by=appointee).exists()
        # and reach neither the workforce register nor the contracts
        for name in ("employers:employer-workforce", "employment:employer-contracts"):
            assert client.get(_url(name, establishment_id=establishment.pk)).status_code == 404
        assert (
            client.get(
                _url("employers:employer-members", establishment_id=establishment.pk)
            ).status_code
            == 404
        )

    def test_every_change_is_audited_and_told_to_the_administrators(self, client, registered):
        owner = person(OWNER, mobile="+96891234567")
        claim(client, owner)
        establishment = Establishment.objects.get(cr_number=NEW_CR)

        appoint(client, establishment)
        membership = Membership.objects.get(civil_id=REPRESENTATIVE)
        client.post(
            _url(
                "employers:employer-member-remove",
                establishment_id=establishment.pk,
                membership_id=membership.pk,
            )
        )

        actions = list(
            AuditEvent.objects.filter(action__startswith="employers.").values_list(
                "action", flat=True
            )
        )
        assert "employers.representative_appointed" in actions
        assert "employers.representative_removed" in actions
        texts = list(
            SmsMessage.objects.filter(recipient=owner).values_list("rendered_text", flat=True)
        )
        assert any(f"{REPRESENTATIVE} was appointed" in text for text in texts)
        assert any("is no longer a representative" in text for text in texts)


class TestWhenTheRegistryChanges:
    def test_an_owner_removed_in_the_registry_loses_administration_at_the_next_sync(
        self, client, stub, registered
    ):
        owner, co_owner = person(OWNER), person(CO_OWNER, mobile="+96891234570")
        claim(client, owner)
        claim(client, co_owner)

        stub.inject(
            {
                "entity": Entity.COMMERCE_REGISTRY,
                "put": [{"index": registered, "fields": {"owners": f"{CO_OWNER}:owner"}}],
            }
        )
        sync_run(entity=Entity.COMMERCE_REGISTRY)

        assert not Membership.objects.get(user=owner).is_active
        assert Membership.objects.get(user=owner).status == Membership.Status.ENDED
        assert Membership.objects.get(user=co_owner).is_active
        assert AuditEvent.objects.filter(action="employers.administration_ended").count() == 1
        told = SmsMessage.objects.filter(recipient=co_owner).values_list("rendered_text", flat=True)
        assert any("is no longer an administrator" in text for text in told)
        sign_in(client, owner)
        establishment = Establishment.objects.get(cr_number=NEW_CR)
        url = _url("employers:employer-establishment", establishment_id=establishment.pk)
        assert client.get(url).status_code == 403  # represents nobody any more

    def test_a_cr_struck_off_ends_its_memberships_and_closes_its_vacancies(
        self, client, stub, registered
    ):
        from jobseekers.models import Vacancy

        owner = person(OWNER)
        claim(client, owner)
        establishment = Establishment.objects.get(cr_number=NEW_CR)
        appoint(client, establishment)
        vacancy = Vacancy.objects.create(
            establishment=establishment,
            posted_by=owner,
            title_en="Site engineer",
            title_ar="مهندس موقع",
            occupation_code="2142",
            governorate="dhofar",
            salary_min=800,
            salary_max=1200,
            closes_on=timezone.localdate() + datetime.timedelta(days=30),
            published_at=timezone.now(),
        )

        stub.inject(
            {
                "entity": Entity.COMMERCE_REGISTRY,
                "put": [
                    {
                        "index": registered,
                        "fields": {"status": "closed", "status_changed_on": "2026-11-01"},
                    }
                ],
            }
        )
        sync_run(entity=Entity.COMMERCE_REGISTRY)

        establishment.refresh_from_db()
        assert establishment.status == Establishment.Status.CLOSED
        assert set(
            Membership.objects.filter(establishment=establishment).values_list("status", flat=True)
        ) == {Membership.Status.ENDED}
        assert not Membership.objects.filter(establishment=establishment, is_active=True).exists()
        vacancy.refresh_from_db()
        assert vacancy.status == Vacancy.Status.CLOSED
        event = AuditEvent.objects.get(action="employers.establishment_struck_off")
        assert event.after["memberships_ended"] == 2
        assert event.after["vacancies_closed"] == 1


class TestBadInput:
    @pytest.fixture
    def administered(self, client, registered) -> Establishment:
        claim(client, person(OWNER))
        return Establishment.objects.get(cr_number=NEW_CR)

    @pytest.mark.parametrize(
        ("form", "message"),
        [
            ({"civil_id": "99000001"}, "No person holds this civil or resident number."),
            ({"civil_id": "12ab"}, "Enter the 8 to 10 digits of the civil or resident number."),
            (
                {"valid_until": "2020-01-01"},
                "The end date has passed: choose today or a later date, or none.",
            ),
            ({"services": []}, "Choose at least one service."),
        ],
    )
    def test_a_refused_appointment_says_why_and_saves_nothing(
        self, client, administered, form, message
    ):
        before = AuditEvent.objects.count()

        response = appoint(client, administered, **form)

        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Membership.objects.filter(role=Membership.Role.REPRESENTATIVE).exists()
        assert AuditEvent.objects.count() == before

    def test_a_person_appointed_twice_is_refused(self, client, administered):
        appoint(client, administered)

        response = appoint(client, administered, services=["workforce"])

        assert "This person is already appointed for this establishment." in (
            response.content.decode()
        )
        assert Membership.objects.get(civil_id=REPRESENTATIVE).services == ["permits"]

    def test_the_errors_are_translated(self, client, administered):
        with translation.override("ar"):
            url = reverse(
                "employers:employer-member-appoint", kwargs={"establishment_id": administered.pk}
            )
            expected = str(translation.gettext("No person holds this civil or resident number."))

        response = client.post(url, {"civil_id": "99000001", "services": ["permits"]})

        assert expected != "No person holds this civil or resident number."
        assert expected in response.content.decode()
        assert not Membership.objects.filter(role=Membership.Role.REPRESENTATIVE).exists()

    def test_a_cr_the_registry_does_not_know_is_refused(self, client, registered):
        sign_in(client, person(OWNER))
        count = Establishment.objects.count()

        response = client.post(_url("employers:registry-lookup"), {"cr_number": "7799999"})

        assert "The commerce registry has no registration with this number." in (
            response.content.decode()
        )
        assert Establishment.objects.count() == count


class TestLookupOnDemand:
    def test_a_cr_missing_from_the_feed_is_looked_up_and_claimed(self, client, stub, waits):
        stub.inject(
            {
                "entity": Entity.COMMERCE_REGISTRY,
                "unlisted": [registration(cr_number="7700002", name_en="Late Registration")],
            }
        )
        owner = person(OWNER)
        sign_in(client, owner)

        response = client.post(_url("employers:registry-lookup"), {"cr_number": "7700002"})
        page = client.get(_url("employers:my-establishments")).content.decode()

        assert response.status_code == 302
        assert "Late Registration" in page
        assert Establishment.objects.get(cr_number="7700002").owners.count() == 2

    def test_a_registry_outage_says_so_and_changes_nothing(self, client, stub, waits):
        stub.inject(
            {"entity": Entity.COMMERCE_REGISTRY, "unlisted": [registration(cr_number="7700003")]}
        )
        stub.control({"entity": Entity.COMMERCE_REGISTRY, "faults": [{"kind": "503"}]})
        sign_in(client, person(OWNER))

        response = client.post(_url("employers:registry-lookup"), {"cr_number": "7700003"})

        assert "The commerce registry cannot be reached just now." in response.content.decode()
        assert not Establishment.objects.filter(cr_number="7700003").exists()


class TestStaff:
    def test_the_worklist_lists_unclaimed_establishments_and_the_history_each_change(
        self, client, staff_client, registered
    ):
        officer = staff_client(User.Role.OFFICER)
        establishment = Establishment.objects.get(cr_number=NEW_CR)

        worklist = officer.get(_url("employers:staff-registry-worklist")).content.decode()

        assert "Al Fajr Contracting" in worklist
        claim(client, person(OWNER))
        appoint(client, establishment)

        from django.test import Client

        staff = Client()
        from tests.conftest import sign_in_staff

        sign_in_staff(staff, UserFactory.create(role=User.Role.OFFICER))
        history = staff.get(
            _url("employers:staff-representatives", establishment_id=establishment.pk)
        ).content.decode()
        assert "employers.establishment_claimed" in history
        assert "employers.representative_appointed" in history
        worklist = staff.get(_url("employers:staff-registry-worklist")).content.decode()
        assert "Al Fajr Contracting" not in worklist
