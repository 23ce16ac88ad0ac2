"""Sign-in, roles and their home pages, password policy, lockout, second factor, sessions."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.services import user_create
from core.models import AuditEvent
from tests.conftest import sign_in, sign_in_staff
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/ar/accounts/sign-in/"

# What each role's home page shows today (a phrase from its template, in English).
HOME_MARKERS = {
    User.Role.JOBSEEKER: "Civil ID number",
    User.Role.EMPLOYER: "My establishments",
    User.Role.OFFICER: "Establishment directory",
    User.Role.APPROVER: "Audit trail",
    User.Role.POLICY: "Workforce statistics",
    User.Role.ANALYST: "Workforce statistics",
    User.Role.INSPECTOR: "Establishment directory",
    User.Role.SANAD_CLERK: "Your clerk account",
    User.Role.API_CLIENT: "API documentation",
    User.Role.WORKSITE_SUPERVISOR: "/status-check/",
    User.Role.ACCOMMODATION_GUARD: "/status-check/",
    User.Role.TRAINING_INSTITUTION: "Skills demand",
    User.Role.ACCOMMODATION_OPERATOR: "My accommodation sites",
}


def _sign_in(client, username, password=TEST_PASSWORD, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_every_role_has_a_home_page_marker():
    assert set(HOME_MARKERS) == set(User.Role)


@pytest.mark.parametrize("role", sorted(User.Role))
def test_each_role_has_a_home_page_showing_what_it_can_do(client, make_user, role):
    user = make_user(role)
    if user.is_ministry_staff:
        sign_in_staff(client, user)
    else:
        sign_in(client, user)

    response = client.get("/en/accounts/home/")

    assert response.status_code == 200
    assert HOME_MARKERS[role] in response.content.decode()
    assert f"accounts/home/{role}.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("role", sorted(User.Role))
def test_sign_in_lands_on_the_role_home(client, make_user, role):
    user = make_user(role)

    response = _sign_in(client, user.username)

    assert response.status_code == 302
    if user.is_ministry_staff:
        assert "/two-factor/setup/" in client.get(response["Location"])["Location"]
    else:
        assert response["Location"] == "/ar/accounts/home/"
    assert AuditEvent.objects.filter(action="accounts.login", actor=user).count() == 1


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Short-pw-1", "fewer than 12 characters"),
        ("password1234", "a common password"),
        ("123456789012345", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused_and_nothing_is_created(password, reason):
    with pytest.raises(ValidationError):
        user_create(username="newperson", password=password, role=User.Role.JOBSEEKER)

    assert not User.objects.filter(username="newperson").exists()


def test_a_long_uncommon_password_is_accepted():
    user = user_create(
        username="newperson", password="Falaj-Daris-Nizwa-77", role=User.Role.JOBSEEKER
    )

    assert user.check_password("Falaj-Daris-Nizwa-77")
    assert AuditEvent.objects.filter(action="accounts.user_created", subject=user).exists()


def test_wrong_password_shows_a_translated_error_summary_and_changes_nothing(client, make_user):
    user = make_user()
    before = user.last_login

    response = _sign_in(client, user.username, password="not-the-password")

    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body
    assert "هناك مشكلة" in body  # "There is a problem", in Arabic
    user.refresh_from_db()
    assert user.last_login == before
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="accounts.login_failed", subject=user).count() == 1


class TestLockout:
    """Five failures lock that username from that address; neither alone is locked."""

    def test_five_failures_lock_the_username_at_that_address(self, client, make_user):
        user = make_user()
        for _ in range(5):
            _sign_in(client, user.username, password="wrong-password-x", ip="10.0.0.1")

        response = _sign_in(client, user.username, ip="10.0.0.1")

        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        assert response["Retry-After"] == "600"

    def test_the_same_username_from_another_address_still_signs_in(self, client, make_user):
        user = make_user()
        for _ in range(5):
            _sign_in(client, user.username, password="wrong-password-x", ip="10.0.0.1")

        response = _sign_in(client, user.username, ip="10.0.0.2")

        assert response.status_code == 302

    def test_another_person_at_the_same_address_still_signs_in(self, client, make_user):
        """A Sanad centre puts many people behind one address."""
        victim, colleague = make_user(), make_user()
        for _ in range(5):
            _sign_in(client, victim.username, password="wrong-password-x", ip="10.0.0.1")

        response = _sign_in(client, colleague.username, ip="10.0.0.1")

        assert response.status_code == 302

    def test_the_lock_ends_after_ten_minutes(self, client, make_user):
        user = make_user()
        with time_machine.travel(
            datetime.datetime(2026, 11, 22, 8, 0, tzinfo=datetime.UTC), tick=False
        ) as clock:
            for _ in range(5):
                _sign_in(client, user.username, password="wrong-password-x")
            assert _sign_in(client, user.username).status_code == 429
            clock.shift(datetime.timedelta(minutes=11))
            assert _sign_in(client, user.username).status_code == 302


class TestStaffSecondFactor:
    def test_staff_must_enrol_before_any_staff_page(self, client, make_user):
        officer = make_user(User.Role.OFFICER)
        _sign_in(client, officer.username)

        response = client.get("/ar/staff/establishments/")

        assert response.status_code == 302
        assert response["Location"].startswith("/ar/accounts/two-factor/setup/")

    def test_enrolment_shows_a_qr_code_and_a_first_code_confirms_it(self, client, make_user):
        # given an officer signed in with the password only
        officer = make_user(User.Role.OFFICER)
        _sign_in(client, officer.username)

        # when it opens the setup page and enters the code its app shows
        page = client.get("/ar/accounts/two-factor/setup/?next=/ar/staff/establishments/")
        assert page.status_code == 200
        assert 'src="data:image/svg+xml' in page.content.decode()
        device = TOTPDevice.objects.get(user=officer, confirmed=False)
        code = f"{totp(device.bin_key):06d}"
        response = client.post(
            "/ar/accounts/two-factor/setup/", {"token": code, "next": "/ar/staff/establishments/"}
        )

        # then the authenticator is confirmed and staff pages open
        assert response.status_code == 302
        assert response["Location"] == "/ar/staff/establishments/"
        device.refresh_from_db()
        assert device.confirmed
        assert client.get("/ar/staff/establishments/").status_code == 200
        assert AuditEvent.objects.filter(action="accounts.totp_enrolled", actor=officer).exists()

    def test_a_wrong_code_is_refused_and_nothing_is_confirmed(self, client, make_user):
        officer = make_user(User.Role.OFFICER)
        _sign_in(client, officer.username)
        client.get("/ar/accounts/two-factor/setup/")
        device = TOTPDevice.objects.get(user=officer)
        wrong = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"

        response = client.post("/ar/accounts/two-factor/setup/", {"token": wrong})

        assert response.status_code == 200
        assert 'id="error-summary"' in response.content.decode()
        device.refresh_from_db()
        assert not device.confirmed
        assert client.get("/ar/staff/establishments/").status_code == 302

    def test_enrolled_staff_enter_a_code_at_each_sign_in(self, client, make_user):
        officer = make_user(User.Role.OFFICER)
        device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
        _sign_in(client, officer.username)

        assert client.get("/ar/staff/establishments/")["Location"].startswith(
            "/ar/accounts/two-factor/?"
        )
        bad = client.post("/ar/accounts/two-factor/", {"token": "12345x"})
        assert bad.status_code == 200
        good = client.post(
            "/ar/accounts/two-factor/",
            {"token": f"{totp(device.bin_key):06d}", "next": "/ar/staff/establishments/"},
        )
        assert good["Location"] == "/ar/staff/establishments/"
        assert client.get("/ar/staff/establishments/").status_code == 200

    def test_next_never_leaves_the_site(self, client, make_user):
        officer = make_user(User.Role.OFFICER)
        device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
        _sign_in(client, officer.username)

        response = client.post(
            "/ar/accounts/two-factor/",
            {"token": f"{totp(device.bin_key):06d}", "next": "https://evil.example.com/"},
        )

        assert response["Location"] == "/ar/accounts/home/"

    def test_non_staff_are_not_asked_for_a_second_factor(self, client, make_user):
        user = make_user(User.Role.EMPLOYER)
        _sign_in(client, user.username)

        assert client.get("/ar/accounts/home/").status_code == 200


class TestSessionLifetime:
    START = datetime.datetime(2026, 11, 22, 8, 0, tzinfo=datetime.UTC)

    def test_staff_session_ends_after_30_idle_minutes(self, client, make_user):
        with time_machine.travel(self.START, tick=False) as clock:
            officer = make_user(User.Role.OFFICER)
            sign_in_staff(client, officer)
            assert client.get("/ar/accounts/home/").status_code == 200

            clock.shift(datetime.timedelta(minutes=29))
            assert client.get("/ar/accounts/home/").status_code == 200

            clock.shift(datetime.timedelta(minutes=31))
            response = client.get("/ar/accounts/home/")

        assert response.status_code == 302
        assert response["Location"].startswith("/ar/accounts/sign-in/")
        assert "_auth_user_id" not in client.session
        assert AuditEvent.objects.filter(
            action="accounts.session_ended.idle", actor=officer
        ).exists()

    def test_staff_session_ends_after_12_hours_even_when_busy(self, client, make_user):
        with time_machine.travel(self.START, tick=False) as clock:
            officer = make_user(User.Role.OFFICER)
            sign_in_staff(client, officer)
            client.get("/ar/accounts/home/")
            for _ in range(12 * 3 + 1):  # a request every 20 minutes, past 12 hours
                clock.shift(datetime.timedelta(minutes=20))
                last = client.get("/ar/accounts/home/")
                if last.status_code == 302:
                    break

        assert last.status_code == 302
        assert AuditEvent.objects.filter(
            action="accounts.session_ended.absolute", actor=officer
        ).exists()

    def test_a_jobseeker_is_not_held_to_the_staff_idle_limit(self, client, make_user):
        with time_machine.travel(self.START, tick=False) as clock:
            user = make_user(User.Role.JOBSEEKER)
            sign_in(client, user)
            client.get("/ar/accounts/home/")
            clock.shift(datetime.timedelta(minutes=45))
            assert client.get("/ar/accounts/home/").status_code == 200


def test_sign_out_is_post_only_and_recorded(client, make_user):
    user = make_user()
    sign_in(client, user)

    assert client.get("/ar/accounts/sign-out/").status_code == 405
    response = client.post("/ar/accounts/sign-out/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="accounts.session_ended.logout", actor=user).exists()
