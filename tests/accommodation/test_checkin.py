"""The worker's check-in over HTTP: a check-in sent twice (queued offline, then online) is
recorded once; a room QR from another site, or a forged one, is refused and records nothing;
the page is an installable web app (manifest, service worker under its scope)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from accommodation import services, tokens
from accommodation.models import CheckIn, LastCheckIn
from tests.accommodation.helpers import operator_with_user, person, room, site_with_rooms
from tests.conftest import sign_in
from tests.factories import ForeignEmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(client):
    operator, _user = operator_with_user()
    home, elsewhere = site_with_rooms(operator), site_with_rooms(operator)
    worker = ForeignEmployeeFactory.create(civil_id="72200001")
    services.declaration_save(employee=worker, room=room(home), declared_by=UserFactory.create())
    signed_in = person("72200001")
    sign_in(client, signed_in)
    return {"worker": worker, "home": home, "elsewhere": elsewhere, "person": signed_in}


def _url(site, number="101"):
    r = room(site, number)
    return reverse(
        "accommodation:check-in", args=[tokens.room_token(room_id=r.pk, site_id=site.pk)]
    )


def test_a_check_in_replayed_offline_then_online_is_recorded_once(client, resident):
    # given a check-in the phone queued offline with its own id and time
    client_id = str(uuid.uuid4())
    url = _url(resident["home"])

    # when the service worker sends it, and the page's own form sends it again
    first = client.post(url, {"client_id": client_id, "at": ""}, HTTP_ACCEPT="application/json")
    second = client.post(url, {"client_id": client_id})

    # then
    assert first.json() == {"recorded": True, "new": True}
    assert second.status_code == 200
    assert CheckIn.objects.filter(employee=resident["worker"]).count() == 1
    assert LastCheckIn.objects.get(employee=resident["worker"]).room == room(resident["home"])


def test_a_room_qr_from_another_site_is_refused_and_records_nothing(client, resident):
    response = client.post(_url(resident["elsewhere"]), {"client_id": str(uuid.uuid4())})

    assert response.status_code == 409
    assert 'role="alert"' in response.content.decode()
    assert not CheckIn.objects.exists()
    assert not LastCheckIn.objects.exists()


def test_a_token_changed_by_hand_is_refused(client, resident):
    r = room(resident["home"])
    forged = tokens.room_token(room_id=r.pk, site_id=resident["home"].pk)[:-2] + "xx"

    response = client.post(
        reverse("accommodation:check-in", args=[forged]), {"client_id": str(uuid.uuid4())}
    )

    assert response.status_code == 404
    assert not CheckIn.objects.exists()


def test_a_token_naming_a_room_of_another_site_is_refused(client, resident):
    # a signed token whose room is not at the site it names (no such room at that site)
    other_room = room(resident["elsewhere"])
    token = tokens.room_token(room_id=other_room.pk, site_id=resident["home"].pk)

    response = client.post(
        reverse("accommodation:check-in", args=[token]), {"client_id": str(uuid.uuid4())}
    )

    assert response.status_code == 409
    assert not CheckIn.objects.exists()


def test_the_page_draws_a_form_that_records_without_javascript(client, resident):
    url = _url(resident["home"])
    page = client.get(url)
    client_id = page.context["form"].initial["client_id"]

    response = client.post(url, {"client_id": str(client_id)})

    assert response.status_code == 200
    assert CheckIn.objects.get().client_id == client_id


def test_the_check_in_is_an_installable_web_app(client, resident):
    page = client.get(reverse("accommodation:check-in-home")).content.decode()
    manifest = client.get(reverse("accommodation:check-in-manifest"))
    worker = client.get(reverse("accommodation:check-in-sw"))

    assert 'rel="manifest"' in page
    assert "<script>" not in page  # no inline script: the CSP allows none
    assert manifest.json()["start_url"] == reverse("accommodation:check-in-home")
    assert worker["Content-Type"].startswith("text/javascript")
    assert b"indexedDB" in worker.content
    assert b"client_id" in worker.content
    # the service worker's scope covers the check-in pages
    assert _url(resident["home"]).startswith(reverse("accommodation:check-in-home"))


def test_urdu_check_in_page_is_right_to_left(client, resident):
    from django.utils import translation

    with translation.override("ur"):
        url = _url(resident["home"])
    response = client.get(url)

    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_a_check_in_is_one_statement_and_a_replay_one_more(resident, django_assert_num_queries):
    # given the worker's own signed-in account and a room of their declared site
    worker_user = resident["person"]
    home = room(resident["home"])
    client_id = uuid.uuid4()

    # when the phone sends the check-in, then sends it again
    with django_assert_num_queries(1):
        first = services.checkin_record(
            user=worker_user, room_id=home.pk, site_id=resident["home"].pk, client_id=client_id
        )
    with django_assert_num_queries(2):
        again = services.checkin_record(
            user=worker_user, room_id=home.pk, site_id=resident["home"].pk, client_id=client_id
        )

    # then one check-in, moved last check-in, the replay answered with it
    assert (first.created, again.created) == (True, False)
    assert again.checkin.pk == first.checkin.pk
    assert CheckIn.objects.filter(employee=resident["worker"]).count() == 1
    assert LastCheckIn.objects.get(employee=resident["worker"]).room == home


def test_a_check_in_by_someone_not_living_there_is_refused(resident):
    stranger = person("72200999")
    home = room(resident["home"])

    with pytest.raises(services.CheckInRefusedError):
        services.checkin_record(
            user=stranger, room_id=home.pk, site_id=resident["home"].pk, client_id=uuid.uuid4()
        )

    assert not CheckIn.objects.exists()


def test_a_rollback_on_the_connection_does_not_break_the_next_check_in(resident):
    """The check-in statement is prepared once per connection beside the others psycopg keeps
    (the payment claim's, say); a ROLLBACK makes psycopg deallocate them all, and the next
    check-in is still recorded (CI failed on a statement prepared by hand that vanished)."""
    from django.db import transaction

    from core.prepared import prepared_cursor

    def check_in():
        return services.checkin_record(
            user=resident["person"],
            room_id=room(resident["home"]).pk,
            site_id=resident["home"].pk,
            client_id=uuid.uuid4(),
        )

    # given another statement prepared on this connection, and a check-in recorded
    with prepared_cursor() as cursor:
        cursor.execute("SELECT %(n)s", {"n": 1})
    check_in()

    # when a transaction on the connection rolls back, then the worker checks in again
    class UndoneError(Exception):
        pass

    with pytest.raises(UndoneError), transaction.atomic():
        raise UndoneError
    again = check_in()

    # then that check-in is recorded too
    assert again.created
    assert CheckIn.objects.filter(employee=resident["worker"]).count() == 2
