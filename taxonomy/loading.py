"""Loads `taxonomy/data/isco08.csv` into the Occupation table (used by the data migration)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

ISCO08_CSV = Path(__file__).resolve().parent / "data" / "isco08.csv"


def isco08_rows() -> list[dict[str, str]]:
    """The rows of the shipped file: code, title_en, title_ar, in code order."""
    with ISCO08_CSV.open(encoding="utf-8", newline="") as handle:
        return sorted(csv.DictReader(handle), key=lambda row: row["code"])


def load_isco08(occupation_model: Any) -> int:
    """Insert or update every group of the shipped file; returns how many rows it holds.

    Parents are loaded before children because a shorter code sorts first within a branch.
    """
    by_code: dict[str, Any] = {}
    for row in sorted(isco08_rows(), key=lambda r: (len(r["code"]), r["code"])):
        code = row["code"]
        parent = by_code.get(code[:-1]) if len(code) > 1 else None
        occupation, _ = occupation_model.objects.update_or_create(
            code=code,
            defaults={
                "level": len(code),
                "parent": parent,
                "title_en": row["title_en"].strip(),
                "title_ar": row["title_ar"].strip(),
            },
        )
        by_code[code] = occupation
    return len(by_code)
