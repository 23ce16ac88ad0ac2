"""Writes of the reconciliation: a run that raises and closes data-quality cases, and staff's
resolutions of a case.

A run executes each check (checks.py) as one statement that finds the disagreements, inserts a
case for each new one (ON CONFLICT on kind, subject and fingerprint: a disagreement already
raised only has its values and `last_seen_at` refreshed while open, and stays closed once
resolved or dismissed) and closes as CORRECTED the open cases of that kind it no longer finds.
Each kind commits on its own. A PostgreSQL advisory lock keeps two runs from overlapping.

Resolutions write through the owning app's service (employers, employment) when the accepted
value is something the portal holds, record the decision otherwise, and are always audited.
"""

from __future__ import annotations

import dataclasses
import datetime
import time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError
from core.runs import run_fail, run_progress, run_succeed, runs_fail_interrupted
from core.services import audit_record
from core.workflow import advance
from integrations.models import DataQualityCase, ReconciliationRun, SyncRun
from integrations.reconciliation.checks import CHECK_COLUMNS, CHECKS, Check

LOCK_CLASS = 7008  # advisory lock namespace of the reconciliation (second key 0)
TABLE = DataQualityCase._meta.db_table
Kind = DataQualityCase.Kind


class CaseResolutionError(ApplicationError):
    """The case cannot be resolved that way (closed already, wrong kind, record gone)."""


# --- a run ---------------------------------------------------------------------------------------


def check_statement(check: Check) -> str:
    """The one statement of a check: find, raise the new, refresh the open, close the gone.
    Parameters: kind, entity, now, run id (named)."""
    cols = ", ".join(CHECK_COLUMNS)
    return f"""
        WITH found AS MATERIALIZED (
            SELECT DISTINCT ON (subject_key) *, md5(basis) AS fingerprint
            FROM ({check.sql}) AS raw({cols})
            ORDER BY subject_key, basis
        ),
        ins AS (
            INSERT INTO {TABLE} AS c (
                kind, subject_key, fingerprint, source_entity, cr_number, civil_id,
                other_civil_id, nationality, passport_number, establishment_id, employee_id,
                other_employee_id, permit_id, source_values, portal_values, status, resolution,
                resolution_note, last_seen_at, last_run_id, created_at, updated_at)
            SELECT %(kind)s, left(subject_key, 60), fingerprint, %(entity)s,
                   left(cr_number, 10), left(civil_id, 20), left(other_civil_id, 20),
                   left(nationality, 3), left(passport_number, 20), establishment_id,
                   employee_id, other_employee_id, permit_id, source_values, portal_values,
                   'open', '', '', %(now)s, %(run)s, %(now)s, %(now)s
            FROM found
            ON CONFLICT (kind, subject_key, fingerprint) DO UPDATE SET
                source_values = EXCLUDED.source_values,
                portal_values = EXCLUDED.portal_values,
                establishment_id = EXCLUDED.establishment_id,
                employee_id = EXCLUDED.employee_id,
                other_employee_id = EXCLUDED.other_employee_id,
                permit_id = EXCLUDED.permit_id,
                last_seen_at = EXCLUDED.last_seen_at,
                last_run_id = EXCLUDED.last_run_id,
                updated_at = EXCLUDED.updated_at
            WHERE c.status = 'open'
            RETURNING (c.xmax = 0) AS inserted
        ),
        closed AS (
            UPDATE {TABLE} AS c SET status = 'resolved', resolution = 'corrected',
                   resolved_at = %(now)s, updated_at = %(now)s, last_run_id = %(run)s
            WHERE c.kind = %(kind)s AND c.status = 'open'
              AND NOT EXISTS (
                  SELECT 1 FROM found f
                  WHERE f.subject_key = c.subject_key AND f.fingerprint = c.fingerprint)
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM found),
               (SELECT count(*) FROM ins WHERE inserted),
               (SELECT count(*) FROM closed)
    """  # noqa: S608 - the SQL is the module's own; values are bound  # nosec B608 # identifiers from code, values bound as parameters


