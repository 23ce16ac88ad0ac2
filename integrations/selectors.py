"""Reads of the integrations: the sources with their latest run, runs and refused records.

Staff pages only: these cross every establishment by design (the data of other entities is not
any one establishment's)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from integrations.entities import Entity
from integrations.models import RejectedRecord, SyncRun, SyncSource


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
