"""Writes of accommodation: operators register sites, blocks and rooms; employers declare
where workers live (one at a time or from a file); operators confirm or dispute residents;
workers check in. Every change of a worker's residency records sends `residents_changed`
(accommodation.signals), so the worker's status code is recomputed once it commits (a check-in
sends it from a background task, so that the worker's phone does not wait for the recompute)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodation.models import (
    Block,
    CheckIn,
    Declaration,
    Operator,
    Resident,
    Room,
    Site,
)
from accommodation.signals import residents_changed_send
from accommodation.tasks import residents_changed_task
from accounts.models import User
from core.exceptions import ApplicationError
from core.prepared import prepared_cursor
from core.services import audit_record
from core.workflow import advance
from employers.models import Employee, Establishment

MAX_ROOMS_PER_BLOCK = 500
# a check-in queued offline is accepted with its own time for this long
OFFLINE_WINDOW = datetime.timedelta(days=3)


class AccommodationError(ApplicationError):
    """An accommodation action was refused; nothing changed."""


class CheckInRefusedError(AccommodationError):
    """The check-in was not recorded (the room is not at the worker's accommodation)."""


# --- operators, sites, blocks, rooms ------------------------------------------------------------


@transaction.atomic
def operator_for_establishment_create(*, establishment: Establishment, by: User) -> Operator:
    """The establishment operates the accommodation of its own workers (idempotent)."""
    operator, created = Operator.objects.get_or_create(
        establishment=establishment,
        defaults={"name_ar": establishment.name_ar, "name_en": establishment.name_en},
    )
    if created:
        audit_record(actor=by, action="accommodation.operator_created", obj=operator)
    return operator


@transaction.atomic
def site_register(
    *,
    operator: Operator,
    name: str,
    address: str,
    governorate: str,
    licence_number: str,
    licence_valid_until: datetime.date,
    by: User,
) -> Site:
    """Register a licensed site of the operator. Raises AccommodationError for a licence
    number already registered."""
    number = licence_number.strip().upper()
    if Site.objects.filter(licence_number=number).exists():
        raise AccommodationError(_("A site with this licence number is already registered."))
    site = Site(
        operator=operator,
        name=name.strip(),
        address=address.strip(),
        governorate=governorate,
        licence_number=number,
        licence_valid_until=licence_valid_until,
    )
    site.full_clean()
    site.save()
    audit_record(
        actor=by,
        action="accommodation.site_registered",
        obj=site,
        after={"licence": number, "name": site.name},
    )
    return site


@transaction.atomic
def block_add(
    *, site: Site, name: str, first_room: int, last_room: int, beds: int, by: User
) -> Block:
    """Add a block with rooms numbered `first_room` to `last_room`, each with `beds` beds.
    Raises AccommodationError for a block name already used at the site or a bad range."""
    name = name.strip().upper()
    if last_room < first_room or last_room - first_room + 1 > MAX_ROOMS_PER_BLOCK:
        raise AccommodationError(
            _("Give a range of at most %(n)s rooms, the first number not above the last.")
            % {"n": MAX_ROOMS_PER_BLOCK}
        )
    if Block.objects.filter(site=site, name=name).exists():
        raise AccommodationError(_("This site already has a block with this name."))
    block = Block.objects.create(site=site, name=name)
    Room.objects.bulk_create(
        Room(block=block, number=str(n), capacity=beds) for n in range(first_room, last_room + 1)
    )
    audit_record(
        actor=by,
        action="accommodation.block_added",
        obj=block,
        after={"site": site.pk, "rooms": last_room - first_room + 1, "beds": beds},
    )
    return block


# --- the employer's declaration -------------------------------------------------------------------


@transaction.atomic
def declaration_save(*, employee: Employee, room: Room, declared_by: User) -> Declaration:
    """The employer declares the room a foreign worker lives in (replacing any earlier one).
    Raises AccommodationError for an Omani employee."""
    if employee.nationality == Employee.OMANI:
        raise AccommodationError(_("Accommodation is declared for foreign workers only."))
    declaration = Declaration.objects.select_for_update().filter(employee=employee).first()
    before = {"room": declaration.room_id} if declaration else {}
    if declaration is None:
        declaration = Declaration(employee=employee, room=room, declared_by=declared_by)
    declaration.room = room
    declaration.declared_by = declared_by
    declaration.save()
    audit_record(
        actor=declared_by,
        action="accommodation.declared",
        obj=declaration,
        before=before,
        after={"room": room.pk},
    )
    residents_changed_send([employee.pk])
    return declaration


# --- the operator's record ----------------------------------------------------------------------


def _record(
    *,
    operator: Operator,
    employee: Employee,
    site: Site,
    room: Room | None,
    status: str,
    note: str,
    by: User,
) -> Resident:
    if site.operator_id != operator.pk or (room is not None and room.block.site_id != site.pk):
        raise AccommodationError(_("This room is not at one of your sites."))
    record = Resident.objects.select_for_update().filter(employee=employee).first()
    before = (
        {"site": record.site_id, "room": record.room_id, "status": record.status} if record else {}
    )
    if record is None:
        record = Resident(employee=employee, status=status)
    elif record.site.operator_id != operator.pk and record.status == Resident.Status.CONFIRMED:
        raise AccommodationError(
            _("Another operator has confirmed this worker; they must dispute first.")
        )
    elif record.status != status:
        advance(record, status)
    record.site, record.room = site, room
    record.note, record.recorded_by = note.strip(), by
    record.full_clean()
    record.save()
    audit_record(
        actor=by,
        action=f"accommodation.resident_{status}",
        obj=record,
        before=before,
        after={"site": site.pk, "room": room.pk if room else None, "status": status},
    )
    residents_changed_send([employee.pk])
    return record


@transaction.atomic
def resident_confirm(
    *, operator: Operator, employee: Employee, room: Room, by: User, note: str = ""
) -> Resident:
    """The operator records the worker in `room` of one of its sites. Raises
    AccommodationError for a room of another operator or a worker another operator confirmed."""
    return _record(
        operator=operator,
        employee=employee,
        site=room.block.site,
        room=room,
        status=Resident.Status.CONFIRMED,
        note=note,
        by=by,
    )


@transaction.atomic
def resident_dispute(
    *, operator: Operator, employee: Employee, site: Site, by: User, note: str = ""
) -> Resident:
    """The operator records that the worker does not live at `site` (one of its sites)."""
    return _record(
        operator=operator,
        employee=employee,
        site=site,
        room=None,
        status=Resident.Status.DISPUTED,
        note=note,
        by=by,
    )


# --- check-in -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInResult:
    checkin: CheckIn
    created: bool


# One statement, one round trip, committed on its own. It finds the worker: the signed-in
# person's own places on registers (by the proven civil or resident number on the register or on
# a permit, foreign workers only, both lookups indexed) whose declaration or operator's record is
# at the site, the first by id; records the check-in (only if the room is at the site, and once
# per client id); moves the worker's last check-in; and returns the new check-in's id, its
# worker, the room the worker was last in before, and the id of a check-in already recorded with
# this client id (a replay; read in the statement's snapshot, so never the one it inserts).
# Data-modifying CTEs all run (PostgreSQL); `old` locks the worker's last check-in so that two
# scans at once serialise. A worker has at most one declaration and one operator's record, so
# `w` joins them (one index lookup each) rather than testing EXISTS, which the planner turned
# into a hash of every declaration at the site. Planning the statement cost more than running it
# (1.2 ms against 0.8), so it is prepared once per connection (_record_execute).
_RECORD = """
WITH mine AS (
  SELECT e.id FROM employers_employee e
  WHERE e.civil_id = %(civil)s AND e.nationality <> %(omani)s
  UNION
  SELECT e.id FROM permits_permit p JOIN employers_employee e ON e.id = p.employee_id
  WHERE p.worker_civil_id = %(civil)s AND e.nationality <> %(omani)s
),
w AS (
  SELECT m.id FROM mine m
  LEFT JOIN accommodation_declaration d ON d.employee_id = m.id
  LEFT JOIN accommodation_room dr ON dr.id = d.room_id
  LEFT JOIN accommodation_block db ON db.id = dr.block_id
  LEFT JOIN accommodation_resident a ON a.employee_id = m.id
  WHERE db.site_id = %(s)s OR a.site_id = %(s)s
  ORDER BY m.id LIMIT 1
),
ins AS (
  INSERT INTO accommodation_checkin
    (client_id, employee_id, room_id, checked_in_at, recorded_at, user_id)
  SELECT %(c)s, w.id, r.id, %(at)s, %(now)s, %(u)s
  FROM w, accommodation_room r JOIN accommodation_block b ON b.id = r.block_id
  WHERE r.id = %(r)s AND b.site_id = %(s)s
  ON CONFLICT (client_id) DO NOTHING
  RETURNING id, employee_id
),
old AS (
  SELECT room_id FROM accommodation_lastcheckin
  WHERE employee_id = (SELECT employee_id FROM ins) FOR UPDATE
),
up AS (
  INSERT INTO accommodation_lastcheckin (employee_id, room_id, site_id, checked_in_at)
  SELECT employee_id, %(r)s, %(s)s, %(at)s FROM ins
  ON CONFLICT (employee_id) DO UPDATE
    SET room_id = EXCLUDED.room_id, site_id = EXCLUDED.site_id,
        checked_in_at = EXCLUDED.checked_in_at
    WHERE accommodation_lastcheckin.checked_in_at <= EXCLUDED.checked_in_at
  RETURNING 1
)
SELECT (SELECT id FROM ins), (SELECT employee_id FROM ins), (SELECT room_id FROM old),
       (SELECT id FROM accommodation_checkin WHERE client_id = %(c)s), (SELECT count(*) FROM up)
"""


def _record_execute(params: dict[str, Any]) -> tuple[Any, ...]:
    """Run _RECORD as a statement prepared on the connection (core.prepared: psycopg prepares
    it at its first use on a connection, and again after it deallocated its statements); its
    one row."""
    with prepared_cursor() as cursor:
        cursor.execute(_RECORD, params)
        return cursor.fetchone()


def _refused() -> CheckInRefusedError:
    return CheckInRefusedError(
        _("This room is not at your accommodation. Scan the code on your own room's door.")
    )


def checkin_record(
    *,
    user: User,
    room_id: int,
    site_id: int,
    client_id: uuid.UUID,
    at: datetime.datetime | None = None,
) -> CheckInResult:
    """Record the signed-in worker's scan of a room's QR (`room_id`, `site_id` from its signed
    token). The worker is the person's own place on a register (by the proven civil or resident
    number) whose declaration or operator's record is at the site.

    Idempotent on `client_id`: the same check-in sent again (queued offline, then online)
    returns the one already recorded. `at` is the time the phone took the scan, kept when
    within the offline window (else now). The worker's last check-in moves to this room; when
    the room changed, the worker's code is recomputed in the background (a task queued once
    this has committed), so the answer does not wait for it.

    A new check-in is one SQL statement (one round trip, its own commit); a replay costs one
    more query (reading it back), a refusal at most one.

    Raises CheckInRefusedError: the person's number is not proven, the room does not exist at
    that site, or the site is not one where the worker is declared or recorded (a room QR from
    another site)."""
    if not user.identity_proven:
        raise _refused()
    now = timezone.now()
    if at is None or not (now - OFFLINE_WINDOW <= at <= now):
        at = now
    params: dict[str, Any] = {
        "civil": user.civil_id,
        "omani": Employee.OMANI,
        "c": client_id,
        "r": room_id,
        "s": site_id,
        "at": at,
        "now": now,
        "u": user.pk,
    }
    # outside a transaction, the statement commits itself
    new_id, employee_id, old_room, existing_id, _moved = _record_execute(params)
    if new_id is not None:
        if old_room != room_id:
            # robust: the check-in stands even if the queue is down (the scheduled full
            # recompute catches the worker up)
            transaction.on_commit(lambda: residents_changed_task.delay([employee_id]), robust=True)
        checkin = CheckIn(
            pk=new_id,
            client_id=client_id,
            employee_id=employee_id,
            room_id=room_id,
            checked_in_at=at,
            recorded_at=now,
            user=user,
        )
        return CheckInResult(checkin=checkin, created=True)
    # A replay of a recorded client id; else (rarely) the same id sent twice at once, whose
    # first copy committed after this statement's snapshot; else a refusal.
    existing = (
        CheckIn.objects.filter(pk=existing_id).first()
        if existing_id is not None
        else CheckIn.objects.filter(client_id=client_id).first()
    )
    if existing is None:
        raise _refused()
    return CheckInResult(checkin=existing, created=False)
