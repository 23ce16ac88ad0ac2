"""Worker status codes: the rules (a dated rule family), the codes in force, their history, the
runs that compute them, the scans at worksites and gates, and the findings inspectors report."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.rulesets import DatedRuleSet
from core.runs import BackgroundRun


class Code(models.TextChoices):
    GREEN = "green", _("Green: may go to work")
    RED = "red", _("Red: may not go to work")


class StatusRuleSet(DatedRuleSet):
    """Which inputs turn a component red, the validity windows, and (as lines) the lead
    agencies' allow and deny lists, in force over a span of dates (core.rulesets).

    A permit that is not valid, an establishment that is suspended or closed, and a fitness
    result of "unfit" are always red: they are the law, not a policy choice. The rest is data.
    """

    name = models.CharField(_("name in English"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    decree = models.CharField(_("decree or decision"), max_length=100, blank=True)
    barred_is_red = models.BooleanField(
        _("an establishment barred from new permits turns its workers red"), default=False
    )
    absconding_filed_is_red = models.BooleanField(
        _("an absconding report filed (not yet upheld) turns the worker red"), default=False
    )
    allow_by_default = models.BooleanField(
        _("work is allowed where no list line says otherwise"),
        default=True,
        help_text=_(
            "When off, only the activities, establishments and worksites on an allow line may work."
        ),
    )
    fitness_required = models.BooleanField(
        _("a worker without a medical fitness result is red"), default=True
    )
    fitness_valid_days = models.PositiveIntegerField(
        _("a fitness result is valid for (days)"), default=730, validators=[MinValueValidator(1)]
    )
    isolation_is_red = models.BooleanField(
        _("an isolation order turns the worker red"), default=True
    )
    sick_leave_is_red = models.BooleanField(_("sick leave turns the worker red"), default=True)
    test_due_is_red = models.BooleanField(
        _("a medical test due and not taken turns the worker red"), default=True
    )
    test_due_grace_days = models.PositiveIntegerField(
        _("days of grace after a test falls due"), default=0
    )
    address_required = models.BooleanField(
        _("a worker without a declared accommodation address is red"), default=True
    )

    class Meta(DatedRuleSet.Meta):
        ordering = ["-effective_from", "-id"]
        verbose_name = _("worker status rule set")
        verbose_name_plural = _("worker status rule sets")

    def __str__(self) -> str:
        return self.name


class AccessLine(BaseModel):
    """One line of the lead agencies' lists: an ISIC activity, a CR number or a worksite code,
    allowed or denied. The most specific line that matches a worker decides (worksite, then
    CR, then activity); without one, the rule set's default."""

    class Scope(models.TextChoices):
        ACTIVITY = "activity", _("Economic activity (ISIC)")
        CR = "cr", _("Establishment (CR number)")
        WORKSITE = "worksite", _("Worksite")

    class Decision(models.TextChoices):
        ALLOW = "allow", _("Allowed")
        DENY = "deny", _("Denied")

    rule_set = models.ForeignKey(StatusRuleSet, on_delete=models.CASCADE, related_name="lines")
    scope = models.CharField(_("applies to"), max_length=10, choices=Scope.choices)
    value = models.CharField(
        _("activity code, CR number or worksite code"),
        max_length=40,
    )
    decision = models.CharField(_("decision"), max_length=5, choices=Decision.choices)
    note = models.CharField(_("why (lead agency, decision)"), max_length=200, blank=True)

    class Meta:
        ordering = ["rule_set", "scope", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "scope", "value"], name="workstatus_line_unique"
            )
        ]
        verbose_name = _("allow or deny line")
        verbose_name_plural = _("allow and deny lines")

    def __str__(self) -> str:
        return f"{self.scope} {self.value}: {self.decision}"


class Declaration(BaseModel):
    """What the employer declares of a foreign worker: the accommodation address and the
    worksite. Until the accommodation issue lands the residency code reads this alone."""

    employee = models.OneToOneField(
        "employers.Employee",
        on_delete=models.CASCADE,
        related_name="workstatus_declaration",
        verbose_name=_("employee"),
    )
    address = models.CharField(_("accommodation address"), max_length=300, blank=True)
    worksite = models.CharField(
        _("worksite code"),
        max_length=40,
        blank=True,
        help_text=_("The code of the site the worker works at, as the lead agency lists it."),
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("employer's declaration")
        verbose_name_plural = _("employer's declarations")

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.address}"


