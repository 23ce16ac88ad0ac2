"""Accommodation sites, their blocks and rooms, who operates them, and the three records of
where a worker lives: the employer's declaration, the operator's record and the worker's
check-ins (the last one kept apart, so that comparing the three is one join per worker)."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.rulesets import DatedRuleSet
from employers.models import Governorate


class Operator(BaseModel):
    """Who runs accommodation: a company licensed for it, or an establishment housing its own
    workers (`establishment` set; its representatives operate it too). Ministry staff register
    it with its representative, known by civil or resident number (they act for it once signed
    in with that number proven).

    States:
        ACTIVE      Its people reach the operator's pages.
        SUSPENDED   Ministry staff suspended it (`status_reason`): its people are refused the
                    operator's pages until staff reactivate it; its sites and records stay.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.ACTIVE: frozenset({Status.SUSPENDED}),
        Status.SUSPENDED: frozenset({Status.ACTIVE}),
    }
    TONES: ClassVar[dict[str, str]] = {Status.ACTIVE: "success", Status.SUSPENDED: "danger"}

    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    cr_number = models.CharField(
        _("commercial registration number"), max_length=20, blank=True, default=""
    )
    representative_civil_id = models.CharField(
        _("representative's civil or resident number"),
        max_length=10,
        blank=True,
        default="",
        db_index=True,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.ACTIVE,
        db_default="active",
    )
    status_reason = models.CharField(_("reason"), max_length=300, blank=True, default="")
    establishment = models.OneToOneField(
        "employers.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accommodation_operator",
        verbose_name=_("establishment operating its own accommodation"),
    )

    class Meta:
        verbose_name = _("accommodation operator")
        verbose_name_plural = _("accommodation operators")

    def __str__(self) -> str:
        return self.name_en or self.name_ar


class OperatorMember(BaseModel):
    """A person who acts for an operator (an accommodation operator's account)."""

    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="accommodation_member"
    )

    class Meta:
        verbose_name = _("operator member")
        verbose_name_plural = _("operator members")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.operator_id}"


class Site(BaseModel):
    """One accommodation (a dormitory or a building), licensed, with blocks of rooms."""

    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="sites", verbose_name=_("operator")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    governorate = models.CharField(_("governorate"), max_length=30, choices=Governorate)
    licence_number = models.CharField(_("licence number"), max_length=40, unique=True)
    licence_valid_until = models.DateField(_("licence valid until"))

    class Meta:
        verbose_name = _("accommodation site")
        verbose_name_plural = _("accommodation sites")

    def __str__(self) -> str:
        return self.name


class Block(BaseModel):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="blocks")
    name = models.CharField(_("block"), max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="accommodation_block_unique")
        ]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")

    def __str__(self) -> str:
        return self.name


class Room(BaseModel):
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="rooms")
    number = models.CharField(_("room"), max_length=20)
    capacity = models.PositiveSmallIntegerField(
        _("beds"), validators=[MinValueValidator(1)], default=4
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["block", "number"], name="accommodation_room_unique")
        ]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self) -> str:
        return f"{self.block.name}-{self.number}"


class Declaration(BaseModel):
    """Where the employer says a foreign worker lives (one room at a time)."""

    employee = models.OneToOneField(
        "employers.Employee",
        on_delete=models.CASCADE,
        related_name="accommodation_declaration",
        verbose_name=_("employee"),
    )
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="declarations", verbose_name=_("room")
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("accommodation declaration")
        verbose_name_plural = _("accommodation declarations")

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.room_id}"


