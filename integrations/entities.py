"""The government entities the portal synchronises with, and the shape of their records.

One definition serves three places: the stub entities (which generate, and deliberately break,
records of this shape), the per-record validation of a sync, and the staff pages. A record is a
flat JSON object; its key fields name it at the source, `version` counts its changes there and
`seq` is its position in the source's change feed (the watermark a sync resumes from).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Entity(models.TextChoices):
    COMMERCE_REGISTRY = "commerce_registry", _("Commerce registry")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    WAGE_PROTECTION = "wage_protection", _("Central bank wage protection")
    PASSPORT_DIRECTORATE = "passport_directorate", _("Passport and residence directorate")
    HEALTH_MINISTRY = "health_ministry", _("Ministry of Health")
    CHAMBER_OF_COMMERCE = "chamber_of_commerce", _("Chamber of commerce")
    HEALTH_ORDERS = "health_orders", _("Ministry of Health: health orders")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record: its kind and limits. Kinds:

    text   a string without markup or control characters (names, references)
    code   a string matching `pattern` (civil IDs, CR numbers, ISO codes)
    choice one of `choices`
    money  a decimal string or number, 0 <= value <= `max_value`, at most 3 decimals (rials)
    date   an ISO date, YYYY-MM-DD
    month  a month, YYYY-MM (stored as its first day)
    int    a whole number, 0 <= value <= `max_value`
    """

    name: str
    kind: str
    max_length: int = 200
    pattern: str = ""
    choices: tuple[str, ...] = ()
    required: bool = True
    max_value: int = 1_000_000

    @property
    def regex(self) -> re.Pattern[str] | None:
        return re.compile(self.pattern) if self.pattern else None


CIVIL_ID = r"[0-9]{8,10}"
CR_NUMBER = r"[0-9]{7,10}"
NATIONALITY = r"[A-Z]{3}"
PASSPORT = r"[A-Z0-9]{5,20}"
REFERENCE = r"[A-Z0-9-]{4,40}"
OWNERS = r"[0-9]{8,10}:(owner|signatory)(,[0-9]{8,10}:(owner|signatory)){0,19}"
GOVERNORATES = (
    "muscat",
    "dhofar",
    "musandam",
    "al_buraimi",
    "ad_dakhiliyah",
    "north_al_batinah",
    "south_al_batinah",
    "south_ash_sharqiyah",
    "north_ash_sharqiyah",
    "ad_dhahirah",
    "al_wusta",
)


@dataclass(frozen=True)
class EntitySpec:
    """The record shape of one entity. `keys` name a record at the source (the upsert's
    conflict target); `fields` are stored columns, keys included, in this order."""

    entity: Entity
    path: str
    keys: tuple[str, ...]
    fields: tuple[FieldSpec, ...]
    # fields the stub breaks on purpose (a name, a value, a date)
    text_field: str
    value_field: str
    date_field: str

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def value_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.name not in self.keys)


