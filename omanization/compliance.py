"""The Omanization computation, written once, in SQL, for one establishment or for all.

The same statement serves the live check of one establishment (the permit gate, the employer's
page, the tender-board API), the nightly recompute of all 203,000 establishments (one set-based
statement, never a loop in Python), the impact preview of a draft rule set, the what-if and the
projection. Only its inputs differ: which establishments, which rule set, which date, and the
roster (the register as it is, or with hypothetical hires and contract ends).

How the share is counted (every figure comes from the rule set row):

* The register is sampled on the weekly dates `as_of`, `as_of - 7`, ... over `averaging_weeks`
  weeks. A worker counts on the dates its contract covers; instead of joining each worker to
  each date, `weeks` counts the covered dates by arithmetic on the contract start and end.
* A national's weight comes from salary floors (full-time) or the part-time weight. Nationals
  with a disability weigh `disability_weight` up to `disability_cap_percent` of the nationals'
  person-weeks, and their ordinary weight beyond that.
* share = weighted nationals / (weighted nationals + foreign workers), over person-weeks, for
  the whole establishment and for each job level.
* The establishment complies when its overall share reaches the overall target, every job
  level with a target of its own reaches that target, and the minimum number of Omanis is
  employed on `as_of` once the establishment has been registered `minimum_after_days`.
* The most specific target applies: one naming the activity beats one for all activities, and
  then one naming the size class beats one for all sizes.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.prepared import prepared_cursor

LEVELS: tuple[int, ...] = (1, 2, 3, 4)  # employers.models.Employee.JobLevel
SIZE_CLASSES: tuple[str, ...] = ("micro", "small", "medium", "large")

# The sums kept for each scope (the whole establishment, "a", and each level, "l1".."l4").
_SUMS = {
    "nat": "weeks",
    "nat_w": "weeks * weight",
    "dis": "weeks",
    "dis_w": "weeks * weight",
    "frn": "weeks",
}
_FILTERS = {
    "nat": "national",
    "nat_w": "national AND NOT has_disability",
    "dis": "national AND has_disability",
    "dis_w": "national AND has_disability",
    "frn": "NOT national",
}


@dataclass(frozen=True)
class Hire:
    """Hypothetical workers for a what-if or a projection (a hire, or a permit approved)."""

    national: bool
    job_level: int
    monthly_salary: Decimal
    count: int = 1
    is_full_time: bool = True
    has_disability: bool = False
    starts_on: datetime.date | None = None  # None: counted over the whole averaging window


@dataclass(frozen=True)
class Roster:
    """Changes to the register for a what-if: workers added, and employees left out."""

    hires: Sequence[Hire] = ()
    excluded_employee_ids: Sequence[int] = ()


@dataclass(frozen=True)
class LevelResult:
    level: int
    weighted_omanis: Decimal
    foreign: Decimal
    share: Decimal | None
    target: Decimal | None

    @property
    def meets_target(self) -> bool:
        return self.target is None or self.share is None or self.share >= self.target

    @property
    def omanis_needed(self) -> int:
        return omanis_needed(self.weighted_omanis, self.foreign, self.target)


@dataclass(frozen=True)
class ComplianceResult:
    """The compliance of one establishment under one rule set on one date."""

    establishment_id: int
    rule_set_id: int
    as_of: datetime.date
    compliant: bool
    share: Decimal | None
    target: Decimal | None
    headcount: Decimal
    weighted_omanis: Decimal
    foreign: Decimal
    omanis_now: int
    minimum_met: bool
    minimum_omanis: int
    fee_multiplier: Decimal
    permits_allowed: bool
    levels: list[LevelResult] = field(default_factory=list)

    @property
    def failing_levels(self) -> list[LevelResult]:
        return [level for level in self.levels if not level.meets_target]

    @property
    def overall_omanis_needed(self) -> int:
        return omanis_needed(self.weighted_omanis, self.foreign, self.target)

    @property
    def minimum_omanis_needed(self) -> int:
        return 0 if self.minimum_met else max(0, self.minimum_omanis - self.omanis_now)


def omanis_needed(weighted: Decimal, foreign: Decimal, target: Decimal | None) -> int:
    """Full-weight Omani hires that bring weighted / (weighted + foreign) up to `target`.

    Solves (W + x) / (W + x + F) >= t, so x >= t*F / (1 - t) - W. A 100% target needs every
    foreign worker replaced, which no number of hires achieves: it answers -1.
    """
    if target is None or target <= 0:
        return 0
    if weighted + foreign > 0 and weighted / (weighted + foreign) >= target:
        return 0
    if target >= 1:
        return -1 if foreign > 0 else (0 if weighted > 0 else 1)
    needed = target * foreign / (1 - target) - weighted
    whole = int(needed)
    return max(whole + (1 if needed > whole else 0), 1 if weighted + foreign == 0 else 0)


def _weighted(scope: str) -> str:
    """Weighted nationals of a scope in person-weeks, with the disability cap of that scope.

    Weights are carried as integer hundredths through the 2,000,000-row aggregate (integer sums
    are several times cheaper than numeric ones) and turned back into person-weeks here, once
    per establishment.
    """
    nat, nat_w, dis, dis_w = (f"s.{scope}_{name}" for name in ("nat", "nat_w", "dis", "dis_w"))
    eligible = f"LEAST({dis}, rs.cap * {nat})"
    return (
        f"(({nat_w} + {eligible} * rs.w_disabled"
        f" + CASE WHEN {dis} > 0 THEN {dis_w} * ({dis} - {eligible}) / {dis} ELSE 0 END)"
        f" / 100.0)"
    )


def _sums_sql() -> str:
    """Per job level: the sums the share needs, in one pass over the register."""
    columns = []
    for n in LEVELS:
        for name, expression in _SUMS.items():
            columns.append(
                f"COALESCE(sum({expression}) FILTER (WHERE {_FILTERS[name]} AND job_level = {n}),"
                f" 0) AS l{n}_{name}"
            )
    columns.append("count(*) FILTER (WHERE national AND present) AS omanis_now")
    return ",\n    ".join(columns)


def _totals_sql() -> str:
    """The whole establishment: the sum of its job levels (every sum is additive)."""
    return ",\n    ".join(
        f"{' + '.join(f'l{n}_{name}' for n in LEVELS)} AS a_{name}" for name in _SUMS
    )


def _scope_sql() -> str:
    columns = []
    for scope in ["a", *(f"l{n}" for n in LEVELS)]:
        columns.append(f"{_weighted(scope)} AS {scope}_w")
        columns.append(f"s.{scope}_frn AS {scope}_frn")
        columns.append(f"s.{scope}_nat + s.{scope}_frn AS {scope}_people")
    return ",\n    ".join(columns)


def _share(scope: str) -> str:
    return f"CASE WHEN {scope}_w + {scope}_frn > 0 THEN {scope}_w / ({scope}_w + {scope}_frn) END"


def _meets(scope: str, target: str) -> str:
    return f"({target} IS NULL OR {scope}_w + {scope}_frn = 0 OR {_share(scope)} >= {target})"


def _statement(*, establishment_filter: bool, roster: Roster | None) -> str:
    """The whole computation. Parameters: rule_set_id, as_of, and establishment_id (filter)."""
    est_where = "AND e.id = %(establishment_id)s" if establishment_filter else ""
    roster_where = "WHERE r.establishment_id = %(establishment_id)s" if establishment_filter else ""
    hires = ""
    if roster is not None:
        if roster.excluded_employee_ids:
            roster_where += " AND NOT (r.id = ANY(%(excluded_ids)s))"
        if roster.hires:
            hires = """
    UNION ALL
    SELECT %(establishment_id)s, h.national, h.job_level, h.salary, h.full_time, h.disabled,
           h.starts_on, NULL::date
    FROM unnest(%(h_national)s::bool[], %(h_level)s::int[], %(h_salary)s::numeric[],
                %(h_full_time)s::bool[], %(h_disabled)s::bool[], %(h_starts)s::date[])
         AS h(national, job_level, salary, full_time, disabled, starts_on)"""
    level_targets = ",\n    ".join(
        f"max(target) FILTER (WHERE level = {n}) AS t{n}" for n in LEVELS
    )
    failing = ", ".join(f"CASE WHEN NOT {_meets(f'l{n}', f'tp.t{n}')} THEN {n} END" for n in LEVELS)
    level_columns = ",\n    ".join(
        f"{_share(f'l{n}')} AS l{n}_share, tp.t{n} AS l{n}_target, l{n}_w, l{n}_frn" for n in LEVELS
    )
    return f"""
