"""The employment lifecycle rule family (core.rulesets, ADR 0021): deadlines, limits, the law's
termination reasons, salary floors and the fine schedule, drafted, previewed and published by
policy staff through the same pages as the Omanization rules (no longer by migration)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.dated import in_force_on
from core.rulesets import Lines, RuleFamily, RuleSetError, today
from employment.forms_rules import LIFECYCLE_RULE_FIELDS, LifecycleRuleSetForm, ViolationTypeForm
from employment.models import LifecycleRuleSet, Termination, Violation, ViolationType


class LifecycleRuleSetError(RuleSetError):
    """An employment rule set change was refused."""


def _checks(rule_set: LifecycleRuleSet) -> None:
    if not rule_set.termination_reasons:
        raise LifecycleRuleSetError(
            gettext("Give at least one termination reason before publishing.")
        )
    if not rule_set.violation_types.exists():
        raise LifecycleRuleSetError(gettext("Add at least one violation type before publishing."))


def _impact(draft: LifecycleRuleSet) -> dict[str, Any]:
    """The last twelve months' confirmed fines by violation type, scaled to the draft's fines,
    and the terminations still open whose reason the draft no longer lists."""
    since = today() - datetime.timedelta(days=365)
    draft_fines = {t.code: t for t in draft.violation_types.all()}
    confirmed = (
        Violation.objects.filter(status=Violation.Status.CONFIRMED, observed_on__gte=since)
        .values("violation_type__code", "violation_type__name_en", "violation_type__fine")
        .annotate(n=Count("id"), total=Sum("fine"))
        .order_by("violation_type__code")
    )
    fines = []
    for row in confirmed:
        code, old_fine = row["violation_type__code"], row["violation_type__fine"]
        new = draft_fines.get(code)
        after = None
        if new is not None and old_fine:
            after = (row["total"] * new.fine / old_fine).quantize(Decimal("0.001"))
        fines.append(
            {
                "code": code,
                "name": new.name if new is not None else row["violation_type__name_en"],
                "violations": row["n"],
                "before": row["total"],
                "after": after,
                "dropped": new is None,
            }
        )
    codes = {reason["code"] for reason in draft.termination_reasons}
    baseline = in_force_on(LifecycleRuleSet.objects.all(), on=today())
    removed = sorted(
        {r["code"] for r in (baseline.termination_reasons if baseline else [])} - codes
    )
    open_terminations = (
        Termination.objects.filter(
            reason_code__in=removed,
            status__in=[
                Termination.Status.NOTIFIED,
                Termination.Status.COMMITTEE,
                Termination.Status.OBJECTED,
            ],
        ).count()
        if removed
        else 0
    )
    return {
        "fines": fines,
        "removed_reasons": removed,
        "open_terminations": open_terminations,
    }


EMPLOYMENT = RuleFamily[LifecycleRuleSet](
    slug="employment",
    model=LifecycleRuleSet,
    namespace="employment",
    title=_("Employment rules"),
    description=_(
        "Each rule set holds the notice periods, objection windows, absconding limits, the "
        "reasons the law allows for a termination, the salary floors and the fine schedule of "
        "a decree, over a span of dates. Published rule sets never change: a new decree is a "
        "new rule set."
    ),
    view_permission="employment.view_rule_sets",
    edit_permission="employment.edit_rule_sets",
    fields=LIFECYCLE_RULE_FIELDS,
    form=LifecycleRuleSetForm,
    figures_template="employment/staff/_rule_figures.html",
    lines=Lines(
        model=ViolationType,
        related_name="violation_types",
        key=("code",),
        fields=("code", "name_en", "name_ar", "fine", "per_worker", "repeat_multiplier"),
        audit_name="violation_type",
        form=ViolationTypeForm,
        template="employment/staff/_violation_types.html",
        heading=_("Fine schedule"),
        add_heading=_("Add or change a violation type"),
    ),
    impact=_impact,
    impact_template="employment/staff/_rule_impact.html",
    impact_link=_("See the last twelve months' fines under this draft"),
    checks=_checks,
    error=LifecycleRuleSetError,
)
