"""The open datasets: their catalogue (DCAT-style metadata), how each two-way table is built from
the rollups, protected (lmi.suppression) and released, and how a release is written as JSON and
CSV."""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from employers.models import Governorate
from lmi import suppression
from lmi.models import Fact, Release
from lmi.periods import months_between
from taxonomy.models import Occupation

# The SDMX-JSON data message (lmi.sdmx), served as <code>.sdmx.
SDMX_MEDIA_TYPE = "application/vnd.sdmx.data+json;version=1.0.0"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "Creative Commons Attribution 4.0 (CC BY 4.0)"
PUBLISHER = _("Ministry of Labour")


@dataclass(frozen=True)
class Dataset:
    code: str
    title: Promise
    description: Promise
    measure: str
    rows: str  # a dimension of lmi.models.Fact
    columns: str
    money: bool = False
    stock: bool = False  # counted as it stands (the rollup's month), not over the period

    @property
    def frequency(self) -> str:
        return "daily"


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "employees-by-governorate-and-nationality",
        _("Employees by governorate and nationality"),
        _(
            "Employees on the private-sector workforce register, by the governorate of their "
            "establishment and their nationality (Omani, the largest foreign nationalities, "
            "other)."
        ),
        "employees",
        "governorate",
        "nationality",
        stock=True,
    ),
    Dataset(
        "work-permits-issued-by-governorate-and-month",
        _("Work permits issued by governorate and month"),
        _("Work permits issued to foreign workers, by the establishment's governorate and month."),
        "permits_issued",
        "governorate",
        "month",
    ),
    Dataset(
        "permit-fees-assessed-by-governorate-and-month",
        _("Work permit fees assessed by governorate and month (RO)"),
        _("Fees charged for work permit applications, in Omani rials, by governorate and month."),
        "open_fees_assessed",
        "governorate",
        "month",
        money=True,
    ),
    Dataset(
        "terminations-by-reason-and-governorate",
        _("Terminations by reason and governorate"),
        _("Employment contracts ended by the employer, by the reason given and governorate."),
        "terminations",
        "breakdown",
        "governorate",
    ),
    Dataset(
        "vacancies-published-by-occupation-and-governorate",
        _("Vacancy openings published by occupation and governorate"),
        _("Openings of vacancies published, by ISCO-08 major group and governorate."),
        "vacancies_posted",
        "occupation_major",
        "governorate",
    ),
    Dataset(
        "fines-by-governorate-and-month",
        _("Labour violation fines by governorate and month (RO)"),
        _("Fines of labour violations recorded (not cancelled), in Omani rials."),
        "open_fines",
        "governorate",
        "month",
        money=True,
    ),
    Dataset(
        "jobseekers-registered-by-governorate-and-month",
        _("Jobseekers registered by governorate and month"),
        _("Jobseekers who registered on the portal, by their governorate and month."),
        "jobseekers_registered",
        "governorate",
        "month",
    ),
)
BY_CODE = {d.code: d for d in DATASETS}
FOREIGN_NATIONALITIES_SHOWN = 6


def _key(fact_row: dict[str, Any], dimension: str) -> str:
    if dimension == "month":
        return fact_row["month"].strftime("%Y-%m")
    if dimension == "occupation_major":
        return (fact_row["occupation"] or "")[:1]
    return str(fact_row[dimension])


