"""Policy staff and approvers assign and end a staff member's governorate scope on a staff page
(audited); the scoped officer's dashboards follow; bad input and self-scoping change nothing."""

from __future__ import annotations

import pytest

from accounts.models import User
from core.models import AuditEvent
from lmi.models import StaffScope
from tests.conftest import sign_in_staff

pytestmark = pytest.mark.django_db

URL = "/en/staff/labour-market/scopes/"


@pytest.mark.parametrize("role", [User.Role.POLICY, User.Role.APPROVER])
def test_a_scope_is_assigned_moved_and_ended_and_each_change_audited(client, make_user, role):
    # given
    officer = make_user(User.Role.OFFICER)
    sign_in_staff(client, make_user(role))
    # when: assigned, then moved
    first = client.post(URL, {"user": officer.pk, "governorate": "dhofar"})
    dashboards = client.get("/en/staff/labour-market/").status_code
    client.post(URL, {"user": officer.pk, "governorate": "al_buraimi"})
    # then
    assert first.status_code == 302
    assert dashboards == 200
    scope = StaffScope.objects.get(user=officer)
    assert scope.governorate == "al_buraimi"
    page = client.get(URL).content.decode()
    assert officer.display_name in page
    assert "Al Buraimi" in page
    assigned = AuditEvent.objects.filter(action="lmi.staff_scope_assigned", subject=officer)
    assert [e.before["governorate"] for e in assigned.order_by("id")] == ["", "dhofar"]
    # when: ended
    ended = client.post(f"/en/staff/labour-market/scopes/{scope.pk}/end/")
    # then
    assert ended.status_code == 302
    assert not StaffScope.objects.filter(user=officer).exists()
    event = AuditEvent.objects.get(action="lmi.staff_scope_ended", subject=officer)
    assert event.before["governorate"] == "al_buraimi"


def test_the_scoped_officer_sees_only_the_governorate_assigned(client, make_user):
    officer = make_user(User.Role.OFFICER)
    sign_in_staff(client, make_user(User.Role.POLICY))
    client.post(URL, {"user": officer.pk, "governorate": "dhofar"})
    client.logout()
    sign_in_staff(client, officer)

    body = client.get("/en/staff/labour-market/", {"governorate": "muscat"}).content.decode()

    assert "You see your directorate&#x27;s governorate only." in body


def test_bad_input_is_reported_and_changes_nothing(client, make_user):
    officer = make_user(User.Role.OFFICER)
    employer = make_user(User.Role.EMPLOYER)
    policy = make_user(User.Role.POLICY)
    sign_in_staff(client, policy)

    unknown_place = client.post(URL, {"user": officer.pk, "governorate": "atlantis"})
    not_staff = client.post(URL, {"user": employer.pk, "governorate": "dhofar"})
    themselves = client.post(URL, {"user": policy.pk, "governorate": "dhofar"})

    assert unknown_place.status_code == 200
    assert "Select a valid choice" in unknown_place.content.decode()
    assert not_staff.status_code == 200
    assert themselves.status_code == 200
    assert "You cannot change your own scope" in themselves.content.decode()
    assert not StaffScope.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="lmi.staff_scope").exists()


def test_an_unknown_scope_cannot_be_ended(client, make_user):
    sign_in_staff(client, make_user(User.Role.APPROVER))

    assert client.post("/en/staff/labour-market/scopes/999999/end/").status_code == 404


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_scopes_page_renders_in_both_languages(client, make_user, language):
    officer = make_user(User.Role.OFFICER)
    StaffScope.objects.create(user=officer, governorate="dhofar")
    sign_in_staff(client, make_user(User.Role.POLICY))

    response = client.get(f"/{language}/staff/labour-market/scopes/")

    assert response.status_code == 200
    assert 'id="scopes"' in response.content.decode()
