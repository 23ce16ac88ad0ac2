"""Free text in either language to taxonomy codes, with field errors a person can act on."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from taxonomy.selectors import taxonomy_from_database

MAX_TERMS = 40


def resolve_one(kind: str, text: str) -> str | None:
    """The code `text` names (an exact code is accepted as is), or None."""
    text = (text or "").strip()
    if not text:
        return None
    taxonomy = taxonomy_from_database()
    found = taxonomy.resolve(kind, text)
    return found.code if found is not None else None


def resolve_unit_group(text: str) -> str | None:
    """A 4-digit ISCO-08 unit group named by `text` (a broader group is not enough)."""
    code = resolve_one("occupation", text)
    return code if code is not None and len(code) == 4 else None


def split_terms(raw: str | Iterable[str]) -> list[str]:
    """Terms separated by commas, Arabic commas or new lines (or a list already)."""
    if isinstance(raw, str):
        for separator in ("،", "\n", ";", "؛"):
            raw = raw.replace(separator, ",")
        parts = raw.split(",")
    else:
        parts = list(raw)
    seen: list[str] = []
    for part in parts:
        part = str(part).strip()
        if part and part not in seen:
            seen.append(part)
    return seen


def resolve_skill_terms(raw: str | Iterable[str]) -> tuple[list[str], list[str]]:
    """(skill codes, terms that match no skill), in the order given."""
    codes: list[str] = []
    unknown: list[str] = []
    for term in split_terms(raw)[:MAX_TERMS]:
        code = resolve_one("skill", term)
        if code is None:
            unknown.append(term)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


def unknown_terms_message(unknown: list[str]) -> str:
    return _(
        "These do not match anything in the skills list: %(terms)s. Check the spelling or "
        "choose from the suggestions."
    ) % {"terms": "، ".join(unknown) if unknown else ""}
