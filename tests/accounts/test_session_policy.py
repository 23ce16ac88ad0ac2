"""Who acts for others is held to thirty idle minutes (ASVS 4.0.3 3.3.2, level 2), and a Sanad
clerk's session ends with the browser on a shared counter PC (issue 17, finding 8)."""

from __future__ import annotations

import datetime

import time_machine

from accounts.models import User
from core.models import AuditEvent
from tests.conftest import sign_in
from tests.factories import UserFactory

START = datetime.datetime(2026, 11, 22, 8, 0, tzinfo=datetime.UTC)


def _idle(client, user, minutes: int):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, user)
        assert client.get("/ar/accounts/home/").status_code == 200
        clock.shift(datetime.timedelta(minutes=minutes))
        return client.get("/ar/accounts/home/")


def test_a_representative_is_signed_out_after_thirty_idle_minutes(client, employer_user):
    response = _idle(client, employer_user, 31)

    assert response.status_code == 302
    assert response["Location"].startswith("/ar/accounts/sign-in/")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(
        action="accounts.session_ended.idle", actor=employer_user
    ).exists()


def test_a_representative_within_thirty_minutes_stays(client, employer_user):
    assert _idle(client, employer_user, 29).status_code == 200


def test_a_clerk_is_signed_out_after_thirty_idle_minutes(client, db):
    from tests.sanad.helpers import clerk

    user = clerk()
    response = _idle(client, user, 31)

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_clerks_session_cookie_ends_when_the_browser_closes(client, db):
    from tests.sanad.helpers import clerk

    sign_in(client, clerk())
    response = client.get("/ar/accounts/home/")

    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""


def test_a_person_keeps_a_session_across_the_browser_closing(client, db):
    sign_in(client, UserFactory.create(role=User.Role.JOBSEEKER))
    client.get("/ar/accounts/home/")
    session = client.session
    assert not session.get_expire_at_browser_close()