WITH rs AS (
    SELECT averaging_weeks AS n, salary_floor_full, salary_floor_half,
           round(weight_full * 100)::int AS w_full, round(weight_half * 100)::int AS w_half,
           round(weight_below * 100)::int AS w_below, round(part_time_weight * 100)::int AS w_part,
           round(disability_weight * 100)::int AS w_disabled,
           disability_cap_percent / 100 AS cap, minimum_omanis, minimum_after_days, permit_gate,
           fee_multiplier_compliant, fee_multiplier_non_compliant
    FROM omanization_ruleset WHERE id = %(rule_set_id)s
),
est AS (
    SELECT e.id, e.activity_id, e.size_class, e.registered_on
    FROM employers_establishment e
    WHERE e.status <> 'closed' {est_where}
),
tgt AS (
    SELECT DISTINCT ON (a.activity_id, a.size_class, lv.level)
           a.activity_id, a.size_class, lv.level, t.target_percent / 100 AS target
    FROM (SELECT DISTINCT activity_id, size_class FROM est) a
    CROSS JOIN generate_series(0, {max(LEVELS)}) AS lv(level)
    JOIN omanization_target t
      ON t.rule_set_id = %(rule_set_id)s
     AND (t.activity_id IS NULL OR t.activity_id = a.activity_id)
     AND (t.size_class = '' OR t.size_class = a.size_class)
     AND COALESCE(t.job_level, 0) = lv.level
    ORDER BY a.activity_id, a.size_class, lv.level, t.activity_id IS NULL, t.size_class = ''
),
tp AS (
    SELECT activity_id, size_class, max(target) FILTER (WHERE level = 0) AS t0,
    {level_targets}
    FROM tgt GROUP BY activity_id, size_class
),
roster AS (
    SELECT r.establishment_id, r.nationality = 'OMN' AS national, r.job_level,
           r.monthly_salary AS salary, r.is_full_time AS full_time, r.has_disability AS disabled,
           r.contract_start AS starts_on, r.contract_end AS ends_on
    FROM employers_employee r {roster_where}{hires}
),
people AS (
    SELECT p.establishment_id, p.job_level, p.national, p.disabled AS has_disability,
           GREATEST(0, LEAST(rs.n - 1, (%(as_of)s::date - p.starts_on) / 7)
               - CASE WHEN p.ends_on IS NULL OR p.ends_on >= %(as_of)s::date THEN 0
                      ELSE (%(as_of)s::date - p.ends_on + 6) / 7 END
               + 1) AS weeks,
           CASE WHEN NOT p.full_time THEN rs.w_part
                WHEN p.salary >= rs.salary_floor_full THEN rs.w_full
                WHEN p.salary >= rs.salary_floor_half THEN rs.w_half
                ELSE rs.w_below END AS weight,
           (p.ends_on IS NULL OR p.ends_on >= %(as_of)s::date) AS present
    FROM roster p CROSS JOIN rs
    WHERE p.starts_on <= %(as_of)s::date
      AND (p.ends_on IS NULL OR p.ends_on >= %(as_of)s::date - 7 * (rs.n - 1))
),
level_sums AS (
    SELECT establishment_id,
    {_sums_sql()}
    FROM people GROUP BY establishment_id
),
sums AS (
    SELECT level_sums.*,
    {_totals_sql()}
    FROM level_sums
),
scopes AS MATERIALIZED (
    SELECT s.establishment_id, s.omanis_now,
    {_scope_sql()}
    FROM sums s CROSS JOIN rs
),
result AS MATERIALIZED (
    SELECT e.id AS establishment_id,
           COALESCE(sc.a_w, 0) AS a_w, COALESCE(sc.a_frn, 0) AS a_frn,
           COALESCE(sc.a_people, 0) AS a_people, COALESCE(sc.omanis_now, 0) AS omanis_now,
           tp.t0,
           NOT (e.registered_on <= %(as_of)s::date - rs.minimum_after_days
                AND COALESCE(sc.omanis_now, 0) < rs.minimum_omanis) AS minimum_met,
           array_remove(ARRAY[{failing}], NULL) AS failing_levels,
           {level_columns},
           rs.n, rs.minimum_omanis, rs.permit_gate, rs.fee_multiplier_compliant,
           rs.fee_multiplier_non_compliant
    FROM est e CROSS JOIN rs
    LEFT JOIN scopes sc ON sc.establishment_id = e.id
    LEFT JOIN tp ON tp.activity_id = e.activity_id AND tp.size_class = e.size_class
),
verdict AS (
    SELECT result.*,
           {_share("a")} AS share,
           minimum_met AND cardinality(failing_levels) = 0 AND {_meets("a", "t0")} AS compliant
    FROM result
)
"""  # nosec B608 # identifiers from code, values bound as parameters


def _rounded(value: Any, places: str = "0.0001") -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal(places))


def _hire_params(roster: Roster, as_of: datetime.date, weeks_back: int) -> dict[str, list[Any]]:
    columns: dict[str, list[Any]] = {
        key: [] for key in ("h_national", "h_level", "h_salary", "h_full_time", "h_disabled")
    }
    columns["h_starts"] = []
    window_start = as_of - datetime.timedelta(days=7 * weeks_back)
    for hire in roster.hires:
        for _ in range(hire.count):
            columns["h_national"].append(hire.national)
            columns["h_level"].append(hire.job_level)
            columns["h_salary"].append(hire.monthly_salary)
            columns["h_full_time"].append(hire.is_full_time)
            columns["h_disabled"].append(hire.has_disability)
            columns["h_starts"].append(hire.starts_on or window_start)
    return columns


def _execute_prepared(sql: str, params: dict[str, Any]) -> tuple[Any, list[str]]:
    """Run the statement prepared once per connection (core.prepared): planning it costs about
    ten times more than running it for one establishment (4 ms against 0.4 ms). It runs in
    whatever transaction Django's connection is in."""
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        names = [column.name for column in cursor.description or []]
    return row, names


