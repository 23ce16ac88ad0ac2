"""Disputed claims and the chamber of commerce (issue 18): a person the registry does not list,
or a listed owner contesting someone, disputes who administers an establishment and staff decide
from the registry worklist; a lapsed chamber membership stops new work permits and says so."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from core.models import AuditEvent
from employers.models import ClaimDispute, Establishment, Membership
from notifications.models import SmsMessage
from permits.models import Permit
from tests.conftest import sign_in, sign_in_staff
from tests.employers import test_onboarding as onboarding
from tests.employers.test_onboarding import (
    CO_OWNER,
    NEW_CR,
    OWNER,
    REPRESENTATIVE,
    STRANGER,
    _url,
    appoint,
    claim,
    person,
)
from tests.factories import UserFactory
from tests.permits.employer_helpers import apply_form

pytestmark = pytest.mark.django_db

# the onboarding tests' fixtures: a new CR in the registry's feed, synchronised
waits = onboarding.waits
registered = onboarding.registered

STATEMENT = "I bought this business in March; the registry still lists the previous owner."


def dispute(client: Client, user, **form: str):
    sign_in(client, user)
    data = {"cr_number": NEW_CR, "contested_civil_id": "", "statement": STATEMENT}
    data.update(form)
    return client.post(_url("employers:claim-dispute"), data)


def officer_client():
    from accounts.models import User

    staff = Client()
    sign_in_staff(staff, UserFactory.create(role=User.Role.OFFICER))
    return staff


class TestRaising:
    def test_a_person_the_registry_does_not_list_disputes_and_staff_see_it(
        self, client, registered
    ):
        stranger = person(STRANGER, mobile="+96891234569")

        response = dispute(client, stranger)

        assert response.status_code == 302
        [raised] = ClaimDispute.objects.all()
        assert raised.kind == ClaimDispute.Kind.NOT_LISTED
        assert raised.status == ClaimDispute.Status.OPEN
        assert AuditEvent.objects.filter(action="employers.claim_disputed").count() == 1
        assert SmsMessage.objects.filter(recipient=stranger).count() == 1
        worklist = officer_client().get(_url("employers:staff-claim-disputes")).content.decode()
        assert "Al Fajr Contracting" in worklist
        assert STRANGER in worklist
        # nobody became an administrator
        assert not Membership.objects.exists()

    def test_a_listed_owner_contests_a_representative(self, client, registered):
        claim(client, person(OWNER))
        establishment = Establishment.objects.get(cr_number=NEW_CR)
        appoint(client, establishment)
        co_owner = person(CO_OWNER)

        response = dispute(client, co_owner, contested_civil_id=REPRESENTATIVE)

        assert response.status_code == 302
        [raised] = ClaimDispute.objects.all()
        assert raised.kind == ClaimDispute.Kind.CONTESTED
        assert raised.contested is not None
        assert raised.contested.civil_id == REPRESENTATIVE

    @pytest.mark.parametrize(
        ("who", "form", "error"),
        [
            (OWNER, {}, "The commerce registry lists you already: claim the establishment"),
            (STRANGER, {"statement": "too short"}, "Ensure this value has at least 20"),
            (STRANGER, {"cr_number": "7799999"}, "The portal has no establishment with this CR"),
            (STRANGER, {"cr_number": "12ab"}, "Enter the 7 to 10 digits of the CR number."),
            (STRANGER, {"contested_civil_id": OWNER}, "Only an owner or signatory the registry"),
            (CO_OWNER, {"contested_civil_id": "81239999"}, "Nobody with this number acts for"),
        ],
    )
    def test_bad_disputes_say_why_and_save_nothing(self, client, registered, who, form, error):
        owner = person(OWNER)
        claim(client, owner)
        user = owner if who == OWNER else person(who)

        response = dispute(client, user, **form)

        assert response.status_code in (200, 403)
        assert error in response.content.decode()
        assert not ClaimDispute.objects.exists()

    def test_a_second_open_dispute_is_refused(self, client, registered):
        stranger = person(STRANGER)
        dispute(client, stranger)

        response = dispute(client, stranger)

        assert "You have an open dispute about this establishment already." in (
            response.content.decode()
        )
        assert ClaimDispute.objects.count() == 1

    def test_a_person_signed_in_by_sms_code_may_not_dispute(self, client, registered):
        stranger = person(STRANGER)
        sign_in(client, stranger, method="registry_sms")

        response = client.post(
            _url("employers:claim-dispute"),
            {"cr_number": NEW_CR, "contested_civil_id": "", "statement": STATEMENT},
        )

        assert "Sign in with the national digital identity to dispute a claim." in (
            response.content.decode()
        )
        assert not ClaimDispute.objects.exists()


class TestDeciding:
    def test_upholding_a_contested_membership_suspends_it_and_tells_everyone(
        self, client, registered
    ):
        claim(client, person(OWNER, mobile="+96891234567"))
        establishment = Establishment.objects.get(cr_number=NEW_CR)
        appoint(client, establishment)
        co_owner = person(CO_OWNER, mobile="+96891234570")
        dispute(client, co_owner, contested_civil_id=REPRESENTATIVE)
        raised = ClaimDispute.objects.get()
        staff = officer_client()
        sms_before = SmsMessage.objects.count()

        response = staff.post(
            _url("employers:staff-claim-dispute-decide", dispute_id=raised.pk),
            {"decision": "uphold", "note": "The registry confirms a change of signatories."},
        )

        assert response.status_code == 302
        raised.refresh_from_db()
        assert raised.status == ClaimDispute.Status.UPHELD
        contested = Membership.objects.get(civil_id=REPRESENTATIVE)
        assert contested.status == Membership.Status.ENDED  # it was still waiting: withdrawn
        assert AuditEvent.objects.filter(action="employers.claim_dispute_decided").count() == 1
        # the author and the administrator are told
        told = SmsMessage.objects.order_by("id")[sms_before:]
        assert {m.recipient.civil_id for m in told if m.recipient} >= {OWNER, CO_OWNER}

    def test_dismissing_changes_no_membership(self, client, registered):
        stranger = person(STRANGER)
        dispute(client, stranger)
        raised = ClaimDispute.objects.get()

        officer_client().post(
            _url("employers:staff-claim-dispute-decide", dispute_id=raised.pk),
            {"decision": "dismiss", "note": "The registry confirms the owner."},
        )

        raised.refresh_from_db()
        assert raised.status == ClaimDispute.Status.DISMISSED
        assert not Membership.objects.exists()

    def test_a_decision_without_a_reason_or_twice_is_refused(self, client, registered):
        dispute(client, person(STRANGER))
        raised = ClaimDispute.objects.get()
        staff = officer_client()
        url = _url("employers:staff-claim-dispute-decide", dispute_id=raised.pk)

        without = staff.post(url, {"decision": "uphold", "note": ""}, follow=True)
        assert "This field is required." in without.content.decode()
        raised.refresh_from_db()
        assert raised.status == ClaimDispute.Status.OPEN

        staff.post(url, {"decision": "dismiss", "note": "Registry confirms."})
        again = staff.post(url, {"decision": "uphold", "note": "Changed my mind."}, follow=True)
        assert "This dispute was decided already." in again.content.decode()
        raised.refresh_from_db()
        assert raised.status == ClaimDispute.Status.DISMISSED

    def test_an_analyst_may_not_decide(self, client, registered, staff_client):
        from accounts.models import User

        dispute(client, person(STRANGER))
        raised = ClaimDispute.objects.get()
        analyst = Client()
        sign_in_staff(analyst, UserFactory.create(role=User.Role.ANALYST))

        response = analyst.post(
            _url("employers:staff-claim-dispute-decide", dispute_id=raised.pk),
            {"decision": "uphold", "note": "x"},
        )

        assert response.status_code == 403
        raised.refresh_from_db()
        assert raised.status == ClaimDispute.Status.OPEN


class TestChamberMembership:
    def _administered(self, client) -> Establishment:
        claim(client, person(OWNER))
        return Establishment.objects.get(cr_number=NEW_CR)

    def test_a_lapsed_membership_stops_new_permits_and_the_page_says_so(
        self, client, registered, settings, tmp_path
    ):
        settings.PRIVATE_FILES_ROOT = tmp_path / "private"
        establishment = self._administered(client)
        lapsed = timezone.localdate() - datetime.timedelta(days=3)
        Establishment.objects.filter(pk=establishment.pk).update(
            chamber_status="valid", chamber_valid_until=lapsed
        )
        apply_page = _url("permits:employer-permit-apply", establishment_id=establishment.pk)

        page = client.get(apply_page).content.decode()
        response = client.post(apply_page, apply_form())

        assert "The chamber of commerce membership of this establishment lapsed on" in page
        assert "renew it with the chamber before applying for work permits" in (
            response.content.decode()
        )
        assert not Permit.objects.filter(establishment=establishment).exists()

    def test_a_valid_membership_lets_permits_through(self, client, registered, settings, tmp_path):
        settings.PRIVATE_FILES_ROOT = tmp_path / "private"
        establishment = self._administered(client)
        Establishment.objects.filter(pk=establishment.pk).update(
            chamber_status="valid",
            chamber_valid_until=timezone.localdate() + datetime.timedelta(days=90),
        )
        apply_page = _url("permits:employer-permit-apply", establishment_id=establishment.pk)

        page = client.get(apply_page).content.decode()
        response = client.post(apply_page, apply_form())

        assert "chamber of commerce membership of this establishment" not in page
        assert response.status_code == 302
        assert Permit.objects.filter(establishment=establishment).exists()

    def test_the_refusal_is_in_arabic_for_an_arabic_page(self, client, registered):
        establishment = self._administered(client)
        Establishment.objects.filter(pk=establishment.pk).update(chamber_status="expired")
        from django.urls import reverse
        from django.utils import translation

        with translation.override("ar"):
            url = reverse(
                "permits:employer-permit-apply", kwargs={"establishment_id": establishment.pk}
            )
        page = client.get(url).content.decode()

        assert "غرفة" in page
