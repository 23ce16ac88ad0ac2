"""Writes of terminations, absconding reports, the worker's objections and the decisions on them.

Lock order (the same as permits, so the two never deadlock): the establishment row, then the
case row, then permits (through `permit_transition`), then the employee (through
`employee_end_contract`, which takes the establishment lock again inside the same transaction).
A termination and a permit renewal of the same worker are therefore decided one after the other.

Every status change of a case goes through `_case_transition`: it locks the row, checks the
model's TRANSITIONS, writes the change and its audit event. SMS rows are written into the ledger
(the outbox) in the same transaction; the relay sends them after commit.

The worker is told only at verified numbers (employment.services.notices): every number of the
worker's civil or resident number that the civil registry or the worker's own proven account
vouches for, never a number an employer typed on a contract or a permit. A worker without one
is told nothing (`notice.status` NO_NUMBER): the objection window then never starts and the case
waits for an officer; a registry outage keeps the notice pending until it answers.

Objecting and withdrawing an objection bind the worker: each needs a fresh proof of the worker's
number (employment.proofs.WorkerProof), recorded on the objection.
"""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Literal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.models import AuditEvent
from core.services import audit_record
from core.transitions import transition_locked
from employers.locks import establishment_lock
from employers.models import Employee
from employers.services import employee_end_contract
from employment.deadlines import lifecycle_rule_set_in_force, objection_window
from employment.models import (
    AbscondingReport,
    LifecycleRuleSet,
    Objection,
    Termination,
    WorkerNotice,
)
from employment.proofs import WorkerProof
from employment.selectors.case_queue import (
    case_objection,
    case_objection_window_days,
    case_window,
)
from employment.selectors.cases import worker_held_permit
from employment.services.notices import worker_civil_id, worker_notify
from permits.models import Permit
from permits.services.lifecycle import PermitError, permit_transition

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

DECIDERS = frozenset({"officer", "approver"})

Case = Termination | AbscondingReport


class CaseError(ApplicationError):
    """A termination, absconding report or objection was refused by a business rule."""


class CaseTransitionError(CaseError):
    """The case cannot move from its status to the one asked for."""


SNAPSHOT_FIELDS = ("status", "decided_by", "decided_at", "decision_reason")


# --- helpers --------------------------------------------------------------------------------


def _rule_set_required(on: datetime.date) -> LifecycleRuleSet:
    rule_set = lifecycle_rule_set_in_force(on=on)
    if rule_set is None:
        raise CaseError(_("No employment rules are in force today: the case cannot be filed."))
    return rule_set


def _reason_text(reason: dict[str, str], language: str) -> str:
    return reason.get("ar" if language.startswith("ar") else "en") or reason.get("en", "")


def _tell_worker(
    *, employee: Employee, template_code: str, key: str, context_for: dict[str, object]
) -> WorkerNotice:
    """Tell the worker at every verified number (employment.services.notices)."""
    return worker_notify(
        employee=employee, template_code=template_code, key=key, context_for=context_for
    )


def worker_link(url_name: str, token: str) -> str:
    """The absolute address of a worker's page (in the active language), for an SMS."""
    from django.conf import settings
    from django.urls import reverse

    return (
        f"{settings.PORTAL_BASE_URL.rstrip('/')}{reverse(f'employment:{url_name}', args=[token])}"
    )


def _case_label(case: Case) -> str:
    if isinstance(case, Termination):
        return _("termination no. %(id)s") % {"id": case.pk}
    return _("absconding report no. %(id)s") % {"id": case.pk}


def _action_prefix(case: Case) -> str:
    return "employment.termination" if isinstance(case, Termination) else "employment.absconding"


def _case_transition(
    *,
    case: Case,
    to: str,
    actor: User | None,
    note: str = "",
    changes: dict[str, object] | None = None,
    actor_label: str = "",
    action: str = "",
) -> Case:
    """Move `case` to status `to` as one audited step (`action`, by default
    "<kind>_<status>"): establishment lock, row lock, check of TRANSITIONS against the locked
    row. Raises CaseTransitionError (nothing written)."""
    model = type(case)
    with transaction.atomic():
        establishment_lock(establishment_id=case.establishment_id)
        locked, _event = transition_locked(
            obj=case,
            to=to,
            actor=actor,
            action=action or f"{_action_prefix(case)}_{to}",
            refuse=lambda row: CaseTransitionError(
                _("%(case)s is %(status)s: it cannot become %(target)s.")
                % {
                    "case": _case_label(row),
                    "status": row.get_status_display(),
                    "target": model.Status(to).label,
                }
            ),
            snapshot_fields=SNAPSHOT_FIELDS,
            changes=changes,
            note=note,
            actor_label=actor_label,
        )
    return locked