def _check_run(check: Check, *, run: ReconciliationRun) -> dict[str, Any]:
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            check_statement(check),
            {"kind": check.kind, "entity": check.entity, "now": timezone.now(), "run": run.pk},
        )
        found, opened, closed = (int(v) for v in cursor.fetchone())
        if closed:
            audit_record(
                actor=None,
                actor_label="reconciliation",
                action="integrations.cases_corrected",
                obj=run,
                after={"kind": check.kind, "closed": closed},
            )
    return {
        "found": found,
        "opened": opened,
        "closed": closed,
        "seconds": round(time.perf_counter() - started, 3),
    }


def reconciliation_run(
    *,
    trigger: str = SyncRun.Trigger.SCHEDULE,
    requested_by: User | None = None,
    kinds: list[str] | None = None,
) -> ReconciliationRun | None:
    """Run every check (or those of `kinds`) and record the run. Returns None when another run
    holds the lock. A run left RUNNING by a killed worker is marked failed first. An error in a
    check fails the run with its reason; the kinds done before it stay committed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, 0)", [LOCK_CLASS])
        held = bool(cursor.fetchone()[0])
    if not held:
        return None
    try:
        runs_fail_interrupted(
            ReconciliationRun.objects.filter(status=ReconciliationRun.Status.RUNNING),
            "Interrupted: the worker stopped before the run finished.",
        )
        checks = [check for check in CHECKS if kinds is None or check.kind in kinds]
        run = ReconciliationRun.objects.create(
            trigger=trigger, requested_by=requested_by, started_at=timezone.now(), total=len(checks)
        )
        for check in checks:
            try:
                figures = _check_run(check, run=run)
            except Exception as error:
                run_fail(ReconciliationRun, run.pk, f"{check.kind}: {error}")
                break
            run.per_kind[check.kind] = figures
            run.found += figures["found"]
            run.opened += figures["opened"]
            run.closed += figures["closed"]
            run.processed += 1
            run_progress(
                ReconciliationRun,
                run.pk,
                processed=run.processed,
                per_kind=run.per_kind,
                found=run.found,
                opened=run.opened,
                closed=run.closed,
            )
        else:
            run_succeed(ReconciliationRun, run.pk)
        run.refresh_from_db()
        return run
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, 0)", [LOCK_CLASS])


@transaction.atomic
def reconciliation_run_request(*, actor: User) -> None:
    """Queue a reconciliation run now (after commit), audited."""
    from integrations.tasks import reconcile_task

    audit_record(actor=actor, action="integrations.reconciliation_requested")
    actor_id = actor.pk
    transaction.on_commit(
        lambda: reconcile_task.delay(trigger=SyncRun.Trigger.STAFF, requested_by_id=actor_id)
    )


# --- resolving a case ----------------------------------------------------------------------------


def _open_case(case: DataQualityCase) -> DataQualityCase:
    locked = DataQualityCase.objects.select_for_update().get(pk=case.pk)
    if locked.status != DataQualityCase.Status.OPEN:
        raise CaseResolutionError(_("This case is closed already."))
    return locked


def _close(
    *,
    case: DataQualityCase,
    actor: User,
    status: str,
    resolution: str,
    note: str,
    action: str,
    written: dict[str, Any] | None = None,
) -> DataQualityCase:
    if status not in DataQualityCase.TRANSITIONS[case.status]:
        raise CaseResolutionError(_("This case is closed already."))
    before = {"status": case.status}
    advance(case, status)
    case.resolution = resolution
    case.resolution_note = note[:2000]
    case.resolved_by = actor
    case.resolved_at = timezone.now()
    case.save(
        update_fields=[
            "status",
            "resolution",
            "resolution_note",
            "resolved_by",
            "resolved_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=action,
        obj=case,
        before=before,
        after={
            "status": status,
            "resolution": resolution,
            "note": note[:300],
            "kind": case.kind,
            "subject": case.subject_key,
            "source_values": case.source_values,
            "portal_values": case.portal_values,
            "written": written or {},
        },
    )
    return case


def _employee(case: DataQualityCase, *, other: bool = False) -> Any:
    from employers.models import Employee

    pk = case.other_employee_id if other else case.employee_id
    employee = Employee.objects.filter(pk=pk).first() if pk else None
    if employee is None:
        raise CaseResolutionError(_("The register entry of this case no longer exists."))
    return employee


def _employee_set(*, employee: Any, actor: User, **changes: Any) -> None:
    """Change fields of a register entry through employers.services.employee_update."""
    from employers.services import EMPLOYEE_FIELDS, EmployeeIdentityError, employee_update
    from employers.validators import EmployeeData

    data = EmployeeData(**{name: getattr(employee, name) for name in EMPLOYEE_FIELDS})
    try:
        employee_update(employee=employee, data=dataclasses.replace(data, **changes), actor=actor)
    except EmployeeIdentityError as error:
        raise CaseResolutionError(error.message) from None
    except ValidationError as error:
        raise CaseResolutionError(" ".join(error.messages)) from None


def _end_register_entry(*, employee: Any, on: datetime.date, actor: User) -> datetime.date:
    from employers.services import ContractDatesError, employee_end_contract

    end = max(on, employee.contract_start)
    try:
        employee_end_contract(employee=employee, contract_end=end, actor=actor)
    except ContractDatesError as error:
        raise CaseResolutionError(error.message) from None
    return end


def _month_start(value: str) -> datetime.date:
    return datetime.date.fromisoformat(f"{value}-01")


@transaction.atomic
def case_accept_source(*, case: DataQualityCase, actor: User, note: str = "") -> DataQualityCase:
    """Accept the other entity's value. Where the portal holds the value, it is corrected
    through the owning app's service:

    - insured or wage-protection salary: the register's salary (employers.employee_update);
    - not insured for two months: the register entry ends the day before the first uninsured
      month (employers.employee_end_contract);
    - closed at the registry: the establishment becomes closed (employers.establishment_status_set);
    - departed: the departure is recorded, which ends the permit and the register entry
      (employment.services.departures.departure_record).

    An insured employee missing from the register cannot be added from the insurance's data
    (occupation, level and contract are unknown to it): the decision is recorded for the
    employer to add them. Raises CaseResolutionError (closed case, duplicate, record gone, a
    refusal of the owning service)."""
    case = _open_case(case)
    written: dict[str, Any] = {}
    with translation.override("en"):
        if case.kind in {Kind.INSURED_SALARY_MISMATCH, Kind.WAGE_SALARY_MISMATCH}:
            employee = _employee(case)
            value = case.source_values.get("salary", case.source_values.get("salary_due"))
            salary = Decimal(str(value))
            _employee_set(employee=employee, actor=actor, monthly_salary=salary)
            written = {"employee": employee.pk, "monthly_salary": salary}
        elif case.kind == Kind.REGISTER_NOT_INSURED:
            employee = _employee(case)
            first_gap = _month_start(case.source_values["months_without_insurance"][0])
            end = _end_register_entry(
                employee=employee, on=first_gap - datetime.timedelta(days=1), actor=actor
            )
            written = {"employee": employee.pk, "contract_end": end}
        elif case.kind == Kind.CLOSED_WITH_PERMITS:
            from employers.models import Establishment
            from employers.services import establishment_status_set

            if case.establishment_id is None:
                raise CaseResolutionError(_("The establishment of this case no longer exists."))
            establishment = Establishment.objects.get(pk=case.establishment_id)
            establishment_status_set(
                establishment=establishment,
                status=Establishment.Status.CLOSED,
                reason=f"Commerce registry: closed since {case.source_values.get('since', '?')}",
                actor=actor,
            )
            written = {"establishment": establishment.pk, "status": "closed"}
        elif case.kind == Kind.DEPARTED_WITH_PERMIT:
            from employment.services.cases import CaseError
            from employment.services.departures import departure_record

            try:
                result = departure_record(
                    nationality=case.nationality,
                    passport_number=case.passport_number,
                    departed_on=datetime.date.fromisoformat(case.source_values["departed_on"]),
                    reported_by=actor,
                    reference=str(case.source_values.get("reference", "")),
                )
            except CaseError as error:
                raise CaseResolutionError(error.message) from None
            written = {"permits_ended": result.permits_ended}
        elif case.kind == Kind.INSURED_NOT_ON_REGISTER:
            written = {"decision": "employer to add the insured person to the register"}
        else:
            raise CaseResolutionError(_("Merge or dismiss a possible duplicate."))
    return _close(
        case=case,
        actor=actor,
        status=DataQualityCase.Status.RESOLVED,
        resolution=DataQualityCase.Resolution.ACCEPTED_SOURCE,
        note=note,
        action="integrations.case_source_accepted",
        written=written,
    )


@transaction.atomic
def case_keep_portal(*, case: DataQualityCase, actor: User, note: str) -> DataQualityCase:
    """Keep the portal's value: nothing is written here; the decision (the entity must correct
    its record) is recorded and audited. The same disagreement is not raised again.
    Raises CaseResolutionError for a closed case, a duplicate or an empty note."""
    case = _open_case(case)
    if case.kind == Kind.DUPLICATE_PERSON:
        raise CaseResolutionError(_("Merge or dismiss a possible duplicate."))
    if not note.strip():
        raise CaseResolutionError(_("Say why the portal's value is right."))
    return _close(
        case=case,
        actor=actor,
        status=DataQualityCase.Status.RESOLVED,
        resolution=DataQualityCase.Resolution.ACCEPTED_PORTAL,
        note=note,
        action="integrations.case_portal_kept",
    )


KEEP_PORTAL = "portal"
KEEP_OTHER = "other"


@transaction.atomic
def case_merge(*, case: DataQualityCase, actor: User, keep: str, note: str = "") -> DataQualityCase:
    """Merge the two records of a possible duplicate, keeping the civil ID of `keep`
    ("portal": the register entry named first; "other": the second record).

    - Two register entries: the one not kept ends today on its register
      (employers.employee_end_contract); the kept one is unchanged.
    - A register entry and social insurance: keeping the insurance's civil ID corrects the
      register entry (employers.employee_update); keeping the register's records the decision
      that social insurance must correct its record.

    Audited with both records. Raises CaseResolutionError (not a duplicate case, closed, gone)."""
    case = _open_case(case)
    if case.kind != Kind.DUPLICATE_PERSON:
        raise CaseResolutionError(_("Only a possible duplicate can be merged."))
    if keep not in {KEEP_PORTAL, KEEP_OTHER}:
        raise CaseResolutionError(_("Choose the record to keep."))
    today = timezone.localdate()
    with translation.override("en"):
        if case.other_employee_id is not None:
            dropped = _employee(case, other=keep == KEEP_PORTAL)
            kept = _employee(case, other=keep == KEEP_OTHER)
            end = _end_register_entry(employee=dropped, on=today, actor=actor)
            written: dict[str, Any] = {
                "kept_employee": kept.pk,
                "kept_civil_id": kept.civil_id,
                "ended_employee": dropped.pk,
                "ended_civil_id": dropped.civil_id,
                "contract_end": end,
            }
        elif keep == KEEP_OTHER:
            employee = _employee(case)
            _employee_set(employee=employee, actor=actor, civil_id=case.other_civil_id)
            written = {
                "employee": employee.pk,
                "civil_id_before": case.civil_id,
                "civil_id": case.other_civil_id,
            }
        else:
            written = {
                "decision": "social insurance to correct the civil ID",
                "kept": case.civil_id,
            }
    return _close(
        case=case,
        actor=actor,
        status=DataQualityCase.Status.RESOLVED,
        resolution=DataQualityCase.Resolution.MERGED,
        note=note,
        action="integrations.case_merged",
        written=written,
    )


@transaction.atomic
def case_dismiss(*, case: DataQualityCase, actor: User, reason: str) -> DataQualityCase:
    """Dismiss the case with `reason` (no problem after all); the same disagreement is not
    raised again. Audited. Raises CaseResolutionError for a closed case or no reason."""
    case = _open_case(case)
    if not reason.strip():
        raise CaseResolutionError(_("Give the reason for dismissing the case."))
    return _close(
        case=case,
        actor=actor,
        status=DataQualityCase.Status.DISMISSED,
        resolution=DataQualityCase.Resolution.DISMISSED,
        note=reason,
        action="integrations.case_dismissed",
    )
