"""The permit rule family (core.rulesets, ADR 0021): fee bands, reserved occupations and the
policy switches of a decree, drafted, previewed and published by policy staff through the same
pages as the Omanization rules."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.dated import in_force_on
from core.rulesets import Lines, RuleFamily, RuleSetError
from permits.fees import band_for
from permits.forms.rules import PERMIT_RULE_FIELDS, FeeBandForm, PermitRuleSetForm
from permits.models import FeeBand, Permit, PermitRuleSet
from permits.services.lifecycle import PermitError
from taxonomy.selectors import occupation_titles, unit_group_exists

# Permits that hold a valid permission to work (a newly reserved occupation stops their renewal).
HOLDING = (Permit.Status.ACTIVE, Permit.Status.EXPIRING, Permit.Status.SUSPENDED)


class PermitRuleSetError(PermitError, RuleSetError):
    """A permit rule set change was refused."""


def _checks(rule_set: PermitRuleSet) -> None:
    if not rule_set.fee_bands.exists():
        raise PermitRuleSetError(gettext("Add at least one fee band before publishing."))
    unknown = [code for code in rule_set.reserved_occupations if not unit_group_exists(code=code)]
    if unknown:
        raise PermitRuleSetError(
            gettext("Unknown occupations in the reserved list: %(codes)s")
            % {"codes": ", ".join(unknown)}
        )


def _impact(draft: PermitRuleSet) -> dict[str, Any]:
    """The fees of the last twelve months' new permits and renewals, recomputed with the
    draft's bands (each permit keeps the Omanization multiplier it had), by the draft's band;
    and the valid permits in occupations the draft newly reserves for Omanis."""
    since = timezone.now() - datetime.timedelta(days=365)
    bands = list(draft.fee_bands.all())
    names = {band.code: band.name for band in bands}
    rows: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"permits": 0, "before": Decimal(0), "after": Decimal(0), "dearer": 0, "cheaper": 0}
    )
    permits = (
        Permit.objects.filter(
            created_at__gte=since, kind__in=[Permit.Kind.NEW, Permit.Kind.RENEWAL]
        )
        .exclude(status__in=[Permit.Status.REJECTED, Permit.Status.WITHDRAWN])
        .values_list("occupation_code", "monthly_salary", "fee_multiplier", "fee_amount")
    )
    for occupation, salary, multiplier, amount in permits.iterator(chunk_size=5000):
        band = band_for(bands=bands, occupation_code=occupation, monthly_salary=salary)
        after = ((band.amount if band else Decimal(0)) * multiplier).quantize(Decimal("0.001"))
        row = rows[band.code if band else ""]
        row["permits"] += 1
        row["before"] += amount
        row["after"] += after
        row["dearer"] += after > amount
        row["cheaper"] += after < amount
    table = [
        {"band": names.get(code, "–"), **values}
        for code, values in sorted(rows.items(), key=lambda item: -item[1]["permits"])
    ]
    baseline = in_force_on(PermitRuleSet.objects.all(), on=draft.effective_from) or (
        PermitRuleSet.objects.filter(status=PermitRuleSet.Status.PUBLISHED)
        .order_by("-effective_from")
        .first()
    )
    previously = set(baseline.reserved_occupations) if baseline else set()
    newly = sorted(set(draft.reserved_occupations) - previously)
    titles = occupation_titles(codes=set(newly))
    reserved = [
        {
            "code": code,
            "occupation": titles.get(code),
            "permits": Permit.objects.filter(occupation_code=code, status__in=HOLDING).count(),
        }
        for code in newly
    ]
    return {
        "fees": {
            "rows": table,
            "permits": sum(r["permits"] for r in table),
            "before": sum((r["before"] for r in table), Decimal(0)),
            "after": sum((r["after"] for r in table), Decimal(0)),
        },
        "newly_reserved": reserved,
    }


def _summary(rule_sets: list[PermitRuleSet]) -> dict[str, Any]:
    """Each set with its bands and its reserved occupations, named in the reader's language."""
    titles = occupation_titles(
        codes={code for rule_set in rule_sets for code in rule_set.reserved_occupations}
    )
    in_force = in_force_on(PermitRuleSet.objects.all(), on=timezone.localdate())
    rows = [
        {
            "rule_set": rule_set,
            "reserved": [(code, titles.get(code)) for code in rule_set.reserved_occupations],
        }
        for rule_set in rule_sets
    ]
    return {"rows": rows, "in_force": in_force}


PERMITS = RuleFamily[PermitRuleSet](
    slug="permits",
    model=PermitRuleSet,
    namespace="permits",
    title=_("Work permit rules"),
    description=_(
        "Each rule set holds the fee bands, the occupations reserved for Omanis and the policy "
        "switches of a decree, over a span of dates. Published rule sets never change: a new "
        "decree is a new rule set."
    ),
    view_permission="permits.view_rule_sets",
    edit_permission="permits.edit_rule_sets",
    fields=PERMIT_RULE_FIELDS,
    form=PermitRuleSetForm,
    figures_template="permits/staff/_rule_figures.html",
    lines=Lines(
        model=FeeBand,
        related_name="fee_bands",
        key=("code",),
        fields=("code", "name_en", "name_ar", "isco_major_groups", "min_salary", "amount"),
        audit_name="fee_band",
        form=FeeBandForm,
        template="permits/staff/_fee_bands.html",
        heading=_("Fee bands: the dearest band a permit falls in applies"),
        add_heading=_("Add or change a fee band"),
    ),
    impact=_impact,
    impact_template="permits/staff/_rule_impact.html",
    impact_link=_("See the fees of the last twelve months' permits under this draft"),
    checks=_checks,
    error=PermitRuleSetError,
    summary=_summary,
    summary_template="permits/staff/_rule_sets_summary.html",
)
