"""Writes of labour violations: an inspector records one against an establishment with the fine
from the schedule in force, the employer answers it, and the ministry confirms or cancels it.

Every change of status goes through `_violation_transition` (row lock, `Violation.TRANSITIONS`,
audit event). Recording locks the establishment row, so two inspectors recording at once count
each other's violations for repeats and for the escalation: when the establishment reaches the
rule set's `violation_escalation_count` violations within a year, its services are suspended
(barred from new work permits).
"""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError, PermissionDeniedError
from core.services import audit_record, model_snapshot
from core.transitions import transition_locked
from employers.locks import establishment_lock
from employers.models import Establishment, Membership
from employers.selectors import establishment_contacts
from employers.services import establishment_bar, establishment_bar_lift
from employment.deadlines import lifecycle_rule_set_in_force
from employment.models import Violation, ViolationType
from employment.selectors.violations import YEAR_DAYS, violations_counted_in_year
from notifications.phone import InvalidPhoneNumberError
from notifications.services import sms_enqueue

if TYPE_CHECKING:
    from employment.models import LifecycleRuleSet

logger = logging.getLogger(__name__)

SNAPSHOT_FIELDS: tuple[str, ...] = (
    "establishment",
    "violation_type",
    "observed_on",
    "workers_concerned",
    "fine",
    "is_repeat",
    "status",
)
RECORDERS = frozenset({User.Role.INSPECTOR})
SETTLERS = frozenset({User.Role.APPROVER})
SYSTEM_LABEL = "portal"  # the audit actor of what the portal raises by itself
DECIDERS = frozenset({User.Role.INSPECTOR, User.Role.APPROVER})
FINE_PLACES = Decimal("0.001")


class ViolationError(ApplicationError):
    """The violation cannot be recorded or changed as asked. `extra["field"]`, when present,
    names the form field at fault."""


class ViolationTransitionError(ViolationError):
    """The violation's status does not allow this step."""


# --- recording --------------------------------------------------------------------------------


def _refuse(message: str, field: str = "") -> ViolationError:
    return ViolationError(message, extra={"field": field} if field else None)


def _check_recording(
    *, observed_on: datetime.date, workers_concerned: int, evidence: str, today: datetime.date
) -> None:
    if observed_on > today:
        raise _refuse(_("The date observed cannot be in the future."), "observed_on")
    if observed_on < today - datetime.timedelta(days=YEAR_DAYS):
        raise _refuse(_("The date observed cannot be more than one year ago."), "observed_on")
    if workers_concerned < 1:
        raise _refuse(_("Enter at least one worker concerned."), "workers_concerned")
    if not evidence.strip():
        raise _refuse(_("Describe the evidence of the violation."), "evidence")


def _violation_type(*, code: str, on: datetime.date) -> tuple[LifecycleRuleSet, ViolationType]:
    rule_set = lifecycle_rule_set_in_force(on=on)
    if rule_set is None:
        raise _refuse(_("No employment rules are in force on the date observed."), "observed_on")
    violation_type = ViolationType.objects.filter(rule_set=rule_set, code=code).first()
    if violation_type is None:
        raise _refuse(
            _("Choose a violation from the fine schedule in force on the date observed."),
            "violation_type",
        )
    return rule_set, violation_type


def violation_fine(
    *, violation_type: ViolationType, workers_concerned: int, is_repeat: bool
) -> Decimal:
    """The fine of the schedule: per worker concerned when the line says so, multiplied for a
    repeat within a year, rounded to the baisa."""
    fine = violation_type.fine
    if violation_type.per_worker:
        fine *= workers_concerned
    if is_repeat:
        fine *= violation_type.repeat_multiplier
    return fine.quantize(FINE_PLACES)


def _notify_recorded(*, violation: Violation) -> None:
    """Write the `violation_recorded` SMS to each representative, in that person's language.
    A number that cannot take SMS is logged and skipped: it never blocks the record."""
    establishment = violation.establishment
    for user in establishment_contacts(establishment_id=establishment.pk, limit=10):
        with translation.override(user.preferred_language or "ar"):
            context = {
                "employer": establishment.name,
                "violation": violation.violation_type.name,
                "fine": str(violation.fine),
            }
        try:
            sms_enqueue(
                template_code="violation_recorded",
                context=context,
                idempotency_key=f"violation:{violation.pk}:recorded:{user.pk}",
                recipient=user,
            )
        except InvalidPhoneNumberError:
            logger.warning("violation %s: representative %s cannot take SMS", violation.pk, user.pk)


