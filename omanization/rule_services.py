"""Writes of Omanization rule sets: drafting, editing targets, discarding and publishing
(core.rulesets for what every rule family shares)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError
from core.services import audit_record, model_snapshot
from core.workflow import advance
from employers.models import EconomicActivity
from omanization.models import (
    RuleSet,
    Target,
)
from omanization.selectors import today

RULE_FIELDS = [
    "name",
    "decree",
    "notes",
    "effective_from",
    "salary_floor_full",
    "salary_floor_half",
    "weight_full",
    "weight_half",
    "weight_below",
    "part_time_weight",
    "disability_weight",
    "disability_cap_percent",
    "minimum_omanis",
    "minimum_after_days",
    "averaging_weeks",
    "plan_required_headcount",
    "permit_gate",
    "fee_multiplier_compliant",
    "fee_multiplier_non_compliant",
]


class RuleSetError(ApplicationError):
    """A rule set change was refused (not a draft, dates that overlap, a start in the past)."""


def _check_draft(rule_set: RuleSet) -> None:
    if not rule_set.is_editable:
        raise RuleSetError(_("A published rule set cannot be changed. Copy it into a new draft."))


def _check_start(effective_from: datetime.date) -> None:
    """A rule set starts tomorrow at the earliest and after every published one starts, so the
    rules in force on any date up to today never change. The very first rule set is the
    exception: it loads the rules already in force, and nothing was computed before it."""
    first = not RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED).exists()
    if effective_from <= today() and not first:
        raise RuleSetError(
            _("A rule set can take effect from tomorrow at the earliest (%(date)s).")
            % {"date": (today() + datetime.timedelta(days=1)).isoformat()}
        )
    latest = (
        RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED, effective_from__gte=effective_from)
        .order_by("-effective_from")
        .first()
    )
    if latest is not None:
        raise RuleSetError(
            _(
                "These dates overlap rule set %(version)s, in force from %(date)s. A new rule set "
                "must start after the latest published one."
            )
            % {"version": f"v{latest.version}", "date": latest.effective_from.isoformat()}
        )


@transaction.atomic
def rule_set_create_draft(
    *, created_by: User, copy_from: RuleSet | None = None, **fields: Any
) -> RuleSet:
    """Create a draft rule set from `fields`; with `copy_from`, its figures and targets are
    copied first. Raises ValidationError for figures out of range."""
    rule_set = RuleSet(created_by=created_by, status=RuleSet.Status.DRAFT)
    if copy_from is not None:
        for name in RULE_FIELDS:
            setattr(rule_set, name, getattr(copy_from, name))
    for name, value in fields.items():
        if name not in RULE_FIELDS:
            raise TypeError(f"unknown rule set field {name}")
        setattr(rule_set, name, value)
    rule_set.full_clean()
    rule_set.save()
    if copy_from is not None:
        Target.objects.bulk_create(
            Target(
                rule_set=rule_set,
                activity_id=target.activity_id,
                size_class=target.size_class,
                job_level=target.job_level,
                target_percent=target.target_percent,
            )
            for target in copy_from.targets.all()
        )
    audit_record(
        actor=created_by,
        action="omanization.rule_set_drafted",
        obj=rule_set,
        after=model_snapshot(rule_set, RULE_FIELDS),
    )
    return rule_set


@transaction.atomic
def rule_set_update_draft(*, rule_set: RuleSet, updated_by: User, **fields: Any) -> RuleSet:
    """Change the figures of a draft. Raises RuleSetError for a published rule set and
    ValidationError for figures out of range."""
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    _check_draft(rule_set)
    before = model_snapshot(rule_set, RULE_FIELDS)
    for name, value in fields.items():
        if name not in RULE_FIELDS:
            raise TypeError(f"unknown rule set field {name}")
        setattr(rule_set, name, value)
    rule_set.full_clean()
    rule_set.save()
    audit_record(
        actor=updated_by,
        action="omanization.rule_set_changed",
        obj=rule_set,
        before=before,
        after=model_snapshot(rule_set, RULE_FIELDS),
    )
    return rule_set


@transaction.atomic
def target_save(
    *,
    rule_set: RuleSet,
    actor: User,
    activity: EconomicActivity | None,
    size_class: str,
    job_level: int | None,
    target_percent: Decimal,
) -> Target:
    """Set the target of one scope (activity, size class, job level) in a draft, replacing the
    target that scope had. Raises ValidationError for a target outside 0-100%."""
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    _check_draft(rule_set)
    target = Target.objects.filter(
        rule_set=rule_set, activity=activity, size_class=size_class, job_level=job_level
    ).first() or Target(
        rule_set=rule_set, activity=activity, size_class=size_class, job_level=job_level
    )
    before = {"target_percent": target.target_percent} if target.pk else None
    target.target_percent = target_percent
    target.full_clean(validate_unique=False)
    target.save()
    audit_record(
        actor=actor,
        action="omanization.target_set",
        obj=rule_set,
        before=before,
        after={
            "activity": activity.code if activity else None,
            "size_class": size_class,
            "job_level": job_level,
            "target_percent": target_percent,
        },
    )
    return target


@transaction.atomic
def target_delete(*, target: Target, actor: User) -> None:
    """Remove a target from a draft."""
    rule_set = RuleSet.objects.select_for_update().get(pk=target.rule_set_id)
    _check_draft(rule_set)
    audit_record(
        actor=actor,
        action="omanization.target_removed",
        obj=rule_set,
        before={
            "activity": target.activity.code if target.activity else None,
            "size_class": target.size_class,
            "job_level": target.job_level,
            "target_percent": target.target_percent,
        },
    )
    target.delete()


@transaction.atomic
def rule_set_discard(*, rule_set: RuleSet, actor: User) -> None:
    """Delete a draft and its targets."""
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    _check_draft(rule_set)
    audit_record(
        actor=actor,
        action="omanization.rule_set_discarded",
        obj=rule_set,
        before=model_snapshot(rule_set, RULE_FIELDS),
    )
    rule_set.delete()


def validate_publishable(rule_set: RuleSet) -> None:
    """Raise RuleSetError unless `rule_set` may be published now (used by the preview too)."""
    _check_draft(rule_set)
    _check_start(rule_set.effective_from)
    if not rule_set.targets.exists():
        raise RuleSetError(_("Add at least one target before publishing."))


@transaction.atomic
def rule_set_publish(*, rule_set: RuleSet, published_by: User) -> RuleSet:
    """Publish a draft: it takes effect on its start date, the open-ended rule set before it is
    closed on the day before, and it gets the next version number. All of it in one
    transaction; concurrent publishes queue on a lock, so two cannot both pass the date check.

    Raises RuleSetError when the draft is not publishable (see validate_publishable).
    """
    # One publish at a time: lock every published rule set and the draft itself.
    list(RuleSet.objects.select_for_update().filter(status=RuleSet.Status.PUBLISHED))
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    validate_publishable(rule_set)
    previous = (
        RuleSet.objects.filter(
            status=RuleSet.Status.PUBLISHED,
            effective_from__lt=rule_set.effective_from,
            effective_to__isnull=True,
        )
        .order_by("-effective_from")
        .first()
    )
    if previous is not None:
        previous.effective_to = rule_set.effective_from - datetime.timedelta(days=1)
        previous.save(update_fields=["effective_to", "updated_at"])
        audit_record(
            actor=published_by,
            action="omanization.rule_set_superseded",
            obj=previous,
            before={"effective_to": None},
            after={"effective_to": previous.effective_to, "superseded_by": rule_set.pk},
        )
    latest_version = RuleSet.objects.aggregate(v=Max("version"))["v"] or 0
    advance(rule_set, RuleSet.Status.PUBLISHED)
    rule_set.version = latest_version + 1
    rule_set.published_by = published_by
    rule_set.published_at = timezone.now()
    rule_set.full_clean()
    rule_set.save()
    audit_record(
        actor=published_by,
        action="omanization.rule_set_published",
        obj=rule_set,
        after={
            **model_snapshot(rule_set, [*RULE_FIELDS, "version"]),
            "targets": [
                {
                    "activity": t.activity_id,
                    "size_class": t.size_class,
                    "job_level": t.job_level,
                    "target_percent": t.target_percent,
                }
                for t in rule_set.targets.all()
            ],
        },
    )
    return rule_set
