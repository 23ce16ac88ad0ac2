"""Inspections: the dated risk weights, the monthly plan per governorate (a background run that
scores every establishment set-based), the visit types and their checklists (data), the visits
assigned to inspectors and the findings captured in the field."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.rulesets import DatedRuleSet
from core.runs import BackgroundRun
from employers.models import BilingualNameMixin, Governorate


class RiskRuleSet(DatedRuleSet):
    """The weights of an establishment's inspection risk, in force over a span of dates.

    The score is out of the sum of the weights: each input gives its weight times a share
    between 0 and 1. The wage-protection share is the part of the workers not paid as due in the
    latest checked month before the plan's month; violations, complaints and absconding reports
    are counted over `lookback_days` and give their full weight at `count_cap` or more; the
    Omanization share is 1 when the latest compliance run found the establishment not compliant.

    Complaints are the salary lines workers disputed (employment.SalaryLineDispute), not
    rejected: the portal has no other complaint against an employer (a Sanad complaint is about
    a centre). Accommodation is read from the accommodation app (`inspections.questions`): each
    site over capacity where the establishment's workers live gives the full weight; each of
    its workers whose accommodation records are unconfirmed or disagree counts towards
    `count_cap` like the other counts.
    """

    name = models.CharField(_("name in English"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    weight_wage_protection = models.PositiveSmallIntegerField(
        _("weight of wage protection"), default=30, validators=[MaxValueValidator(100)]
    )
    weight_violations = models.PositiveSmallIntegerField(
        _("weight of violations"), default=25, validators=[MaxValueValidator(100)]
    )
    weight_complaints = models.PositiveSmallIntegerField(
        _("weight of complaints"), default=10, validators=[MaxValueValidator(100)]
    )
    weight_absconding = models.PositiveSmallIntegerField(
        _("weight of absconding reports"), default=15, validators=[MaxValueValidator(100)]
    )
    weight_omanization = models.PositiveSmallIntegerField(
        _("weight of Omanization"), default=10, validators=[MaxValueValidator(100)]
    )
    weight_accommodation = models.PositiveSmallIntegerField(
        _("weight of accommodation"), default=10, validators=[MaxValueValidator(100)]
    )
    count_cap = models.PositiveSmallIntegerField(
        _("count that gives the full weight"), default=5, validators=[MinValueValidator(1)]
    )
    lookback_days = models.PositiveSmallIntegerField(
        _("days counted back"), default=365, validators=[MinValueValidator(1)]
    )
    visits_per_plan = models.PositiveSmallIntegerField(
        _("establishments in a plan"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )

    class Meta(DatedRuleSet.Meta):
        ordering = ["-effective_from", "-id"]
        verbose_name = _("inspection risk rule set")
        verbose_name_plural = _("inspection risk rule sets")

    def __str__(self) -> str:
        return self.name

    @property
    def weight_total(self) -> int:
        return (
            self.weight_wage_protection
            + self.weight_violations
            + self.weight_complaints
            + self.weight_absconding
            + self.weight_omanization
            + self.weight_accommodation
        )


class InspectionPlan(BackgroundRun, BaseModel):
    """A month's inspections in one governorate: every establishment of the governorate scored
    by the risk rule set in force on the first of the month (one set-based statement), and the
    riskiest `visits_per_plan` kept as the plan's entries. A supervisor (approver) approves it;
    visits are assigned only from an approved plan. One approved plan per month and
    governorate; an unapproved one may be computed again (a new run)."""

    PROGRESS_TEXT = _("%(done)s of %(total)s establishments scored")

    month = models.DateField(_("month"))
    governorate = models.CharField(_("governorate"), max_length=30, choices=Governorate.choices)
    rule_set = models.ForeignKey(
        RiskRuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="plans"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        ordering = ["-month", "governorate", "-id"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "governorate"],
                condition=models.Q(approved_at__isnull=False),
                name="one_approved_plan_per_month_and_governorate",
            ),
            models.UniqueConstraint(
                fields=["month", "governorate"],
                condition=models.Q(requested_by__isnull=True) & ~models.Q(status="failed"),
                name="one_scheduled_plan_per_month_and_governorate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.governorate}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class PlanEntry(models.Model):
    """One establishment of a plan, with its score and the inputs that made it (so a
    supervisor sees why it was chosen). Written by the plan's one INSERT ... SELECT."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="entries")
    establishment = models.ForeignKey(
        "employers.Establishment", on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveIntegerField(_("rank"))
    score = models.DecimalField(_("risk score"), max_digits=7, decimal_places=2)
    wage_rate = models.DecimalField(
        _("wage protection rate (%)"), max_digits=5, decimal_places=2, null=True
    )
    violations = models.PositiveIntegerField(_("violations"), default=0)
    complaints = models.PositiveIntegerField(_("complaints"), default=0)
    absconding = models.PositiveIntegerField(_("absconding reports"), default=0)
    omanization_failed = models.BooleanField(_("Omanization not met"), default=False)
    sites_over_capacity = models.PositiveIntegerField(
        _("accommodation sites over capacity"), default=0
    )
    residents_unconfirmed = models.PositiveIntegerField(
        _("workers whose accommodation the operator has not confirmed"), default=0
    )
    residents_mismatched = models.PositiveIntegerField(
        _("workers whose accommodation records disagree"), default=0
    )

    class Meta:
        ordering = ["plan", "rank"]
        verbose_name = _("plan entry")
        verbose_name_plural = _("plan entries")
        constraints = [
            models.UniqueConstraint(fields=["plan", "establishment"], name="plan_entry_key")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} #{self.rank}"


class VisitType(BilingualNameMixin, models.Model):
    """A kind of visit (wage records, contracts, accommodation, safety, Omanization on site),
    with its checklist. Kept as data (a migration loads the first ones)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100)
    name_ar = models.CharField(_("name in Arabic"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("visit type")
        verbose_name_plural = _("visit types")

    def __str__(self) -> str:
        return self.code


class ChecklistItem(models.Model):
    """One point an inspector checks on a visit of its type. A finding on it becomes, once
    confirmed, a violation of `violation_type_code` in the fine schedule in force."""

    visit_type = models.ForeignKey(VisitType, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=40)
    text_en = models.CharField(_("text in English"), max_length=200)
    text_ar = models.CharField(_("text in Arabic"), max_length=200)
    violation_type_code = models.CharField(_("violation type"), max_length=30)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["visit_type", "position", "code"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(fields=["visit_type", "code"], name="checklist_item_key")
        ]

    def __str__(self) -> str:
        return f"{self.visit_type_id}:{self.code}"

    @property
    def text(self) -> str:
        from django.utils import translation

        return self.text_en if translation.get_language() == "en" else self.text_ar


class Visit(BaseModel):
    """An inspector's visit to an establishment of an approved plan.

    States:
        ASSIGNED    A supervisor assigned it to an inspector; findings are captured in the field.
        REPORTED    The inspector sent the report (every finding confirmed or dismissed); the
                    employer is told by SMS and sees it.
        ANSWERED    The employer answered the report. Terminal.
        CANCELLED   The supervisor called it off before the report, with the reason, while no
                    finding was recorded; the inspector sees it in their visits. Terminal.
    """

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        REPORTED = "reported", _("Report sent")
        ANSWERED = "answered", _("Answered by the employer")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.ASSIGNED: frozenset({Status.REPORTED, Status.CANCELLED}),
        Status.REPORTED: frozenset({Status.ANSWERED}),
        Status.ANSWERED: frozenset(),
        Status.CANCELLED: frozenset(),
    }
    TONES: ClassVar[dict[str, str]] = {
        Status.ASSIGNED: "info",
        Status.REPORTED: "warning",
        Status.ANSWERED: "success",
        Status.CANCELLED: "secondary",
    }
    IN_THE_FIELD: ClassVar[frozenset[str]] = frozenset({Status.ASSIGNED})
    EMPLOYER_SEES: ClassVar[frozenset[str]] = frozenset({Status.REPORTED, Status.ANSWERED})

    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="visits")
    establishment = models.ForeignKey(
        "employers.Establishment", on_delete=models.PROTECT, related_name="+"
    )
    visit_type = models.ForeignKey(
        VisitType, verbose_name=_("visit type"), on_delete=models.PROTECT, related_name="+"
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scheduled_on = models.DateField(_("visit date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ASSIGNED
    )
    summary = models.TextField(_("report"), blank=True)
    reported_at = models.DateTimeField(_("report sent"), null=True, blank=True)
    employer_answer = models.TextField(_("employer's answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for the cancellation"), blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["-scheduled_on", "-id"]
        verbose_name = _("inspection visit")
        verbose_name_plural = _("inspection visits")
        indexes = [
            models.Index(fields=["inspector", "status"]),
            models.Index(fields=["establishment", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.establishment_id} {self.scheduled_on} {self.status}"

    @property
    def tone(self) -> str:
        return self.TONES.get(self.status, "secondary")

    @property
    def can_cancel(self) -> bool:
        return self.Status.CANCELLED in self.TRANSITIONS.get(self.status, frozenset())


class Finding(BaseModel):
    """What an inspector found on one checklist item of a visit, captured on a phone.

    `client_id` is generated by the phone when the finding is first written (offline too):
    a submission replayed when the phone reconnects finds the finding it already made.

    States:
        RECORDED    Captured in the field; the inspector confirms or dismisses it at the desk.
        CONFIRMED   Became a violation (employment's violation service, `violation`). Terminal.
        DISMISSED   Not a breach after all. Terminal.
    """

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        CONFIRMED = "confirmed", _("Confirmed as a violation")
        DISMISSED = "dismissed", _("Dismissed")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.RECORDED: frozenset({Status.CONFIRMED, Status.DISMISSED}),
        Status.CONFIRMED: frozenset(),
        Status.DISMISSED: frozenset(),
    }
    TONES: ClassVar[dict[str, str]] = {
        Status.RECORDED: "warning",
        Status.CONFIRMED: "danger",
        Status.DISMISSED: "secondary",
    }
    UNDECIDED: ClassVar[frozenset[str]] = frozenset({Status.RECORDED})

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="findings")
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("checklist item"), on_delete=models.PROTECT, related_name="+"
    )
    client_id = models.UUIDField(_("reference from the phone"), unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    observed_on = models.DateField(_("observed on"))
    workers_concerned = models.PositiveIntegerField(_("workers concerned"), default=1)
    note = models.TextField(_("what was found"))
    photo_path = models.CharField(_("photo"), max_length=200, blank=True)
    photo_type = models.CharField(_("photo type"), max_length=30, blank=True)
    photo_sha256 = models.CharField(_("photo fingerprint"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECORDED
    )
    violation = models.ForeignKey(
        "employment.Violation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["visit", "created_at", "id"]
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")

    def __str__(self) -> str:
        return f"{self.visit_id} {self.item_id} {self.status}"

    @property
    def tone(self) -> str:
        return self.TONES.get(self.status, "secondary")