def _escalate(
    *, establishment: Establishment, rule_set: LifecycleRuleSet, inspector: User, today: Any
) -> None:
    """Suspend the establishment's services once it has the rule set's number of violations
    within a year (cancelled ones do not count)."""
    since = today - datetime.timedelta(days=YEAR_DAYS)
    count = violations_counted_in_year(establishment=establishment, since=since).count()
    if count < rule_set.violation_escalation_count or establishment.permits_barred:
        return
    with translation.override("en"):
        reason = _("%(count)s labour violations within a year (%(rules)s).") % {
            "count": count,
            "rules": rule_set.name,
        }
    establishment_bar(
        establishment=establishment, reason=reason, actor=inspector, source="violations"
    )


def _lift_escalation_if_due(*, violation: Violation, actor: User) -> None:
    """A cancelled violation no longer counts: a suspension that the escalation made (never one
    staff set) is lifted once the year's count is below the rule set's number again."""
    establishment = establishment_lock(establishment_id=violation.establishment_id)
    if not establishment.permits_barred or establishment.bar_source != "violations":
        return
    today = timezone.localdate()
    rule_set = lifecycle_rule_set_in_force(on=today)
    if rule_set is None:
        return
    since = today - datetime.timedelta(days=YEAR_DAYS)
    count = violations_counted_in_year(establishment=establishment, since=since).count()
    if count >= rule_set.violation_escalation_count:
        return
    with translation.override("en"):
        reason = _("A violation was cancelled: %(count)s labour violations within a year.") % {
            "count": count
        }
    establishment_bar_lift(establishment=establishment, reason=reason, actor=actor)


def _violation_save(
    *,
    establishment: Establishment,
    violation_type_code: str,
    observed_on: datetime.date,
    workers_concerned: int,
    evidence: str,
    inspector: User | None,
) -> tuple[Violation, LifecycleRuleSet]:
    """The one way a violation is written, by an inspector or (`inspector=None`) by the portal
    itself: checked, the fine from the schedule in force on `observed_on` (doubled for a repeat
    of the type within the year), saved under the establishment's lock, audited, and the SMS to
    the representatives. Returns it with the rule set of its schedule. Raises ViolationError
    (nothing saved)."""
    _check_recording(
        observed_on=observed_on,
        workers_concerned=workers_concerned,
        evidence=evidence,
        today=timezone.localdate(),
    )
    rule_set, violation_type = _violation_type(code=violation_type_code, on=observed_on)
    establishment = establishment_lock(establishment_id=establishment.pk)
    is_repeat = (
        violations_counted_in_year(
            establishment=establishment,
            since=observed_on - datetime.timedelta(days=YEAR_DAYS),
        )
        .filter(violation_type__code=violation_type.code)
        .exists()
    )
    by_system = inspector is None
    violation = Violation(
        establishment=establishment,
        violation_type=violation_type,
        inspector=inspector,
        raised_by_system=by_system,
        observed_on=observed_on,
        workers_concerned=workers_concerned,
        evidence=evidence.strip(),
        fine=violation_fine(
            violation_type=violation_type,
            workers_concerned=workers_concerned,
            is_repeat=is_repeat,
        ),
        is_repeat=is_repeat,
        status=Violation.Status.RECORDED,
    )
    violation.full_clean()
    violation.save()
    audit_record(
        actor=inspector,
        actor_label=SYSTEM_LABEL if by_system else "",
        action="employment.violation_recorded",
        obj=violation,
        after=model_snapshot(
            violation, (*SNAPSHOT_FIELDS, "raised_by_system") if by_system else SNAPSHOT_FIELDS
        ),
    )
    _notify_recorded(violation=violation)
    return violation, rule_set


