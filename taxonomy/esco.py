"""ESCO (European Skills, Competences, Qualifications and Occupations, © European Union) mapped
onto the project's taxonomy, kept as data (`taxonomy/data/esco_synonyms.csv`).

Why only the labels: the project's skills, their Arabic labels and the links to ISCO unit
groups are its own (ADR 0014); what ESCO adds is the many ways people write an occupation or
a skill in English. So each ESCO label becomes a synonym of one project code, and nothing
else is taken:

* an ESCO occupation's preferred and alternative labels become synonyms of the ISCO-08 unit
  group ESCO files it under (`iscoGroup`), when the project knows that group;
* an ESCO skill whose preferred label is already a label or synonym of a project skill lends
  its alternative labels to that skill.

A label is left out when it already names another code in the project (the project's own
word wins), when two ESCO concepts would send it to different codes (ambiguous), or when it is
longer than people type (over 60 characters). `esco_map` (management command) rebuilds the
file from the ESCO CSV downloads (occupations_en.csv and any skills CSVs with preferredLabel
and altLabels); the about page credits ESCO as its reuse policy asks.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from taxonomy.resolve import Taxonomy
from taxonomy.text import match_key

LONGEST = 60
PER_CONCEPT = 10
FIELDS = ("kind", "code", "language", "text")


def _labels(row: dict[str, str]) -> list[str]:
    """The preferred label, then the alternative labels (newline- or bar-separated)."""
    alternatives = (row.get("altLabels") or "").replace(" | ", "\n").split("\n")
    labels = [row.get("preferredLabel", ""), *alternatives]
    seen: set[str] = set()
    kept = []
    for label in labels:
        label = " ".join(label.split())
        key = match_key(label)
        if label and key and len(label) <= LONGEST and key not in seen:
            seen.add(key)
            kept.append(label)
    return kept[:PER_CONCEPT]


def _read(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def esco_synonyms(
    *, occupations: Path | None, skills: Iterable[Path], taxonomy: Taxonomy
) -> list[dict[str, str]]:
    """The synonym rows ESCO lends the taxonomy (see the module's docstring)."""
    proposals: dict[tuple[str, str], set[str]] = defaultdict(set)  # (kind, key) → codes
    texts: dict[tuple[str, str], str] = {}
    if occupations is not None:
        for row in _read(occupations):
            group = (row.get("iscoGroup") or "").strip()
            if len(group) != 4 or group not in taxonomy.occupations:
                continue
            for label in _labels(row):
                key = match_key(label)
                proposals[("occupation", key)].add(group)
                texts.setdefault(("occupation", key), label)
    skill_exact = taxonomy.exact_keys("skill")
    for path in skills:
        for row in _read(path):
            labels = _labels(row)
            code = skill_exact.get(match_key(row.get("preferredLabel", "")))
            if code is None:
                continue  # an alternative label alone is too loose a tie ("guide", "advise")
            for label in labels:
                key = match_key(label)
                proposals[("skill", key)].add(code)
                texts.setdefault(("skill", key), label)
    rows = []
    for (kind, key), codes in sorted(proposals.items()):
        if len(codes) != 1:
            continue
        (code,) = codes
        if key in taxonomy.exact_keys(kind):
            continue  # the project already has this word (for this code or another)
        rows.append({"kind": kind, "code": code, "language": "en", "text": texts[(kind, key)]})
    return rows


def write_esco_synonyms(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
