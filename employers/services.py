"""Writes of the employers app: the workforce register, one employee at a time or by file.

Every write to one establishment's register first locks the establishment row, so a form and an
import (or two imports) of the same establishment never interleave; the civil ID and passport
checks below rely on it.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.private_files import private_file_path, private_file_write
from core.runs import run_fail, run_start, run_succeed
from core.services import audit_record, model_snapshot
from core.workflow import advance
from employers.access import employer_act
from employers.imports import (
    EXTRA_CELLS_COLUMN,
    WorkforceFileError,
    read_workforce_file,
    read_workforce_header,
)
from employers.locks import establishment_lock
from employers.models import Employee, Establishment, Service, WorkforceImport
from employers.selectors import employee_with_id, employees_matching_ids
from employers.tasks import workforce_import_process_task
from employers.validators import (
    COLUMN_FOR_FIELD,
    EmployeeData,
    RowProblem,
    RowResult,
    check_contract_dates,
    duplicate_problems,
    validate_employee,
)
from taxonomy.selectors import unit_group_codes

if TYPE_CHECKING:
    from accounts.models import User

logger = structlog.get_logger("portal.employers")

EMPLOYEE_FIELDS: tuple[str, ...] = (
    "civil_id",
    "passport_number",
    "nationality",
    "name_ar",
    "name_en",
    "occupation_code",
    "job_level",
    "monthly_salary",
    "is_full_time",
    "has_disability",
    "contract_start",
    "contract_end",
)
IMPORT_BATCH_SIZE = 500
IMPORTS_FOLDER = "workforce-imports"


class EmployeeIdentityError(ApplicationError):
    """Another employee of the establishment already has this civil ID or passport number.
    `extra["column"]` names the column (form field) at fault."""


class ContractDatesError(ApplicationError):
    """A contract would end before it starts."""


# --- one employee -----------------------------------------------------------------------------


def _check_identity(
    *, establishment: Establishment, data: EmployeeData, employee_pk: int | None
) -> None:
    """Raise EmployeeIdentityError when another employee holds the civil ID or passport."""
    if data.civil_id:
        holder = employee_with_id(establishment=establishment, civil_id=data.civil_id)
        if holder is not None and holder.pk != employee_pk:
            raise EmployeeIdentityError(
                _("%(name)s already has the civil ID %(value)s on this register.")
                % {"name": holder.name, "value": data.civil_id},
                extra={"column": "civil_id"},
            )
    if data.passport_number:
        holder = employee_with_id(
            establishment=establishment,
            nationality=data.nationality,
            passport_number=data.passport_number,
        )
        if holder is not None and holder.pk != employee_pk:
            raise EmployeeIdentityError(
                _("%(name)s already has the passport number %(value)s on this register.")
                % {"name": holder.name, "value": data.passport_number},
                extra={"column": "passport_number"},
            )


@transaction.atomic
def employee_create(*, establishment: Establishment, data: EmployeeData, actor: User) -> Employee:
    """Add one employee to the establishment's register, audited.

    Raises:
        EmployeeIdentityError: another employee already has the civil ID or passport number.
    """
    establishment_lock(establishment_id=establishment.pk)
    _check_identity(establishment=establishment, data=data, employee_pk=None)
    employee = Employee(establishment=establishment, **data.model_fields())
    employee.full_clean()
    employee.save()
    audit_record(
        actor=actor,
        action="employers.employee_added",
        obj=employee,
        after=model_snapshot(employee, EMPLOYEE_FIELDS),
    )
    return employee


@transaction.atomic
def employee_names_correct(*, civil_id: str, field: str, value: str, actor: User) -> int:
    """A ministry correction of a person's name on every register that lists their civil ID
    (the right to correction): each entry changed is audited. Returns how many changed."""
    if field not in {"name_ar", "name_en"} or not civil_id:
        raise ValueError(field)
    changed = 0
    entries = Employee.objects.select_for_update().filter(civil_id=civil_id).order_by("pk")
    for employee in entries:
        if getattr(employee, field) == value:
            continue
        before = model_snapshot(employee, [field])
        setattr(employee, field, value)
        employee.save(update_fields=[field, "updated_at"])
        audit_record(
            actor=actor,
            action="employers.employee_name_corrected",
            obj=employee,
            before=before,
            after=model_snapshot(employee, [field]),
        )
        changed += 1
    return changed


@transaction.atomic
def employee_update(*, employee: Employee, data: EmployeeData, actor: User) -> Employee:
    """Replace the register entry of `employee` with `data`, audited with before and after.

    Raises:
        EmployeeIdentityError: another employee already has the civil ID or passport number.
    """
    establishment_lock(establishment_id=employee.establishment_id)
    employee = Employee.objects.select_related("establishment").get(pk=employee.pk)
    _check_identity(establishment=employee.establishment, data=data, employee_pk=employee.pk)
    before = model_snapshot(employee, EMPLOYEE_FIELDS)
    for name, value in data.model_fields().items():
        setattr(employee, name, value)
    employee.full_clean()
    employee.save(update_fields=[*EMPLOYEE_FIELDS, "updated_at"])
    after = model_snapshot(employee, EMPLOYEE_FIELDS)
    if after != before:
        audit_record(
            actor=actor,
            action="employers.employee_changed",
            obj=employee,
            before=before,
            after=after,
        )
    return employee


@transaction.atomic
def employee_end_contract(
    *, employee: Employee, contract_end: datetime.date | None, actor: User
) -> Employee:
    """Set the date the employee's contract ends (None: open-ended again), audited.

    Raises:
        ContractDatesError: `contract_end` is before the contract starts.
    """
    establishment_lock(establishment_id=employee.establishment_id)
    employee = Employee.objects.get(pk=employee.pk)
    try:
        check_contract_dates(start=employee.contract_start, end=contract_end)
    except ValidationError as error:
        raise ContractDatesError(" ".join(error.messages)) from None
    before = model_snapshot(employee, ["contract_end"])
    employee.contract_end = contract_end
    employee.full_clean()
    employee.save(update_fields=["contract_end", "updated_at"])
    audit_record(
        actor=actor,
        action="employers.employee_contract_ended",
        obj=employee,
        before=before,
        after=model_snapshot(employee, ["contract_end"]),
    )
    return employee


@transaction.atomic
def workforce_export_audit(*, establishment: Establishment, actor: User, file_format: str) -> None:
    """Record that `actor` downloaded the establishment's register (personal data)."""
    audit_record(
        actor=actor,
        action="employers.workforce_exported",
        obj=establishment,
        after={"format": file_format},
    )


