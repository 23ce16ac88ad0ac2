"""ESCO's occupation titles lent to the taxonomy as data (taxonomy.esco): each filed under the
ISCO-08 unit group ESCO gives it, never over the project's own words, never when ambiguous."""

from __future__ import annotations

import csv
from pathlib import Path

from taxonomy.esco import esco_synonyms
from taxonomy.loading import esco_synonym_rows
from taxonomy.resolve import taxonomy_from_files


def test_an_esco_title_names_its_unit_group():
    taxonomy = taxonomy_from_files()

    found = taxonomy.resolve("occupation", "zoology technician")

    assert found is not None
    assert (found.code, found.method) == ("3141", "exact")
    without = taxonomy_from_files(esco=False).resolve("occupation", "zoology technician")
    assert without is None or without.method != "exact"


def test_the_shipped_file_is_compact_and_names_known_unit_groups():
    taxonomy = taxonomy_from_files(esco=False)
    rows = esco_synonym_rows()

    assert 10_000 < len(rows) < 40_000
    assert all(row["code"] in taxonomy.occupations for row in rows if row["kind"] == "occupation")
    assert all(len(row["text"]) <= 60 for row in rows)


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["iscoGroup", "preferredLabel", "altLabels"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_project_s_own_words_and_ambiguous_titles_are_left_out(tmp_path):
    occupations = _write(
        tmp_path / "occupations.csv",
        [
            {
                "iscoGroup": "7411",
                "preferredLabel": "wiring fitter",
                "altLabels": "Building and related electricians",
            },
            {"iscoGroup": "7212", "preferredLabel": "seam fitter", "altLabels": "joint fitter"},
            {"iscoGroup": "7213", "preferredLabel": "panel fitter", "altLabels": "joint fitter"},
            {"iscoGroup": "9999", "preferredLabel": "unknown group worker", "altLabels": ""},
        ],
    )

    rows = esco_synonyms(
        occupations=occupations, skills=[], taxonomy=taxonomy_from_files(esco=False)
    )

    texts = {row["text"]: row["code"] for row in rows}
    assert texts == {"wiring fitter": "7411", "seam fitter": "7212", "panel fitter": "7213"}
