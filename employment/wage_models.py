"""Wage protection: the monthly check of the central bank's salary files against the workforce
register and the contracts (employment.services.wage_protection), its results per establishment
and per worker, and the lines a worker disputes."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.runs import BackgroundRun


class WageProtectionRun(BackgroundRun, BaseModel):
    """One check of one salary month for every establishment (the monthly beat, or staff on
    demand). Re-running a month recomputes the same results from the same files: nothing is
    written twice (results are keyed by establishment and month, messages and violations by
    idempotency keys)."""

    PROGRESS_TEXT = _("%(done)s of %(total)s establishments checked")

    month = models.DateField(_("salary month"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    workers_checked = models.PositiveIntegerField(_("workers checked"), default=0)
    workers_missed = models.PositiveIntegerField(_("workers not paid as due"), default=0)
    warnings_written = models.PositiveIntegerField(_("warnings written"), default=0)
    violations_raised = models.PositiveIntegerField(_("violations raised"), default=0)
    suspensions_lifted = models.PositiveIntegerField(_("suspensions lifted"), default=0)
    # how long the two phases took: the set-based check with its stages, violations and the
    # representatives' SMS; then the workers' notices to their verified numbers
    check_seconds = models.FloatField(_("seconds checking"), null=True, blank=True)
    notify_seconds = models.FloatField(_("seconds telling the workers"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("wage protection check")
        verbose_name_plural = _("wage protection checks")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.status}"


class WageProtectionResult(BaseModel):
    """An establishment's wage protection in one salary month: how many workers of the register
    were due a salary, how many were paid in full and on time, and the rate.

    `stage` says what the month led to: nothing (all paid), a warning (the first month with a
    worker not paid as due) or a violation (the second month in a row)."""

    class Stage(models.TextChoices):
        COMPLIANT = "compliant", _("All paid as due")
        WARNED = "warned", _("Warning sent")
        VIOLATION = "violation", _("Violation raised")

    TONES: ClassVar[dict[str, str]] = {
        Stage.COMPLIANT: "success",
        Stage.WARNED: "warning",
        Stage.VIOLATION: "danger",
    }

    # Written by the check only (INSERT ... SELECT from the register, a range of 20,000
    # establishments at a time, 203,000 a month), with the rule set of the month it just read:
    # as for the lines, the rows they point at exist by construction, and deleting either is
    # still guarded by Django (PROTECT). A database check of each row's two keys ran at commit
    # (40,000 look-ups a range, each locking the row it found), and three indexes nobody reads
    # (the time written, the establishment the unique key already leads with, the month's
    # one rule set) were written with every row (ADR 0026, fifth revision).
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    establishment = models.ForeignKey(
        "employers.Establishment",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the unique key (establishment, month) starts with it
        db_constraint=False,
    )
    month = models.DateField(_("salary month"))
    rule_set = models.ForeignKey(
        "employment.LifecycleRuleSet",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    due_on = models.DateField(_("salary due on"))
    pay_by = models.DateField(_("to be paid by"))
    workers_due = models.PositiveIntegerField(_("workers due a salary"), default=0)
    paid = models.PositiveIntegerField(_("paid in full and on time"), default=0)
    late = models.PositiveIntegerField(_("paid late"), default=0)
    underpaid = models.PositiveIntegerField(_("paid less than the contract"), default=0)
    unpaid = models.PositiveIntegerField(_("not paid"), default=0)
    compliance_rate = models.DecimalField(
        _("compliance rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # lines of the month's file for people not on the register: refused, not counted as paid
    unknown_lines = models.PositiveIntegerField(_("lines for unknown workers"), default=0)
    stage = models.CharField(
        _("outcome"), max_length=10, choices=Stage.choices, default=Stage.COMPLIANT
    )
    violation = models.ForeignKey(
        "employment.Violation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # indexed where set only (wps_result_violation): most rows have none
    )

    class Meta:
        ordering = ["-month", "establishment_id"]
        verbose_name = _("wage protection result")
        verbose_name_plural = _("wage protection results")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "month"], name="wage_protection_result_key"
            )
        ]
        indexes = [
            models.Index(fields=["month", "compliance_rate"], name="wps_result_rate"),
            models.Index(
                fields=["violation"],
                name="wps_result_violation",
                condition=models.Q(violation__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.establishment_id} {self.month:%Y-%m} {self.compliance_rate}"

    @property
    def tone(self) -> str:
        return self.TONES.get(self.stage, "secondary")

    @property
    def missed(self) -> int:
        return self.late + self.underpaid + self.unpaid

    @property
    def outstanding(self) -> int:
        """Workers still owed money (late pay was paid in the end)."""
        return self.underpaid + self.unpaid


class WageProtectionLine(BaseModel):
    """One worker of the register in one salary month, as the check found them, kept for the
    workers not paid as due (late, underpaid, unpaid) and for a line a worker disputed. A worker
    paid in full and on time keeps no line: the central bank's line (integrations.SalaryFileLine)
    is theirs, and the selectors show it as an unsaved line (ADR 0026)."""

    class Outcome(models.TextChoices):
        PAID = "paid", _("Paid in full and on time")
        LATE = "late", _("Paid late")
        UNDERPAID = "underpaid", _("Paid less than the contract")
        UNPAID = "unpaid", _("Not paid")

    TONES: ClassVar[dict[str, str]] = {
        Outcome.PAID: "success",
        Outcome.LATE: "warning",
        Outcome.UNDERPAID: "danger",
        Outcome.UNPAID: "danger",
    }
    MISSED: ClassVar[frozenset[str]] = frozenset({Outcome.LATE, Outcome.UNDERPAID, Outcome.UNPAID})

    # The lines are written only by the check's INSERT ... SELECT, from a join of the register:
    # the rows they point at exist by construction, and a database check of each of the two
    # million rows a month (plus an index on the time written and one the unique key already
    # covers) would cost more than the check itself (PERFORMANCE.md: bulk loads). Deleting an
    # establishment or an employee is still guarded by Django (PROTECT, SET_NULL).
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    establishment = models.ForeignKey(
        "employers.Establishment",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the unique key (establishment, month, civil_id) starts with it
        db_constraint=False,
    )
    month = models.DateField(_("salary month"))
    employee = models.ForeignKey(
        "employers.Employee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    civil_id = models.CharField(_("civil or resident number"), max_length=20)
    salary_due = models.DecimalField(_("contract salary"), max_digits=10, decimal_places=3)
    salary_paid = models.DecimalField(_("salary paid"), max_digits=10, decimal_places=3, default=0)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    file_reference = models.CharField(_("salary file"), max_length=40, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)

    class Meta:
        ordering = ["-month", "civil_id"]
        verbose_name = _("wage protection line")
        verbose_name_plural = _("wage protection lines")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "month", "civil_id"], name="wage_protection_line_key"
            )
        ]
        indexes = [models.Index(fields=["civil_id", "month"], name="wps_line_worker")]

    def __str__(self) -> str:
        return f"{self.civil_id} {self.month:%Y-%m} {self.outcome}"

    @property
    def tone(self) -> str:
        return self.TONES.get(self.outcome, "secondary")

    @property
    def open_dispute(self) -> SalaryLineDispute | None:
        """The worker's open dispute of this line (from prefetched disputes), or None (a line
        read from the file, not kept, has none)."""
        if self.pk is None:
            return None
        return next((d for d in self.disputes.all() if d.status == "open"), None)


class SalaryLineDispute(BaseModel):
    """A worker says a line of their own salary is wrong (not paid, less than shown, a wrong
    date): a case for wage-protection staff.

    States:
        OPEN        Flagged by the worker; waits for staff.
        UPHELD      Staff found for the worker (the employer is followed up). Terminal.
        REJECTED    Staff found the line right, with the reason. Terminal.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the ministry")
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", _("Not upheld")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.OPEN: frozenset({Status.UPHELD, Status.REJECTED}),
        Status.UPHELD: frozenset(),
        Status.REJECTED: frozenset(),
    }
    TONES: ClassVar[dict[str, str]] = {
        Status.OPEN: "warning",
        Status.UPHELD: "success",
        Status.REJECTED: "secondary",
    }

    line = models.ForeignKey(WageProtectionLine, on_delete=models.PROTECT, related_name="disputes")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    explanation = models.TextField(_("what is wrong"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("disputed salary line")
        verbose_name_plural = _("disputed salary lines")
        constraints = [
            models.UniqueConstraint(
                fields=["line"],
                condition=models.Q(status="open"),
                name="one_open_dispute_per_line",
            )
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.status}"
