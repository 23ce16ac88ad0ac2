"""What the portal holds about a person, gathered from every app (Personal Data Protection Law,
Royal Decree 6/2022: the right of access).

Each app that keeps personal data registers a section from its `AppConfig.ready()`:

    personal_data.register(Section("permits", _("Work permits"), permits_of_person))

A section's `collect(person)` returns the person's records as rows of plain values (text,
numbers, dates), each row a dict from a field's label to its value: the export
(`accounts.services.data_export_run`) writes them as JSON and as a bilingual PDF. A section
collects only rows that are the person's: by their account, their civil ID as a worker, or the
messages sent to them; never another person's. The order of registration is the order of the
export (core first, by app order in INSTALLED_APPS).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise

from core.services import json_safe

Row = dict[str, Any]


@dataclass(frozen=True)
class Section:
    code: str
    title: str | Promise
    collect: Callable[[Any], list[Row]]
    model: type[models.Model] | None = None  # where the rows' field labels come from

    def label(self, field: str) -> str:
        """The field's name in the active language (its model's verbose name)."""
        if self.model is not None:
            try:
                found = self.model._meta.get_field(field)
            except FieldDoesNotExist:  # a computed column, not a field
                found = None
            name = getattr(found, "verbose_name", None)
            if name:
                return str(name)
        return field.replace("_", " ")


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add a section (once per code; a second registration of the same code replaces it, so a
    reloaded app does not double its rows)."""
    _SECTIONS[section.code] = section


def sections() -> list[Section]:
    return list(_SECTIONS.values())


def rows(objects: Iterable[models.Model], fields: Iterable[str]) -> list[Row]:
    """Each object's `fields` by their code, with choices shown as their labels and foreign
    keys as their text."""
    names = list(fields)
    out: list[Row] = []
    for obj in objects:
        row: Row = {}
        for name in names:
            display = getattr(obj, f"get_{name}_display", None)
            value = display() if callable(display) else getattr(obj, name)
            if isinstance(value, models.Model):
                value = str(value)
            row[name] = json_safe(value)
        out.append(row)
    return out


# --- corrections (the right to have inaccurate data corrected) --------------------------------


@dataclass(frozen=True)
class Correctable:
    """A field of a person's data that they cannot edit themselves but may ask the ministry to
    correct: what it holds now, how a new value is checked, and the owning app's service that
    applies it (audited there)."""

    code: str
    label: str | Promise
    current: Callable[[Any], str]
    apply: Callable[[Any, str, Any], None]  # (person, value, staff member)
    check: Callable[[str], str] = lambda value: ""  # an error message, or "" when the value is fine


_CORRECTABLE: dict[str, Correctable] = {}


def register_correctable(field: Correctable) -> None:
    _CORRECTABLE[field.code] = field


def correctable(code: str) -> Correctable | None:
    return _CORRECTABLE.get(code)


def correctable_fields() -> list[Correctable]:
    return list(_CORRECTABLE.values())
