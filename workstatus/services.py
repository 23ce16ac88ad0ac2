"""Writes of the worker status codes: the full and the incremental recompute, the SMS to workers
turned red, the employers' daily digest, scans, findings and the employer's declaration."""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.dated import in_force_on
from core.exceptions import ApplicationError
from core.rulesets import today
from core.runs import run_fail, run_succeed
from core.services import audit_record
from employers.models import Employee, Membership
from notifications.services import sms_enqueue
from permits.models import Permit
from workstatus.compute import COLUMNS, statement
from workstatus.models import (
    Code,
    Declaration,
    Finding,
    RecomputeRun,
    ScanLog,
    StatusChange,
    StatusRuleSet,
    WorkerStatus,
)
from workstatus.reasons import reason_for

logger = logging.getLogger(__name__)

TABLE = WorkerStatus._meta.db_table
LOCK = "SELECT pg_advisory_xact_lock(hashtext('workstatus.recompute'))"


class WorkStatusError(ApplicationError):
    """A worker status action was refused."""


def rule_set_in_force(*, on: datetime.date) -> StatusRuleSet | None:
    return in_force_on(StatusRuleSet.objects.all(), on=on)


def _rule_set_or_fail(as_of: datetime.date) -> StatusRuleSet:
    rule_set = rule_set_in_force(on=as_of)
    if rule_set is None:
        raise WorkStatusError(
            _("No worker status rule set is in force on %(date)s.") % {"date": as_of}
        )
    return rule_set


# The workers whose overall code or reasons differ between the new codes (the table `{{new}}`)
# and the table in force, as the history rows' columns.
_CHANGED = f"""
    SELECT n.employee_id, n.establishment_id, COALESCE(o.overall, '') AS from_overall,
           n.overall AS to_overall, n.reasons
    FROM {{new}} n
    LEFT JOIN {TABLE} o ON o.employee_id = n.employee_id
    WHERE o.overall IS DISTINCT FROM n.overall OR o.reasons IS DISTINCT FROM n.reasons
"""  # noqa: S608  # nosec B608 # identifiers from code

# The history rows of the changes `{{changed}}` (the rows of `_CHANGED`).
_HISTORY = """
    INSERT INTO workstatus_statuschange
        (employee_id, establishment_id, from_overall, to_overall, reasons, changed_at, run_id)
    SELECT employee_id, establishment_id, from_overall, to_overall, reasons, %(now)s, %(run)s
    FROM ({changed}) c
"""  # nosec B608 # identifiers from code, values bound


def recompute_all(
    *, trigger: str = RecomputeRun.Trigger.COMMAND, as_of: datetime.date | None = None
) -> RecomputeRun:
    """Recompute every foreign worker's code with one set-based statement, write a history row
    for every change, and replace the table of codes by a rename at commit (readers see the
    previous run or this one, never half of one). Raises WorkStatusError when no rule set is in
    force. The SMS to workers turned red are sent after commit (`notify_red_changes`)."""
    as_of = as_of or today()
    rule_set = _rule_set_or_fail(as_of)
    run = RecomputeRun.objects.create(
        as_of=as_of,
        rule_set=rule_set,
        trigger=trigger,
        status=RecomputeRun.Status.RUNNING,
        started_at=timezone.now(),
    )
    try:
        _recompute_all(run)
    except Exception as error:
        run_fail(RecomputeRun, run.pk, f"{type(error).__name__}: {error}")
        raise
    transaction.on_commit(_notify_later)
    run.refresh_from_db()
    return run


