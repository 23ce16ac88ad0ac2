"""Reads of annual Omanization plans: whether one is due, the plan of a year, its score against
the targets and the establishment's projection, and its progress quarter by quarter against the
register.

Employer-facing reads take an establishment already resolved from membership. Reads that cross
establishments end in `_all_establishments`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet

from employers.models import Employee, Establishment
from employers.selectors import headcount_for_establishment
from omanization.plan_models import QUARTERS, OmanizationPlan
from omanization.rule_models import RuleSet
from omanization.selectors import compliance_projection, rule_set_in_force, today


@dataclass(frozen=True)
class PlanDue:
    """Whether an establishment owes a plan today, and whether permits wait for it."""

    required: bool
    headcount: int
    threshold: int | None
    gates_permits: bool
    rule_set: RuleSet | None


def plan_due_for(*, establishment: Establishment, on: datetime.date | None = None) -> PlanDue:
    """A plan is due from the rule set's headcount (`plan_required_headcount`) on the register;
    it gates permits when the rule set's switch (`plan_required_for_permits`) is on."""
    on = on or today()
    rule_set = rule_set_in_force(on=on)
    headcount = headcount_for_establishment(establishment=establishment).total
    if rule_set is None:
        return PlanDue(False, headcount, None, False, None)
    required = headcount >= rule_set.plan_required_headcount
    return PlanDue(
        required=required,
        headcount=headcount,
        threshold=rule_set.plan_required_headcount,
        gates_permits=required and rule_set.plan_required_for_permits,
        rule_set=rule_set,
    )


def plan_list_for_establishment(*, establishment: Establishment) -> QuerySet[OmanizationPlan]:
    """The plans of one establishment, the latest year first."""
    return OmanizationPlan.objects.filter(establishment=establishment).order_by("-year")


def plan_for_year(*, establishment: Establishment, year: int) -> OmanizationPlan | None:
    return plan_list_for_establishment(establishment=establishment).filter(year=year).first()


def plan_approved_for(*, establishment: Establishment, year: int) -> bool:
    return OmanizationPlan.objects.filter(
        establishment=establishment, year=year, status=OmanizationPlan.Status.APPROVED
    ).exists()


def plan_list_all_establishments(*, status: str = "") -> QuerySet[OmanizationPlan]:
    """Every establishment's plans for ministry staff, those waiting first, oldest first."""
    qs = OmanizationPlan.objects.select_related("establishment")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "submitted_at", "id")


def plan_get_all_establishments(*, plan_id: int) -> OmanizationPlan:
    return OmanizationPlan.objects.select_related("establishment").get(pk=plan_id)


@dataclass(frozen=True)
class PlanScore:
    """What a plan does to the Omani share at the year's end, against the overall target."""

    target: Decimal | None
    projected_share: Decimal | None
    planned_share: Decimal | None
    score: int


def _four(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.0001"))


def _share(omanis: Decimal, foreign: Decimal) -> Decimal | None:
    total = omanis + foreign
    return (omanis / total).quantize(Decimal("0.0001")) if total > 0 else None


def plan_score(
    *, establishment: Establishment, year: int, hires: int, replacements: int
) -> PlanScore:
    """Score a plan: the establishment's projection at the end of `year` (contracts ending by
    then, the rule set in force then), plus the plan's hires (each a full-weight Omani) and
    replacements (an Omani in the place of a foreign worker). The score is the planned share as
    a percentage of the target, at most 100; 100 when no target applies."""
    projection = compliance_projection(
        establishment=establishment, on=datetime.date(year, 12, 31), pending_hires=[]
    )
    result = projection.result
    if result is None:
        return PlanScore(None, None, None, 100)
    omanis = result.weighted_omanis + hires + replacements
    foreign = max(result.foreign - replacements, Decimal(0))
    planned = _share(omanis, foreign)
    target = result.target
    if not target or target <= 0:
        score = 100
    elif planned is None:
        score = 0
    else:
        score = min(100, int(planned / target * 100))
    return PlanScore(
        target=_four(target),
        projected_share=_four(result.share),
        planned_share=planned,
        score=score,
    )


@dataclass(frozen=True)
class QuarterProgress:
    quarter: int
    planned: int
    joined: int
    planned_to_date: int
    joined_to_date: int
    ended: bool

    @property
    def on_track(self) -> bool:
        return self.joined_to_date >= self.planned_to_date


def _quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def _quarter_end(year: int, quarter: int) -> datetime.date:
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, quarter * 3 + 1, 1) - datetime.timedelta(days=1)


def plan_progress(
    *, plan: OmanizationPlan, on: datetime.date | None = None
) -> list[QuarterProgress]:
    """Quarter by quarter: the Omanis the plan brings in (hires and replacements) against the
    Omanis whose contract started in that quarter on the register, each also counted to date."""
    on = on or today()
    planned: dict[int, int] = dict.fromkeys(QUARTERS, 0)
    for line in plan.lines.all():
        planned[line.quarter] += line.omani_hires + line.replacements
    joined: dict[int, int] = dict.fromkeys(QUARTERS, 0)
    rows = (
        Employee.objects.filter(
            establishment_id=plan.establishment_id,
            nationality=Employee.OMANI,
            contract_start__year=plan.year,
            contract_start__lte=on,
        )
        .values("contract_start")
        .annotate(n=Count("id"))
    )
    for row in rows:
        joined[_quarter_of(row["contract_start"])] += int(row["n"])
    result = []
    planned_to_date = joined_to_date = 0
    for quarter in QUARTERS:
        planned_to_date += planned[quarter]
        joined_to_date += joined[quarter]
        result.append(
            QuarterProgress(
                quarter=quarter,
                planned=planned[quarter],
                joined=joined[quarter],
                planned_to_date=planned_to_date,
                joined_to_date=joined_to_date,
                ended=_quarter_end(plan.year, quarter) < on,
            )
        )
    return result
