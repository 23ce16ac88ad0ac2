"""Resignations: the worker resigns in the portal, the employer answers, and an accepted
resignation carries a no-objection record (NOC) that lets a new employer take over the worker's
permit until it lapses.

Deadlines (data, `LifecycleRuleSet`): the employer answers by the end of the
`resignation_answer_days`-th Muscat day after the resignation, or the nightly sweep accepts it
("deemed accepted", which is what a worker waiting on a silent employer needs). The record
allows a transfer until `noc_transfer_days` after the last working day; a record that lapses
unused cancels the worker's permit with that employer, whose contract has by then ended.

Resigning binds the worker: only an account whose civil ID is proven (User.identity_proven) may
resign or withdraw, and the view asks for a fresh proof first (accounts.proofs.
step_up_required("resign")); the method is recorded on the resignation, its receipt.

Lock order as everywhere in the lifecycle: establishment, then the resignation row, then
permits (through `permit_transition`), then the employee (through `employee_end_contract`).
"""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ProofMethod
from core.services import audit_record
from core.transitions import transition_locked
from employers.locks import establishment_lock
from employers.models import Employee
from employers.services import employee_end_contract
from employment.deadlines import MUSCAT, end_of_muscat_day
from employment.models import Resignation
from employment.selectors.cases import termination_open_for_employee
from employment.selectors.resignations import (
    nocs_lapsing,
    required_notice_days,
    resignation_standing_for_employee,
    resignations_due_for_answer,
)
from employment.services.cases import (
    CaseError,
    _rule_set_required,
    _tell_worker,
)
from employment.services.terminations import _stop_renewals
from notifications.services import sms_enqueue
from permits.models import Permit, PermitTransfer
from permits.services.lifecycle import permit_transition

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

# How far ahead a worker may date the last working day (a project choice, not the law's).
RESIGNATION_MAX_DAYS_AHEAD = 180
SNAPSHOT_FIELDS = (
    "status",
    "withdrawal_proof_method",
    "answered_by",
    "answered_at",
    "refusal_reason",
    "noc_number",
    "noc_valid_until",
)


class ResignationError(CaseError):
    """A resignation, its answer or its no-objection record was refused by a business rule."""


def _proven_or_refuse(person: User) -> None:
    if not person.identity_proven:
        raise ResignationError(
            _(
                "Prove who you are first: your account's civil ID has not been proven, so it "
                "cannot act for the worker. Nothing was changed."
            )
        )


def _proof_method(method: str) -> str:
    return method if method in ProofMethod.values else ""


def _transition(
    *,
    resignation: Resignation,
    to: str,
    actor: User | None,
    changes: dict[str, object] | None = None,
    note: str = "",
    actor_label: str = "",
) -> Resignation:
    locked, _event = transition_locked(
        obj=resignation,
        to=to,
        actor=actor,
        action=f"employment.resignation_{to}",
        refuse=lambda row: ResignationError(
            _("The resignation is %(status)s: it cannot become %(target)s.")
            % {
                "status": row.get_status_display(),
                "target": Resignation.Status(to).label,
            }
        ),
        snapshot_fields=SNAPSHOT_FIELDS,
        changes=changes,
        note=note,
        actor_label=actor_label,
    )
    return locked


def _validate(
    *,
    employee: Employee,
    last_working_day: datetime.date | None,
    notice_days: int,
    today: datetime.date,
) -> datetime.date:
    if last_working_day is None:
        raise ValidationError({"last_working_day": _("Enter your last working day.")})
    earliest = today + datetime.timedelta(days=notice_days)
    if last_working_day < earliest:
        raise ValidationError(
            {
                "last_working_day": _(
                    "Your notice period is %(days)s days: your last working day can be "
                    "%(date)s at the earliest."
                )
                % {"days": notice_days, "date": earliest.isoformat()}
            }
        )
    if last_working_day > today + datetime.timedelta(days=RESIGNATION_MAX_DAYS_AHEAD):
        raise ValidationError(
            {
                "last_working_day": _(
                    "The last working day cannot be more than %(days)s days from today."
                )
                % {"days": RESIGNATION_MAX_DAYS_AHEAD}
            }
        )
    if employee.contract_end is not None and employee.contract_end < last_working_day:
        raise ValidationError(
            {
                "last_working_day": _(
                    "Your contract already ends on %(date)s, before this day: it ends then "
                    "without a resignation."
                )
                % {"date": employee.contract_end.isoformat()}
            }
        )
    return last_working_day