def _recompute_all(run: RecomputeRun) -> None:
    """The codes and their reasons go into a new table in one pass (CREATE TABLE ... AS: a
    parallel plan, the same statement as the incremental recompute's, nothing else in it, each
    reason array built once and in the parallel workers: `_RECOMPUTE_SETTINGS`), its
    columns are made NOT NULL and its primary key is built, the history rows are the new codes
    that differ from the codes in force (one parallel join of the two tables into an unlogged
    table, after the new one is written: inside the statement of the codes the join cost more
    than it saved),
    then the model's indexes are built once and the table replaces the one in force. The new
    table is not analysed here: autovacuum analyses a table of fresh rows within its naptime."""
    params: dict[str, Any] = {
        "rule_set_id": run.rule_set_id,
        "as_of": run.as_of,
        "now": run.started_at,
    }
    not_null = ", ".join(
        f"ALTER COLUMN {column} SET NOT NULL"
        for column in COLUMNS.replace(" ", "").split(",")
        if column != "employee_id"  # the primary key makes it NOT NULL
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(LOCK)
        restore = _settings_local(cursor, _RECOMPUTE_SETTINGS)
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}_next, {TABLE}_changes")
        cursor.execute(
            f"CREATE TABLE {TABLE}_next AS {statement(incremental=False, arrays_once=True)}",
            params,
        )
        total = cursor.rowcount
        cursor.execute(
            f"ALTER TABLE {TABLE}_next {not_null}, "
            f"ADD CONSTRAINT {TABLE}_pkey_next PRIMARY KEY (employee_id)"
        )
        # the changes are found by a parallel join of the two tables into an unlogged table
        # (CREATE TABLE ... AS: parallel, where INSERT ... SELECT runs in one process; a
        # recompute changes few codes), then written to the history
        cursor.execute(
            f"CREATE UNLOGGED TABLE {TABLE}_changes AS {_CHANGED.format(new=f'{TABLE}_next')}"
        )
        cursor.execute(
            _HISTORY.format(changed=f"SELECT * FROM {TABLE}_changes"),  # noqa: S608  # nosec B608
            {"now": run.started_at, "run": run.pk},
        )
        changed = cursor.rowcount
        cursor.execute(f"DROP TABLE {TABLE}_changes")
        cursor.execute(
            f"SELECT count(*) FILTER (WHERE overall = 'red') FROM {TABLE}_next"  # noqa: S608  # nosec B608
        )
        (red,) = cursor.fetchone()
        for index in WorkerStatus._meta.indexes:
            columns = ", ".join(
                str(getattr(WorkerStatus._meta.get_field(name), "column", name))
                for name in index.fields
            )
            cursor.execute(f'CREATE INDEX "{index.name}_next" ON {TABLE}_next ({columns})')
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(f"ALTER TABLE {TABLE}_next RENAME TO {TABLE}")
        cursor.execute(f"ALTER INDEX {TABLE}_pkey_next RENAME TO {TABLE}_pkey")
        for index in WorkerStatus._meta.indexes:
            cursor.execute(f'ALTER INDEX "{index.name}_next" RENAME TO "{index.name}"')
        _settings_local(cursor, restore)
        run_succeed(RecomputeRun, run.pk, total=total, processed=total, red=red, changed=changed)


# The full recompute's own settings, for its transaction only (the server's stand elsewhere):
# - the sorts of the key and index builds in memory;
# - gathering the workers' rows costs next to nothing to the planner, so that the reason
#   arrays are built in the parallel workers: with the arrays built once (a subquery of its
#   own, `arrays_once`), the planner, which expects several times more rows than there are
#   workers from the join of the fitness results by nationality and passport, would otherwise
#   gather the rows first and build every array in the one process that writes the table.
_RECOMPUTE_SETTINGS = {"maintenance_work_mem": "256MB", "parallel_tuple_cost": "0.001"}


def _settings_local(cursor: Any, settings: dict[str, str]) -> dict[str, str]:
    """Set `settings` for the rest of the transaction and return the values they had, to put
    back with the same call: SET LOCAL lasts to the end of the outermost transaction, which
    is a caller's when the recompute runs inside one."""
    names = list(settings)
    cursor.execute(
        "SELECT " + ", ".join("current_setting(%s)" for _ in names),  # nosec B608 # placeholders
        names,
    )
    before = dict(zip(names, cursor.fetchone(), strict=True))
    for name, value in settings.items():
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
    return before


