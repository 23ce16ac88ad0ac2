"""Reads of the data-quality cases: the staff worklist, one case side by side, the latest runs,
and the counts per establishment the G2G API answers with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from integrations.models import DataQualityCase, ReconciliationRun


def cases_all_establishments(
    *, kind: str = "", status: str = "", entity: str = "", cr_number: str = ""
) -> QuerySet[DataQualityCase]:
    """Cases, newest first, filtered by kind, status, entity and CR number (staff only: the
    cases cross establishments by design)."""
    cases = DataQualityCase.objects.select_related("establishment", "resolved_by")
    if kind:
        cases = cases.filter(kind=kind)
    if status:
        cases = cases.filter(status=status)
    if entity:
        cases = cases.filter(source_entity=entity)
    if cr_number:
        cases = cases.filter(cr_number=cr_number)
    return cases.order_by("-created_at", "-id")


def case_get_all_establishments(*, case_id: int) -> DataQualityCase | None:
    return (
        DataQualityCase.objects.select_related(
            "establishment", "employee", "other_employee", "permit", "resolved_by", "last_run"
        )
        .filter(pk=case_id)
        .first()
    )


def case_open_counts_by_kind() -> dict[str, int]:
    """Open cases per kind (the worklist's summary; one grouped query)."""
    rows = (
        DataQualityCase.objects.filter(status=DataQualityCase.Status.OPEN)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return {kind: int(n) for kind, n in rows}


def reconciliation_runs_recent(*, limit: int = 5) -> list[ReconciliationRun]:
    return list(ReconciliationRun.objects.select_related("requested_by")[:limit])


@dataclass(frozen=True)
class SideBySide:
    """One case's two records as rows (field, the entity's value, the portal's value)."""

    left_label: str
    right_label: str
    rows: list[tuple[str, Any, Any, bool]]


def case_side_by_side(*, case: DataQualityCase, left_label: str, right_label: str) -> SideBySide:
    """Rows of every field either side has, in first-seen order; the flag marks a difference
    where both sides have the field."""
    names: list[str] = []
    for values in (case.source_values, case.portal_values):
        names.extend(n for n in values if n not in names)
    rows = []
    for name in names:
        left = case.source_values.get(name)
        right = case.portal_values.get(name)
        differs = name in case.source_values and name in case.portal_values and left != right
        rows.append((name, left, right, differs))
    return SideBySide(left_label=left_label, right_label=right_label, rows=rows)


def case_counts_for_establishment(*, cr_number: str) -> dict[str, dict[str, int]]:
    """{kind: {status: n}} of the cases about one establishment (one grouped query)."""
    counts: dict[str, dict[str, int]] = {}
    rows = (
        DataQualityCase.objects.filter(cr_number=cr_number)
        .values("kind", "status")
        .annotate(n=Count("id"))
        .values_list("kind", "status", "n")
    )
    for kind, status, n in rows:
        counts.setdefault(kind, {})[status] = int(n)
    return counts
