"""The staff pages of broadcasts: compose, see the count and the preview per language, submit,
and a second person approves (the send runs in the background) or refuses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from notifications.models import Broadcast, BroadcastRun, SmsMessage
from tests.conftest import sign_in_staff
from tests.factories import EstablishmentFactory
from tests.notifications.test_broadcasts import _seed

pytestmark = pytest.mark.django_db


def _form(**extra):
    return {
        "title": "Heat wave",
        "kind": "alert",
        "body_ar": "تنبيه: موجة حر.",
        "body_en": "Alert: heat wave.",
        "worker_body_hi": "चेतावनी: लू।",
        "segment_governorate": ["muscat"],
        **extra,
    }


def test_compose_preview_submit_and_a_second_person_approves(
    client, make_user, django_capture_on_commit_callbacks, monkeypatch
):
    # given workers in Muscat and a policy officer
    expected = _seed(EstablishmentFactory(governorate="muscat"), 40, start=0)
    monkeypatch.setattr("notifications.broadcasts.sms_nudge_relay", lambda **_kw: None)
    author = make_user(User.Role.POLICY)
    sign_in_staff(client, author)

    # when they compose it
    response = client.post(reverse("notifications:staff-broadcast-new"), _form())

    # then the page shows the count and the text of each language
    broadcast = Broadcast.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("notifications:staff-broadcast", args=[broadcast.pk]))
    html = page.content.decode()
    reachable = sum(not e["opted_out"] for e in expected.values())
    assert page.context["audience"].recipients == reachable
    assert "चेतावनी: लू।" in html
    assert "Alert: heat wave." in html
    assert "Reply STOP to end alerts." in html or "STOP" in html

    # when they submit it, they cannot approve it themselves
    client.post(reverse("notifications:staff-broadcast-submit", args=[broadcast.pk]))
    client.post(
        reverse("notifications:staff-broadcast-decide", args=[broadcast.pk]),
        {"decision": "approve"},
    )
    broadcast.refresh_from_db()
    assert broadcast.status == Broadcast.Status.SUBMITTED

    # when an approver approves it
    sign_in_staff(client, make_user(User.Role.APPROVER))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("notifications:staff-broadcast-decide", args=[broadcast.pk]),
            {"decision": "approve"},
        )

    # then it is sent in the background and its figures come from the ledger
    broadcast.refresh_from_db()
    assert broadcast.status == Broadcast.Status.SENT
    assert BroadcastRun.objects.get(broadcast=broadcast).succeeded
    assert SmsMessage.objects.filter(broadcast=broadcast).count() == reachable
    page = client.get(reverse("notifications:staff-broadcast", args=[broadcast.pk]))
    assert page.context["statistics"][-1].queued == reachable
    assert "broadcast-progress" in page.content.decode()


def test_a_bad_value_is_shown_on_the_form_and_nothing_is_saved(client, make_user):
    sign_in_staff(client, make_user(User.Role.POLICY))

    response = client.post(
        reverse("notifications:staff-broadcast-new"),
        _form(segment_governorate=[], segment_employer="9999999"),
    )

    assert response.status_code == 200
    assert "9999999" in response.content.decode()
    assert not Broadcast.objects.exists()
