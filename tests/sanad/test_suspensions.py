"""Only the ministry lifts the suspensions it made, and a clerk suspended at one centre cannot be
taken on at another by its administrator (issue 17, finding 2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from core.exceptions import PermissionDeniedError
from core.models import AuditEvent
from sanad.models import CentreMembership
from sanad.services import clerk_add, clerk_set_status
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.sanad.helpers import centre, clerk

pytestmark = pytest.mark.django_db


def _suspended_by_ministry(make_user):
    own = centre()
    administrator = clerk(own, role=CentreMembership.Role.ADMINISTRATOR)
    worker = clerk(own)
    membership = CentreMembership.objects.get(clerk=worker, centre=own)
    officer = make_user(User.Role.APPROVER)
    clerk_set_status(membership=membership, status="suspended", actor=officer)
    return own, administrator, membership, officer


def test_a_suspension_records_who_made_it(make_user):
    _own, _administrator, membership, officer = _suspended_by_ministry(make_user)

    membership.refresh_from_db()
    assert membership.suspended_by == officer
    assert membership.suspended_by_ministry


def test_a_centre_administrator_cannot_lift_the_ministrys_suspension(client, make_user):
    _own, administrator, membership, _officer = _suspended_by_ministry(make_user)
    sign_in(client, administrator)

    client.post(reverse("sanad:centre-clerk-status", args=[membership.pk]), {"status": "active"})
    with pytest.raises(PermissionDeniedError):
        clerk_set_status(membership=membership, status="active", actor=administrator)

    membership.refresh_from_db()
    assert membership.status == CentreMembership.Status.SUSPENDED
    assert not AuditEvent.objects.filter(action="sanad.clerk_active").exists()


def test_the_ministry_lifts_its_own_suspension(make_user):
    _own, _administrator, membership, officer = _suspended_by_ministry(make_user)

    clerk_set_status(membership=membership, status="active", actor=officer)

    membership.refresh_from_db()
    assert membership.status == CentreMembership.Status.ACTIVE
    assert membership.suspended_by is None


def test_a_centre_administrator_lifts_a_suspension_of_their_own():
    own = centre()
    administrator = clerk(own, role=CentreMembership.Role.ADMINISTRATOR)
    membership = CentreMembership.objects.get(clerk=clerk(own), centre=own)
    clerk_set_status(membership=membership, status="suspended", actor=administrator)

    clerk_set_status(membership=membership, status="active", actor=administrator)

    membership.refresh_from_db()
    assert membership.status == CentreMembership.Status.ACTIVE


def test_a_clerk_suspended_at_another_centre_cannot_be_taken_on(make_user):
    _own, _administrator, membership, _officer = _suspended_by_ministry(make_user)
    other = centre()
    other_administrator = clerk(other, role=CentreMembership.Role.ADMINISTRATOR)

    with pytest.raises(PermissionDeniedError):
        clerk_add(centre=other, clerk=membership.clerk, added_by=other_administrator)

    assert not CentreMembership.objects.filter(centre=other, clerk=membership.clerk).exists()


def test_a_clerk_in_good_standing_elsewhere_can_be_taken_on():
    other = centre()
    other_administrator = clerk(other, role=CentreMembership.Role.ADMINISTRATOR)
    newcomer = UserFactory.create(role=User.Role.SANAD_CLERK)

    clerk_add(centre=other, clerk=newcomer, added_by=other_administrator)

    assert CentreMembership.objects.filter(centre=other, clerk=newcomer).exists()
