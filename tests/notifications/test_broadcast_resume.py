"""A broadcast whose send failed (or stopped with part of it queued) is resumed by policy staff
from its page: the new send queues only the workers who have no message yet, once."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse

from accounts.models import User
from core.models import AuditEvent
from notifications import broadcasts
from notifications.broadcasts import (
    BroadcastError,
    broadcast_decide,
    broadcast_resume,
    broadcast_submit,
)
from notifications.models import Broadcast, BroadcastRun, SmsMessage
from tests.conftest import sign_in_staff
from tests.factories import EstablishmentFactory
from tests.notifications.test_broadcasts import _compose, _seed

pytestmark = pytest.mark.django_db

REAL_QUEUE = broadcasts.broadcast_queue


@pytest.fixture
def quiet_relay(monkeypatch):
    monkeypatch.setattr("notifications.broadcasts.sms_nudge_relay", lambda **_kw: None)


def _reachable(expected: dict[str, dict]) -> set[str]:
    return {m for m, e in expected.items() if not e["opted_out"]}


def _approve_with_a_failing_send(broadcast, approver, capture, monkeypatch) -> BroadcastRun:
    def broken(*, broadcast):
        raise RuntimeError("the ledger's partition is missing")

    monkeypatch.setattr("notifications.broadcasts.broadcast_queue", broken)
    with pytest.raises(RuntimeError), capture(execute=True):
        broadcast_decide(broadcast=broadcast, actor=approver, approve=True)
    monkeypatch.setattr("notifications.broadcasts.broadcast_queue", REAL_QUEUE)
    return BroadcastRun.objects.get(broadcast=broadcast)


def test_policy_staff_resume_a_failed_send_from_its_page_and_a_second_resume_adds_nothing(
    client, make_user, django_capture_on_commit_callbacks, monkeypatch, quiet_relay
):
    # given an approved broadcast whose send failed
    expected = _seed(EstablishmentFactory(governorate="muscat"), 60, start=0)
    policy, approver = make_user(User.Role.POLICY), make_user(User.Role.APPROVER)
    broadcast = _compose(policy)
    broadcast_submit(broadcast=broadcast, actor=policy)
    failed = _approve_with_a_failing_send(
        broadcast, approver, django_capture_on_commit_callbacks, monkeypatch
    )
    assert failed.failed
    assert not SmsMessage.objects.filter(broadcast=broadcast).exists()
    sign_in_staff(client, policy)
    url = reverse("notifications:staff-broadcast", args=[broadcast.pk])
    resume = reverse("notifications:staff-broadcast-resume", args=[broadcast.pk])
    assert resume in client.get(url).content.decode()

    # when policy staff resume it from the page, then press again
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(resume)
    second = client.post(resume)

    # then every reachable worker has exactly one message, and the second press changed nothing
    assert (first.status_code, second.status_code) == (302, 302)
    numbers = Counter(
        SmsMessage.objects.filter(broadcast=broadcast).values_list("to_number", flat=True)
    )
    assert set(numbers) == _reachable(expected)
    assert max(numbers.values()) == 1
    broadcast.refresh_from_db()
    assert broadcast.status == Broadcast.Status.SENT
    assert broadcast.queued == len(numbers)
    assert BroadcastRun.objects.filter(broadcast=broadcast).count() == 2
    assert AuditEvent.objects.filter(action="notifications.broadcast_resumed").count() == 1
    assert resume not in client.get(url).content.decode()


def test_a_partly_queued_send_completes_exactly_once(
    make_user, django_capture_on_commit_callbacks, monkeypatch, quiet_relay
):
    # given a send that queued the Indian workers' messages, then failed
    expected = _seed(EstablishmentFactory(governorate="muscat"), 90, start=0)
    policy, approver = make_user(User.Role.POLICY), make_user(User.Role.APPROVER)
    broadcast = _compose(policy, kind=Broadcast.Kind.NOTICE)
    broadcast_submit(broadcast=broadcast, actor=policy)
    part = Broadcast.objects.get(pk=broadcast.pk)
    part.segment = {**part.segment, "nationality": ["IND"]}
    already = REAL_QUEUE(broadcast=part)
    _approve_with_a_failing_send(
        broadcast, approver, django_capture_on_commit_callbacks, monkeypatch
    )
    assert 0 < already < len(expected)

    # when it is resumed twice before the new send ran, then the send runs
    with django_capture_on_commit_callbacks(execute=False) as pending:
        run = broadcast_resume(broadcast=broadcast, actor=policy)
    with pytest.raises(BroadcastError):
        broadcast_resume(broadcast=broadcast, actor=policy)
    for callback in pending:
        callback()

    # then each worker with a mobile has one message (official notice: opted-out ones too)
    numbers = Counter(
        SmsMessage.objects.filter(broadcast=broadcast).values_list("to_number", flat=True)
    )
    assert set(numbers) == set(expected)
    assert max(numbers.values()) == 1
    run.refresh_from_db()
    assert run.succeeded
    assert run.processed == len(expected) - already
    broadcast.refresh_from_db()
    assert (broadcast.status, broadcast.queued) == (Broadcast.Status.SENT, len(expected))

    # and a sent broadcast cannot be resumed: nothing changes
    with pytest.raises(BroadcastError):
        broadcast_resume(broadcast=broadcast, actor=policy)
    assert BroadcastRun.objects.filter(broadcast=broadcast).count() == 2
    assert SmsMessage.objects.filter(broadcast=broadcast).count() == len(expected)
