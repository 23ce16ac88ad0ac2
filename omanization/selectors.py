"""Reads of Omanization: the rule set in force on a date, live compliance, what-if, projection,
impact of a draft, and the latest computed statuses.

Employer-facing reads take an establishment already resolved from membership. Reads that cross
establishments end in `_all_establishments`.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from employers.models import EconomicActivity, Employee, Establishment
from omanization.compliance import ComplianceResult, Hire, Roster, all_statement, compute_one
from omanization.models import (
    ComplianceCertificate,
    ComplianceChange,
    ComplianceRun,
    ComplianceStatus,
    EstablishmentCompliance,
    RuleSet,
    Target,
)


def today() -> datetime.date:
    """Today in the portal's time zone (Asia/Muscat): the date rules and statuses are for."""
    return timezone.localdate()


_IN_FORCE_CACHE: dict[datetime.date, tuple[float, RuleSet]] = {}
_IN_FORCE_SECONDS = 300.0
_IN_FORCE_TODAY_SECONDS = 30.0


def rule_set_in_force(*, on: datetime.date) -> RuleSet | None:
    """The published rule set in force on `on`, or None before the first one.

    Kept in memory for five minutes per past date: publishing never changes the rules before
    today (core.rulesets), so a past date's answer cannot change once a rule set is found.
    Today's answer is kept thirty seconds: a same-day publication (two approvers) changes it,
    and reaches every process within that time (the publishing process at once). Later dates
    are always read afresh.
    """
    cached = _IN_FORCE_CACHE.get(on)
    if cached is not None:
        ttl = _IN_FORCE_TODAY_SECONDS if on >= today() else _IN_FORCE_SECONDS
        if time.monotonic() - cached[0] < ttl:
            return cached[1]
    rule_set = (
        RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from")
        .first()
    )
    if rule_set is not None and on <= today():
        if len(_IN_FORCE_CACHE) > 1000:
            _IN_FORCE_CACHE.clear()
        _IN_FORCE_CACHE[on] = (time.monotonic(), rule_set)
    return rule_set


def rule_set_cache_clear() -> None:
    """Forget the cached rule sets (tests that publish rule sets on past dates)."""
    _IN_FORCE_CACHE.clear()


def rule_set_list() -> QuerySet[RuleSet]:
    """Every rule set, drafts first, then published ones from the newest."""
    return RuleSet.objects.annotate(n_targets=Count("targets")).order_by(
        "status", "-effective_from", "-id"
    )


def rule_set_latest_published() -> RuleSet | None:
    """The published rule set that starts last (possibly in the future)."""
    return (
        RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED).order_by("-effective_from").first()
    )


def target_list_for_rule_set(*, rule_set: RuleSet) -> QuerySet[Target]:
    """The targets of one rule set, with their activities, in a stable order."""
    return (
        Target.objects.filter(rule_set=rule_set)
        .select_related("activity")
        .order_by("activity__code", "size_class", "job_level", "id")
    )


def compliance_for_establishment(
    *,
    establishment: Establishment,
    as_of: datetime.date | None = None,
    roster: Roster | None = None,
    rule_set: RuleSet | None = None,
) -> ComplianceResult | None:
    """Live compliance of one establishment on `as_of` (today) under the rule set in force then.

    `roster` changes the register for a what-if. Returns None when no rule set is in force on
    that date or the establishment is closed.
    """
    as_of = as_of or today()
    rule_set = rule_set or rule_set_in_force(on=as_of)
    if rule_set is None:
        return None
    return compute_one(
        establishment_id=establishment.pk, rule_set_id=rule_set.pk, as_of=as_of, roster=roster
    )


def compliance_what_if(
    *,
    establishment: Establishment,
    hires: list[Hire],
    ending_employee_ids: list[int],
) -> ComplianceResult | None:
    """Compliance today if `hires` were on the register (Omanis hired, permits approved) over the
    whole averaging window, and the employees `ending_employee_ids` had left it.

    Ending ids that are not this establishment's employees are ignored.
    """
    own_ids = list(
        Employee.objects.filter(
            establishment=establishment, pk__in=ending_employee_ids
        ).values_list("pk", flat=True)
    )
    roster = Roster(hires=hires, excluded_employee_ids=own_ids)
    return compliance_for_establishment(establishment=establishment, roster=roster)


