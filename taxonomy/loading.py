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


# Skills, their links to occupations, synonyms, education levels and governorates: files the
# project writes itself (no package ships them; ADR 0014). They are read here both by the data
# migration and, without a database, by the matching benchmark and the dataset generator.

DATA_DIR = Path(__file__).resolve().parent / "data"
SKILLS_CSV = DATA_DIR / "skills.csv"
OCCUPATION_SKILLS_CSV = DATA_DIR / "occupation_skills.csv"
SYNONYMS_CSV = DATA_DIR / "synonyms.csv"
ESCO_SYNONYMS_CSV = DATA_DIR / "esco_synonyms.csv"
EDUCATION_CSV = DATA_DIR / "education_levels.csv"
GOVERNORATES_CSV = DATA_DIR / "governorates.csv"
WILAYAT_CSV = DATA_DIR / "wilayat.csv"
WRITTEN_FORMS_CSV = DATA_DIR / "written_forms.csv"
FRAMING_WORDS_CSV = DATA_DIR / "framing_words.csv"

ESSENTIAL = "essential"
OPTIONAL = "optional"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def skill_rows() -> list[dict[str, str]]:
    """code, domain, label_en, label_ar of every shipped skill."""
    return _rows(SKILLS_CSV)


def occupation_skill_rows() -> list[dict[str, str]]:
    """isco, skill, relation as authored: on a unit group or on a broader group."""
    return _rows(OCCUPATION_SKILLS_CSV)


def synonym_rows() -> list[dict[str, str]]:
    """kind (skill, occupation, education, governorate), code, language, text."""
    return _rows(SYNONYMS_CSV)


def esco_synonym_rows() -> list[dict[str, str]]:
    """English synonyms lent by ESCO (taxonomy.esco; credited on the about page)."""
    return _rows(ESCO_SYNONYMS_CSV)


def education_rows() -> list[dict[str, str]]:
    """code, rank, label_en, label_ar, from no formal education (rank 0) to doctorate."""
    return sorted(_rows(EDUCATION_CSV), key=lambda row: int(row["rank"]))


def governorate_rows() -> list[dict[str, str]]:
    """code, label_en, label_ar, neighbours (space-separated codes sharing a land border)."""
    return _rows(GOVERNORATES_CSV)


def wilayat_rows() -> list[dict[str, str]]:
    """governorate, name_en, name_ar, other_spellings (separated by "|"): Oman's 61 wilayat
    (`data/WILAYAT.md` says where the list comes from)."""
    return _rows(WILAYAT_CSV)


_ARTICLE_EN = ("al ", "as ", "ash ", "ar ", "ad ", "adh ", "az ", "at ", "an ")


def wilayat_names() -> list[tuple[str, str]]:
    """Every wilayah's names with its governorate's code, (code, name): both languages, the
    other spellings, and each English name without its article ("As Seeb", "Seeb")."""
    found: list[tuple[str, str]] = []
    for row in wilayat_rows():
        names = [row["name_en"], row["name_ar"], *row["other_spellings"].split("|")]
        for name in filter(None, (n.strip() for n in names)):
            found.append((row["governorate"], name))
            lowered = name.lower()
            for article in _ARTICLE_EN:
                if lowered.startswith(article) and len(lowered) > len(article) + 2:
                    found.append((row["governorate"], name[len(article) :]))
    return found


def written_forms() -> list[tuple[str, str, str]]:
    """(kind, code, text): how people write a governorate or an education level that is not
    its name: the wilayat they live in (`wilayat_names`), and the abbreviations and degree
    names of `data/written_forms.csv` ("GED", "HND", "BBA", "لم يدرس"). Kept apart from the
    synonyms, which the first dataset generator draws its text from (ADR 0014, eighth part)."""
    rows = _rows(WRITTEN_FORMS_CSV)
    return [("governorate", code, name) for code, name in wilayat_names()] + [
        (row["kind"], row["code"], row["text"]) for row in rows
    ]


def framing_words() -> list[dict[str, str]]:
    """language, position (prefix or suffix), text: words people put around a skill that
    name none ("experienced in", "good knowledge of", "أجيد", "خبرة في")."""
    return _rows(FRAMING_WORDS_CSV)


def expand_occupation_skills(
    *, unit_codes: list[str], links: list[dict[str, str]]
) -> list[tuple[str, str, str, str]]:
    """Every unit group's skills: (unit code, skill code, relation, code authored on).

    Links are authored where the knowledge is: on a unit group when its trade is specific, on
    a minor or sub-major group for what its units share. A unit group takes the links of the
    most specific level that has any as they are; links from broader groups above that are
    added as optional, and never override a more specific one. Every sub-major group has
    links, so every unit group gets at least its parent-derived skills.
    """
    by_group: dict[str, list[tuple[str, str]]] = {}
    for link in links:
        by_group.setdefault(link["isco"], []).append((link["skill"], link["relation"]))
    expanded: list[tuple[str, str, str, str]] = []
    for unit in sorted(unit_codes):
        seen: set[str] = set()
        specific_found = False
        for depth in (4, 3, 2, 1):
            group = unit[:depth]
            if group not in by_group:
                continue
            for skill, relation in by_group[group]:
                if skill in seen:
                    continue
                seen.add(skill)
                kept = relation if not specific_found else OPTIONAL
                expanded.append((unit, skill, kept, "" if group == unit else group))
            specific_found = True
    return expanded


def load_skills(*, skill_model: Any, occupation_model: Any, link_model: Any) -> tuple[int, int]:
    """Insert or update the shipped skills and each unit group's links; returns both counts.

    Links are replaced wholesale: they are derived data (see expand_occupation_skills), so a
    changed file must not leave a stale link behind.
    """
    skills: dict[str, Any] = {}
    for row in skill_rows():
        skill, _ = skill_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "domain": row["domain"],
                "label_en": row["label_en"],
                "label_ar": row["label_ar"],
            },
        )
        skills[row["code"]] = skill
    units = dict(occupation_model.objects.filter(level=4).values_list("code", "pk"))
    link_model.objects.all().delete()
    expanded = expand_occupation_skills(unit_codes=list(units), links=occupation_skill_rows())
    link_model.objects.bulk_create(
        [
            link_model(
                occupation_id=units[unit],
                skill=skills[skill],
                relation=relation,
                inherited_from=source,
            )
            for unit, skill, relation, source in expanded
        ],
        batch_size=2000,
    )
    return len(skills), len(expanded)


def load_synonyms(*, synonym_model: Any) -> int:
    """Replace the shipped synonyms (rows marked `shipped`); synonyms staff added stay."""
    from taxonomy.text import match_key

    synonym_model.objects.filter(shipped=True).delete()
    rows = synonym_rows() + esco_synonym_rows()
    synonym_model.objects.bulk_create(
        [
            synonym_model(
                kind=row["kind"],
                code=row["code"],
                language=row["language"],
                text=row["text"],
                key=match_key(row["text"]),
                shipped=True,
            )
            for row in rows
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(rows)