BAR_FIELDS = ["permits_barred", "bar_reason", "bar_source"]


@transaction.atomic
def establishment_bar(
    *, establishment: Establishment, reason: str, actor: User | None, source: str = "staff"
) -> Establishment:
    """Bar the establishment from new work permits with `reason`, audited. Permits' automatic
    `not_barred` check refuses a barred establishment's applications. `source` says who set it
    ("staff", or "violations" for the escalation of repeated labour violations).

    An establishment already barred keeps its first reason and nothing is written.
    """
    establishment = establishment_lock(establishment_id=establishment.pk)
    if establishment.permits_barred:
        return establishment
    before = model_snapshot(establishment, BAR_FIELDS)
    establishment.permits_barred = True
    establishment.bar_reason = reason[:300]
    establishment.bar_source = source
    establishment.full_clean()
    establishment.save(update_fields=[*BAR_FIELDS, "updated_at"])
    audit_record(
        actor=actor,
        action="employers.establishment_barred",
        obj=establishment,
        before=before,
        after=model_snapshot(establishment, BAR_FIELDS),
    )
    return establishment


@transaction.atomic
def establishment_bar_lift(
    *, establishment: Establishment, reason: str, actor: User | None, actor_label: str = ""
) -> Establishment:
    """Lift the bar on new work permits, audited with `reason`. Not barred: nothing is written."""
    establishment = establishment_lock(establishment_id=establishment.pk)
    if not establishment.permits_barred:
        return establishment
    before = model_snapshot(establishment, BAR_FIELDS)
    establishment.permits_barred = False
    establishment.bar_reason = ""
    establishment.bar_source = ""
    establishment.save(update_fields=[*BAR_FIELDS, "updated_at"])
    audit_record(
        actor=actor,
        actor_label=actor_label,
        action="employers.establishment_bar_lifted",
        obj=establishment,
        before=before,
        after={**model_snapshot(establishment, BAR_FIELDS), "note": reason[:300]},
    )
    return establishment


