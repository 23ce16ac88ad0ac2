"""Builders for Omanization tests: rule sets published on past dates, and workforces."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import time_machine

from accounts.models import User
from employers.models import EconomicActivity, Establishment
from omanization.models import RuleSet
from omanization.services import rule_set_create_draft, rule_set_publish, target_save
from tests.factories import EconomicActivityFactory, EstablishmentFactory, UserFactory

LONG_AGO = datetime.date(2023, 1, 1)


def policy_user() -> User:
    return UserFactory.create(role=User.Role.POLICY)


def publish_rule_set(
    *,
    effective_from: datetime.date,
    targets: Iterable[tuple[EconomicActivity | None, str, int | None, str]],
    actor: User | None = None,
    **figures: Any,
) -> RuleSet:
    """Draft and publish a rule set as a policy officer would have on the day before it starts.

    `targets` are (activity, size_class, job_level, percent) tuples.
    """
    actor = actor or policy_user()
    with time_machine.travel(
        datetime.datetime.combine(
            effective_from - datetime.timedelta(days=1), datetime.time(9, 0)
        ).replace(tzinfo=datetime.UTC),
        tick=False,
    ):
        draft = rule_set_create_draft(
            created_by=actor,
            name=figures.pop("name", f"Rules from {effective_from}"),
            effective_from=effective_from,
            **figures,
        )
        for activity, size_class, job_level, percent in targets:
            target_save(
                rule_set=draft,
                actor=actor,
                activity=activity,
                size_class=size_class,
                job_level=job_level,
                target_percent=Decimal(percent),
            )
        return rule_set_publish(rule_set=draft, published_by=actor)


def activity(code: str, name: str = "") -> EconomicActivity:
    return EconomicActivityFactory.create(code=code, name_en=name or code, name_ar="نشاط")


def establishment(
    *,
    activity: EconomicActivity,
    registered_on: datetime.date = datetime.date(2020, 1, 1),
    size_class: str = Establishment.SizeClass.SMALL,
    **kwargs: Any,
) -> Establishment:
    return EstablishmentFactory.create(
        activity=activity, registered_on=registered_on, size_class=size_class, **kwargs
    )
