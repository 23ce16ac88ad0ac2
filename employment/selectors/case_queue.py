"""Reads of terminations and absconding reports across establishments (the ministry's case
queue, one case, the investigation flags) and by the worker's objection link.

Cross-establishment by design: only staff views (behind `staff_required`) and the worker's
token page call these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from accounts.contact import masked
from core.models import AuditEvent
from employment.deadlines import Window, objection_window
from employment.models import (
    AbscondingReport,
    InvestigationFlag,
    Objection,
    Termination,
    WorkerNotice,
)
from notifications.models import SmsMessage

Case = Termination | AbscondingReport

KIND_TERMINATION = "termination"
KIND_ABSCONDING = "absconding"
KINDS: dict[str, type[Termination] | type[AbscondingReport]] = {
    KIND_TERMINATION: Termination,
    KIND_ABSCONDING: AbscondingReport,
}
# Statuses of a case waiting for a ministry decision.
AWAITING_TERMINATION = (Termination.Status.OBJECTED, Termination.Status.COMMITTEE)
AWAITING_ABSCONDING = (AbscondingReport.Status.OBJECTED,)


@dataclass(frozen=True)
class CaseFilter:
    kind: str = ""
    status: str = ""
    cr_number: str = ""


def case_kind(case: Case) -> str:
    return KIND_TERMINATION if isinstance(case, Termination) else KIND_ABSCONDING


def case_queue_all_establishments(*, filters: CaseFilter) -> QuerySet[Any]:
    """Rows `{"kind", "id", "waiting_since"}` of cases waiting for a decision: objected
    terminations and absconding reports, and terminations waiting for the committee; oldest
    first (by the objection, else the filing). Load the page's cases with `cases_for_rows`."""
    parts: list[QuerySet[Any]] = []
    for kind, model, awaiting in (
        (KIND_TERMINATION, Termination, AWAITING_TERMINATION),
        (KIND_ABSCONDING, AbscondingReport, AWAITING_ABSCONDING),
    ):
        if filters.kind and filters.kind != kind:
            continue
        statuses = [s for s in awaiting if not filters.status or s == filters.status]
        if not statuses:
            continue
        rows = model.objects.filter(status__in=statuses)
        if filters.cr_number:
            rows = rows.filter(establishment__cr_number=filters.cr_number.strip())
        parts.append(
            rows.annotate(
                kind=Value(kind),
                waiting_since=Coalesce(F("objection__created_at"), F("created_at")),
            )
            .order_by()
            .values("kind", "id", "waiting_since")
        )
    if not parts:
        return Termination.objects.none().values("id")
    queue = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return queue.order_by("waiting_since", "kind", "id")


def cases_for_rows(rows: list[dict[str, Any]]) -> list[Case]:
    """The cases of queue rows, in the rows' order, with what the queue shows (two queries)."""
    ids: dict[str, list[int]] = {KIND_TERMINATION: [], KIND_ABSCONDING: []}
    for row in rows:
        ids[row["kind"]].append(row["id"])
    found: dict[tuple[str, int], Case] = {}
    for kind, model in KINDS.items():
        if ids[kind]:
            for case in model.objects.filter(pk__in=ids[kind]).select_related(
                "establishment", "employee", "notice"
            ):
                found[(kind, case.pk)] = case
    return [found[(row["kind"], row["id"])] for row in rows if (row["kind"], row["id"]) in found]


def case_get_all_establishments(*, kind: str, case_id: int) -> Case | None:
    model = KINDS.get(kind)
    if model is None:
        return None
    return (
        model.objects.select_related(
            "establishment", "employee", "rule_set", "notice", "decided_by", "filed_by"
        )
        .filter(pk=case_id)
        .first()
    )


def case_get_by_objection_token(*, token: str) -> Case | None:
    """The termination or absconding report whose objection link carries `token`."""
    if not token:
        return None
    for model in (Termination, AbscondingReport):
        case = (
            model.objects.select_related("establishment", "employee", "rule_set", "notice")
            .filter(objection_token=token)
            .first()
        )
        if case is not None:
            return case
    return None


def case_objection(*, case: Case) -> Objection | None:
    if isinstance(case, Termination):
        return Objection.objects.filter(termination=case).first()
    return Objection.objects.filter(absconding_report=case).first()


def case_objection_window_days(case: Case) -> int:
    if isinstance(case, Termination):
        return case.rule_set.termination_objection_days
    return case.rule_set.absconding_objection_days


def case_notice_messages(*, case: Case) -> list[SmsMessage]:
    """The messages of the case's notice to the worker (one per verified number), oldest first;
    none while the notice was not sent."""
    if not case.notice_id:
        return []
    notice: WorkerNotice = case.notice  # type: ignore[assignment]
    return list(notice.messages.order_by("created_at", "id"))


def case_window(*, case: Case) -> Window:
    """The objection window: from the first delivery receipt among the notice's messages."""
    return objection_window(
        messages=case_notice_messages(case=case), days=case_objection_window_days(case)
    )


@dataclass(frozen=True)
class CaseNotice:
    """The notice of a case as its pages show it: its state, each message with the number it
    went to masked (the employer never reads the worker's number), and the window."""

    notice: WorkerNotice | None
    messages: list[tuple[str, SmsMessage]]
    window: Window

    @property
    def no_number(self) -> bool:
        return self.notice is not None and self.notice.status == WorkerNotice.Status.NO_NUMBER

    @property
    def pending(self) -> bool:
        return self.notice is not None and self.notice.status == WorkerNotice.Status.PENDING


def case_notice(*, case: Case) -> CaseNotice:
    messages = case_notice_messages(case=case)
    return CaseNotice(
        notice=case.notice,
        messages=[(masked(m.to_number), m) for m in messages],
        window=objection_window(messages=messages, days=case_objection_window_days(case)),
    )


def case_events(*, case: Case) -> QuerySet[AuditEvent]:
    """The case's history (its audit events and its objection's), oldest first."""
    objection = case_objection(case=case)
    condition = Q(object_type=case._meta.label_lower, object_id=str(case.pk))
    if objection is not None:
        condition |= Q(object_type=Objection._meta.label_lower, object_id=str(objection.pk))
    return AuditEvent.objects.filter(condition).order_by("occurred_at", "id")


def investigation_flag_list_all_establishments() -> QuerySet[InvestigationFlag]:
    """Every investigation flag, open ones first, newest first within each."""
    return InvestigationFlag.objects.select_related("establishment").order_by(
        F("closed_at").desc(nulls_first=True), "-created_at", "-id"
    )