def build_table(
    dataset: Dataset,
    *,
    first: datetime.date,
    last: datetime.date,
    stock_month: datetime.date | None,
) -> tuple[list[str], list[str], suppression.Table]:
    """The row keys, column keys and figures of `dataset` over the period."""
    found = Fact.objects.filter(measure=dataset.measure)
    if dataset.stock:
        found = found.filter(month=stock_month) if stock_month else found.none()
    else:
        found = found.filter(month__gte=first, month__lte=last)
    fields = sorted(
        {
            {"occupation_major": "occupation"}.get(dataset.rows, dataset.rows),
            {"occupation_major": "occupation"}.get(dataset.columns, dataset.columns),
        }
    )
    rows_found = found.values(*fields).annotate(v=Sum("value"), t=Sum("top_two")).order_by()
    cells: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for row in rows_found:
        r = _key(row, dataset.rows)
        c = _key(row, dataset.columns)
        if dataset.columns == "nationality":
            c = c if c else "other"
        cells[(r, c)][0] += row["v"]
        cells[(r, c)][1] += row["t"]
    if dataset.columns == "nationality":
        cells = _group_nationalities(cells)
    row_keys = _ordered(dataset.rows, {r for r, _c in cells})
    if dataset.columns == "month":
        column_keys = [m.strftime("%Y-%m") for m in months_between(first, last)]
    else:
        column_keys = _ordered(dataset.columns, {c for _r, c in cells})
    zero = Decimal(0)
    values = [[cells.get((r, c), [zero, zero])[0] for c in column_keys] for r in row_keys]
    tops = [[cells.get((r, c), [zero, zero])[1] for c in column_keys] for r in row_keys]
    if not dataset.money:
        values = [[int(v) for v in row] for row in values]  # type: ignore[misc]
    table = suppression.Table(
        cells=values,  # type: ignore[arg-type]
        money=dataset.money,
        top_two=tops if dataset.money else None,  # type: ignore[arg-type]
    )
    return row_keys, column_keys, table


def _group_nationalities(
    cells: dict[tuple[str, str], list[Decimal]],
) -> dict[tuple[str, str], list[Decimal]]:
    """Omani, the largest foreign nationalities nationally, and "other"."""
    sizes: dict[str, Decimal] = defaultdict(Decimal)
    for (_r, c), (v, _t) in cells.items():
        if c != "OMN":
            sizes[c] += v
    shown = {c for c, _v in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))}
    shown = set(sorted(shown, key=lambda c: (-sizes[c], c))[:FOREIGN_NATIONALITIES_SHOWN])
    grouped: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for (r, c), (v, t) in cells.items():
        key = c if c == "OMN" or c in shown else "other"
        grouped[(r, key)][0] += v
        grouped[(r, key)][1] += t
    return grouped


def _ordered(dimension: str, keys: set[str]) -> list[str]:
    if dimension == "governorate":
        order = [g for g, _l in Governorate.choices]
        return [g for g in order if g in keys] + sorted(keys - set(order))
    if dimension == "nationality":
        first = ["OMN"] if "OMN" in keys else []
        last = ["other"] if "other" in keys else []
        return first + sorted(keys - {"OMN", "other"}) + last
    return sorted(keys)


def label(dimension: str, key: str) -> str:
    """A key's name in the active language."""
    if dimension == "governorate":
        return str(dict(Governorate.choices).get(key, key))
    if dimension == "nationality":
        if key == "OMN":
            return str(_("Omani"))
        if key == "other":
            return str(_("Other nationalities"))
        from django_countries import countries

        return str(countries.name(countries.alpha2(key)) or key)
    if dimension == "occupation_major":
        occupation = Occupation.objects.filter(code=key).only("title_en", "title_ar").first()
        if occupation is None:
            return key or str(_("Not recorded"))
        return occupation.title_en if translation.get_language() == "en" else occupation.title_ar
    return key


def _labels(dimension: str, keys: list[str]) -> list[dict[str, str]]:
    found = []
    for key in keys:
        names = {}
        for language in ("ar", "en"):
            with translation.override(language):
                names[language] = label(dimension, key)
        found.append({"code": key, "label_ar": names["ar"], "label_en": names["en"]})
    return found


def _plain(value: Decimal | int | float, money: bool) -> float | int:
    return round(float(value), 3) if money else int(value)


def publishable(
    dataset: Dataset,
    rows: list[str],
    columns: list[str],
    table: suppression.Table,
    hidden: suppression.Suppression,
) -> dict[str, Any]:
    """The table as published: a hidden figure is null."""

    def show(value: Decimal | int | float, is_hidden: bool) -> float | int | None:
        return None if is_hidden else _plain(value, dataset.money)

    return {
        "rows": _labels(dataset.rows, rows),
        "columns": _labels(dataset.columns, columns),
        "cells": [
            [show(table.cells[i][j], hidden.cells[i][j]) for j in range(len(columns))]
            for i in range(len(rows))
        ],
        "row_totals": [show(v, hidden.rows[i]) for i, v in enumerate(table.row_totals())],
        "column_totals": [show(v, hidden.columns[j]) for j, v in enumerate(table.column_totals())],
        "total": show(table.total(), hidden.total),
        "unit": "OMR" if dataset.money else "count",
    }