class WorkerStatus(models.Model):
    """The code of one foreign worker now. The full recompute replaces the whole table (a new
    table renamed into place), so nothing refers to it by a database constraint."""

    employee = models.OneToOneField(
        "employers.Employee",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # indexed by workstatus_est_overall (the swap builds exactly the indexes of Meta.indexes)
    establishment = models.ForeignKey(
        "employers.Establishment",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    work = models.CharField(_("work"), max_length=5, choices=Code.choices)
    health = models.CharField(_("health"), max_length=5, choices=Code.choices)
    residency = models.CharField(_("residency"), max_length=5, choices=Code.choices)
    overall = models.CharField(_("overall"), max_length=5, choices=Code.choices)
    reasons = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    rule_set = models.ForeignKey(
        StatusRuleSet,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("worker status")
        verbose_name_plural = _("worker statuses")
        indexes = [
            models.Index(fields=["establishment", "overall"], name="workstatus_est_overall"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.overall}"

    @property
    def is_green(self) -> bool:
        return self.overall == Code.GREEN


class StatusChange(models.Model):
    """A change of a worker's overall code or of its reasons (the first code is a change from
    nothing). A change to red is told to the worker by one SMS (`notified_at`)."""

    employee_id = models.BigIntegerField(_("employee"), db_index=True)
    establishment_id = models.BigIntegerField(_("establishment"))
    from_overall = models.CharField(_("from"), max_length=5, blank=True)
    to_overall = models.CharField(_("to"), max_length=5, choices=Code.choices)
    reasons = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    changed_at = models.DateTimeField(_("changed"), db_index=True)
    run_id = models.BigIntegerField(_("full recompute"), null=True, blank=True)
    notified_at = models.DateTimeField(_("worker told"), null=True, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [
            models.Index(
                fields=["changed_at"],
                name="workstatus_change_unnotified",
                condition=models.Q(to_overall="red", notified_at__isnull=True),
            ),
            models.Index(fields=["establishment_id", "changed_at"], name="workstatus_change_est"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.from_overall} -> {self.to_overall}"


class RecomputeRun(BackgroundRun, BaseModel):
    """One full recompute of every foreign worker's code (set-based, then a swap)."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        RULES = "rules", _("Rules published")
        STAFF = "staff", _("Staff")
        COMMAND = "command", _("Command")

    PROGRESS_TEXT = _("%(done)s of %(total)s workers computed")

    trigger = models.CharField(_("started by"), max_length=10, choices=Trigger.choices)
    as_of = models.DateField(_("for the date"))
    rule_set = models.ForeignKey(StatusRuleSet, on_delete=models.PROTECT, related_name="+")
    red = models.PositiveIntegerField(_("red"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("worker status recompute")
        verbose_name_plural = _("worker status recomputes")

    def __str__(self) -> str:
        return f"{self.as_of} {self.status}"


class ScanLog(models.Model):
    """One check at a worksite or gate: who, where, when, what was checked and the answer.
    Partitioned by month of `scanned_at` (core.partitions); nothing refers to it by a database
    constraint."""

    class Method(models.TextChoices):
        QR = "qr", _("QR code")
        NUMBER = "number", _("Permit number")

    class Result(models.TextChoices):
        GREEN = "green", _("Green")
        RED = "red", _("Red")
        EXPIRED = "expired", _("QR code expired")
        INVALID = "invalid", _("QR code not valid")
        NOT_FOUND = "not_found", _("No such worker")

    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20)
    place = models.CharField(_("where"), max_length=120, blank=True)
    method = models.CharField(_("how"), max_length=6, choices=Method.choices)
    permit_number = models.CharField(_("permit number"), max_length=20, blank=True)
    employee_id = models.BigIntegerField(_("employee"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    reasons = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    scanned_at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        ordering = ["-scanned_at", "-id"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        indexes = [models.Index(fields=["scanned_by", "scanned_at"], name="workstatus_scan_by")]

    def __str__(self) -> str:
        return f"{self.scanned_at:%Y-%m-%d %H:%M} {self.result}"


class Finding(BaseModel):
    """A red worker an inspector found at a worksite, reported from the scanner page."""

    employee = models.ForeignKey(
        "employers.Employee", on_delete=models.PROTECT, related_name="workstatus_findings"
    )
    establishment = models.ForeignKey(
        "employers.Establishment", on_delete=models.PROTECT, related_name="workstatus_findings"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scan_id = models.BigIntegerField(_("scan"), null=True, blank=True)
    place = models.CharField(_("worksite"), max_length=120)
    reasons = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    note = models.TextField(_("what the inspector saw"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("worksite finding")
        verbose_name_plural = _("worksite findings")

    def __str__(self) -> str:
        return f"{self.employee_id} @ {self.place}"


class Watermark(models.Model):
    """How far a catch-up has read a feed (the health ministry's records synchronised)."""

    name = models.CharField(max_length=40, unique=True)
    value = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