@dataclass(frozen=True)
class Incremental:
    workers: int
    changed: int


def recompute_workers(
    *, employee_ids: Iterable[int], as_of: datetime.date | None = None, notify: bool = True
) -> Incremental:
    """Recompute the codes of `employee_ids` only, with the same statement as the full run:
    history rows for the changes, the rows replaced (or removed for an employee who is no
    longer a foreign worker). With `notify`, workers turned red get their SMS after commit."""
    ids = sorted({int(i) for i in employee_ids})
    if not ids:
        return Incremental(workers=0, changed=0)
    as_of = as_of or today()
    rule_set = rule_set_in_force(on=as_of)
    if rule_set is None:
        return Incremental(workers=0, changed=0)
    now = timezone.now()
    params: dict[str, Any] = {"rule_set_id": rule_set.pk, "as_of": as_of, "now": now, "ids": ids}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(LOCK)
        cursor.execute("DROP TABLE IF EXISTS ws_new")
        new_codes = statement(incremental=True, arrays_once=True)
        cursor.execute(f"CREATE TEMP TABLE ws_new ON COMMIT DROP AS {new_codes}", params)
        cursor.execute(
            _HISTORY.format(changed=_CHANGED.format(new="ws_new")), {"now": now, "run": None}
        )
        changed = cursor.rowcount
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE employee_id = ANY(%(ids)s) "  # noqa: S608  # nosec B608
            "AND employee_id NOT IN (SELECT employee_id FROM ws_new)",
            {"ids": ids},
        )
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS.replace(" ", "").split(",")[1:])
        cursor.execute(
            f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {COLUMNS} FROM ws_new "  # noqa: S608  # nosec B608
            f"ON CONFLICT (employee_id) DO UPDATE SET {updates}"
        )
        cursor.execute("DROP TABLE ws_new")
    if notify and changed:
        transaction.on_commit(_notify_later)
    return Incremental(workers=len(ids), changed=changed)


# --- the SMS to a worker turned red -------------------------------------------------------------


def _notify_later() -> None:
    from workstatus.tasks import notify_red_changes_task

    notify_red_changes_task.delay()


def reasons_key(reasons: Iterable[str]) -> str:
    """A short digest of a list of reasons (part of the SMS idempotency key)."""
    return hashlib.sha256("|".join(sorted(reasons)).encode()).hexdigest()[:16]


def _civil_ids(employee_ids: list[int]) -> dict[int, str]:
    """Each worker's civil or resident number: the register's, else the one on the worker's
    latest permit (employment's worker_civil_id reads the contracts when neither holds one)."""
    found: dict[int, str] = {}
    for pk, civil_id in (
        Permit.objects.filter(employee_id__in=employee_ids)
        .exclude(worker_civil_id="")
        .order_by("employee_id", "-id")
        .values_list("employee_id", "worker_civil_id")
    ):
        found.setdefault(pk, civil_id)
    for pk, registered in Employee.objects.filter(pk__in=employee_ids).values_list(
        "pk", "civil_id"
    ):
        if registered:
            found[pk] = registered
    return found