# The protection applied before the check (tests replace it to show a failing dataset is held).
protect = suppression.protect


def release(
    dataset: Dataset,
    *,
    first: datetime.date,
    last: datetime.date,
    stock_month: datetime.date | None,
    threshold: int,
    dominance_percent: int,
    run_id: int | None = None,
) -> Release:
    """Build, protect and check `dataset`; store it released when the check passes, withheld
    (and not served) when it does not."""
    rows, columns, table = build_table(dataset, first=first, last=last, stock_month=stock_month)
    hidden = protect(table, threshold=threshold, dominance_percent=dominance_percent)
    result = suppression.check(table, hidden, threshold=threshold)
    return Release.objects.create(
        dataset=dataset.code,
        run_id=run_id,
        status=Release.Status.RELEASED if result.passed else Release.Status.WITHHELD,
        period_start=stock_month if dataset.stock and stock_month else first,
        period_end=stock_month if dataset.stock and stock_month else last,
        threshold=threshold,
        table=publishable(dataset, rows, columns, table, hidden),
        suppressed=hidden.count,
        check_report=result.report(),
    )


def as_json(dataset: Dataset, item: Release, *, base_url: str) -> dict[str, Any]:
    return {
        **metadata(dataset, base_url=base_url, release=item),
        "data": item.table,
    }


def metadata(dataset: Dataset, *, base_url: str, release: Release | None) -> dict[str, Any]:
    """DCAT-style metadata of `dataset` (JSON-LD terms of dct: and dcat:)."""
    titles, descriptions = {}, {}
    for language in ("ar", "en"):
        with translation.override(language):
            titles[language] = str(dataset.title)
            descriptions[language] = str(dataset.description)
            publisher = str(PUBLISHER) if language == "en" else publisher_ar()
    found: dict[str, Any] = {
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.code,
        "dct:title": titles,
        "dct:description": descriptions,
        "dct:publisher": publisher,
        "dct:license": LICENCE,
        "dct:accrualPeriodicity": "http://purl.org/cld/freq/daily",
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dcat:mediaType": media,
                "dcat:downloadURL": f"{base_url}{dataset.code}.{ext}",
            }
            for ext, media in (
                ("json", "application/json"),
                ("csv", "text/csv"),
                ("sdmx", SDMX_MEDIA_TYPE),
            )
        ],
    }
    if release is not None:
        found["dct:temporal"] = {
            "dcat:startDate": release.period_start.isoformat(),
            "dcat:endDate": release.period_end.isoformat(),
        }
        found["dct:modified"] = release.created_at.isoformat()
        found["disclosure_control"] = {
            "threshold": release.threshold,
            "suppressed_figures": release.suppressed,
            "check": release.check_report,
        }
    return found


def publisher_ar() -> str:
    with translation.override("ar"):
        return str(PUBLISHER)


def as_csv(dataset: Dataset, item: Release) -> str:
    """Long form: one line per published figure (a hidden one is empty, status suppressed)."""
    table = item.table
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "row_code",
            "row_label_ar",
            "row_label_en",
            "column_code",
            "column_label_ar",
            "column_label_en",
            "value",
            "status",
        ]
    )
    total_label = {"code": "_total", "label_ar": "المجموع", "label_en": "Total"}
    rows = [*table["rows"], total_label]
    columns = [*table["columns"], total_label]
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            if i < len(table["rows"]) and j < len(table["columns"]):
                value = table["cells"][i][j]
            elif i < len(table["rows"]):
                value = table["row_totals"][i]
            elif j < len(table["columns"]):
                value = table["column_totals"][j]
            else:
                value = table["total"]
            writer.writerow(
                [
                    row["code"],
                    row["label_ar"],
                    row["label_en"],
                    column["code"],
                    column["label_ar"],
                    column["label_en"],
                    "" if value is None else value,
                    "suppressed" if value is None else "published",
                ]
            )
    return "\ufeff" + out.getvalue()
