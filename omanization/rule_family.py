"""The Omanization rule family (core.rulesets, ADR 0021): what the one staff journey needs to
draft, edit, preview and publish Omanization rule sets and their targets."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.rulesets import Lines, RuleFamily, RuleSetError
from omanization.forms import RuleSetForm, TargetForm
from omanization.rule_models import RULE_FIELDS, RuleSet, Target
from omanization.selectors import rule_set_cache_clear, rule_set_impact_all_establishments


class OmanizationRuleSetError(RuleSetError):
    """An Omanization rule set change was refused."""


def _checks(rule_set: RuleSet) -> None:
    if not rule_set.targets.exists():
        raise OmanizationRuleSetError(gettext("Add at least one target before publishing."))


def _impact(draft: RuleSet) -> dict[str, Any]:
    return {"impact": rule_set_impact_all_establishments(draft=draft)}


OMANIZATION = RuleFamily[RuleSet](
    slug="omanization",
    model=RuleSet,
    namespace="omanization",
    title=_("Omanization rule sets"),
    description=_(
        "Each rule set holds the targets, counting weights, minimums, averaging window and "
        "consequences in force over a span of dates. Published rule sets never change, so the "
        "rules of any past date can be reproduced."
    ),
    view_permission="omanization.view_rule_sets",
    edit_permission="omanization.edit_rule_sets",
    fields=tuple(RULE_FIELDS),
    form=RuleSetForm,
    figures_template="omanization/staff/_rule_figures.html",
    lines=Lines(
        model=Target,
        related_name="targets",
        key=("activity", "size_class", "job_level"),
        fields=("activity", "size_class", "job_level", "target_percent"),
        audit_name="target",
        form=TargetForm,
        template="omanization/staff/_targets.html",
        heading=_("Targets"),
        add_heading=_("Add or change a target"),
        select_related=("activity",),
    ),
    impact=_impact,
    impact_template="omanization/staff/_impact.html",
    impact_link=_("See how many establishments would change status, by activity"),
    checks=_checks,
    error=OmanizationRuleSetError,
    after_publish=lambda rule_set: rule_set_cache_clear(),
    summary_template="omanization/staff/_rule_set_links.html",
)