# --- import by file ---------------------------------------------------------------------------


@employer_act(Service.WORKFORCE, actor="uploaded_by")
@transaction.atomic
def workforce_import_create(
    *,
    establishment: Establishment,
    uploaded_by: User,
    original_filename: str,
    content: bytes,
    language: str,
) -> WorkforceImport:
    """Check a workforce file's size, type, archive and header, store it privately and queue
    its import.

    The rows are read and checked by the task (`workforce_import_process`), queued once this
    transaction commits, never in the request: a file with no rows or too many fails there, with
    the reason on the import's page. `language` is the uploader's, for the messages.

    Raises:
        WorkforceFileError: the file's type, encoding, size, archive or header is wrong;
            nothing is stored.
    """
    file_format = read_workforce_header(content)
    relative = f"{IMPORTS_FOLDER}/{uuid.uuid4().hex}.{file_format}"
    workforce_import = WorkforceImport(
        establishment=establishment,
        uploaded_by=uploaded_by,
        original_filename=Path(original_filename).name[:255] or "workforce",
        stored_path=relative,
        file_format=file_format,
        language=language,
    )
    workforce_import.full_clean()
    private_file_write(relative, content)
    workforce_import.save()
    import_id = workforce_import.pk
    transaction.on_commit(lambda: workforce_import_process_task.delay(import_id))
    return workforce_import


@dataclass
class _BatchOutcome:
    created: int
    updated: int
    unchanged: int
    rejected: int
    problems: list[dict[str, Any]]


def _problem_entry(row: int, problem: RowProblem) -> dict[str, Any]:
    return {"row": row, "column": problem.column, "value": problem.value, "reason": problem.reason}


def _model_problems(error: ValidationError, employee: Employee) -> list[RowProblem]:
    return [
        RowProblem(
            column=COLUMN_FOR_FIELD.get(name, name),
            value=str(getattr(employee, name, "") or ""),
            reason=" ".join(str(message) for message in messages),
        )
        for name, messages in error.message_dict.items()
    ]