def notify_red_changes(*, batch: int = 500) -> int:
    """Tell each worker whose code turned red (or whose reasons changed while red) by one SMS
    in their language with the reasons: one per change, never one per recompute (the notice's
    key is the change and its reasons). The SMS is a worker notice
    (employment.services.notices.worker_notify): it goes only to the worker's verified numbers,
    the civil registry's mobile and the mobile of the worker's own proven account, never to a
    number an employer typed; a worker with neither is not texted (the notice says NO_NUMBER),
    and while the registry cannot be asked the notice waits and is retried. Returns the number
    of changes handled."""
    from employment.services.notices import worker_notify

    handled = 0
    while True:
        with transaction.atomic():
            changes = list(
                StatusChange.objects.select_for_update(skip_locked=True)
                .filter(to_overall=Code.RED, notified_at__isnull=True)
                .order_by("changed_at", "id")[:batch]
            )
            if not changes:
                return handled
            ids = [c.employee_id for c in changes]
            employees = Employee.objects.in_bulk(ids)
            civil_ids = _civil_ids(ids)
            for change in changes:
                employee = employees.get(change.employee_id)
                if employee is None:
                    continue
                codes = list(change.reasons)
                worker_notify(
                    employee=employee,
                    template_code="worker_status_red",
                    key=f"workstatus-red:{change.employee_id}:{change.pk}:{reasons_key(codes)}",
                    context_for={
                        "reasons": lambda codes=codes: "; ".join(
                            str(reason_for(r).label) for r in codes
                        )
                    },
                    civil_id=civil_ids.get(change.employee_id),
                )
            StatusChange.objects.filter(pk__in=[c.pk for c in changes]).update(
                notified_at=timezone.now()
            )
            handled += len(changes)


def digest_send(*, day: datetime.date | None = None) -> int:
    """The employers' daily digest: each establishment with workers turned red on `day`
    (yesterday by default) tells its active representatives once. Returns the SMS written."""
    day = day or (today() - datetime.timedelta(days=1))
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    counts: dict[int, set[int]] = {}
    for est_id, emp_id in StatusChange.objects.filter(
        to_overall=Code.RED, changed_at__gte=start, changed_at__lt=end
    ).values_list("establishment_id", "employee_id"):
        counts.setdefault(est_id, set()).add(emp_id)
    sent = 0
    for membership in Membership.objects.filter(
        establishment_id__in=counts, is_active=True, user__is_active=True
    ).select_related("user", "establishment"):
        user = membership.user
        if user is None or not user.mobile:
            continue
        sms_enqueue(
            template_code="worker_status_digest",
            context={
                "count": str(len(counts[membership.establishment_id])),
                "establishment": membership.establishment.cr_number,
            },
            idempotency_key=f"workstatus-digest:{membership.establishment_id}:{day}:{user.pk}",
            recipient=user,
        )
        sent += 1
    return sent


# --- scans and findings --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanAnswer:
    """What the scanner page shows: the result, and for a known worker the name and employer
    and nothing else."""

    scan_id: int
    result: str
    name_ar: str = ""
    name_en: str = ""
    employer_ar: str = ""
    employer_en: str = ""
    employee_id: int | None = None


def scan_record(
    *, scanned_by: User, method: str, place: str, result: str, permit_number: str = ""
) -> ScanAnswer:
    """Log a scan that names no worker (a QR expired or not the portal's: one INSERT)."""
    log = ScanLog.objects.create(
        scanned_by=scanned_by,
        role=scanned_by.role,
        place=place[:120],
        method=method,
        permit_number=permit_number[:20],
        employee_id=None,
        result=result,
        reasons=[],
        scanned_at=timezone.now(),
    )
    return ScanAnswer(scan_id=log.pk, result=result)


# The scanner's check in one statement: the code of the worker (`{worker}`: the employee id of
# a QR, or the employee of the permit a number names) joined by primary keys to the name and
# employer, and the scan log's row written with the answer (not_found without a code).
_CHECK = f"""
WITH target AS (
  SELECT s.employee_id, s.overall, s.reasons, e.name_ar, e.name_en,
         est.name_ar AS employer_ar, est.name_en AS employer_en
  FROM {TABLE} s
  JOIN employers_employee e ON e.id = s.employee_id
  JOIN employers_establishment est ON est.id = e.establishment_id
  WHERE s.employee_id = {{worker}}
  LIMIT 1
), logged AS (
  INSERT INTO {ScanLog._meta.db_table}
    (scanned_by_id, role, place, method, permit_number, employee_id, result, reasons, scanned_at)
  SELECT %(by)s, %(role)s, %(place)s, %(method)s, %(number)s, t.employee_id,
         COALESCE(t.overall, %(not_found)s), COALESCE(t.reasons, '{{{{}}}}'), %(at)s
  FROM (SELECT 1) AS one LEFT JOIN target t ON true
  RETURNING id
)
SELECT logged.id, t.employee_id, t.overall, t.name_ar, t.name_en, t.employer_ar, t.employer_en
FROM logged LEFT JOIN target t ON true
"""  # noqa: S608  # nosec B608 # identifiers from code, values bound
_BY_EMPLOYEE = "%(employee_id)s"
_BY_PERMIT = """(
    SELECT p.employee_id FROM permits_permit p
    WHERE p.number = %(number_key)s AND p.employee_id IS NOT NULL LIMIT 1)"""