def _end_permit_for_absconding(
    *, report: AbscondingReport, actor: User | None, actor_label: str
) -> None:
    """An upheld absconding report ends the worker's held permit (CANCELLED, with the reason)."""
    permit = worker_held_permit(employee=report.employee)
    if permit is None:
        return  # expired or ended meanwhile: nothing left to end
    reason = _("Absconding report no. %(id)s upheld.") % {"id": report.pk}
    permit_transition(
        permit=permit,
        to=Permit.Status.CANCELLED,
        actor=actor,
        note=reason,
        changes={"ended_reason": reason},
        actor_label=actor_label,
    )


# --- objections -----------------------------------------------------------------------------


def case_worker_civil_id(case: Case) -> str:
    """The civil or resident number the worker of `case` proves ("" when none is known)."""
    return worker_civil_id(case.employee)


def _proof_or_refuse(case: Case, proof: WorkerProof | None) -> str:
    civil_id = case_worker_civil_id(case)
    if proof is None or not proof.proves(civil_id):
        raise CaseError(
            _(
                "Prove that you are the worker first: enter the code sent to your registered "
                "mobile, or sign in with the national digital identity. Nothing was changed."
            )
        )
    return proof.method


@transaction.atomic
def objection_file(
    *,
    termination: Termination | None = None,
    absconding_report: AbscondingReport | None = None,
    statement: str,
    filed_via: str,
    proof: WorkerProof | None,
) -> Objection:
    """The worker objects to a termination or an absconding report, while the window counted
    from the notice (first delivery receipt, else first sending) is open. The case becomes
    OBJECTED and waits for an officer; `proof` (a fresh proof of the worker's civil or resident
    number) is required and its method recorded.

    Raises CaseError (nothing written) without a proof of the worker's number, after the window,
    when the case is not open to objection, or when an objection was withdrawn before."""
    if (termination is None) == (absconding_report is None):
        raise CaseError(_("An objection concerns one termination or one absconding report."))
    statement = (statement or "").strip()
    if not statement:
        raise CaseError(_("Write the worker's statement."))
    case: Case
    if termination is not None:
        case = termination
    else:
        assert absconding_report is not None
        case = absconding_report
    establishment_lock(establishment_id=case.establishment_id)
    locked: Case = (
        type(case)
        .objects.select_for_update()
        .select_related("rule_set", "employee")
        .get(pk=case.pk)
    )
    method = _proof_or_refuse(locked, proof)
    earlier = case_objection(case=locked)
    if earlier is not None:
        raise CaseError(
            _(
                "An objection to this case was already filed; once withdrawn it cannot be "
                "filed again."
            )
        )
    window = case_window(case=locked)
    now = timezone.now()
    if not window.is_open(now):
        raise CaseError(
            _("The objection period ended on %(date)s: the objection can no longer be filed.")
            % {"date": window.last_day}
        )
    locked = _case_transition(
        case=locked, to=locked.Status.OBJECTED, actor=None, actor_label="worker"
    )
    objection = Objection(
        termination=locked if isinstance(locked, Termination) else None,
        absconding_report=locked if isinstance(locked, AbscondingReport) else None,
        statement=statement,
        filed_via=filed_via or "portal",
        proof_method=method,
    )
    objection.full_clean(exclude=["termination", "absconding_report", "assigned_to"])
    objection.save()
    audit_record(
        actor=None,
        actor_label="worker",
        action="employment.objection_filed",
        obj=objection,
        after={
            "case": _case_label(locked),
            "filed_via": objection.filed_via,
            "proof_method": method,
        },
    )
    is_termination = isinstance(locked, Termination)
    employee = Employee.objects.select_related("establishment").get(pk=locked.employee_id)
    _tell_worker(
        employee=employee,
        template_code="objection_received",
        key=f"objection:{objection.pk}:received",
        context_for={
            "case": lambda: _("termination") if is_termination else _("absconding report"),
            "employer": employee.establishment.name,
            "reference": objection_reference(objection),
        },
    )
    return objection