class Resident(BaseModel):
    """The operator's record of a worker: confirmed in a room of the site, or disputed (the
    operator says the worker does not live at the site; `room` is empty)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        DISPUTED = "disputed", _("Disputed")

    # The operator may change its answer either way (a confirmed worker may also move rooms).
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.CONFIRMED: frozenset({Status.DISPUTED}),
        Status.DISPUTED: frozenset({Status.CONFIRMED}),
    }
    TONES: ClassVar[dict[str, str]] = {Status.CONFIRMED: "success", Status.DISPUTED: "warning"}

    employee = models.OneToOneField(
        "employers.Employee", on_delete=models.CASCADE, related_name="accommodation_resident"
    )
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="residents")
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="residents"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="confirmed", room__isnull=False)
                | models.Q(status="disputed", room__isnull=True),
                name="accommodation_resident_room_iff_confirmed",
            )
        ]
        verbose_name = _("resident record")
        verbose_name_plural = _("resident records")

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.status}"


class CheckIn(models.Model):
    """One scan of a room's QR code by the worker. `client_id` is made by the phone, so a
    check-in queued offline and sent again once online is recorded once."""

    client_id = models.UUIDField(unique=True, default=uuid.uuid4)
    employee = models.ForeignKey(
        "employers.Employee", on_delete=models.CASCADE, related_name="accommodation_checkins"
    )
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="checkins")
    checked_in_at = models.DateTimeField(_("checked in"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["employee", "-checked_in_at"], name="accom_checkin_emp")]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.employee_id} @ {self.room_id}"


class LastCheckIn(models.Model):
    """Each worker's latest check-in (kept by the check-in itself; the residency code reads
    this, not the whole log)."""

    employee = models.OneToOneField(
        "employers.Employee", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    checked_in_at = models.DateTimeField(_("checked in"))

    class Meta:
        verbose_name = _("last check-in")
        verbose_name_plural = _("last check-ins")

    def __str__(self) -> str:
        return f"{self.employee_id} @ {self.room_id}"


# --- exit passes ----------------------------------------------------------------------------------


class MovementRuleSet(DatedRuleSet):
    """When residents may leave a site only with an exit pass (a dated rule family, ADR 0021):
    the length of a slot, the grace before a return counts as late, and, as lines, the sites
    (by licence number) or worker status codes that are restricted and how many passes each
    slot gives."""

    name = models.CharField(_("name in English"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    decree = models.CharField(_("decree or decision"), max_length=100, blank=True)
    slot_minutes = models.PositiveIntegerField(
        _("slot length (minutes)"), default=120, validators=[MinValueValidator(15)]
    )
    return_grace_minutes = models.PositiveIntegerField(
        _("grace before a return is late (minutes)"), default=15
    )

    class Meta:
        verbose_name = _("movement rule set")
        verbose_name_plural = _("movement rule sets")

    def __str__(self) -> str:
        return self.name


class MovementLine(BaseModel):
    """One restriction: a site (its licence number) or a status code (`red`), and the passes
    each slot gives there."""

    class Scope(models.TextChoices):
        SITE = "site", _("Site (licence number)")
        CODE = "code", _("Worker status code")

    rule_set = models.ForeignKey(MovementRuleSet, on_delete=models.CASCADE, related_name="lines")
    scope = models.CharField(_("applies to"), max_length=10, choices=Scope.choices)
    value = models.CharField(_("value"), max_length=40)
    passes_per_slot = models.PositiveIntegerField(_("passes per site and slot"), default=10)
    note = models.CharField(_("why"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "scope", "value"], name="accommodation_movement_line_unique"
            )
        ]
        verbose_name = _("movement restriction")
        verbose_name_plural = _("movement restrictions")

    def __str__(self) -> str:
        return f"{self.scope} {self.value}: {self.passes_per_slot}"


class SlotCount(models.Model):
    """The passes given for one site and slot: a counter the database keeps within capacity
    (the check constraint), taken one place at a time by a conditional UPDATE."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    slot_start = models.DateTimeField()
    capacity = models.PositiveIntegerField()
    issued = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slot_start"], name="accommodation_slot_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(issued__lte=models.F("capacity")),
                name="accommodation_slot_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site_id} {self.slot_start}: {self.issued}/{self.capacity}"


class ExitPass(BaseModel):
    """A resident's pass to leave a restricted site for one slot; the gate records the way out
    and the return (late after the slot's end and the rule set's grace)."""

    employee = models.ForeignKey(
        "employers.Employee", on_delete=models.CASCADE, related_name="exit_passes"
    )
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="exit_passes")
    rule_set = models.ForeignKey(MovementRuleSet, on_delete=models.PROTECT, related_name="+")
    slot_start = models.DateTimeField(_("from"))
    slot_end = models.DateTimeField(_("until"))
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    out_at = models.DateTimeField(_("went out"), null=True, blank=True)
    returned_at = models.DateTimeField(_("came back"), null=True, blank=True)
    late = models.BooleanField(_("late return"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "slot_start"], name="accommodation_one_pass_per_slot"
            )
        ]
        verbose_name = _("exit pass")
        verbose_name_plural = _("exit passes")

    def __str__(self) -> str:
        return f"{self.employee_id} {self.slot_start}"
