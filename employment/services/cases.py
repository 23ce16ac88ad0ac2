"""Writes of terminations, absconding reports, the worker's objections and the decisions on them.

Lock order (the same as permits, so the two never deadlock): the establishment row, then the
case row, then permits (through `permit_transition`), then the employee (through
`employee_end_contract`, which takes the establishment lock again inside the same transaction).
A termination and a permit renewal of the same worker are therefore decided one after the other.

Every status change of a case goes through `_case_transition`: it locks the row, checks the
model's TRANSITIONS, writes the change and its audit event. SMS rows are written into the ledger
(the outbox) in the same transaction; the relay sends them after commit.

Gap (documented): the register's `Employee` has no mobile number. A foreign worker is told on the
mobile of the held permit; an Omani on the mobile of the portal account with the same civil ID.
A worker with neither gets no SMS (`notice_sms` stays empty): the objection window then never
starts and the case waits for an officer.
"""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Literal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.models import AuditEvent
from core.services import audit_record, model_snapshot
from employers.models import Employee, Establishment
from employers.services import employee_end_contract
from employment.deadlines import MUSCAT, lifecycle_rule_set_in_force, objection_window
from employment.models import (
    AbscondingReport,
    InvestigationFlag,
    LifecycleRuleSet,
    Objection,
    Termination,
)
from employment.selectors.cases import (
    absconding_report_open_for_employee,
    termination_open_for_employee,
    worker_held_permit,
    worker_latest_permit,
)
from notifications.models import SmsMessage
from notifications.phone import InvalidPhoneNumberError
from notifications.services import sms_enqueue
from permits.models import Permit
from permits.services.lifecycle import PermitError, permit_transition

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

# How far ahead of filing an employer may date a notice (a project choice, not the law's).
NOTICE_MAX_DAYS_AHEAD = 30
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


def _lock_establishment(establishment_id: int) -> Establishment:
    return Establishment.objects.select_for_update().get(pk=establishment_id)


def _reason_text(reason: dict[str, str], language: str) -> str:
    return reason.get("ar" if language.startswith("ar") else "en") or reason.get("en", "")


def _worker_contact(employee: Employee) -> tuple[User | None, str, str]:
    """(portal account, number, language) to tell the worker by SMS; number "" when none."""
    permit = worker_latest_permit(employee=employee)
    if permit is not None and permit.worker_mobile:
        return None, str(permit.worker_mobile), permit.worker_language or "en"
    if employee.civil_id:
        from accounts.models import User

        user = User.objects.filter(civil_id=employee.civil_id, is_active=True).first()
        if user is not None and user.mobile:
            return user, "", user.preferred_language or "ar"
    return None, "", "ar"