def _employer_link(resignation: Resignation) -> str:
    with translation.override("ar"):
        path = reverse(
            "employment:employer-resignation",
            args=[resignation.establishment_id, resignation.pk],
        )
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def _tell_employer(resignation: Resignation) -> None:
    """The establishment's active representatives with a mobile (at most three) hear of it."""
    from employers.selectors import establishment_contacts

    employee = resignation.employee
    for user in establishment_contacts(establishment_id=resignation.establishment_id):
        with translation.override(user.preferred_language or "ar"):
            answer_by = (resignation.answer_by - datetime.timedelta(seconds=1)).astimezone(MUSCAT)
            sms_enqueue(
                template_code="resignation_received",
                context={
                    "worker": employee.name,
                    "last_day": resignation.last_working_day.isoformat(),
                    "answer_by": answer_by.date().isoformat(),
                    "link": _employer_link(resignation),
                },
                idempotency_key=f"resignation:{resignation.pk}:employer:{user.pk}",
                recipient=user,
            )


@transaction.atomic
def resignation_submit(
    *,
    employee: Employee,
    submitted_by: User,
    last_working_day: datetime.date | None,
    statement: str = "",
    proof_method: str = "",
) -> Resignation:
    """The worker resigns from `employee` (their own employment: same civil ID, proven) with
    the last working day they propose. The notice is the contract's, never less than the law's;
    the employer is told by SMS and answers by the rule set's deadline. `proof_method` is the
    fresh proof the view asked for (a ProofMethod value), kept on the resignation.

    Raises ValidationError keyed by field for a bad date, ResignationError when the account's
    civil ID is not proven, the employment is not the worker's, is already being ended, or no
    rules are in force: nothing is written.
    """
    today = timezone.localdate()
    _proven_or_refuse(submitted_by)
    establishment_lock(establishment_id=employee.establishment_id)
    employee = Employee.objects.select_related("establishment").get(pk=employee.pk)
    if not submitted_by.civil_id or employee.civil_id != submitted_by.civil_id:
        raise ResignationError(_("You can only resign from your own employment."))
    if employee.contract_end is not None and employee.contract_end < today:
        raise ResignationError(_("This contract has already ended."))
    if resignation_standing_for_employee(employee=employee, on=today) is not None:
        raise ResignationError(_("You have already resigned from this employment."))
    if termination_open_for_employee(employee=employee) is not None:
        raise ResignationError(_("Your employer has already ended this contract."))
    rule_set = _rule_set_required(today)
    notice_days = required_notice_days(employee=employee, rule_set=rule_set)
    last_working_day = _validate(
        employee=employee,
        last_working_day=last_working_day,
        notice_days=notice_days,
        today=today,
    )
    resignation = Resignation(
        establishment_id=employee.establishment_id,
        employee=employee,
        rule_set=rule_set,
        submitted_by=submitted_by,
        statement=(statement or "").strip()[:2000],
        proof_method=_proof_method(proof_method),
        notice_days=notice_days,
        last_working_day=last_working_day,
        answer_by=end_of_muscat_day(
            today + datetime.timedelta(days=rule_set.resignation_answer_days)
        ),
        previous_contract_end=employee.contract_end,
    )
    resignation.full_clean(exclude=["noc_transfer"])
    resignation.save()
    audit_record(
        actor=submitted_by,
        action="employment.resignation_submitted",
        obj=resignation,
        after={
            "employee": employee.pk,
            "last_working_day": last_working_day.isoformat(),
            "notice_days": notice_days,
            "answer_by": resignation.answer_by.isoformat(),
            "proof_method": resignation.proof_method,
        },
    )
    _tell_employer(resignation)
    return resignation


