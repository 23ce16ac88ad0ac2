"""Reads of the rollups (through the read replica when there is one: lmi.routers), of the
released open datasets, of staff scopes, institutions and courses."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Max, QuerySet, Sum

from core.dated import in_force_on
from employers.models import Governorate
from lmi.models import (
    Course,
    DisclosureRuleSet,
    Fact,
    Institution,
    Release,
    RollupRun,
    StaffScope,
)
from lmi.periods import add_months, month_start

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User

# Stocks are counted as they stand, in the month of the rollup; flows in their own month.
STOCKS = frozenset(
    {
        "establishments",
        "employees",
        "vacancies_open",
        "jobseekers_searching",
        "skills_demanded",
        "skills_held",
        "skills_missing",
    }
)
# Measures recorded without an occupation, or without an economic activity: the filter on that
# dimension does not apply to them (the page says so).
WITHOUT_OCCUPATION = frozenset(
    {
        "establishments",
        "violations",
        "fines",
        "jobseekers_registered",
        "jobseekers_searching",
        "jobseekers_placed",
        "training_places",
        "training_completions",
        "skills_held",
    }
)
WITHOUT_ACTIVITY = frozenset(
    {"jobseekers_registered", "jobseekers_searching", "jobseekers_placed", "skills_held"}
)
DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class Filters:
    first: datetime.date
    last: datetime.date
    governorate: str = ""
    activity: str = ""
    occupation: str = ""  # an ISCO major (1 digit) or sub-major (2 digits) group

    @classmethod
    def default(cls, *, today: datetime.date) -> Filters:
        last = month_start(today)
        return cls(first=add_months(last, 1 - DEFAULT_MONTHS), last=last)

    def scoped(self, governorate: str) -> Filters:
        return replace(self, governorate=governorate) if governorate else self


def scope_governorate(*, user: User) -> str:
    """The governorate a staff member is scoped to ('' for the whole country)."""
    scope = StaffScope.objects.filter(user_id=user.pk).values_list("governorate", flat=True)
    return next(iter(scope), "")


def scope_list() -> QuerySet[StaffScope]:
    """Every staff member's governorate scope, by governorate then name."""
    return StaffScope.objects.select_related("user").order_by(
        "governorate", "user__first_name", "user__last_name", "user__username"
    )


def facts(measure: str, filters: Filters) -> QuerySet[Fact]:
    found = Fact.objects.filter(measure=measure)
    if measure in STOCKS:
        latest = rollup_month()
        found = found.filter(month=latest) if latest else found.none()
    else:
        found = found.filter(month__gte=filters.first, month__lte=filters.last)
    if filters.governorate:
        found = found.filter(governorate=filters.governorate)
    if filters.activity and measure not in WITHOUT_ACTIVITY:
        found = found.filter(activity=filters.activity)
    if filters.occupation and measure not in WITHOUT_OCCUPATION:
        found = found.filter(occupation__startswith=filters.occupation)
    return found


def rollup_month() -> datetime.date | None:
    """The month of the stocks of the current rollups (None before the first run)."""
    return (
        Fact.objects.filter(measure="employees").aggregate(m=Max("month"))["m"]
        or (Fact.objects.aggregate(m=Max("month"))["m"])
    )


def rollup_marker() -> int:
    """Changes with every rebuild of the rollups (each rebuild is a new table, with a new
    object id in the catalogue): what a cached page is keyed by."""
    from django.db import connections

    from lmi.routers import replica_alias

    with connections[replica_alias()].cursor() as cursor:
        cursor.execute("SELECT 'lmi_fact'::regclass::oid::bigint")
        return int(cursor.fetchone()[0])


def total(measure: str, filters: Filters) -> Decimal:
    return facts(measure, filters).aggregate(v=Sum("value"))["v"] or Decimal(0)


def by_dimension(measure: str, dimension: str, filters: Filters) -> dict[str, Decimal]:
    rows = facts(measure, filters).values_list(dimension).annotate(v=Sum("value")).order_by()
    return dict(rows)


def by_month(measure: str, filters: Filters) -> dict[datetime.date, Decimal]:
    rows = facts(measure, filters).values_list("month").annotate(v=Sum("value")).order_by()
    return dict(rows)


def by_two(measure: str, first: str, second: str, filters: Filters) -> dict[tuple, Decimal]:
    rows = facts(measure, filters).values_list(first, second).annotate(v=Sum("value")).order_by()
    return {(a, b): value for a, b, value in rows}


def omanisation_by(dimension: str, filters: Filters) -> list[tuple[str, int, int]]:
    """(key, employees, Omani employees) by `dimension`, largest first."""
    totals: dict[str, int] = defaultdict(int)
    omani: dict[str, int] = defaultdict(int)
    for (key, nationality), value in by_two("employees", dimension, "nationality", filters).items():
        totals[key] += int(value)
        if nationality == "OMN":
            omani[key] += int(value)
    return sorted(
        ((key, totals[key], omani[key]) for key in totals), key=lambda row: (-row[1], row[0])
    )


def governorate_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Governorate.choices}


def run_latest() -> RollupRun | None:
    return RollupRun.objects.order_by("-created_at", "-id").first()


def run_list() -> QuerySet[RollupRun]:
    return RollupRun.objects.select_related("requested_by").order_by("-created_at", "-id")


def disclosure_rules(*, on: datetime.date) -> tuple[int, int]:
    """(threshold, dominance percent) in force on `on`; the defaults without a published set."""
    rule_set = in_force_on(DisclosureRuleSet.objects.all(), on=on)
    if rule_set is None:
        return 10, 85
    return rule_set.threshold, rule_set.dominance_percent


def release_latest(*, dataset: str) -> Release | None:
    """The last released version of `dataset` (a withheld one is never served)."""
    return (
        Release.objects.filter(dataset=dataset, status=Release.Status.RELEASED)
        .order_by("-created_at", "-id")
        .first()
    )


def release_history(*, dataset: str) -> QuerySet[Release]:
    return Release.objects.filter(dataset=dataset).order_by("-created_at", "-id")


def institution_for_user(*, user: User) -> Institution | None:
    return Institution.objects.filter(members=user).order_by("pk").first()


def course_list_for_institution(*, institution: Institution) -> QuerySet[Course]:
    return institution.courses.prefetch_related("skills").order_by("title_en", "id")


def course_for_institution(*, institution: Institution, course_id: int) -> Course | None:
    return institution.courses.filter(pk=course_id).first()


def courses_teaching(*, skill_codes: set[str], governorate: str = "") -> QuerySet[Course]:
    """Published courses that teach any of `skill_codes` (those in `governorate` first)."""
    found = (
        Course.objects.filter(is_published=True, skills__skill_code__in=skill_codes)
        .select_related("institution")
        .prefetch_related("skills")
        .distinct()
    )
    return found.order_by("title_en", "id")
