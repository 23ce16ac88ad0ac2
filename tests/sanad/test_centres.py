"""Centres and clerks: the ministry registers and suspends; a centre's administrator manages
its clerks; the ministry sees activity per centre and per clerk and any session's trail."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from core.exceptions import PermissionDeniedError
from sanad.models import CentreMembership, Consent, ServiceCentre
from sanad.services import centre_register, clerk_add, clerk_set_status, complaint_file
from tests.conftest import sign_in, sign_in_staff
from tests.factories import UserFactory
from tests.sanad.helpers import active_consent, centre, clerk, delegate, person

pytestmark = pytest.mark.django_db


def test_ministry_registers_a_centre_and_suspending_it_withdraws_its_consents(client, make_user):
    approver = make_user(User.Role.APPROVER)
    sign_in_staff(client, approver)
    response = client.post(
        reverse("sanad:staff-centre-register"),
        {
            "licence_number": "SND-1",
            "name_ar": "مركز",
            "name_en": "Centre",
            "governorate": "muscat",
        },
    )
    registered = ServiceCentre.objects.get(licence_number="SND-1")
    assert response["Location"] == reverse("sanad:staff-centre", args=[registered.pk])
    worker = clerk(registered)
    consent = active_consent(worker, person())

    client.post(reverse("sanad:staff-centre-status", args=[registered.pk]), {"reason": "Audit"})

    registered.refresh_from_db()
    consent.refresh_from_db()
    assert registered.status == ServiceCentre.Status.SUSPENDED
    assert consent.status == Consent.Status.REVOKED
    assert consent.revoked_via == Consent.Via.STAFF


def test_only_ministry_staff_register_centres(make_user):
    with pytest.raises(PermissionDeniedError):
        centre_register(
            licence_number="X",
            name_ar="س",
            name_en="X",
            governorate="muscat",
            registered_by=clerk(),
        )


def test_a_centre_administrator_adds_and_suspends_clerks_of_their_own_centre_only(client):
    own = centre()
    administrator = clerk(own, role=CentreMembership.Role.ADMINISTRATOR)
    newcomer = UserFactory.create(role=User.Role.SANAD_CLERK)
    sign_in(client, administrator)

    client.post(reverse("sanad:centre-clerks"), {"username": newcomer.username, "role": "clerk"})
    membership = CentreMembership.objects.get(clerk=newcomer, centre=own)
    client.post(reverse("sanad:centre-clerk-status", args=[membership.pk]), {"status": "suspended"})
    membership.refresh_from_db()
    assert membership.status == CentreMembership.Status.SUSPENDED

    # another centre's clerk is not theirs to touch
    stranger = CentreMembership.objects.get(clerk=clerk())
    response = client.post(
        reverse("sanad:centre-clerk-status", args=[stranger.pk]), {"status": "suspended"}
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDeniedError):
        clerk_set_status(membership=stranger, status="suspended", actor=administrator)


def test_a_plain_clerk_cannot_manage_clerks(client):
    worker = clerk()
    sign_in(client, worker)
    assert client.get(reverse("sanad:centre-clerks")).status_code == 403
    with pytest.raises(PermissionDeniedError):
        clerk_add(centre=worker.sanad_memberships.get().centre, clerk=clerk(), added_by=worker)


def test_ministry_sees_activity_per_centre_and_clerk_and_the_session_trail(client, make_user):
    worker, citizen = clerk(), person()
    consent = active_consent(worker, citizen, ["account"])
    delegate(client, worker, consent)
    client.post(reverse("accounts:preferences"), {"preferred_language": "ar"})
    complaint_file(consent=consent, person=citizen, text="CANARY complaint text")
    membership = worker.sanad_memberships.get()
    sign_in_staff(client, make_user(User.Role.OFFICER))

    centres = client.get(reverse("sanad:staff-centres"))
    row = next(c for c in centres.context["page"].object_list if c.pk == membership.centre_id)
    assert (row.session_count, row.complaint_count) == (1, 1)
    assert row.action_count >= 1
    centre_page = client.get(reverse("sanad:staff-centre", args=[membership.centre_id]))
    assert b"CANARY complaint text" in centre_page.content
    clerk_page = client.get(reverse("sanad:staff-clerk", args=[membership.pk]))
    assert clerk_page.context["action_count"] >= 1
    trail = client.get(reverse("sanad:staff-session", args=[consent.pk]))
    actions = [e.action for e in trail.context["events"]]
    assert "notifications.alerts_off" in actions
    assert all(e.actor == worker for e in trail.context["events"] if e.action.startswith("notif"))
