"""Reads of labour violations: the fine schedule in force, one establishment's violations
(employer pages, scoped), and every establishment's (inspector pages, named `*_all_establishments`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from core.models import AuditEvent
from employers.models import Establishment
from employment.deadlines import lifecycle_rule_set_in_force
from employment.models import Violation, ViolationType

# A violation counts towards repeats and escalation for this many days after it was observed.
YEAR_DAYS = 365


def violation_types_in_force(*, on: datetime.date) -> QuerySet[ViolationType]:
    """The fine schedule in force on `on` (empty when no rule set is in force)."""
    rule_set = lifecycle_rule_set_in_force(on=on)
    if rule_set is None:
        return ViolationType.objects.none()
    return ViolationType.objects.filter(rule_set=rule_set).order_by("code")


def establishment_by_cr_number(*, cr_number: str) -> Establishment | None:
    """The establishment with this commercial registration number, for the inspector's form."""
    return Establishment.objects.filter(cr_number=cr_number.strip()).first()


def violations_counted_in_year(
    *, establishment: Establishment, since: datetime.date
) -> QuerySet[Violation]:
    """The establishment's violations observed on or after `since` that still count (not
    cancelled): the basis of repeats and of the escalation to a suspension of services."""
    return Violation.objects.filter(establishment=establishment, observed_on__gte=since).exclude(
        status=Violation.Status.CANCELLED
    )


def violation_list_for_establishment(*, establishment: Establishment) -> QuerySet[Violation]:
    """The establishment's violations, newest observation first (employer pages)."""
    return Violation.objects.filter(establishment=establishment).select_related("violation_type")


def violation_get_for_establishment(
    *, establishment: Establishment, violation_id: int
) -> Violation | None:
    """One of the establishment's violations, or None (another establishment's is None too)."""
    return (
        violation_list_for_establishment(establishment=establishment)
        .filter(pk=violation_id)
        .first()
    )


@dataclass(frozen=True)
class ViolationFilter:
    status: str = ""
    cr_number: str = ""
    type_code: str = ""


def violation_list_all_establishments(
    *, filters: ViolationFilter | None = None
) -> QuerySet[Violation]:
    """Every establishment's violations for the ministry's list, filtered, newest first."""
    filters = filters or ViolationFilter()
    violations = Violation.objects.select_related("establishment", "violation_type", "inspector")
    if filters.status:
        violations = violations.filter(status=filters.status)
    if filters.cr_number:
        violations = violations.filter(establishment__cr_number=filters.cr_number.strip())
    if filters.type_code:
        violations = violations.filter(violation_type__code=filters.type_code)
    return violations


def violation_get_all_establishments(*, violation_id: int) -> Violation | None:
    """One violation of any establishment (ministry pages), or None."""
    return (
        Violation.objects.select_related(
            "establishment", "violation_type", "inspector", "answered_by"
        )
        .filter(pk=violation_id)
        .first()
    )


def violation_events(*, violation: Violation) -> QuerySet[AuditEvent]:
    """The violation's history (its audit events), oldest first."""
    from core.selectors import audit_events_for_object

    return audit_events_for_object(obj=violation)