def compute_one(
    *,
    establishment_id: int,
    rule_set_id: int,
    as_of: datetime.date,
    roster: Roster | None = None,
) -> ComplianceResult | None:
    """The compliance of one establishment (None if it is closed or does not exist)."""
    params: dict[str, Any] = {
        "establishment_id": establishment_id,
        "rule_set_id": rule_set_id,
        "as_of": as_of,
    }
    if roster is not None:
        params["excluded_ids"] = list(roster.excluded_employee_ids)
        # hypothetical workers without a start date count over the whole (largest) window
        params.update(_hire_params(roster, as_of, weeks_back=104))
    sql = _statement(establishment_filter=True, roster=roster) + "SELECT * FROM verdict"  # nosec B608 # identifiers from code, values bound as parameters
    row, names = _execute_prepared(sql, params)
    if row is None:
        return None
    values = dict(zip(names, row, strict=True))
    weeks = Decimal(values["n"])
    levels = [
        LevelResult(
            level=n,
            weighted_omanis=Decimal(values[f"l{n}_w"] or 0) / weeks,
            foreign=Decimal(values[f"l{n}_frn"] or 0) / weeks,
            share=_rounded(values[f"l{n}_share"]),
            target=_rounded(values[f"l{n}_target"]),
        )
        for n in LEVELS
    ]
    compliant = bool(values["compliant"])
    return ComplianceResult(
        establishment_id=establishment_id,
        rule_set_id=rule_set_id,
        as_of=as_of,
        compliant=compliant,
        share=_rounded(values["share"]),
        target=_rounded(values["t0"]),
        headcount=Decimal(values["a_people"]) / weeks,
        weighted_omanis=Decimal(values["a_w"]) / weeks,
        foreign=Decimal(values["a_frn"]) / weeks,
        omanis_now=int(values["omanis_now"]),
        minimum_met=bool(values["minimum_met"]),
        minimum_omanis=int(values["minimum_omanis"]),
        fee_multiplier=Decimal(
            values["fee_multiplier_compliant"]
            if compliant
            else values["fee_multiplier_non_compliant"]
        ),
        permits_allowed=compliant or not values["permit_gate"],
        levels=[level for level in levels if level.target is not None or level.share is not None],
    )


def all_statement() -> str:
    """The computation for every establishment that is not closed (parameters: rule_set_id,
    as_of). Selects the columns of omanization_establishmentcompliance that it computes."""
    return (
        _statement(establishment_filter=False, roster=None)
        + """
SELECT establishment_id,
       CASE WHEN compliant THEN 'compliant' ELSE 'non_compliant' END AS status,
       round(share, 4) AS share, round(t0, 4) AS target,
       round(a_people / n, 2) AS headcount, round(a_w / n, 2) AS weighted_omanis,
       failing_levels, minimum_met,
       CASE WHEN compliant THEN fee_multiplier_compliant ELSE fee_multiplier_non_compliant END
           AS fee_multiplier,
       compliant OR NOT permit_gate AS permits_allowed
FROM verdict"""  # nosec B608 # identifiers from code, values bound as parameters
    )