SPECS: dict[str, EntitySpec] = {
    Entity.COMMERCE_REGISTRY: EntitySpec(
        entity=Entity.COMMERCE_REGISTRY,
        path="/commerce_registry/records",
        keys=("cr_number",),
        fields=(
            FieldSpec("cr_number", "code", pattern=CR_NUMBER, max_length=10),
            FieldSpec("name_ar", "text"),
            FieldSpec("name_en", "text"),
            FieldSpec("activity_code", "code", pattern=r"[0-9]{4,6}", max_length=8),
            FieldSpec("status", "choice", choices=("active", "suspended", "closed")),
            FieldSpec("status_changed_on", "date"),
            FieldSpec("governorate", "choice", choices=GOVERNORATES),
            FieldSpec("address", "text", required=False),
            FieldSpec("capital", "money", required=False, max_value=10_000_000_000),
            FieldSpec("registered_on", "date"),
            # owners and authorised signatories: "<civil or resident number>:<owner|signatory>"
            # joined by commas, at most 20
            FieldSpec("owners", "code", pattern=OWNERS, max_length=480, required=False),
        ),
        text_field="name_en",
        value_field="activity_code",
        date_field="status_changed_on",
    ),
    Entity.SOCIAL_INSURANCE: EntitySpec(
        entity=Entity.SOCIAL_INSURANCE,
        path="/social_insurance/records",
        keys=("civil_id", "cr_number", "month"),
        fields=(
            FieldSpec("civil_id", "code", pattern=CIVIL_ID, max_length=10),
            FieldSpec("cr_number", "code", pattern=CR_NUMBER, max_length=10),
            FieldSpec("month", "month"),
            FieldSpec("salary", "money", max_value=100_000),
            FieldSpec("insured_name", "text"),
        ),
        text_field="insured_name",
        value_field="salary",
        date_field="month",
    ),
    Entity.WAGE_PROTECTION: EntitySpec(
        entity=Entity.WAGE_PROTECTION,
        path="/wage_protection/records",
        keys=("cr_number", "civil_id", "month"),
        fields=(
            FieldSpec("cr_number", "code", pattern=CR_NUMBER, max_length=10),
            FieldSpec("civil_id", "code", pattern=CIVIL_ID, max_length=10),
            FieldSpec("month", "month"),
            FieldSpec("salary_due", "money", max_value=100_000),
            FieldSpec("salary_paid", "money", max_value=100_000),
            FieldSpec("payment_status", "choice", choices=("paid", "late", "unpaid")),
            FieldSpec("paid_on", "date", required=False),
            FieldSpec("file_reference", "code", pattern=REFERENCE, max_length=40),
        ),
        text_field="file_reference",
        value_field="salary_paid",
        date_field="paid_on",
    ),
    Entity.PASSPORT_DIRECTORATE: EntitySpec(
        entity=Entity.PASSPORT_DIRECTORATE,
        path="/passport_directorate/records",
        keys=("reference",),
        fields=(
            FieldSpec("reference", "code", pattern=REFERENCE, max_length=40),
            FieldSpec(
                "kind", "choice", choices=("visa_application", "clearance", "arrival", "departure")
            ),
            FieldSpec("nationality", "code", pattern=NATIONALITY, max_length=3),
            FieldSpec("passport_number", "code", pattern=PASSPORT, max_length=20),
            FieldSpec("person_name", "text"),
            FieldSpec("occurred_on", "date"),
            FieldSpec(
                "status",
                "choice",
                choices=("applied", "issued", "cancelled", "cleared", "recorded"),
            ),
        ),
        text_field="person_name",
        value_field="kind",
        date_field="occurred_on",
    ),
    Entity.HEALTH_MINISTRY: EntitySpec(
        entity=Entity.HEALTH_MINISTRY,
        path="/health_ministry/records",
        keys=("reference",),
        fields=(
            FieldSpec("reference", "code", pattern=REFERENCE, max_length=40),
            FieldSpec("nationality", "code", pattern=NATIONALITY, max_length=3),
            FieldSpec("passport_number", "code", pattern=PASSPORT, max_length=20),
            FieldSpec("person_name", "text"),
            FieldSpec("result", "choice", choices=("fit", "unfit")),
            FieldSpec("examined_on", "date"),
        ),
        text_field="person_name",
        value_field="result",
        date_field="examined_on",
    ),
    Entity.CHAMBER_OF_COMMERCE: EntitySpec(
        entity=Entity.CHAMBER_OF_COMMERCE,
        path="/chamber_of_commerce/records",
        keys=("cr_number",),
        fields=(
            FieldSpec("cr_number", "code", pattern=CR_NUMBER, max_length=10),
            FieldSpec("membership_number", "code", pattern=REFERENCE, max_length=40),
            FieldSpec("grade", "int", max_value=5),
            FieldSpec("valid_until", "date"),
            FieldSpec("status", "choice", choices=("active", "expired")),
        ),
        text_field="membership_number",
        value_field="grade",
        date_field="valid_until",
    ),
    # Health orders on foreign workers (isolation, sick leave, a test due), each with its
    # validity; read by the worker status codes (issue 20).
    Entity.HEALTH_ORDERS: EntitySpec(
        entity=Entity.HEALTH_ORDERS,
        path="/health_orders/records",
        keys=("reference",),
        fields=(
            FieldSpec("reference", "code", pattern=REFERENCE, max_length=40),
            FieldSpec("nationality", "code", pattern=NATIONALITY, max_length=3),
            FieldSpec("passport_number", "code", pattern=PASSPORT, max_length=20),
            FieldSpec("kind", "choice", choices=("isolation", "sick_leave", "test_due")),
            FieldSpec("valid_from", "date"),
            FieldSpec("valid_until", "date"),
            FieldSpec("status", "choice", choices=("in_force", "lifted")),
        ),
        text_field="reference",
        value_field="kind",
        date_field="valid_from",
    ),
}


def spec_for(entity: str) -> EntitySpec:
    """The spec of `entity`; KeyError for a code that is not an entity."""
    return SPECS[entity]
