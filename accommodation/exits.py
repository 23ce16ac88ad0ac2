"""Exit passes: when the movement rules in force restrict a site (or workers with a given status
code), a resident asks for a pass for one slot; the places of a site and slot are a counter the
database keeps within capacity (`SlotCount`: a conditional UPDATE takes a place, a check
constraint forbids more), so simultaneous requests never give more passes than places. The
guard scans the pass at the gate, which records the way out and the return (late after the
slot's end and the grace)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accommodation.models import ExitPass, MovementLine, MovementRuleSet, Site
from accommodation.questions import worker_code
from accommodation.services import AccommodationError
from accounts.models import User
from core.dated import in_force_on
from core.services import audit_record
from employers.models import Employee

MAX_DAYS_AHEAD = 7


class ExitPassRefusedError(AccommodationError):
    """No pass was given; nothing changed."""


def movement_rules_in_force(*, on: datetime.date) -> MovementRuleSet | None:
    return in_force_on(MovementRuleSet.objects.all(), on=on)


def slot_of(*, rule_set: MovementRuleSet, at: datetime.datetime) -> datetime.datetime:
    """The start of the slot holding `at` (slots start at local midnight)."""
    local = timezone.localtime(at)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    minutes = int((local - midnight).total_seconds() // 60)
    return midnight + datetime.timedelta(minutes=minutes - minutes % rule_set.slot_minutes)


def capacity_for(*, rule_set: MovementRuleSet, site: Site, employee: Employee) -> int | None:
    """The passes per slot the restrictions give the worker at the site (the smallest of the
    lines that apply), or None when no line restricts them (no pass is needed)."""
    lines = list(MovementLine.objects.filter(rule_set=rule_set))
    applying = [
        line.passes_per_slot
        for line in lines
        if line.scope == MovementLine.Scope.SITE and line.value == site.licence_number
    ]
    code_lines = [line for line in lines if line.scope == MovementLine.Scope.CODE]
    if code_lines:
        code = worker_code.ask(employee_id=employee.pk)
        applying += [line.passes_per_slot for line in code_lines if line.value.lower() == code]
    return min(applying) if applying else None


_OPEN = """
INSERT INTO accommodation_slotcount (site_id, slot_start, capacity, issued)
VALUES (%(site)s, %(slot)s, %(capacity)s, 0)
ON CONFLICT (site_id, slot_start) DO NOTHING
"""
# under READ COMMITTED a waiting UPDATE re-reads the row: never more places than capacity
_TAKE = """
UPDATE accommodation_slotcount SET issued = issued + 1
WHERE site_id = %(site)s AND slot_start = %(slot)s AND issued < capacity
RETURNING issued
"""


def exit_pass_request(
    *, employee: Employee, site: Site, slot_start: datetime.datetime, requested_by: User
) -> ExitPass:
    """Give the resident a pass for the slot starting at `slot_start`, if a place is left.

    Raises ExitPassRefusedError: no movement rule restricts the worker (no pass needed), the
    slot is not a slot start or is past or too far ahead, the worker already has a pass for
    it, or every place of the site's slot is taken."""
    now = timezone.now()
    rule_set = movement_rules_in_force(on=timezone.localdate(slot_start))
    if rule_set is None:
        raise ExitPassRefusedError(_("No movement rule is in force: you need no exit pass."))
    capacity = capacity_for(rule_set=rule_set, site=site, employee=employee)
    if capacity is None:
        raise ExitPassRefusedError(_("No movement rule is in force: you need no exit pass."))
    slot_end = slot_start + datetime.timedelta(minutes=rule_set.slot_minutes)
    if (
        slot_of(rule_set=rule_set, at=slot_start) != slot_start
        or slot_end <= now
        or slot_start > now + datetime.timedelta(days=MAX_DAYS_AHEAD)
    ):
        raise ExitPassRefusedError(_("Choose one of the slots offered."))
    with transaction.atomic():
        if ExitPass.objects.filter(employee=employee, slot_start=slot_start).exists():
            raise ExitPassRefusedError(_("You already have a pass for this slot."))
        with connection.cursor() as cursor:
            params: dict[str, Any] = {"site": site.pk, "slot": slot_start, "capacity": capacity}
            cursor.execute(_OPEN, params)
            cursor.execute(_TAKE, params)
            taken = cursor.fetchone()
        if taken is None:
            raise ExitPassRefusedError(_("Every pass of this slot is taken. Choose another slot."))
        exit_pass = ExitPass.objects.create(
            employee=employee,
            site=site,
            rule_set=rule_set,
            slot_start=slot_start,
            slot_end=slot_end,
        )
        audit_record(
            actor=requested_by,
            action="accommodation.exit_pass_issued",
            obj=exit_pass,
            after={"site": site.pk, "slot": slot_start.isoformat()},
        )
    return exit_pass


@transaction.atomic
def exit_pass_gate(*, exit_pass: ExitPass, guard: User) -> ExitPass:
    """The guard scanned the pass: the first scan records the way out (within the slot), the
    second the return, late after the slot's end and the rule set's grace. Raises
    ExitPassRefusedError outside the slot or for a pass already used both ways."""
    exit_pass = ExitPass.objects.select_for_update().select_related("rule_set").get(pk=exit_pass.pk)
    now = timezone.now()
    if exit_pass.out_at is None:
        if not exit_pass.slot_start <= now < exit_pass.slot_end:
            raise ExitPassRefusedError(_("This pass is not for now."))
        exit_pass.out_at = now
        action = "out"
    elif exit_pass.returned_at is None:
        grace = datetime.timedelta(minutes=exit_pass.rule_set.return_grace_minutes)
        exit_pass.returned_at = now
        exit_pass.late = now > exit_pass.slot_end + grace
        action = "returned"
    else:
        raise ExitPassRefusedError(_("This pass has been used."))
    exit_pass.save(update_fields=["out_at", "returned_at", "late", "updated_at"])
    audit_record(
        actor=guard,
        action=f"accommodation.exit_pass_{action}",
        obj=exit_pass,
        after={"late": exit_pass.late},
    )
    return exit_pass