@transaction.atomic
def violation_record(
    *,
    establishment: Establishment,
    inspector: User,
    violation_type_code: str,
    observed_on: datetime.date,
    workers_concerned: int,
    evidence: str,
) -> Violation:
    """Record a violation against `establishment` with the fine from the schedule in force on
    `observed_on`, audited, and write the SMS to its representatives.

    The fine is doubled (the line's `repeat_multiplier`) when a violation of the same type was
    recorded or confirmed against the establishment within the year before. When the
    establishment then has `violation_escalation_count` violations within a year, it is barred
    from new work permits (`establishment_bar`).

    Raises:
        PermissionDeniedError: `inspector` is not an inspector.
        ViolationError: the date is in the future or over a year ago, no worker is concerned,
            the evidence is empty, or the type is not in the schedule in force. Nothing is saved.
    """
    if inspector.role not in RECORDERS:
        raise PermissionDeniedError(_("Only an inspector may record a violation."))
    violation, rule_set = _violation_save(
        establishment=establishment,
        violation_type_code=violation_type_code,
        observed_on=observed_on,
        workers_concerned=workers_concerned,
        evidence=evidence,
        inspector=inspector,
    )
    _escalate(
        establishment=violation.establishment,
        rule_set=rule_set,
        inspector=inspector,
        today=timezone.localdate(),
    )
    return violation


@transaction.atomic
def violation_raise_by_system(
    *,
    establishment: Establishment,
    violation_type_code: str,
    observed_on: datetime.date,
    workers_concerned: int,
    evidence: str,
    bar_source: str,
) -> Violation:
    """Raise a violation the portal found by itself (the wage protection check), with no
    inspector: `raised_by_system`, audited with the actor label "portal", the fine from the
    schedule in force on `observed_on` (doubled for a repeat, as for an inspector's record), the
    SMS to the representatives, and the establishment barred from new work permits with
    `bar_source` (kept until the cause is cleared; a bar already in place stays as it is).

    Raises ViolationError (nothing saved) as `violation_record` does.
    """
    violation, _rule_set = _violation_save(
        establishment=establishment,
        violation_type_code=violation_type_code,
        observed_on=observed_on,
        workers_concerned=workers_concerned,
        evidence=evidence,
        inspector=None,
    )
    with translation.override("en"):
        reason = _("Violation %(number)s: %(violation)s.") % {
            "number": violation.pk,
            "violation": violation.violation_type.name_en,
        }
    establishment_bar(
        establishment=violation.establishment, reason=reason, actor=None, source=bar_source
    )
    return violation


@transaction.atomic
def violation_fine_settle(*, violation: Violation, settled_by: User | None) -> Violation:
    """Record that the violation's fine was paid, audited; then lift a wage protection
    suspension whose causes are all cleared (employment.services.wage_protection).

    This is the hook of the payments issue: until fines are invoices an approver records the
    payment here (`settled_by`); the invoice's payment will call it with `settled_by=None`.
    Settling twice changes nothing.

    Raises:
        PermissionDeniedError: `settled_by` is a person who is not an approver.
        ViolationTransitionError: the violation was cancelled (there is no fine to pay).
    """
    if settled_by is not None and settled_by.role not in SETTLERS:
        raise PermissionDeniedError(_("Only an approver may record that a fine was paid."))
    locked = Violation.objects.select_for_update().get(pk=violation.pk)
    if locked.status == Violation.Status.CANCELLED:
        raise ViolationTransitionError(_("This violation was cancelled: it has no fine to pay."))
    if locked.fine_settled_at is not None:
        return locked
    locked.fine_settled_at = timezone.now()
    locked.save(update_fields=["fine_settled_at", "updated_at"])
    audit_record(
        actor=settled_by,
        actor_label="" if settled_by is not None else "payments",
        action="employment.violation_fine_settled",
        obj=locked,
        after={"fine": str(locked.fine), "fine_settled_at": locked.fine_settled_at.isoformat()},
    )
    from employment.services.wage_protection import wage_protection_lift_if_due

    wage_protection_lift_if_due(establishment_id=locked.establishment_id)
    return locked


# --- answering and deciding -------------------------------------------------------------------