@transaction.atomic
def objection_withdraw(*, objection: Objection, proof: WorkerProof | None) -> Objection:
    """The worker withdraws an objection an officer has not decided yet: the case is NOTIFIED
    (FILED) again, its window as before (a closed window lets the nightly sweep uphold it), and
    the objection keeps its statement with the withdrawal's time and proof.

    Raises CaseError (nothing written) without a fresh proof of the worker's number, or when the
    objection was withdrawn or decided already."""
    case: Case = objection.termination or objection.absconding_report  # type: ignore[assignment]
    establishment_lock(establishment_id=case.establishment_id)
    locked_case: Case = (
        type(case).objects.select_for_update().select_related("employee").get(pk=case.pk)
    )
    method = _proof_or_refuse(locked_case, proof)
    locked = Objection.objects.select_for_update().get(pk=objection.pk)
    if locked.withdrawn_at is not None:
        raise CaseError(_("This objection was already withdrawn."))
    if locked_case.status != locked_case.Status.OBJECTED:
        raise CaseError(
            _("%(case)s is %(status)s: the objection can no longer be withdrawn.")
            % {"case": _case_label(locked_case), "status": locked_case.get_status_display()}
        )
    back = (
        Termination.Status.NOTIFIED
        if isinstance(locked_case, Termination)
        else AbscondingReport.Status.FILED
    )
    _case_transition(
        case=locked_case,
        to=back,
        actor=None,
        actor_label="worker",
        action=f"{_action_prefix(locked_case)}_objection_withdrawn",
    )
    locked.withdrawn_at = timezone.now()
    locked.withdrawal_proof_method = method
    locked.save(update_fields=["withdrawn_at", "withdrawal_proof_method", "updated_at"])
    audit_record(
        actor=None,
        actor_label="worker",
        action="employment.objection_withdrawn",
        obj=locked,
        after={"case": _case_label(locked_case), "proof_method": method},
    )
    return locked


def objection_reference(objection: Objection) -> str:
    """The reference a worker quotes for an objection (in the acknowledgement SMS and page)."""
    return f"OBJ-{objection.pk:07d}"


# --- decisions ------------------------------------------------------------------------------


def _restore_contract_end(*, termination: Termination, actor: User | None) -> None:
    """An overturned termination: the contract continues. The contract end set at filing is
    replaced by the one the employee had before (from the filing's audit event)."""
    employee = Employee.objects.get(pk=termination.employee_id)
    if employee.contract_end != termination.last_working_day:
        return  # changed since by someone else: leave it
    filed = (
        AuditEvent.objects.filter(
            action="employment.termination_filed",
            object_type=Termination._meta.label_lower,
            object_id=str(termination.pk),
        )
        .order_by("id")
        .first()
    )
    previous = (filed.after or {}).get("previous_contract_end") if filed else None
    restored = datetime.date.fromisoformat(previous) if isinstance(previous, str) else None
    if actor is None:
        return
    employee_end_contract(employee=employee, contract_end=restored, actor=actor)


def _tell_decision(*, case: Case) -> None:
    employee = Employee.objects.get(pk=case.employee_id)
    upheld = case.status in (Termination.Status.UPHELD, AbscondingReport.Status.UPHELD)
    reason = case.decision_reason

    def decision() -> str:
        if upheld:
            return _("upheld: %(reason)s") % {"reason": reason}
        return _("overturned: %(reason)s") % {"reason": reason}

    _tell_worker(
        employee=employee,
        template_code="case_decision",
        key=f"{_action_prefix(case)}:{case.pk}:decision:{case.status}",
        context_for={"case": lambda: _case_label(case), "decision": decision},
    )


