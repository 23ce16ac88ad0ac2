"""Revenue for finance: collected, outstanding, written off and refunded, by fee, governorate,
economic activity, nationality or month of issue. One grouped query; amounts in baisas."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from employers.models import Governorate
from payments.models import FeeType, Invoice

GROUPINGS = ("fee_type", "governorate", "activity", "nationality", "month")
_FIELDS = {
    "fee_type": "fee_type",
    "governorate": "governorate",
    "activity": "activity_code",
    "nationality": "nationality",
    "month": "month",
}


@dataclass(frozen=True)
class RevenueRow:
    key: str
    label: str
    invoices: int
    collected_baisas: int
    outstanding_baisas: int
    written_off_baisas: int
    refunded_baisas: int


def _label(by: str, key: str) -> str:
    if by == "fee_type" and key in FeeType.values:
        return str(FeeType(key).label)
    if by == "governorate" and key in Governorate.values:
        return str(Governorate(key).label)
    return key or "–"


def revenue_totals_all_establishments(
    *,
    by: str = "fee_type",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> list[RevenueRow]:
    """Totals of every invoice issued between the dates, grouped `by` one of GROUPINGS."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    invoices: QuerySet[Invoice] = Invoice.objects.all()
    if date_from:
        invoices = invoices.filter(issued_on__gte=date_from)
    if date_to:
        invoices = invoices.filter(issued_on__lte=date_to)
    field = _FIELDS[by]
    if by == "month":
        invoices = invoices.annotate(month=TruncMonth("issued_on"))
    rows = (
        invoices.values(key=F(field))
        .annotate(
            invoices=Count("id"),
            collected=Sum("amount_baisas", filter=Q(status=Invoice.Status.PAID)),
            outstanding=Sum("amount_baisas", filter=Q(status=Invoice.Status.OPEN)),
            written_off=Sum("amount_baisas", filter=Q(status=Invoice.Status.WRITTEN_OFF)),
            refunded=Sum("amount_baisas", filter=Q(status=Invoice.Status.REFUNDED)),
        )
        .order_by("key")
    )
    result = []
    for row in rows:
        key = row["key"]
        text = key.strftime("%Y-%m") if isinstance(key, datetime.date) else str(key or "")
        result.append(
            RevenueRow(
                key=text,
                label=_label(by, text),
                invoices=row["invoices"],
                collected_baisas=int(row["collected"] or 0),
                outstanding_baisas=int(row["outstanding"] or 0),
                written_off_baisas=int(row["written_off"] or 0),
                refunded_baisas=int(row["refunded"] or 0),
            )
        )
    return result


def totals_of(rows: list[RevenueRow]) -> dict[str, Any]:
    return {
        "invoices": sum(r.invoices for r in rows),
        "collected_baisas": sum(r.collected_baisas for r in rows),
        "outstanding_baisas": sum(r.outstanding_baisas for r in rows),
        "written_off_baisas": sum(r.written_off_baisas for r in rows),
        "refunded_baisas": sum(r.refunded_baisas for r in rows),
    }