@dataclass(frozen=True)
class Projection:
    on: datetime.date
    result: ComplianceResult | None
    rule_set: RuleSet | None
    contracts_ending: int
    pending_hires: int


def compliance_projection(
    *,
    establishment: Establishment,
    on: datetime.date,
    pending_hires: list[Hire] | None = None,
) -> Projection:
    """Compliance on a future date `on` if no contract is renewed: contracts end on their end
    dates, `pending_hires` (pending permits, with their expected start) join on theirs, and the
    rule set in force on `on` (possibly one already published for later) applies."""
    pending_hires = pending_hires or []
    rule_set = rule_set_in_force(on=on)
    roster = Roster(hires=pending_hires) if pending_hires else None
    result = None
    if rule_set is not None:
        result = compute_one(
            establishment_id=establishment.pk, rule_set_id=rule_set.pk, as_of=on, roster=roster
        )
    ending = employee_contract_end_list_for_establishment(
        establishment=establishment, before=on
    ).count()
    return Projection(
        on=on,
        result=result,
        rule_set=rule_set,
        contracts_ending=ending,
        pending_hires=sum(hire.count for hire in pending_hires),
    )


def employee_contract_end_list_for_establishment(
    *, establishment: Establishment, before: datetime.date
) -> QuerySet[Employee]:
    """Employees of one establishment whose contract ends from today until `before`."""
    return Employee.objects.filter(
        establishment=establishment, contract_end__gte=today(), contract_end__lt=before
    ).order_by("contract_end", "id")


def employee_choices_for_what_if(*, establishment: Establishment) -> QuerySet[Employee]:
    """Employees currently on the register of one establishment (for "if this contract ends")."""
    return (
        Employee.objects.filter(establishment=establishment)
        .filter(Q(contract_end__isnull=True) | Q(contract_end__gte=today()))
        .order_by("name_en", "id")
    )


def compliance_latest_for_establishment(
    *, establishment: Establishment
) -> EstablishmentCompliance | None:
    """The status of one establishment computed by the latest recompute, if any."""
    return (
        EstablishmentCompliance.objects.filter(establishment_id=establishment.pk)
        .select_related("rule_set")
        .first()
    )


def compliance_history_for_establishment(
    *, establishment: Establishment
) -> QuerySet[ComplianceChange]:
    """The status changes of one establishment, newest first."""
    return (
        ComplianceChange.objects.filter(establishment_id=establishment.pk)
        .select_related("run", "run__rule_set")
        .order_by("-run__started_at")
    )


def compliance_run_latest() -> ComplianceRun | None:
    return ComplianceRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()


def compliance_run_list() -> QuerySet[ComplianceRun]:
    return ComplianceRun.objects.select_related("rule_set").order_by("-started_at")


@dataclass(frozen=True)
class ImpactRow:
    activity_code: str
    activity_name: str
    establishments: int
    compliant_now: int
    compliant_then: int
    become_non_compliant: int
    become_compliant: int


@dataclass(frozen=True)
class Impact:
    draft: RuleSet
    baseline: RuleSet | None
    as_of: datetime.date
    rows: list[ImpactRow]

    @property
    def establishments(self) -> int:
        return sum(row.establishments for row in self.rows)

    @property
    def become_non_compliant(self) -> int:
        return sum(row.become_non_compliant for row in self.rows)

    @property
    def become_compliant(self) -> int:
        return sum(row.become_compliant for row in self.rows)


