"""The worker's own employment timeline: contracts, terminations, absconding reports (unless
overturned, which strikes them from the record), objections and work permits, newest first.

Only ever for the signed-in person, found by their civil ID (Omanis and residents) or, for a
foreign worker without an account, not at all: the worker's links by SMS serve them instead.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.models import User
from employers.models import Employee
from employment.models import AbscondingReport, Contract, Termination


@dataclass(frozen=True)
class TimelineEntry:
    on: datetime.date
    kind: str  # contract, termination, absconding, objection
    title: str
    employer: str
    status: str
    detail: str


def employment_timeline_for_person(*, person: User) -> list[TimelineEntry]:
    """Everything the portal holds about `person`'s employment, newest first (empty without a
    civil ID)."""
    if not person.civil_id:
        return []
    civil_id = person.civil_id
    entries: list[TimelineEntry] = []
    contracts = Contract.objects.filter(civil_id=civil_id).select_related("establishment")
    for contract in contracts:
        entries.append(
            TimelineEntry(
                on=contract.starts_on,
                kind="contract",
                title=_("Employment contract"),
                employer=contract.establishment.name,
                status=str(contract.get_status_display()),
                detail=_("From %(start)s to %(end)s, RO %(salary)s a month")
                % {
                    "start": contract.starts_on.isoformat(),
                    "end": contract.ends_on.isoformat() if contract.ends_on else _("open-ended"),
                    "salary": contract.monthly_salary,
                },
            )
        )
    employee_ids = list(Employee.objects.filter(civil_id=civil_id).values_list("pk", flat=True))
    terminations = Termination.objects.filter(employee_id__in=employee_ids).select_related(
        "establishment", "rule_set"
    )
    for termination in terminations:
        reason = termination.rule_set.reason(termination.reason_code) or {}
        entries.append(
            TimelineEntry(
                on=termination.notice_given_on,
                kind="termination",
                title=_("Termination"),
                employer=termination.establishment.name,
                status=str(termination.get_status_display()),
                detail=_("Last working day %(day)s. Reason: %(reason)s")
                % {
                    "day": termination.last_working_day.isoformat(),
                    "reason": reason.get("ar" if _arabic() else "en", termination.reason_code),
                },
            )
        )
        if hasattr(termination, "objection"):
            entries.append(_objection_entry(termination.objection, termination.establishment.name))
    reports = (
        AbscondingReport.objects.filter(employee_id__in=employee_ids)
        .exclude(status=AbscondingReport.Status.OVERTURNED)
        .select_related("establishment")
    )
    for report in reports:
        entries.append(
            TimelineEntry(
                on=report.created_at.date(),
                kind="absconding",
                title=_("Absconding report"),
                employer=report.establishment.name,
                status=str(report.get_status_display()),
                detail=_("Absent since %(day)s") % {"day": report.last_seen_on.isoformat()},
            )
        )
        if hasattr(report, "objection"):
            entries.append(_objection_entry(report.objection, report.establishment.name))
    return sorted(entries, key=lambda entry: entry.on, reverse=True)


def _arabic() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "ar").startswith("ar")


def _objection_entry(objection: object, employer: str) -> TimelineEntry:
    created = objection.created_at  # type: ignore[attr-defined]
    return TimelineEntry(
        on=created.date(),
        kind="objection",
        title=_("My objection"),
        employer=employer,
        status=_("Filed"),
        detail=str(objection.statement)[:300],  # type: ignore[attr-defined]
    )
