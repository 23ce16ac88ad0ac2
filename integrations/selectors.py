"""Reads of the integrations: the sources with their latest run, runs and refused records.

Staff pages only: these cross every establishment by design (the data of other entities is not
any one establishment's)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from integrations.entities import Entity
from integrations.models import (
    InsuredEmployment,
    MedicalFitnessResult,
    RegistryEstablishment,
    RejectedRecord,
    SalaryFileLine,
    SyncRun,
    SyncSource,
)


@dataclass(frozen=True)
class SourceOverview:
    entity: str
    label: str
    source: SyncSource | None
    last_run: SyncRun | None
    rejected_total: int


def sync_sources_overview() -> list[SourceOverview]:
    """Every entity, in the order of Entity, with its source row, its latest run and how many
    of its records were ever refused (three queries, whatever the number of runs)."""
    from django.db.models import Count

    sources = {s.entity: s for s in SyncSource.objects.all()}
    latest: dict[str, SyncRun] = {}
    recent = (
        SyncRun.objects.select_related("source")
        .order_by("source_id", "-started_at", "-id")
        .distinct("source_id")
    )
    for run in recent:
        latest[run.source.entity] = run
    rejected = dict(
        RejectedRecord.objects.values("source__entity")
        .annotate(n=Count("id"))
        .values_list("source__entity", "n")
    )
    return [
        SourceOverview(
            entity=entity.value,
            label=str(entity.label),
            source=sources.get(entity.value),
            last_run=latest.get(entity.value),
            rejected_total=int(rejected.get(entity.value, 0)),
        )
        for entity in Entity
    ]


def sync_runs_all(*, entity: str = "", status: str = "") -> QuerySet[SyncRun]:
    """Runs, latest first, of one entity or all, optionally of one status."""
    runs = SyncRun.objects.select_related("source", "requested_by")
    if entity:
        runs = runs.filter(source__entity=entity)
    if status:
        runs = runs.filter(status=status)
    return runs.order_by("-started_at", "-id")


def rejected_records_all(
    *, entity: str = "", run_id: int | None = None, reason: str = ""
) -> QuerySet[RejectedRecord]:
    """Refused records, latest first, of one entity or all, one run, one reason."""
    records = RejectedRecord.objects.select_related("source")
    if entity:
        records = records.filter(source__entity=entity)
    if run_id:
        records = records.filter(run_id=run_id)
    if reason:
        records = records.filter(reason=reason)
    return records.order_by("-received_at", "-id")


# --- for other apps: what the entities say about an establishment ------------------------------


def salary_lines_late_or_unpaid(
    *, cr_number: str, since: datetime.date | None = None
) -> QuerySet[SalaryFileLine]:
    """The establishment's wage-protection lines paid late or not paid, newest month first
    (for permits and Omanization: a sign the employer does not pay its workers)."""
    lines = SalaryFileLine.objects.filter(
        cr_number=cr_number,
        payment_status__in=[SalaryFileLine.PaymentStatus.LATE, SalaryFileLine.PaymentStatus.UNPAID],
    )
    if since is not None:
        lines = lines.filter(month__gte=since)
    return lines.order_by("-month", "civil_id")


@dataclass(frozen=True)
class WageProtectionSummary:
    month: datetime.date | None
    lines: int
    paid: int
    late: int
    unpaid: int


def wage_protection_summary_for_establishment(*, cr_number: str) -> WageProtectionSummary:
    """Counts of the establishment's lines in the latest month its salary files cover."""
    from django.db.models import Count, Max, Q

    month = SalaryFileLine.objects.filter(cr_number=cr_number).aggregate(m=Max("month"))["m"]
    if month is None:
        return WageProtectionSummary(month=None, lines=0, paid=0, late=0, unpaid=0)
    status = SalaryFileLine.PaymentStatus
    figures = SalaryFileLine.objects.filter(cr_number=cr_number, month=month).aggregate(
        lines=Count("id"),
        paid=Count("id", filter=Q(payment_status=status.PAID)),
        late=Count("id", filter=Q(payment_status=status.LATE)),
        unpaid=Count("id", filter=Q(payment_status=status.UNPAID)),
    )
    return WageProtectionSummary(month=month, **figures)


@dataclass(frozen=True)
class InsuranceSummary:
    month: datetime.date | None
    insured: int
    insured_salaries: Decimal


def insurance_summary_for_establishment(*, cr_number: str) -> InsuranceSummary:
    """How many people social insurance has at the establishment in its latest month."""
    from django.db.models import Count, Max, Sum

    month = InsuredEmployment.objects.filter(cr_number=cr_number).aggregate(m=Max("month"))["m"]
    if month is None:
        return InsuranceSummary(month=None, insured=0, insured_salaries=Decimal(0))
    figures = InsuredEmployment.objects.filter(cr_number=cr_number, month=month).aggregate(
        n=Count("id"), total=Sum("salary")
    )
    return InsuranceSummary(
        month=month, insured=int(figures["n"]), insured_salaries=figures["total"] or Decimal(0)
    )


def registry_record_for(*, cr_number: str) -> RegistryEstablishment | None:
    return RegistryEstablishment.objects.filter(cr_number=cr_number).first()


def medical_fitness_latest(
    *, nationality: str, passport_number: str
) -> MedicalFitnessResult | None:
    """The health ministry's latest medical fitness result of a foreign worker (synced), or
    None: what the worker's permit pages show as the worker's medical status."""
    if not passport_number:
        return None
    return (
        MedicalFitnessResult.objects.filter(
            nationality=nationality, passport_number=passport_number.strip().upper()
        )
        .order_by("-examined_on", "-id")
        .first()
    )
