"""A released open dataset written as an SDMX-JSON data message (version 1.0 of the SDMX
Technical Working Group's "SDMX-JSON data message" format): `header`, `structure` (the
dimensions and attributes, with their values listed once) and `dataSets` (series keyed by the
positions of their dimension values, observations keyed the same way).

The rows of the published table are the series dimension, its columns the observation
dimension; each has the SDMX total code `_T` for the published totals. A figure the
disclosure control hid is an observation whose value is null, with OBS_STATUS "M" (missing)
and CONF_STATUS "C" (confidential): the figure itself is never written, exactly as in the CSV
and JSON downloads (both are written from the same stored release).

pysdmx (PyPI) was weighed for this: it would bring httpx, h2, msgspec and parsy for one
writer of a message this small, so the message is written here against the published format
(tests/lmi/test_open_data.py checks its structure).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from lmi.datasets import SDMX_MEDIA_TYPE
from lmi.models import Release

MEDIA_TYPE = SDMX_MEDIA_TYPE
SCHEMA = "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/1.0/sdmx-json-data-schema.json"
TOTAL = "_T"
SENDER = {"id": "OM-MOL", "name": "Ministry of Labour, Sultanate of Oman"}

# The SDMX cross-domain concept of each dimension of the open datasets.
CONCEPTS = {
    "governorate": ("REF_AREA", "Governorate"),
    "month": ("TIME_PERIOD", "Month"),
    "nationality": ("NATIONALITY", "Nationality"),
    "occupation_major": ("OCCUPATION", "Occupation (ISCO-08 major group)"),
    "breakdown": ("REASON", "Reason"),
}

OBS_STATUS = {
    "id": "OBS_STATUS",
    "name": "Observation status",
    "values": [{"id": "A", "name": "Normal value"}, {"id": "M", "name": "Missing value"}],
}
CONF_STATUS = {
    "id": "CONF_STATUS",
    "name": "Confidentiality status",
    "values": [
        {"id": "F", "name": "Free (published)"},
        {"id": "C", "name": "Confidential (suppressed by disclosure control)"},
    ],
}
PUBLISHED = [0, 0]  # OBS_STATUS A, CONF_STATUS F
SUPPRESSED = [1, 1]  # OBS_STATUS M, CONF_STATUS C


def _dimension(dimension: str, labels: list[dict[str, str]], position: int) -> dict[str, Any]:
    concept, name = CONCEPTS.get(dimension, (dimension.upper(), dimension))
    values = [{"id": label["code"], "name": label["label_en"]} for label in labels]
    values.append({"id": TOTAL, "name": "Total"})
    found: dict[str, Any] = {
        "id": concept,
        "name": name,
        "keyPosition": position,
        "values": values,
    }
    if dimension == "month":
        found["role"] = "time"
    return found


def as_sdmx_json(dataset: Any, item: Release, *, link: str) -> dict[str, Any]:
    """The SDMX-JSON data message of one released dataset (a `lmi.datasets.Dataset`)."""
    table = item.table
    rows, columns = table["rows"], table["columns"]
    series: dict[str, Any] = {}
    for i in range(len(rows) + 1):
        if i < len(rows):
            figures = [*table["cells"][i], table["row_totals"][i]]
        else:
            figures = [*table["column_totals"], table["total"]]
        series[str(i)] = {
            "attributes": [],
            "observations": {
                str(j): [value, *(SUPPRESSED if value is None else PUBLISHED)]
                for j, value in enumerate(figures)
            },
        }
    unit = "OMR" if table.get("unit") == "OMR" else "NUMBER"
    with translation.override("en"):
        title, description = str(dataset.title), str(dataset.description)
    return {
        "header": {
            "id": f"{dataset.code}-{item.pk}",
            "test": False,
            "prepared": item.created_at.isoformat(),
            "sender": SENDER,
            "links": [{"href": link, "rel": "self"}, {"href": SCHEMA, "rel": "schema"}],
        },
        "structure": {
            "name": title,
            "description": description,
            "dimensions": {
                "dataSet": [],
                "series": [_dimension(dataset.rows, rows, 0)],
                "observation": [_dimension(dataset.columns, columns, 1)],
            },
            "attributes": {
                "dataSet": [
                    {"id": "UNIT_MEASURE", "name": "Unit of measure", "values": [{"id": unit}]},
                    {
                        "id": "REF_PERIOD",
                        "name": "Reference period",
                        "values": [
                            {"id": f"{item.period_start.isoformat()}/{item.period_end.isoformat()}"}
                        ],
                    },
                ],
                "series": [],
                "observation": [OBS_STATUS, CONF_STATUS],
            },
        },
        "dataSets": [
            {
                "action": "Information",
                "reportingBegin": item.period_start.isoformat(),
                "reportingEnd": item.period_end.isoformat(),
                "attributes": [0, 0],
                "series": series,
            }
        ],
    }