@transaction.atomic
def resignation_withdraw(
    *, resignation: Resignation, withdrawn_by: User, proof_method: str = ""
) -> Resignation:
    """The worker (proven, with the fresh proof `proof_method`, recorded) withdraws a
    resignation the employer has not answered yet. Raises ResignationError otherwise."""
    _proven_or_refuse(withdrawn_by)
    establishment_lock(establishment_id=resignation.establishment_id)
    if resignation.employee.civil_id != withdrawn_by.civil_id:
        raise ResignationError(_("You can only withdraw your own resignation."))
    return _transition(
        resignation=resignation,
        to=Resignation.Status.WITHDRAWN,
        actor=withdrawn_by,
        changes={"withdrawal_proof_method": _proof_method(proof_method)},
    )


def _noc_number(resignation: Resignation) -> str:
    return f"NOC-{timezone.localdate():%Y}-{resignation.pk:07d}"


def _accept(
    *, resignation: Resignation, actor: User | None, note: str, deemed: bool
) -> Resignation:
    """Accept (inside the caller's transaction, establishment locked): the register shows the
    last working day, a pending renewal is withdrawn, the record is issued, the worker told."""
    valid_until = resignation.last_working_day + datetime.timedelta(
        days=resignation.rule_set.noc_transfer_days
    )
    locked = _transition(
        resignation=resignation,
        to=Resignation.Status.ACCEPTED,
        actor=actor,
        actor_label="" if actor else "deadline",
        note=note,
        changes={
            "answered_by": actor,
            "answered_at": timezone.now(),
            "answer_note": note,
            "deemed_accepted": deemed,
            "noc_number": _noc_number(resignation),
            "noc_valid_until": valid_until,
        },
    )
    employee = Employee.objects.select_related("establishment").get(pk=locked.employee_id)
    system_actor = actor or locked.submitted_by
    employee_end_contract(
        employee=employee, contract_end=locked.last_working_day, actor=system_actor
    )
    _stop_renewals(employee=employee, actor=system_actor)
    if locked.last_working_day < timezone.localdate():
        _end_contracts(locked)
    _tell_worker(
        employee=employee,
        template_code="resignation_accepted",
        key=f"resignation:{locked.pk}:accepted",
        context_for={
            "employer": employee.establishment.name,
            "last_day": locked.last_working_day.isoformat(),
            "noc_number": locked.noc_number,
            "valid_until": valid_until.isoformat(),
        },
    )
    return locked


def _end_contracts(resignation: Resignation) -> None:
    from employment.services.contracts import contracts_end_for_employee

    contracts_end_for_employee(
        employee=resignation.employee,
        actor=None,
        note="resignation",
        actor_label="resignation",
    )


@transaction.atomic
def resignation_answer(
    *,
    resignation: Resignation,
    answered_by: User,
    accept: bool,
    refusal_reason: str = "",
    note: str = "",
) -> Resignation:
    """The employer accepts the resignation (the record is issued) or refuses it with a reason
    from the list (another reason needs a note). Raises ValidationError keyed by field for a
    missing reason, ResignationError when it was already answered: nothing is written."""
    establishment_lock(establishment_id=resignation.establishment_id)
    note = (note or "").strip()[:2000]
    if accept:
        return _accept(resignation=resignation, actor=answered_by, note=note, deemed=False)
    if refusal_reason not in Resignation.RefusalReason.values:
        raise ValidationError({"refusal_reason": _("Choose the reason for refusing.")})
    if refusal_reason == Resignation.RefusalReason.OTHER and not note:
        raise ValidationError({"note": _("Explain the reason for refusing.")})
    locked = _transition(
        resignation=resignation,
        to=Resignation.Status.REFUSED,
        actor=answered_by,
        note=note,
        changes={
            "answered_by": answered_by,
            "answered_at": timezone.now(),
            "refusal_reason": refusal_reason,
            "answer_note": note,
        },
    )
    employee = Employee.objects.select_related("establishment").get(pk=locked.employee_id)
    reason = Resignation.RefusalReason(refusal_reason)
    _tell_worker(
        employee=employee,
        template_code="resignation_refused",
        key=f"resignation:{locked.pk}:refused",
        context_for={
            "employer": employee.establishment.name,
            "reason": lambda: str(reason.label) + (f" ({note})" if note else ""),
        },
    )
    return locked