@transaction.atomic
def case_decide(
    *,
    case: Case,
    decided_by: User,
    decision: Literal["uphold", "overturn"],
    reason: str,
) -> Case:
    """An officer or approver decides an objected case (or a termination waiting for the
    committee): uphold or overturn, with a reason.

    Upholding an absconding report ends the worker's held permit; overturning it strikes it from
    the worker's record. Overturning a termination restores the contract end the employee had
    before it was filed. The worker is told by SMS (`case_decision`). Raises CaseError (nothing
    written) for a user who may not decide, a missing reason, or a case not awaiting a decision.
    """
    if decided_by.role not in DECIDERS or not decided_by.is_active:
        raise CaseError(_("Only ministry officers and approvers decide these cases."))
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Give the reason for the decision."))
    if decision not in ("uphold", "overturn"):
        raise CaseError(_("Choose to uphold or to overturn."))
    model = type(case)
    current = model.objects.get(pk=case.pk)
    awaiting = {model.Status.OBJECTED} | (
        {Termination.Status.COMMITTEE} if model is Termination else set()
    )
    if current.status not in awaiting:
        raise CaseTransitionError(
            _("%(case)s is %(status)s: it is not waiting for a decision.")
            % {"case": _case_label(current), "status": current.get_status_display()}
        )
    to = model.Status.UPHELD if decision == "uphold" else model.Status.OVERTURNED
    decided = _case_transition(
        case=current,
        to=to,
        actor=decided_by,
        note=reason,
        changes={
            "decided_by": decided_by,
            "decided_at": timezone.now(),
            "decision_reason": reason,
        },
    )
    if isinstance(decided, AbscondingReport) and to == AbscondingReport.Status.UPHELD:
        _end_permit_for_absconding(report=decided, actor=decided_by, actor_label="")
    if isinstance(decided, Termination) and to == Termination.Status.OVERTURNED:
        _restore_contract_end(termination=decided, actor=decided_by)
    if isinstance(decided, Termination) and to == Termination.Status.UPHELD:
        _end_contracts(termination=decided, actor=decided_by, actor_label="")
    _tell_decision(case=decided)
    return decided


def _end_contracts(*, termination: Termination, actor: User | None, actor_label: str) -> None:
    """A termination upheld ends the worker's registered contract(s) with that employer."""
    from employment.services.contracts import contracts_end_for_employee

    contracts_end_for_employee(
        employee=termination.employee,
        actor=actor,
        note=f"termination {termination.pk}",
        actor_label=actor_label,
    )


def cases_close_expired_windows(
    *, now: datetime.datetime | None = None, batch: int = 500
) -> dict[str, int]:
    """NOTIFIED terminations and FILED absconding reports whose objection window has closed
    without an objection become UPHELD (an absconding report then ends the worker's permit).
    A window that never started (no SMS sent yet, no verified number) never closes. Each case in
    its own transaction, through the one transition path; safe to run again at any time."""
    now = now or timezone.now()
    counts = {"terminations": 0, "absconding_reports": 0}
    candidates: list[tuple[str, type[Termination] | type[AbscondingReport], str]] = [
        ("terminations", Termination, Termination.Status.NOTIFIED),
        ("absconding_reports", AbscondingReport, AbscondingReport.Status.FILED),
    ]
    for key, model, status in candidates:
        rows = (
            model.objects.filter(status=status, notice__status=WorkerNotice.Status.SENT)
            .select_related("notice", "rule_set")
            .prefetch_related("notice__messages")
            .order_by("id")[:batch]
        )
        for case in rows:
            assert case.notice is not None  # filtered on the notice's status
            window = objection_window(
                messages=case.notice.messages.all(), days=case_objection_window_days(case)
            )
            if not window.has_closed(now):
                continue
            try:
                with transaction.atomic():
                    upheld = _case_transition(
                        case=case,
                        to=model.Status.UPHELD,
                        actor=None,
                        actor_label="deadline",
                        note=_("The objection period ended without an objection."),
                        changes={"decided_at": now},
                    )
                    if isinstance(upheld, AbscondingReport):
                        _end_permit_for_absconding(
                            report=upheld, actor=None, actor_label="deadline"
                        )
                    else:
                        _end_contracts(termination=upheld, actor=None, actor_label="deadline")
            except (CaseTransitionError, PermitError):
                continue  # changed meanwhile (objected, decided)
            counts[key] += 1
    return counts
