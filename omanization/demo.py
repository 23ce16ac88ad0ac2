"""Demo Omanization rules for `manage.py seed_demo`: the decree figures of DOMAIN.md section 4.

Two rule sets: the one in force (older blanket targets by activity, insurance by job level) and
a stricter one already published for a date a month or two ahead (fisheries and mining rising to
35%, insurance to 75%), so the employer's projection shows a change of rules. Idempotent: when
a rule set is published, nothing is added. Then one national recompute.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from accounts.models import User
from employers.models import EconomicActivity
from omanization.models import RuleSet
from omanization.selectors import today
from omanization.services import (
    compliance_recompute,
    rule_set_create_draft,
    rule_set_publish,
    target_save,
)

# ISIC code -> overall target (%), in force now
CURRENT = {
    "4923": 60,
    "6419": 45,
    "1071": 35,
    "2394": 35,
    "5510": 30,
    "4711": 20,
    "4100": 15,
    "0311": 15,
    "0610": 25,
    "0810": 25,
    "6512": 70,
    "5610": 10,
    "4520": 15,
    "6201": 20,
    "8610": 20,
    "8510": 25,
}
CURRENT_INSURANCE_LEVELS = {1: 40, 2: 65, 4: 90}
NEXT = {**CURRENT, "0311": 35, "0610": 35, "0810": 35, "6512": 75}
NEXT_INSURANCE_LEVELS = {1: 50, 2: 75, 4: 90}
DEFAULT_TARGET = 10


@dataclass
class OmanizationSeed:
    rule_sets_published: int = 0
    establishments_assessed: int = 0


def _publish(
    *,
    actor: User,
    name: str,
    decree: str,
    effective_from: datetime.date,
    targets: dict[str, int],
    insurance_levels: dict[int, int],
) -> RuleSet:
    draft = rule_set_create_draft(
        created_by=actor, name=name, decree=decree, effective_from=effective_from
    )
    activities = {a.code: a for a in EconomicActivity.objects.filter(code__in=targets)}
    target_save(
        rule_set=draft,
        actor=actor,
        activity=None,
        size_class="",
        job_level=None,
        target_percent=Decimal(DEFAULT_TARGET),
    )
    for code, percent in targets.items():
        if code in activities:
            target_save(
                rule_set=draft,
                actor=actor,
                activity=activities[code],
                size_class="",
                job_level=None,
                target_percent=Decimal(percent),
            )
    if "6512" in activities:
        for level, percent in insurance_levels.items():
            target_save(
                rule_set=draft,
                actor=actor,
                activity=activities["6512"],
                size_class="",
                job_level=level,
                target_percent=Decimal(percent),
            )
    return rule_set_publish(rule_set=draft, published_by=actor)


def seed_omanization(*, policy: User) -> OmanizationSeed:
    """Publish the demo rule sets if none is published, then recompute every establishment."""
    result = OmanizationSeed()
    if not RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED).exists():
        _publish(
            actor=policy,
            name="Omanization targets by activity",
            decree="MD 2020 schedule",
            effective_from=datetime.date(2020, 1, 1),
            targets=CURRENT,
            insurance_levels=CURRENT_INSURANCE_LEVELS,
        )
        now = today()
        month_after_next = (now.replace(day=1) + datetime.timedelta(days=62)).replace(day=1)
        _publish(
            actor=policy,
            name="Raised targets for fisheries, mining and insurance",
            decree="MD 602/2025",
            effective_from=month_after_next,
            targets=NEXT,
            insurance_levels=NEXT_INSURANCE_LEVELS,
        )
        result.rule_sets_published = 2
    run = compliance_recompute()
    result.establishments_assessed = run.total
    return result