def resignations_accept_unanswered(
    *, now: datetime.datetime | None = None, batch: int = 200
) -> int:
    """Accept the resignations whose employer did not answer by the deadline (nightly); returns
    how many. Safe to re-run: each moves once, under its establishment's lock."""
    now = now or timezone.now()
    accepted = 0
    for resignation in resignations_due_for_answer(now=now).order_by("id")[:batch]:
        with transaction.atomic():
            establishment_lock(establishment_id=resignation.establishment_id)
            fresh = Resignation.objects.select_related("rule_set", "employee").get(
                pk=resignation.pk
            )
            if fresh.status != Resignation.Status.SUBMITTED:
                continue
            _accept(
                resignation=fresh,
                actor=None,
                note=_("The employer did not answer in time."),
                deemed=True,
            )
            accepted += 1
    return accepted


def resignations_end_contracts(*, on: datetime.date | None = None, batch: int = 500) -> int:
    """Contracts in force of workers whose accepted resignation's last working day has passed
    become ENDED (nightly). Returns how many resignations were settled."""
    from employment.models import Contract

    on = on or timezone.localdate()
    due = (
        Resignation.objects.filter(
            status=Resignation.Status.ACCEPTED,
            last_working_day__lt=on,
            employee__contracts__status=Contract.Status.ACTIVE,
        )
        .distinct()
        .order_by("id")[:batch]
    )
    settled = 0
    for resignation in due:
        with transaction.atomic():
            establishment_lock(establishment_id=resignation.establishment_id)
            _end_contracts(resignation)
            settled += 1
    return settled


@transaction.atomic
def resignation_noc_use(*, resignation: Resignation, transfer: PermitTransfer) -> Resignation:
    """Record that a transfer request was made with the record (the permit transfer calls this
    in its own transaction); a declined or expired request frees it again while valid."""
    locked = Resignation.objects.select_for_update().get(pk=resignation.pk)
    locked.noc_transfer = transfer
    locked.save(update_fields=["noc_transfer", "updated_at"])
    audit_record(
        actor=transfer.requested_by,
        action="employment.noc_used",
        obj=locked,
        after={"noc_number": locked.noc_number, "transfer": transfer.pk},
    )
    return locked


def nocs_lapse(*, on: datetime.date | None = None, batch: int = 200) -> int:
    """Records past their last valid day lapse (nightly): the worker's valid permit with that
    employer is cancelled, since the contract has ended and no transfer was made. Returns how
    many lapsed. Safe to re-run."""
    on = on or timezone.localdate()
    lapsed = 0
    for resignation in nocs_lapsing(on=on)[:batch]:
        with transaction.atomic():
            establishment_lock(establishment_id=resignation.establishment_id)
            locked = (
                Resignation.objects.select_for_update()
                .select_related("employee")
                .get(pk=resignation.pk)
            )
            if locked.noc_lapsed_at is not None:
                continue
            locked.noc_lapsed_at = timezone.now()
            locked.save(update_fields=["noc_lapsed_at", "updated_at"])
            cancelled = _cancel_permits(locked)
            audit_record(
                actor=None,
                actor_label="deadline",
                action="employment.noc_lapsed",
                obj=locked,
                after={"noc_number": locked.noc_number, "permits_cancelled": cancelled},
            )
            lapsed += 1
    return lapsed


def _cancel_permits(resignation: Resignation) -> list[str]:
    employee = resignation.employee
    if not employee.passport_number or employee.nationality == Employee.OMANI:
        return []
    note = _("The worker resigned and no transfer was made before the no-objection record lapsed.")
    numbers: list[str] = []
    permits = Permit.objects.filter(
        establishment_id=resignation.establishment_id,
        nationality=employee.nationality,
        passport_number=employee.passport_number,
        status__in=Permit.VALID,
    ).order_by("id")
    for permit in permits:
        permit_transition(
            permit=permit,
            to=Permit.Status.CANCELLED,
            actor=None,
            note=note,
            changes={"ended_reason": note},
        )
        numbers.append(permit.number)
    return numbers
