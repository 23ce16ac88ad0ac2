"""Per-record validation of what an entity sends, before anything is stored.

A record passes only if every field has the declared kind and limits; otherwise it is refused
with one reason (the first problem found) and kept as a RejectedRecord. Accepted values are
returned as text in the table's column order, ready for COPY: the database parses numbers and
dates once, and nothing a source sends reaches a table without having matched a pattern.

Texts (names) refuse markup and control characters outright rather than escaping them: the
same name is printed on PDFs, sent in SMS and passed to other entities, where an escape made
for HTML would be wrong, and no person's name holds `<`, `>` or a control character.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from integrations.entities import EntitySpec, FieldSpec
from integrations.models import RejectedRecord

Reason = RejectedRecord.Reason
MARKUP = re.compile(r"[<>\x00-\x1f\x7f\u2028\u2029]")
MONEY = re.compile(r"\d{1,9}(\.\d{1,3})?")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class Rejection:
    reason: str
    field: str = ""
    detail: str = ""


Check = Callable[[Any], "str | Rejection | None"]


def _type_name(value: Any) -> str:
    return {dict: "object", list: "array", bool: "boolean", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def _check_for(spec: FieldSpec) -> Check:
    name, max_length = spec.name, spec.max_length
    regex = spec.regex

    def missing(value: Any) -> Rejection | None:
        if value is None and not spec.required:
            return None
        if value is None:
            return Rejection(Reason.MISSING, name)
        return Rejection(Reason.WRONG_TYPE, name, f"{_type_name(value)} instead of text")

    if spec.kind in {"code", "text", "choice"}:

        def check_text(value: Any) -> str | Rejection | None:
            if type(value) is not str:
                return missing(value)
            if len(value) > max_length:
                return Rejection(Reason.TOO_LONG, name, f"{len(value)} characters")
            if spec.kind == "choice":
                if value not in spec.choices:
                    return Rejection(Reason.INVALID, name, "not one of the known values")
            elif spec.kind == "code":
                if regex is None or not regex.fullmatch(value):
                    return Rejection(Reason.INVALID, name, "does not match the expected form")
            elif MARKUP.search(value):
                return Rejection(Reason.MARKUP, name)
            elif not value.strip():
                return Rejection(Reason.MISSING, name)
            return value

        return check_text

    if spec.kind == "money":

        def check_money(value: Any) -> str | Rejection | None:
            if type(value) is int or type(value) is float:
                value = f"{value:.3f}"
            elif type(value) is not str:
                return missing(value)
            if not MONEY.fullmatch(value):
                return Rejection(Reason.INVALID, name, "not an amount")
            if float(value) > spec.max_value:
                return Rejection(Reason.OUT_OF_RANGE, name)
            return value

        return check_money

    if spec.kind == "int":

        def check_int(value: Any) -> str | Rejection | None:
            if type(value) is not int:
                return missing(value)
            if not 0 <= value <= spec.max_value:
                return Rejection(Reason.OUT_OF_RANGE, name)
            return str(value)

        return check_int

    if spec.kind == "date":

        def check_date(value: Any) -> str | Rejection | None:
            if type(value) is not str:
                return missing(value)
            if not DATE.fullmatch(value):
                return Rejection(Reason.INVALID, name, "not a date (YYYY-MM-DD)")
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return Rejection(Reason.INVALID, name, "not a date (YYYY-MM-DD)")
            return value

        return check_date

    if spec.kind == "month":

        def check_month(value: Any) -> str | Rejection | None:
            if type(value) is not str:
                return missing(value)
            match = MONTH.fullmatch(value)
            if not match or not 1 <= int(match.group(2)) <= 12:
                return Rejection(Reason.INVALID, name, "not a month (YYYY-MM)")
            return f"{value}-01"

        return check_month

    raise ValueError(f"unknown field kind {spec.kind!r}")


class RecordValidator:
    """Validates the records of one entity; `validate` returns the COPY row or a Rejection."""

    def __init__(self, spec: EntitySpec) -> None:
        self.spec = spec
        self.checks = [(f.name, _check_for(f)) for f in spec.fields]

    def validate(self, record: Any) -> tuple[str | None, ...] | Rejection:
        if type(record) is not dict:
            return Rejection(Reason.NOT_AN_OBJECT, "", _type_name(record))
        row: list[str | None] = []
        append = row.append
        for name, check in self.checks:
            value = check(record.get(name))
            if type(value) is Rejection:
                return value
            append(value)  # type: ignore[arg-type]
        version = record.get("version")
        if type(version) is not int or version < 0:
            return Rejection(Reason.INVALID, "version", "not a whole number")
        append(str(version))
        return tuple(row)

    def key_of(self, record: Any) -> str:
        """The record's key for staff to recognise it, when it has one that looks like a key."""
        if type(record) is not dict:
            return ""
        parts = []
        for name in self.spec.keys:
            value = record.get(name)
            if type(value) is str and len(value) <= 40 and not MARKUP.search(value):
                parts.append(value)
            else:
                parts.append("?")
        return " / ".join(parts)[:120]