def _violation_transition(
    *,
    violation: Violation,
    to_status: str,
    actor: User,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> Violation:
    """The one path of every status change: lock the row, check `Violation.TRANSITIONS`, set
    the status and `changes`, and write the audit event `employment.violation_<status>`.

    Raises ViolationTransitionError (nothing changed) when the status does not allow it.
    """
    locked, _event = transition_locked(
        obj=violation,
        to=to_status,
        actor=actor,
        action=f"employment.violation_{to_status}",
        refuse=lambda row: ViolationTransitionError(
            _("This violation is %(status)s and can no longer be changed that way.")
            % {"status": row.get_status_display().lower()}
        ),
        changes=changes,
        note=note,
        validate=True,
    )
    return locked


@transaction.atomic
def violation_answer(*, violation: Violation, answered_by: User, answer: str) -> Violation:
    """The employer's answer to a recorded violation, audited (status ANSWERED).

    Raises:
        PermissionDeniedError: `answered_by` is not an active representative of the
            establishment.
        ViolationError: the answer is empty.
        ViolationTransitionError: the violation was already answered, confirmed or cancelled.
    """
    is_member = Membership.objects.filter(
        establishment_id=violation.establishment_id, user=answered_by, is_active=True
    ).exists()
    if answered_by.role != User.Role.EMPLOYER or not is_member:
        raise PermissionDeniedError(
            _("Only a representative of the establishment may answer this violation.")
        )
    if not answer.strip():
        raise _refuse(_("Write your answer to the violation."), "answer")
    return _violation_transition(
        violation=violation,
        to_status=Violation.Status.ANSWERED,
        actor=answered_by,
        changes={
            "employer_answer": answer.strip(),
            "answered_by": answered_by,
            "answered_at": timezone.now(),
        },
        note=answer.strip(),
    )


def _decide(*, violation: Violation, to_status: str, decided_by: User, reason: str) -> Violation:
    if decided_by.role not in DECIDERS:
        raise PermissionDeniedError(
            _("Only an inspector or an approver may confirm or cancel a violation.")
        )
    if not reason.strip():
        raise _refuse(_("Give the reason for your decision."), "reason")
    return _violation_transition(
        violation=violation,
        to_status=to_status,
        actor=decided_by,
        note=reason.strip(),
        changes={
            "decided_by": decided_by,
            "decided_at": timezone.now(),
            "decision_reason": reason.strip()[:2000],
        },
    )


@transaction.atomic
def violation_confirm(*, violation: Violation, decided_by: User, reason: str) -> Violation:
    """Confirm the violation and its fine (after the answer, or without one), audited with the
    reason.

    Raises:
        PermissionDeniedError: `decided_by` is neither an inspector nor an approver.
        ViolationError: the reason is empty.
        ViolationTransitionError: the violation is already confirmed or cancelled.
    """
    return _decide(
        violation=violation,
        to_status=Violation.Status.CONFIRMED,
        decided_by=decided_by,
        reason=reason,
    )


@transaction.atomic
def violation_cancel(*, violation: Violation, decided_by: User, reason: str) -> Violation:
    """Cancel (withdraw) the violation, audited with the reason. A cancelled violation no longer
    counts towards repeats or the escalation, and a suspension the escalation made is lifted
    when the year's count falls below the rule set's number (a bar staff set stays).

    Raises:
        PermissionDeniedError: `decided_by` is neither an inspector nor an approver.
        ViolationError: the reason is empty.
        ViolationTransitionError: the violation is already confirmed or cancelled.
    """
    cancelled = _decide(
        violation=violation,
        to_status=Violation.Status.CANCELLED,
        decided_by=decided_by,
        reason=reason,
    )
    _lift_escalation_if_due(violation=cancelled, actor=decided_by)
    from employment.services.wage_protection import wage_protection_lift_if_due

    wage_protection_lift_if_due(establishment_id=cancelled.establishment_id)
    return cancelled


# --- many at once (the wage protection check) -------------------------------------------------

RAISE_BATCH_COLUMNS = ("establishment_id", "workers_concerned", "evidence")


def _lang_name(table: str, language_column: str) -> str:
    """SQL of a bilingual name as BilingualNameMixin.name gives it in a row's language."""
    return (
        f"CASE WHEN {language_column} = 'en' "
        f"THEN COALESCE(NULLIF({table}.name_en, ''), {table}.name_ar) "
        f"ELSE COALESCE(NULLIF({table}.name_ar, ''), {table}.name_en) END"
    )


def _notify_recorded_select(*, violation_ids: list[int]) -> int:
    """The `violation_recorded` SMS of each violation in `violation_ids` to its establishment's
    representatives (as `establishment_contacts(limit=10)`), in each one's language, by one
    INSERT ... SELECT into the ledger: what `_notify_recorded` writes one by one, with the same
    keys. Returns the messages written."""
    from notifications.models import SmsTemplate
    from notifications.services import sms_enqueue_select, sms_template_category, sms_texts

    code = "violation_recorded"
    slots = ("employer", "violation", "fine")
    alert = sms_template_category(code=code) == SmsTemplate.Category.ALERT
    language = "COALESCE(NULLIF(u.preferred_language, ''), 'ar')"
    rows = f"""
        SELECT u.mobile, u.id AS user_id, {language} AS language,
               'violation:' || v.id || ':recorded:' || u.id AS key,
               {_lang_name("e", language)} AS employer,
               {_lang_name("t", language)} AS violation,
               v.fine::text AS fine
        FROM {Violation._meta.db_table} v
        JOIN {Establishment._meta.db_table} e ON e.id = v.establishment_id
        JOIN {ViolationType._meta.db_table} t ON t.id = v.violation_type_id
        CROSS JOIN LATERAL (
            SELECT u.id, u.mobile, u.preferred_language, u.sms_alerts_opt_out
            FROM {Membership._meta.db_table} m JOIN {User._meta.db_table} u ON u.id = m.user_id
            WHERE m.establishment_id = v.establishment_id AND m.is_active
              AND (m.valid_until IS NULL OR m.valid_until >= %s)
              AND u.is_active AND u.mobile <> ''
            ORDER BY m.id LIMIT 10
        ) u
        WHERE v.id = ANY(%s) {"AND NOT u.sms_alerts_opt_out" if alert else ""}
    """  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    return sms_enqueue_select(
        template_code=code,
        rows_sql=rows,
        params=[timezone.localdate(), violation_ids],
        texts=sms_texts(template_code=code, context={}, slots=slots),
        slots=slots,
    )


def _repr_sql(table: str) -> str:
    """SQL of str(Establishment) in the active language: its name and commercial number."""
    language = "'en'" if translation.get_language() == "en" else "'ar'"
    return f"{_lang_name(table, language)} || ' (' || {table}.cr_number || ')'"


def _bar_select(*, establishment_ids: list[int], bar_source: str) -> int:
    """Bar the establishments in `establishment_ids` not barred yet, each with the reason of its
    latest violation (`Violation %(number)s: %(violation)s.` in English, as
    `violation_raise_by_system` writes it), and one audit event `employers.establishment_barred`
    each, as `establishment_bar` writes them: one statement for all. An establishment already
    barred keeps its first reason. Returns how many were barred."""
    from core.services import audit_record_select

    number, name = "\u2983number\u2984", "\u2983violation\u2984"
    with translation.override("en"):
        reason = _("Violation %(number)s: %(violation)s.") % {"number": number, "violation": name}
    establishments = Establishment._meta.db_table
    ctes = f"""
        old AS (
            SELECT e.id, e.bar_reason, e.bar_source FROM {establishments} e
            WHERE e.id = ANY(%s) AND NOT e.permits_barred
            ORDER BY e.id FOR UPDATE
        ), barred AS (
            UPDATE {establishments} e SET permits_barred = true, bar_source = %s,
                bar_reason = left(replace(replace(%s, %s, n.id::text), %s, n.name_en), 300),
                updated_at = now()
            FROM old o CROSS JOIN LATERAL (
                SELECT v.id, t.name_en FROM {Violation._meta.db_table} v
                JOIN {ViolationType._meta.db_table} t ON t.id = v.violation_type_id
                WHERE v.establishment_id = o.id ORDER BY v.id DESC LIMIT 1
            ) n
            WHERE e.id = o.id
            RETURNING e.id, e.bar_reason, {_repr_sql("e")} AS object_repr,
                      o.bar_reason AS old_reason, o.bar_source AS old_source
        )
    """  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    return audit_record_select(
        action="employers.establishment_barred",
        object_type=Establishment._meta.label_lower,
        actor_label="",
        ctes=ctes,
        cte_params=[establishment_ids, bar_source, reason, number, name],
        rows_sql="""
            SELECT b.id AS object_id, b.object_repr,
                   jsonb_build_object('permits_barred', false, 'bar_reason', b.old_reason,
                                      'bar_source', b.old_source) AS before,
                   jsonb_build_object('permits_barred', true, 'bar_reason', b.bar_reason,
                                      'bar_source', %s) AS after
            FROM barred b
        """,
        params=[bar_source],
    )


def violations_raise_by_system_select(
    *,
    violation_type_code: str,
    observed_on: datetime.date,
    rows_sql: str,
    params: list[Any],
    bar_source: str,
) -> dict[int, int]:
    """`violation_raise_by_system` for many establishments at once, set-based: one INSERT ...
    SELECT writes a violation per row of `rows_sql` (columns `establishment_id`, distinct,
    `workers_concerned` and `evidence`; a row with no worker concerned or no evidence is
    skipped), with the fine of the schedule in force on `observed_on` (per worker, doubled for
    a repeat within the year, as `violation_fine`), under the establishments' row locks; one
    statement writes their audit events (`employment.violation_recorded`, actor "portal"),
    one the SMS to each establishment's representatives (`violation_recorded`, same keys as one
    by one), and one bars the establishments with `bar_source` and audits each bar (a bar
    already in place stays as it is). Returns {establishment id: violation id}.

    Raises ViolationError (nothing saved) for a date in the future or over a year ago, or a
    type not in the schedule in force on `observed_on`.
    """
    from django.db import connection

    from core.services import audit_record_select

    today = timezone.localdate()
    _check_recording(observed_on=observed_on, workers_concerned=1, evidence="-", today=today)
    _rule_set, violation_type = _violation_type(code=violation_type_code, on=observed_on)
    violations = Violation._meta.db_table
    types = ViolationType._meta.db_table
    with connection.cursor() as cursor:
        # the establishments' locks first, in id order (as establishment_lock, one by one)
        cursor.execute(
            f"SELECT e.id FROM {Establishment._meta.db_table} e "  # noqa: S608
            f"WHERE e.id IN (SELECT s.establishment_id FROM ({rows_sql}) s) "
            "ORDER BY e.id FOR UPDATE",  # nosec B608 # SQL from code, values as parameters
            params,
        )
        cursor.execute(
            f"""
            INSERT INTO {violations}
                (created_at, updated_at, establishment_id, violation_type_id, inspector_id,
                 raised_by_system, fine_settled_at, observed_on, workers_concerned, evidence,
                 fine, is_repeat, status, employer_answer, answered_by_id, answered_at,
                 decided_by_id, decided_at, decision_reason)
            SELECT now(), now(), s.establishment_id, %s, NULL, true, NULL, %s,
                   s.workers_concerned, btrim(s.evidence),
                   round(%s::numeric * CASE WHEN %s THEN s.workers_concerned ELSE 1 END
                         * CASE WHEN r.is_repeat THEN %s::numeric ELSE 1 END, 3),
                   r.is_repeat, %s, '', NULL, NULL, NULL, NULL, ''
            FROM ({rows_sql}) s
            CROSS JOIN LATERAL (
                SELECT EXISTS (
                    SELECT 1 FROM {violations} v JOIN {types} t ON t.id = v.violation_type_id
                    WHERE v.establishment_id = s.establishment_id AND v.observed_on >= %s
                      AND v.status <> %s AND t.code = %s
                ) AS is_repeat
            ) r
            WHERE s.workers_concerned >= 1 AND btrim(s.evidence) <> ''
            ORDER BY s.establishment_id
            RETURNING id, establishment_id
            """,  # noqa: S608  # nosec B608 # SQL from code, values as parameters
            [
                violation_type.pk,
                observed_on,
                violation_type.fine,
                violation_type.per_worker,
                violation_type.repeat_multiplier,
                Violation.Status.RECORDED,
                *params,
                observed_on - datetime.timedelta(days=YEAR_DAYS),
                Violation.Status.CANCELLED,
                violation_type.code,
            ],
        )
        raised = {establishment_id: pk for pk, establishment_id in cursor.fetchall()}
    if not raised:
        return raised
    ids = sorted(raised.values())
    fields = ", ".join(
        f"'{name}', v.{getattr(Violation._meta.get_field(name), 'attname', name)}"
        for name in (*SNAPSHOT_FIELDS, "raised_by_system")
        if name not in ("observed_on", "fine")
    )
    audit_record_select(
        action="employment.violation_recorded",
        object_type=Violation._meta.label_lower,
        actor_label=SYSTEM_LABEL,
        rows_sql=f"""
            SELECT v.id AS object_id,
                   v.establishment_id || ': ' || v.violation_type_id || ' ' || v.observed_on
                       AS object_repr,
                   NULL::jsonb AS before,
                   jsonb_build_object({fields}, 'observed_on', v.observed_on::text,
                                      'fine', v.fine::text) AS after
            FROM {violations} v WHERE v.id = ANY(%s)
        """,  # noqa: S608  # nosec B608 # SQL from code, values as parameters
        params=[ids],
    )
    _notify_recorded_select(violation_ids=ids)
    _bar_select(establishment_ids=sorted(raised), bar_source=bar_source)
    return raised
