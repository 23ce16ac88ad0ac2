"""Permit rule sets are dated data: a new decree is published for a later date and closes the
one before; published ones are never edited."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from core.models import AuditEvent
from permits.models import FeeBand, PermitRuleSet
from permits.services import PermitError
from permits.services.rule_sets import permit_rule_set_publish
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def draft(start: datetime.date, **values) -> PermitRuleSet:
    rule_set = PermitRuleSet.objects.create(name="Next decree", effective_from=start, **values)
    FeeBand.objects.create(
        rule_set=rule_set, code="all", name_en="All", name_ar="الكل", amount=Decimal("150")
    )
    return rule_set


def test_publishing_closes_the_open_rule_set_the_day_before():
    policy = UserFactory.create(role=User.Role.POLICY)
    start = timezone.localdate() + datetime.timedelta(days=40)
    published = permit_rule_set_publish(rule_set=draft(start), published_by=policy)
    assert (published.status, published.version) == (PermitRuleSet.Status.PUBLISHED, 3)
    assert PermitRuleSet.objects.get(version=2).effective_to == start - datetime.timedelta(days=1)
    assert AuditEvent.objects.filter(action="permits.rule_set_published").count() == 1


@pytest.mark.parametrize(
    ("start_in_days", "values"),
    [(0, {}), (-10, {}), (30, {"reserved_occupations": ["9999"]})],
    ids=["today", "past", "unknown-occupation"],
)
def test_a_draft_that_cannot_take_effect_is_refused_and_nothing_changes(start_in_days, values):
    rule_set = draft(timezone.localdate() + datetime.timedelta(days=start_in_days), **values)
    with pytest.raises(PermitError):
        permit_rule_set_publish(
            rule_set=rule_set, published_by=UserFactory.create(role=User.Role.POLICY)
        )
    assert PermitRuleSet.objects.get(pk=rule_set.pk).status == PermitRuleSet.Status.DRAFT
    assert PermitRuleSet.objects.get(version=2).effective_to is None