def scan_check(
    *,
    scanned_by: User,
    method: str,
    place: str,
    employee_id: int | None = None,
    permit_number: str = "",
) -> ScanAnswer:
    """Check one worker, the employee `employee_id` (a QR) or the one the permit
    `permit_number` names, and log the scan (who, where, when, the answer): one statement, the
    indexed lookup and the INSERT together. Returns what the scanner may show: for a worker with
    a code the code, the name and the employer, nothing else; `not_found` otherwise."""
    worker = _BY_EMPLOYEE if employee_id is not None else _BY_PERMIT
    params = {
        "employee_id": employee_id,
        "number_key": permit_number.strip().upper(),
        "by": scanned_by.pk,
        "role": scanned_by.role,
        "place": place[:120],
        "method": method,
        "number": permit_number[:20],
        "not_found": ScanLog.Result.NOT_FOUND.value,
        "at": timezone.now(),
    }
    with connection.cursor() as cursor:
        cursor.execute(_CHECK.format(worker=worker), params)
        scan_id, found, overall, name_ar, name_en, employer_ar, employer_en = cursor.fetchone()
    if found is None:
        return ScanAnswer(scan_id=scan_id, result=ScanLog.Result.NOT_FOUND)
    return ScanAnswer(
        scan_id=scan_id,
        result=overall,
        name_ar=name_ar,
        name_en=name_en,
        employer_ar=employer_ar,
        employer_en=employer_en,
        employee_id=found,
    )


@transaction.atomic
def finding_report(
    *, inspector: User, employee: Employee, place: str, note: str = "", scan_id: int | None = None
) -> Finding:
    """An inspector reports a red worker found at a worksite. Raises WorkStatusError for a
    worker whose code is green (nothing to report)."""
    status = WorkerStatus.objects.filter(employee_id=employee.pk).first()
    if status is None or status.is_green:
        raise WorkStatusError(_("Only a worker whose code is red can be reported."))
    finding = Finding.objects.create(
        employee=employee,
        establishment_id=employee.establishment_id,
        reported_by=inspector,
        scan_id=scan_id,
        place=place,
        reasons=list(status.reasons),
        note=note,
    )
    audit_record(
        actor=inspector,
        action="workstatus.finding_reported",
        obj=finding,
        after={"employee": employee.pk, "place": place, "reasons": list(status.reasons)},
    )
    return finding


@transaction.atomic
def declaration_save(
    *, employee: Employee, address: str, worksite: str, declared_by: User
) -> Declaration:
    """The employer declares where a worker lives and works; the worker's code is recomputed
    after commit."""
    declaration, _created = Declaration.objects.get_or_create(employee=employee)
    before = {"address": declaration.address, "worksite": declaration.worksite}
    declaration.address = address.strip()
    declaration.worksite = worksite.strip().upper()
    declaration.declared_by = declared_by
    declaration.full_clean()
    declaration.save()
    audit_record(
        actor=declared_by,
        action="workstatus.declaration_saved",
        obj=declaration,
        before=before,
        after={"address": declaration.address, "worksite": declaration.worksite},
    )
    from workstatus.hooks import touch

    touch([employee.pk])
    return declaration