def _tell_worker(
    *, employee: Employee, template_code: str, key: str, context_for: dict[str, object]
) -> SmsMessage | None:
    """Write an SMS to the worker into the ledger; None when the worker cannot be reached."""
    user, number, language = _worker_contact(employee)
    if user is None and not number:
        logger.warning("employee %s: no mobile number to tell the worker", employee.pk)
        return None
    with translation.override(language):
        context = {k: (v() if callable(v) else v) for k, v in context_for.items()}
    try:
        return sms_enqueue(
            template_code=template_code,
            context=context,
            idempotency_key=key,
            recipient=user,
            to_number=number or None,
            language=language,
        )
    except InvalidPhoneNumberError:
        logger.warning("employee %s: the worker's number cannot take SMS", employee.pk)
        return None


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
) -> Case:
    """Move `case` to status `to` as one audited step: establishment lock, row lock, check of
    TRANSITIONS against the locked row. Raises CaseTransitionError (nothing written)."""
    model = type(case)
    with transaction.atomic():
        _lock_establishment(case.establishment_id)
        locked = model.objects.select_for_update().get(pk=case.pk)
        if to not in model.TRANSITIONS.get(locked.status, frozenset()):
            raise CaseTransitionError(
                _("%(case)s is %(status)s: it cannot become %(target)s.")
                % {
                    "case": _case_label(locked),
                    "status": locked.get_status_display(),
                    "target": model.Status(to).label,
                }
            )
        before = model_snapshot(locked, SNAPSHOT_FIELDS)
        locked.status = to
        fields = {"status", "updated_at"}
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
            fields.add(name)
        locked.save(update_fields=sorted(fields))
        after = model_snapshot(locked, SNAPSHOT_FIELDS)
        if note:
            after["note"] = note
        audit_record(
            actor=actor,
            action=f"{_action_prefix(locked)}_{to}",
            obj=locked,
            before=before,
            after=after,
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


# --- terminations ---------------------------------------------------------------------------


def _validate_termination(
    *,
    employee: Employee,
    rule_set: LifecycleRuleSet,
    reason_code: str,
    details: str,
    notice_days: int,
    notice_given_on: datetime.date,
    improvement_started_on: datetime.date | None,
    today: datetime.date,
) -> tuple[dict[str, str], datetime.date]:
    """The law's reason and the last working day, or ValidationError keyed by field."""
    errors: dict[str, str] = {}
    reason = rule_set.reason(reason_code)
    if reason is None:
        errors["reason_code"] = _("Choose a reason from the law's list.")
    if not details.strip():
        errors["details"] = _("Describe the facts behind the reason.")
    if notice_days < rule_set.min_notice_days:
        errors["notice_days"] = _("The notice period must be at least %(days)s days.") % {
            "days": rule_set.min_notice_days
        }
    if notice_given_on > today + datetime.timedelta(days=NOTICE_MAX_DAYS_AHEAD):
        errors["notice_given_on"] = _(
            "The notice cannot be dated more than %(days)s days from today."
        ) % {"days": NOTICE_MAX_DAYS_AHEAD}
    elif notice_given_on < employee.contract_start:
        errors["notice_given_on"] = _(
            "The notice (%(notice)s) cannot be given before the contract starts (%(start)s)."
        ) % {"notice": notice_given_on.isoformat(), "start": employee.contract_start.isoformat()}
    last_working_day = notice_given_on + datetime.timedelta(days=max(notice_days, 0))
    if "notice_given_on" not in errors and "notice_days" not in errors:
        if last_working_day < today:
            errors["notice_given_on"] = _(
                "The last working day (%(date)s) has passed: a contract cannot be ended "
                "retroactively."
            ) % {"date": last_working_day.isoformat()}
        elif employee.contract_end is not None and employee.contract_end < last_working_day:
            errors["notice_days"] = _(
                "The contract already ends on %(date)s, before the notice period would."
            ) % {"date": employee.contract_end.isoformat()}
    if improvement_started_on is not None and improvement_started_on > notice_given_on:
        errors["improvement_started_on"] = _(
            "The improvement period cannot start after the notice is given."
        )
    elif (
        reason is not None
        and reason.get("kind") == "performance"
        and employee.nationality == Employee.OMANI
    ):
        months = rule_set.performance_improvement_months
        latest_start = notice_given_on - relativedelta(months=months)
        if improvement_started_on is None:
            errors["improvement_started_on"] = _(
                "Dismissing an Omani for performance needs the recorded improvement period "
                "of %(months)s months: give the date it started."
            ) % {"months": months}
        elif improvement_started_on > latest_start:
            errors["improvement_started_on"] = _(
                "The improvement period must have started by %(date)s (%(months)s months "
                "before the notice)."
            ) % {"date": latest_start.isoformat(), "months": months}
    if errors:
        raise ValidationError(errors)
    assert reason is not None
    return reason, last_working_day


def _stop_renewals(*, employee: Employee, actor: User) -> list[str]:
    """Withdraw the worker's renewal applications in the queue and cancel an issued renewal
    that has not started yet: the contract ends before it would. Returns the permit numbers.

    An APPROVED renewal (waiting for issue) cannot be withdrawn by the permit state machine and
    is left alone; the renewal refusal in `permit_renew` keeps new ones from being filed.
    """
    if not employee.passport_number or employee.nationality == Employee.OMANI:
        return []
    today = timezone.localdate()
    renewals = Permit.objects.filter(
        establishment_id=employee.establishment_id,
        nationality=employee.nationality,
        passport_number=employee.passport_number,
        kind=Permit.Kind.RENEWAL,
    )
    touched: list[str] = []
    note = _("The worker's contract is being terminated.")
    for permit in renewals.filter(status__in=Permit.PENDING - {Permit.Status.APPROVED}).order_by(
        "id"
    ):
        permit_transition(permit=permit, to=Permit.Status.WITHDRAWN, actor=actor, note=note)
        touched.append(permit.number)
    for permit in renewals.filter(status__in=Permit.VALID, valid_from__gt=today).order_by("id"):
        permit_transition(
            permit=permit,
            to=Permit.Status.CANCELLED,
            actor=actor,
            note=note,
            changes={"ended_reason": note},
        )
        touched.append(permit.number)
    return touched


@transaction.atomic
def termination_file(
    *,
    employee: Employee,
    filed_by: User,
    reason_code: str,
    details: str,
    notice_days: int,
    notice_given_on: datetime.date,
    improvement_started_on: datetime.date | None = None,
) -> Termination:
    """File the termination of `employee`'s contract with a reason from the law's list.

    Economic reasons wait for the ministry committee (COMMITTEE); others are NOTIFIED and the
    worker is told by SMS (`termination_notice`). The employee's contract end becomes the last
    working day at once (the Omanization register reflects the departure), the worker's pending
    permit renewal is withdrawn (an issued one not yet started is cancelled), and a dismissed
    Omani counts in `omani_replacements_owed` until an Omani is hired.

    Raises ValidationError keyed by field for bad input, CaseError when the employee already
    has an open termination or no rules are in force: nothing is written.
    """
    today = timezone.localdate()
    _lock_establishment(employee.establishment_id)
    employee = Employee.objects.select_related("establishment").get(pk=employee.pk)
    rule_set = _rule_set_required(today)
    if termination_open_for_employee(employee=employee) is not None:
        raise CaseError(_("This employee already has a termination in progress."))
    reason, last_working_day = _validate_termination(
        employee=employee,
        rule_set=rule_set,
        reason_code=reason_code,
        details=details,
        notice_days=notice_days,
        notice_given_on=notice_given_on,
        improvement_started_on=improvement_started_on,
        today=today,
    )
    kind = reason.get("kind", "other")
    status = Termination.Status.COMMITTEE if kind == "economic" else Termination.Status.NOTIFIED
    termination = Termination(
        establishment=employee.establishment,
        employee=employee,
        rule_set=rule_set,
        reason_code=reason_code,
        reason_kind=kind,
        details=details.strip(),
        notice_days=notice_days,
        notice_given_on=notice_given_on,
        last_working_day=last_working_day,
        improvement_started_on=improvement_started_on,
        status=status,
        filed_by=filed_by,
    )
    termination.full_clean(exclude=["notice_sms", "decided_by"])
    termination.save()
    previous_contract_end = employee.contract_end
    employee_end_contract(employee=employee, contract_end=last_working_day, actor=filed_by)
    stopped = _stop_renewals(employee=employee, actor=filed_by)
    if status == Termination.Status.NOTIFIED:
        establishment = employee.establishment
        termination.notice_sms = _tell_worker(
            employee=employee,
            template_code="termination_notice",
            key=f"termination:{termination.pk}:notice",
            context_for={
                "employer": lambda: establishment.name,
                "last_day": last_working_day.isoformat(),
                "reason": lambda: _reason_text(reason, translation.get_language() or "ar"),
                "days": rule_set.termination_objection_days,
            },
        )
        termination.save(update_fields=["notice_sms", "updated_at"])
    audit_record(
        actor=filed_by,
        action="employment.termination_filed",
        obj=termination,
        after={
            "status": status,
            "reason_code": reason_code,
            "notice_days": notice_days,
            "notice_given_on": notice_given_on,
            "last_working_day": last_working_day,
            # kept so that overturning restores the contract end the employee had before
            "previous_contract_end": previous_contract_end,
            "renewals_stopped": stopped,
            "notice_sms": termination.notice_sms_id,
        },
    )
    return termination


# --- absconding -----------------------------------------------------------------------------


def _flag_if_over_limit(
    *, establishment: Establishment, rule_set: LifecycleRuleSet, today: datetime.date
) -> list[InvestigationFlag]:
    """Flag the establishment once per period when its reports this calendar month (year) pass
    the monthly (yearly) limit. Runs under the establishment lock, so counts are exact."""
    month_start = datetime.datetime(today.year, today.month, 1, tzinfo=MUSCAT)
    year_start = datetime.datetime(today.year, 1, 1, tzinfo=MUSCAT)
    reports = AbscondingReport.objects.filter(establishment=establishment)
    periods = [
        (
            "absconding_monthly",
            f"{today:%Y-%m}",
            reports.filter(created_at__gte=month_start).count(),
            rule_set.absconding_monthly_limit,
        ),
        (
            "absconding_yearly",
            f"{today:%Y}",
            reports.filter(created_at__gte=year_start).count(),
            rule_set.absconding_yearly_limit,
        ),
    ]
    flags = []
    for reason_code, period, count, limit in periods:
        if count <= limit:
            continue
        flag, created = InvestigationFlag.objects.get_or_create(
            establishment=establishment,
            reason_code=reason_code,
            period=period,
            defaults={"count": count},
        )
        if created:
            audit_record(
                actor=None,
                actor_label="rules",
                action="employment.investigation_flagged",
                obj=flag,
                after={"reason_code": reason_code, "period": period, "count": count},
            )
        else:
            InvestigationFlag.objects.filter(pk=flag.pk).update(
                count=count, updated_at=timezone.now()
            )
        flags.append(flag)
    return flags


@transaction.atomic
def absconding_report_file(
    *,
    employee: Employee,
    filed_by: User,
    last_seen_on: datetime.date,
    salary_paid_until: datetime.date,
    salary_evidence: str,
    details: str = "",
) -> AbscondingReport:
    """Report a foreign worker absent from work.

    Days of absence are counted as `today - last_seen_on` (Muscat dates): with the law's 7, a
    worker last seen on the 1st may be reported from the 8th. The salary must have been paid up
    to at least `salary_paid_within_days` before `last_seen_on`, with the wage protection file
    reference as evidence. The worker is told by SMS (`absconding_notice`). Past the monthly or
    yearly limit of reports the establishment is flagged for investigation (once per period).

    Raises CaseError (nothing written) when a rule refuses the report.
    """
    today = timezone.localdate()
    _lock_establishment(employee.establishment_id)
    employee = Employee.objects.select_related("establishment").get(pk=employee.pk)
    rule_set = _rule_set_required(today)
    if employee.nationality == Employee.OMANI:
        raise CaseError(_("Absconding reports concern foreign workers only."))
    days = (today - last_seen_on).days
    if days < rule_set.absconding_min_days:
        raise CaseError(
            _(
                "A worker can be reported absent only after %(min)s days of absence: "
                "%(days)s days have passed since %(date)s."
            )
            % {"min": rule_set.absconding_min_days, "days": max(days, 0), "date": last_seen_on}
        )
    paid_by = last_seen_on - datetime.timedelta(days=rule_set.salary_paid_within_days)
    if salary_paid_until < paid_by:
        raise CaseError(
            _(
                "The salary must be paid up to at least %(date)s (within %(days)s days of the "
                "last day at work) before a worker can be reported absent."
            )
            % {"date": paid_by.isoformat(), "days": rule_set.salary_paid_within_days}
        )
    salary_evidence = (salary_evidence or "").strip()
    if not salary_evidence:
        raise CaseError(
            _("Give the wage protection file reference that shows the salary was paid.")
        )
    if absconding_report_open_for_employee(employee=employee) is not None:
        raise CaseError(_("This worker already has an absconding report in progress."))
    permit = worker_held_permit(employee=employee)
    report = AbscondingReport(
        establishment=employee.establishment,
        employee=employee,
        permit=permit,
        rule_set=rule_set,
        last_seen_on=last_seen_on,
        salary_paid_until=salary_paid_until,
        salary_evidence=salary_evidence,
        details=details.strip(),
        status=AbscondingReport.Status.FILED,
        filed_by=filed_by,
    )
    report.full_clean(exclude=["notice_sms", "decided_by", "permit"])
    report.save()
    establishment = employee.establishment
    report.notice_sms = _tell_worker(
        employee=employee,
        template_code="absconding_notice",
        key=f"absconding:{report.pk}:notice",
        context_for={
            "employer": lambda: establishment.name,
            "last_seen": last_seen_on.isoformat(),
            "days": rule_set.absconding_objection_days,
        },
    )
    report.save(update_fields=["notice_sms", "updated_at"])
    audit_record(
        actor=filed_by,
        action="employment.absconding_filed",
        obj=report,
        after={
            "last_seen_on": last_seen_on,
            "salary_paid_until": salary_paid_until,
            "permit": permit.number if permit else None,
            "notice_sms": report.notice_sms_id,
        },
    )
    _flag_if_over_limit(establishment=establishment, rule_set=rule_set, today=today)
    return report


# --- objections -----------------------------------------------------------------------------


def case_objection_window_days(case: Case) -> int:
    if isinstance(case, Termination):
        return case.rule_set.termination_objection_days
    return case.rule_set.absconding_objection_days


@transaction.atomic
def objection_file(
    *,
    termination: Termination | None = None,
    absconding_report: AbscondingReport | None = None,
    statement: str,
    filed_via: str,
) -> Objection:
    """The worker objects to a termination or an absconding report, while the window counted
    from the notice SMS (delivery receipt, else sending) is open. The case becomes OBJECTED and
    waits for an officer. Raises CaseError (nothing written) after the window, before the worker
    was told, or when the case is not open to objection."""
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
    _lock_establishment(case.establishment_id)
    locked: Case = type(case).objects.select_for_update().select_related("rule_set").get(pk=case.pk)
    notice = (
        SmsMessage.objects.filter(pk=locked.notice_sms_id).first() if locked.notice_sms_id else None
    )
    window = objection_window(notice=notice, days=case_objection_window_days(locked))
    now = timezone.now()
    if not window.started:
        raise CaseError(
            _("The worker has not been notified yet: the objection period has not started.")
        )
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
    )
    objection.full_clean(exclude=["termination", "absconding_report", "assigned_to"])
    objection.save()
    audit_record(
        actor=None,
        actor_label="worker",
        action="employment.objection_filed",
        obj=objection,
        after={"case": _case_label(locked), "filed_via": objection.filed_via},
    )
    return objection


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
    _tell_decision(case=decided)
    return decided


def cases_close_expired_windows(
    *, now: datetime.datetime | None = None, batch: int = 500
) -> dict[str, int]:
    """NOTIFIED terminations and FILED absconding reports whose objection window has closed
    without an objection become UPHELD (an absconding report then ends the worker's permit).
    A window that never started (no SMS sent yet) never closes. Each case in its own
    transaction, through the one transition path; safe to run again at any time."""
    now = now or timezone.now()
    counts = {"terminations": 0, "absconding_reports": 0}
    candidates: list[tuple[str, type[Termination] | type[AbscondingReport], str]] = [
        ("terminations", Termination, Termination.Status.NOTIFIED),
        ("absconding_reports", AbscondingReport, AbscondingReport.Status.FILED),
    ]
    for key, model, status in candidates:
        rows = (
            model.objects.filter(status=status, notice_sms__isnull=False)
            .select_related("notice_sms", "rule_set")
            .order_by("id")[:batch]
        )
        for case in rows:
            window = objection_window(notice=case.notice_sms, days=case_objection_window_days(case))
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
            except (CaseTransitionError, PermitError):
                continue  # changed meanwhile (objected, decided)
            counts[key] += 1
    return counts
