"""Annual Omanization plans: an establishment at or above the rule set's headcount
(`RuleSet.plan_required_headcount`) files, each year, its planned Omani hires and replacements by
job level and quarter; an officer approves it or asks for changes."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from employers.models import Employee, Establishment

QUARTERS = (1, 2, 3, 4)


class OmanizationPlan(BaseModel):
    """One establishment's Omanization plan for one calendar year.

    States:
        SUBMITTED          Filed (or filed again) by the employer, scored; waits for an officer.
        CHANGES_REQUESTED  The officer asked for changes, with the reason; the employer files
                           it again.
        APPROVED           The officer approved it: the establishment has its plan for the year
                           (the permit check and the tender board read this). Terminal.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the ministry")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.SUBMITTED: frozenset({Status.APPROVED, Status.CHANGES_REQUESTED}),
        Status.CHANGES_REQUESTED: frozenset({Status.SUBMITTED}),
        Status.APPROVED: frozenset(),
    }
    TONES: ClassVar[dict[str, str]] = {
        Status.SUBMITTED: "warning",
        Status.CHANGES_REQUESTED: "danger",
        Status.APPROVED: "success",
    }
    EDITABLE: ClassVar[frozenset[str]] = frozenset({Status.CHANGES_REQUESTED})

    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="omanization_plans",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    headcount = models.PositiveIntegerField(_("headcount when filed"))
    target = models.DecimalField(_("target"), max_digits=7, decimal_places=4, null=True)
    projected_share = models.DecimalField(
        _("Omani share at the year's end without the plan"),
        max_digits=7,
        decimal_places=4,
        null=True,
    )
    planned_share = models.DecimalField(
        _("Omani share at the year's end with the plan"),
        max_digits=7,
        decimal_places=4,
        null=True,
    )
    score = models.PositiveSmallIntegerField(
        _("score (% of the target the plan reaches)"), validators=[MaxValueValidator(100)]
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("filed"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("officer's note"), blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("Omanization plan")
        verbose_name_plural = _("Omanization plans")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "year"], name="one_omanization_plan_per_year"
            ),
            models.CheckConstraint(
                condition=Q(score__lte=100), name="omanization_plan_score_is_percent"
            ),
        ]
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self) -> str:
        return f"{self.establishment_id} {self.year} {self.status}"

    @property
    def can_refile(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def meets_target(self) -> bool:
        return self.score >= 100

    @property
    def planned_total(self) -> int:
        return sum(line.omani_hires + line.replacements for line in self.lines.all())


class OmanizationPlanLine(models.Model):
    """The Omanis a plan will bring in at one job level in one quarter: new hires (added to the
    workforce) and replacements (an Omani in the place of a foreign worker who leaves)."""

    plan = models.ForeignKey(OmanizationPlan, on_delete=models.CASCADE, related_name="lines")
    job_level = models.PositiveSmallIntegerField(_("job level"), choices=Employee.JobLevel.choices)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    omani_hires = models.PositiveIntegerField(_("Omani hires"), default=0)
    replacements = models.PositiveIntegerField(_("replacements of foreign workers"), default=0)

    class Meta:
        ordering = ["quarter", "job_level"]
        verbose_name = _("Omanization plan line")
        verbose_name_plural = _("Omanization plan lines")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "job_level", "quarter"], name="one_plan_line_per_level_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="plan_line_quarter_in_year"
            ),
        ]

    def __str__(self) -> str:
        return f"Q{self.quarter} L{self.job_level}: {self.omani_hires}+{self.replacements}"