def _update_employees(employees: list[Employee]) -> None:
    """Write the register fields of `employees` by primary key in one round trip.

    One parametrised UPDATE run with executemany (psycopg pipelines it). QuerySet.bulk_update
    builds a CASE expression per row and field in Python, which cost about 5 ms a row: two
    minutes for a 20,000-row file. Identifiers come from the model's own metadata.
    """
    if not employees:
        return
    by_name = {field.name: field for field in Employee._meta.concrete_fields}
    fields = [by_name[name] for name in (*EMPLOYEE_FIELDS, "updated_at")]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(field.column))} = %s" for field in fields)
    table, key = quote(Employee._meta.db_table), quote("id")
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608  # nosec B608
    params = [
        [field.get_db_prep_save(getattr(employee, field.attname), connection) for field in fields]
        + [employee.pk]
        for employee in employees
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _import_batch(
    *, establishment_id: int, batch: list[tuple[int, RowResult]], claimed: dict[int, int]
) -> _BatchOutcome:
    """Save the good rows of one batch (the caller holds the establishment lock).

    A row is refused when its civil ID or passport belongs to another employee of the register,
    or when an earlier row already matched the same employee (`claimed`: employee pk -> row).
    """
    rejected: dict[int, list[RowProblem]] = {
        number: result.problems for number, result in batch if not result.is_valid
    }
    valid = [(number, result.data) for number, result in batch if result.data and result.is_valid]
    existing = employees_matching_ids(
        establishment_id=establishment_id,
        civil_ids={data.civil_id for _n, data in valid if data.civil_id},
        passport_numbers={data.passport_number for _n, data in valid if data.passport_number},
    )
    by_civil_id = {e.civil_id: e for e in existing if e.civil_id}
    by_passport = {(e.nationality, e.passport_number): e for e in existing if e.passport_number}

    to_create: list[Employee] = []
    to_update: list[Employee] = []
    unchanged = 0
    for number, data in valid:
        passport_key = (data.nationality, data.passport_number or "")
        if data.is_omani:
            target = by_civil_id.get(data.civil_id or "")
        else:
            target = by_passport.get(passport_key)
        problems: list[RowProblem] = []
        holder = by_civil_id.get(data.civil_id) if data.civil_id else None
        if holder is not None and holder is not target:
            problems.append(
                RowProblem(
                    column="civil_id",
                    value=data.civil_id or "",
                    reason=_("%(name)s already has the civil ID %(value)s on your register.")
                    % {"name": holder.name, "value": data.civil_id},
                )
            )
        holder = by_passport.get(passport_key) if data.passport_number else None
        if holder is not None and holder is not target:
            problems.append(
                RowProblem(
                    column="passport_number",
                    value=data.passport_number or "",
                    reason=_("%(name)s already has the passport number %(value)s on your register.")
                    % {"name": holder.name, "value": data.passport_number},
                )
            )
        if target is not None and target.pk in claimed:
            problems.append(
                RowProblem(
                    column="civil_id" if data.is_omani else "passport_number",
                    value=(data.civil_id if data.is_omani else data.passport_number) or "",
                    reason=_("Row %(row)s of this file already changes this employee.")
                    % {"row": claimed[target.pk]},
                )
            )
        if problems:
            rejected[number] = problems
            continue
        fields = data.model_fields()
        if target is not None and all(getattr(target, n) == v for n, v in fields.items()):
            claimed[target.pk] = number
            unchanged += 1  # already as the file says: nothing to write
            continue
        employee = target or Employee(establishment_id=establishment_id)
        for name, value in fields.items():
            setattr(employee, name, value)
        try:
            employee.full_clean(
                exclude=["establishment"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            rejected[number] = _model_problems(error, employee)
            continue
        if target is None:
            to_create.append(employee)
        else:
            claimed[target.pk] = number
            to_update.append(employee)

    now = timezone.now()
    for employee in to_update:
        employee.updated_at = now
    Employee.objects.bulk_create(to_create)
    _update_employees(to_update)
    return _BatchOutcome(
        created=len(to_create),
        updated=len(to_update),
        unchanged=unchanged,
        rejected=len(rejected),
        problems=[
            _problem_entry(number, problem)
            for number in sorted(rejected)
            for problem in rejected[number]
        ],
    )


def _check_rows(content: bytes) -> list[tuple[int, RowResult]]:
    """Every row of the file checked on its own, then IDs written twice flagged on each row."""
    table = read_workforce_file(content)
    occupation_codes = unit_group_codes()  # once per file, not per row
    results: dict[int, RowResult] = {}
    for row in table.rows:
        result = validate_employee(row.values, occupation_codes=occupation_codes)
        if row.extra_cells:
            result.problems.append(
                RowProblem(
                    column=EXTRA_CELLS_COLUMN,
                    value="",
                    reason=_("This row has values to the right of the last column."),
                )
            )
        results[row.number] = result
    checked = list(results.items())
    for number, problem in duplicate_problems(checked):
        results[number].problems.append(problem)
    return checked


def _workforce_import_begin(*, import_id: int) -> WorkforceImport:
    started = run_start(WorkforceImport, import_id)
    return started or WorkforceImport.objects.get(pk=import_id)


def _import_counts(workforce_import: WorkforceImport) -> dict[str, Any]:
    return {
        "file": workforce_import.original_filename,
        "rows": workforce_import.total,
        "processed": workforce_import.processed,
        "created": workforce_import.created_count,
        "updated": workforce_import.updated_count,
        "unchanged": workforce_import.unchanged_count,
        "rejected": workforce_import.rejected_count,
    }


@transaction.atomic
def _workforce_import_end(*, import_id: int, failure_reason: str = "") -> WorkforceImport:
    if failure_reason:
        moved = run_fail(WorkforceImport, import_id, failure_reason)
    else:
        moved = run_succeed(WorkforceImport, import_id)
    workforce_import = WorkforceImport.objects.get(pk=import_id)
    if not moved:
        return workforce_import
    audit_record(
        actor=workforce_import.uploaded_by,
        action=(
            "employers.workforce_import_failed"
            if failure_reason
            else "employers.workforce_imported"
        ),
        obj=workforce_import,
        after=_import_counts(workforce_import),
    )
    return workforce_import


def _workforce_import_run(workforce_import: WorkforceImport) -> WorkforceImport:
    content = private_file_path(workforce_import.stored_path).read_bytes()
    checked = _check_rows(content)
    claimed: dict[int, int] = {}
    for offset in range(workforce_import.processed, len(checked), IMPORT_BATCH_SIZE):
        batch = checked[offset : offset + IMPORT_BATCH_SIZE]
        with transaction.atomic():
            current = WorkforceImport.objects.select_for_update().get(pk=workforce_import.pk)
            if current.status != WorkforceImport.Status.RUNNING or current.processed != offset:
                return current  # another delivery of the task is importing it
            establishment_lock(establishment_id=current.establishment_id)
            outcome = _import_batch(
                establishment_id=current.establishment_id, batch=batch, claimed=claimed
            )
            current.total = len(checked)
            current.processed = offset + len(batch)
            current.created_count += outcome.created
            current.updated_count += outcome.updated
            current.unchanged_count += outcome.unchanged
            current.rejected_count += outcome.rejected
            current.rejected_rows = [*current.rejected_rows, *outcome.problems]
            current.save(
                update_fields=[
                    "total",
                    "processed",
                    "created_count",
                    "updated_count",
                    "unchanged_count",
                    "rejected_count",
                    "rejected_rows",
                    "updated_at",
                ]
            )
    return _workforce_import_end(import_id=workforce_import.pk)


def workforce_import_process(*, import_id: int) -> WorkforceImport:
    """Import the rows of a queued workforce file into its establishment's register.

    Rows are checked one by one (a row with any problem saves nothing and is listed with its
    reasons; an ID written in several rows rejects all of them), then saved in batches of
    IMPORT_BATCH_SIZE: one transaction per batch, which also records the progress, so the status
    page shows how far it has come. Not atomic as a whole, on purpose; a redelivered task resumes
    after the last committed batch, and a finished import is returned unchanged.

    An unexpected error marks the import FAILED (batches already committed stay saved) rather
    than propagating, so the employer sees the outcome. Audited once, when it ends.
    """
    workforce_import = _workforce_import_begin(import_id=import_id)
    if workforce_import.is_finished:
        return workforce_import
    with translation.override(workforce_import.language or settings.LANGUAGE_CODE):
        try:
            return _workforce_import_run(workforce_import)
        except WorkforceFileError as error:
            return _workforce_import_end(import_id=import_id, failure_reason=error.message)
        except Exception:
            logger.exception("workforce_import_failed", import_id=import_id)
            return _workforce_import_end(
                import_id=import_id,
                failure_reason=_(
                    "The import stopped because of an unexpected error. Rows already counted "
                    "as added or updated are saved; upload the file again to import the rest."
                ),
            )


# --- establishment status (commerce registry) -------------------------------------------------

STATUS_FIELDS = ["status"]


@transaction.atomic
def establishment_status_set(
    *,
    establishment: Establishment,
    status: str,
    reason: str,
    actor: User | None,
    actor_label: str = "",
) -> Establishment:
    """Set the establishment's status (active, suspended, closed), audited with `reason`.

    Used for what the commerce registry reports and for staff decisions on data-quality cases.
    CLOSED is terminal: a closed establishment is never reopened here, and nothing is written.
    The same status again writes nothing (a replayed registry page repeats nothing).

    Raises:
        ValueError: `status` is not one of Establishment.Status.
    """
    if status not in Establishment.Status.values:
        raise ValueError(f"unknown establishment status {status!r}")
    establishment = establishment_lock(establishment_id=establishment.pk)
    if establishment.status == status or establishment.status == Establishment.Status.CLOSED:
        return establishment
    before = model_snapshot(establishment, STATUS_FIELDS)
    advance(establishment, status)
    establishment.full_clean()
    establishment.save(update_fields=[*STATUS_FIELDS, "updated_at"])
    audit_record(
        actor=actor,
        actor_label=actor_label,
        action="employers.establishment_status_changed",
        obj=establishment,
        before=before,
        after={**model_snapshot(establishment, STATUS_FIELDS), "note": reason[:300]},
    )
    return establishment
