"""The permit state machine: every move outside `Permit.TRANSITIONS` is refused and leaves the
row, the audit trail and the SMS ledger as they were."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict

from core.models import AuditEvent
from notifications.models import SmsMessage
from permits.models import Permit
from permits.services import PermitTransitionError, permit_transition
from tests.factories import EstablishmentFactory
from tests.permits.builders import representative
from tests.permits.factories import PermitFactory

pytestmark = pytest.mark.django_db

STATUSES = list(Permit.Status.values)
DISALLOWED = [
    (source, target)
    for source in STATUSES
    for target in STATUSES
    if target not in Permit.TRANSITIONS[source]
]
ALLOWED = [(source, target) for source in STATUSES for target in sorted(Permit.TRANSITIONS[source])]


def test_every_status_has_a_row_in_the_table():
    assert set(Permit.TRANSITIONS) == set(STATUSES)
    for targets in Permit.TRANSITIONS.values():
        assert targets <= set(STATUSES)


def test_terminal_statuses_lead_nowhere():
    for status in Permit.TERMINAL:
        assert Permit.TRANSITIONS[status] == frozenset()


@pytest.mark.parametrize(("source", "target"), DISALLOWED, ids=[f"{s}->{t}" for s, t in DISALLOWED])
def test_a_disallowed_transition_is_refused_and_changes_nothing(source: str, target: str):
    # given
    establishment = EstablishmentFactory.create()
    representative(establishment)
    permit = PermitFactory.create(status=source, establishment=establishment)
    before = model_to_dict(Permit.objects.get(pk=permit.pk))
    events, messages = AuditEvent.objects.count(), SmsMessage.objects.count()
    # when
    with pytest.raises(PermitTransitionError) as refused:
        permit_transition(permit=permit, to=target, actor=None)
    # then
    assert permit.number in refused.value.message
    assert model_to_dict(Permit.objects.get(pk=permit.pk)) == before
    assert AuditEvent.objects.count() == events
    assert SmsMessage.objects.count() == messages


@pytest.mark.parametrize(("source", "target"), ALLOWED, ids=[f"{s}->{t}" for s, t in ALLOWED])
def test_an_allowed_transition_changes_the_status_and_writes_one_event(source: str, target: str):
    # given
    establishment = EstablishmentFactory.create()
    permit = PermitFactory.create(status=source, establishment=establishment)
    # when
    changed = permit_transition(permit=permit, to=target, actor=None, actor_label="test")
    # then
    assert Permit.objects.get(pk=permit.pk).status == target == changed.status
    event = AuditEvent.objects.get(object_type="permits.permit", object_id=str(permit.pk))
    assert event.action == f"permits.{target}"
    assert event.before is not None
    assert event.after is not None
    assert (event.before["status"], event.after["status"]) == (source, target)
