"""The worker's own employment timeline: contracts, work permits, resignations, terminations,
absconding reports (unless overturned, which strikes them from the record) and objections,
newest first, each with its documents (the contract's page, the permit's check, the
no-objection record, the notice and objection page).

Only ever for the signed-in person, found by their civil ID (Omanis and residents) once it is
proven (User.identity_proven; an account that only claims a number sees nothing): the
register's employees under that civil ID give the passport numbers that find the permits. A
foreign worker without an account has no timeline here: the links sent by SMS serve them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User
from employers.models import Employee
from employment.models import AbscondingReport, Contract, Objection, Resignation, Termination
from permits.models import Permit


@dataclass(frozen=True)
class Document:
    label: str
    url: str


@dataclass(frozen=True)
class TimelineEntry:
    on: datetime.date
    kind: str  # contract, permit, resignation, termination, absconding, objection
    title: str
    employer: str
    status: str
    detail: str
    documents: tuple[Document, ...] = field(default=())


def _arabic() -> bool:
    return (get_language() or "ar").startswith("ar")


def employment_timeline_for_person(*, person: User) -> list[TimelineEntry]:
    """Everything the portal holds about `person`'s employment, newest first (empty without a
    proven civil ID)."""
    civil_id = person.civil_id
    if not person.identity_proven or not civil_id:
        return []
    employees = list(Employee.objects.filter(civil_id=civil_id))
    employee_ids = [e.pk for e in employees]
    entries: list[TimelineEntry] = []
    entries += _contracts(civil_id)
    entries += _permits(employees)
    entries += _resignations(employee_ids)
    entries += _terminations(employee_ids)
    entries += _absconding_reports(employee_ids)
    return sorted(entries, key=lambda entry: entry.on, reverse=True)


def _contracts(civil_id: str) -> list[TimelineEntry]:
    contracts = Contract.objects.filter(civil_id=civil_id).select_related("establishment")
    return [
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
            documents=(
                Document(
                    _("The contract"),
                    reverse("employment:worker-contract", args=[contract.acceptance_token]),
                ),
            ),
        )
        for contract in contracts
    ]


def _permits(employees: list[Employee]) -> list[TimelineEntry]:
    passports = {(e.nationality, e.passport_number) for e in employees if e.passport_number}
    if not passports:
        return []
    numbers = {number for _nationality, number in passports}
    permits = Permit.objects.filter(passport_number__in=numbers).select_related("establishment")
    entries = []
    for permit in permits:
        if (permit.nationality, permit.passport_number) not in passports:
            continue
        documents: tuple[Document, ...] = ()
        if permit.status in Permit.VALID and permit.certificate_token:
            documents = (
                Document(
                    _("Check the permit"),
                    reverse("permits:verify-permit", args=[permit.certificate_token]),
                ),
            )
        entries.append(
            TimelineEntry(
                on=permit.valid_from or permit.created_at.date(),
                kind="permit",
                title=_("Work permit %(number)s") % {"number": permit.number},
                employer=permit.establishment.name,
                status=str(permit.get_status_display()),
                detail=_("Valid from %(start)s to %(end)s")
                % {
                    "start": permit.valid_from.isoformat() if permit.valid_from else "–",
                    "end": permit.valid_until.isoformat() if permit.valid_until else "–",
                },
                documents=documents,
            )
        )
    return entries


def _resignations(employee_ids: list[int]) -> list[TimelineEntry]:
    resignations = Resignation.objects.filter(employee_id__in=employee_ids).select_related(
        "establishment"
    )
    entries = []
    for resignation in resignations:
        documents = [
            Document(
                _("My resignation"), reverse("employment:my-resignation", args=[resignation.pk])
            )
        ]
        if resignation.status == Resignation.Status.ACCEPTED:
            documents.append(
                Document(
                    _("No-objection record (PDF)"),
                    reverse("employment:my-resignation-noc", args=[resignation.pk]),
                )
            )
        entries.append(
            TimelineEntry(
                on=resignation.created_at.date(),
                kind="resignation",
                title=_("Resignation"),
                employer=resignation.establishment.name,
                status=str(resignation.get_status_display()),
                detail=_("Last working day %(day)s") % {"day": resignation.last_working_day},
                documents=tuple(documents),
            )
        )
    return entries


def _notice_document(token: str) -> Document:
    return Document(
        _("The notice and my objection"), reverse("employment:worker-objection", args=[token])
    )


def _terminations(employee_ids: list[int]) -> list[TimelineEntry]:
    terminations = Termination.objects.filter(employee_id__in=employee_ids).select_related(
        "establishment", "rule_set", "objection"
    )
    entries = []
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
                documents=(_notice_document(termination.objection_token),),
            )
        )
        if hasattr(termination, "objection"):
            entries.append(
                _objection_entry(
                    termination.objection,
                    termination.establishment.name,
                    termination.objection_token,
                )
            )
    return entries


def _absconding_reports(employee_ids: list[int]) -> list[TimelineEntry]:
    reports = (
        AbscondingReport.objects.filter(employee_id__in=employee_ids)
        .exclude(status=AbscondingReport.Status.OVERTURNED)
        .select_related("establishment", "objection")
    )
    entries = []
    for report in reports:
        entries.append(
            TimelineEntry(
                on=report.created_at.date(),
                kind="absconding",
                title=_("Absconding report"),
                employer=report.establishment.name,
                status=str(report.get_status_display()),
                detail=_("Absent since %(day)s") % {"day": report.last_seen_on.isoformat()},
                documents=(_notice_document(report.objection_token),),
            )
        )
        if hasattr(report, "objection"):
            entries.append(
                _objection_entry(
                    report.objection, report.establishment.name, report.objection_token
                )
            )
    return entries


def _objection_entry(objection: Objection, employer: str, token: str) -> TimelineEntry:
    from employment.services.cases import objection_reference

    return TimelineEntry(
        on=objection.created_at.date(),
        kind="objection",
        title=_("My objection %(reference)s") % {"reference": objection_reference(objection)},
        employer=employer,
        status=_("Withdrawn") if objection.withdrawn_at else _("Filed"),
        detail=objection.statement[:300],
        documents=(_notice_document(token),),
    )
