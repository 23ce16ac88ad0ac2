"""Writes of Omanization rule sets: the one dated rule-set service of `core.rulesets` applied to
the Omanization family (omanization.rule_family). Named for the callers that predate the kernel
(demo data, benchmarks); new code calls `core.rulesets` with `OMANIZATION` directly."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from accounts.models import User
from core import rulesets
from employers.models import EconomicActivity
from omanization.rule_family import OMANIZATION
from omanization.rule_family import OmanizationRuleSetError as RuleSetError
from omanization.rule_models import RULE_FIELDS, RuleSet, Target

__all__ = [
    "RULE_FIELDS",
    "RuleSetError",
    "rule_set_create_draft",
    "rule_set_discard",
    "rule_set_publish",
    "rule_set_update_draft",
    "target_delete",
    "target_save",
    "validate_publishable",
]


def rule_set_create_draft(
    *, created_by: User, copy_from: RuleSet | None = None, **fields: Any
) -> RuleSet:
    return rulesets.draft_create(OMANIZATION, created_by=created_by, copy_from=copy_from, **fields)


def rule_set_update_draft(*, rule_set: RuleSet, updated_by: User, **fields: Any) -> RuleSet:
    return rulesets.draft_update(OMANIZATION, rule_set=rule_set, updated_by=updated_by, **fields)


def target_save(
    *,
    rule_set: RuleSet,
    actor: User,
    activity: EconomicActivity | None,
    size_class: str,
    job_level: int | None,
    target_percent: Decimal,
) -> Target:
    line = rulesets.line_save(
        OMANIZATION,
        rule_set=rule_set,
        actor=actor,
        activity=activity,
        size_class=size_class,
        job_level=job_level,
        target_percent=target_percent,
    )
    assert isinstance(line, Target)
    return line


def target_delete(*, target: Target, actor: User) -> None:
    rulesets.line_delete(OMANIZATION, rule_set=target.rule_set, line_id=target.pk, actor=actor)


def rule_set_discard(*, rule_set: RuleSet, actor: User) -> None:
    rulesets.draft_discard(OMANIZATION, rule_set=rule_set, actor=actor)


def validate_publishable(rule_set: RuleSet) -> None:
    rulesets.validate_publishable(OMANIZATION, rule_set)


def rule_set_publish(*, rule_set: RuleSet, published_by: User) -> RuleSet:
    return rulesets.publish(OMANIZATION, rule_set=rule_set, published_by=published_by)