def rule_set_impact_all_establishments(*, draft: RuleSet) -> Impact:
    """How many establishments would change status, by activity, if `draft` replaced the rules
    that would otherwise be in force on its start date. Both are applied to today's register by
    the set-based computation (two statements into temporary tables, then one comparison)."""
    as_of = today()
    baseline = rule_set_in_force(on=draft.effective_from) or rule_set_latest_published()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, rule_set in (("impact_draft", draft), ("impact_baseline", baseline)):
            if rule_set is None:
                cursor.execute(
                    f"CREATE TEMP TABLE {table} ON COMMIT DROP AS "
                    "SELECT id AS establishment_id, 'compliant'::text AS status "
                    "FROM employers_establishment WHERE status <> 'closed'"  # nosec B608 # identifiers from code, values bound as parameters
                )
                continue
            cursor.execute(
                f"CREATE TEMP TABLE {table} ON COMMIT DROP AS {all_statement()}",
                {"rule_set_id": rule_set.pk, "as_of": as_of},
            )
        cursor.execute(
            """
            SELECT e.activity_id, count(*),
                   count(*) FILTER (WHERE b.status = 'compliant'),
                   count(*) FILTER (WHERE d.status = 'compliant'),
                   count(*) FILTER (WHERE b.status = 'compliant' AND d.status <> 'compliant'),
                   count(*) FILTER (WHERE b.status <> 'compliant' AND d.status = 'compliant')
            FROM impact_draft d
            JOIN impact_baseline b USING (establishment_id)
            JOIN employers_establishment e ON e.id = d.establishment_id
            GROUP BY e.activity_id
            """
        )
        counts = cursor.fetchall()
        cursor.execute("DROP TABLE impact_draft, impact_baseline")
    activities = EconomicActivity.objects.in_bulk([row[0] for row in counts])
    rows = [
        ImpactRow(
            activity_code=activities[activity_id].code,
            activity_name=activities[activity_id].name,
            establishments=total,
            compliant_now=now,
            compliant_then=then,
            become_non_compliant=worse,
            become_compliant=better,
        )
        for activity_id, total, now, then, worse, better in counts
    ]
    rows.sort(
        key=lambda row: (-(row.become_non_compliant + row.become_compliant), row.activity_code)
    )
    return Impact(draft=draft, baseline=baseline, as_of=as_of, rows=rows)


@dataclass(frozen=True)
class ComplianceSummaryRow:
    key: str
    label: str
    establishments: int
    compliant: int

    @property
    def compliant_share(self) -> float | None:
        return self.compliant / self.establishments if self.establishments else None


def compliance_summary_by_activity_all_establishments() -> list[ComplianceSummaryRow]:
    """Compliant establishments per activity, from the latest recompute: aggregates only."""
    counts = (
        EstablishmentCompliance.objects.values("establishment__activity_id")
        .annotate(
            total=Count("pk"),
            compliant=Count("pk", filter=Q(status=ComplianceStatus.COMPLIANT)),
        )
        .order_by()
    )
    activities = EconomicActivity.objects.in_bulk([c["establishment__activity_id"] for c in counts])
    rows = [
        ComplianceSummaryRow(
            key=activities[c["establishment__activity_id"]].code,
            label=activities[c["establishment__activity_id"]].name,
            establishments=c["total"],
            compliant=c["compliant"],
        )
        for c in counts
    ]
    return sorted(rows, key=lambda row: row.key)


def certificate_get_by_token(*, token: str) -> ComplianceCertificate | None:
    """The certificate with this verification token, or None."""
    return (
        ComplianceCertificate.objects.filter(token=token)
        .select_related("establishment", "rule_set")
        .first()
    )


def certificate_list_for_establishment(
    *, establishment: Establishment
) -> QuerySet[ComplianceCertificate]:
    return ComplianceCertificate.objects.filter(establishment=establishment).select_related(
        "rule_set"
    )


def establishment_get_by_cr_number_all_establishments(*, cr_number: str) -> Establishment | None:
    """One establishment by its commercial registration number (G2G lookups)."""
    return Establishment.objects.filter(cr_number=cr_number).select_related("activity").first()


def fee_multiplier_for_establishment(*, establishment: Establishment) -> Decimal | None:
    """The permit-fee multiplier the establishment's live status earns today (None: no rules)."""
    result = compliance_for_establishment(establishment=establishment)
    return result.fee_multiplier if result is not None else None
