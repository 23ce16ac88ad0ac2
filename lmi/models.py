"""The rollup table, its runs, the disclosure rules, the released open datasets, the governorate
scope of staff, and the training institutions with their courses."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.rulesets import DatedRuleSet
from core.runs import BackgroundRun
from employers.models import Governorate


class Fact(models.Model):
    """One cell of the rollups: a measure's value for one month and one combination of the
    dimensions. A dimension that does not apply to the measure (or is not recorded) is ''.

    `lmi.rollups` rebuilds the whole table set-based (INSERT ... SELECT ... GROUP BY into a
    staging table, then swapped in one short transaction); nothing else writes it.

    Dimensions: month (first day), governorate, activity (ISIC code of the establishment),
    occupation (ISCO-08 sub-major group, two digits; its first digit is the major group),
    nationality (ISO 3166 alpha-3; OMN for Omanis), breakdown (a reason, a violation type or a
    skill code, by measure). Sex is not recorded anywhere in the portal, so there is no sex
    dimension yet.

    For money measures, `contributors` is the number of establishments in the cell and
    `top_two` the sum of its two largest establishments' contributions (the dominance rule).
    """

    measure = models.CharField(max_length=40)
    month = models.DateField()
    governorate = models.CharField(max_length=30, default="", blank=True)
    activity = models.CharField(max_length=8, default="", blank=True)
    occupation = models.CharField(max_length=2, default="", blank=True)
    nationality = models.CharField(max_length=3, default="", blank=True)
    breakdown = models.CharField(max_length=64, default="", blank=True)
    value = models.DecimalField(max_digits=18, decimal_places=3)
    contributors = models.PositiveIntegerField(default=0)
    top_two = models.DecimalField(max_digits=18, decimal_places=3, default=Decimal(0))

    class Meta:
        db_table = "lmi_fact"
        indexes = [models.Index(fields=["measure", "month", "governorate"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.month:%Y-%m} {self.value}"


class RollupRun(BackgroundRun, BaseModel):
    """One rebuild of the rollups (nightly, or asked for by staff), then the release of the open
    datasets from them."""

    PROGRESS_TEXT = _("%(done)s of %(total)s measures rolled up")

    class Trigger(models.TextChoices):
        NIGHTLY = "nightly", _("Nightly")
        ON_DEMAND = "on_demand", _("Asked for by staff")

    trigger = models.CharField(
        _("started by"), max_length=12, choices=Trigger.choices, default=Trigger.ON_DEMAND
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rows = models.PositiveIntegerField(_("rollup rows"), default=0)
    released = models.PositiveSmallIntegerField(_("datasets released"), default=0)
    withheld = models.PositiveSmallIntegerField(_("datasets withheld"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rollup run")
        verbose_name_plural = _("rollup runs")

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.created_at:%Y-%m-%d %H:%M}"


class DisclosureRuleSet(DatedRuleSet):
    """Statistical disclosure control in force over a span of dates (DOMAIN.md section 11):
    a published count below `threshold` is suppressed; a money total whose two largest
    contributors hold more than `dominance_percent` of it is suppressed. Without a published
    set, the defaults of the fields apply."""

    name = models.CharField(_("name in English"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    threshold = models.PositiveSmallIntegerField(
        _("smallest count published"), default=10, validators=[MinValueValidator(1)]
    )
    dominance_percent = models.PositiveSmallIntegerField(
        _("largest share of a money total held by its two largest contributors (%)"),
        default=85,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta(DatedRuleSet.Meta):
        ordering = ["-effective_from", "-id"]
        verbose_name = _("disclosure rule set")
        verbose_name_plural = _("disclosure rule sets")

    def __str__(self) -> str:
        return self.name


class Release(BaseModel):
    """One open dataset as built from one rollup run: released when the disclosure check proved
    every suppressed cell undetermined by the published totals, withheld otherwise (the API
    keeps serving the last released one)."""

    class Status(models.TextChoices):
        RELEASED = "released", _("Released")
        WITHHELD = "withheld", _("Withheld: the disclosure check failed")

    dataset = models.CharField(_("dataset"), max_length=60, db_index=True)
    run = models.ForeignKey(
        RollupRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="releases"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    threshold = models.PositiveSmallIntegerField(_("smallest count published"))
    # {"rows": [...], "columns": [...], "cells": [[value or null]], "row_totals": [...],
    #  "column_totals": [...], "total": ...}: null is a suppressed cell.
    table = models.JSONField(_("published table"), default=dict)
    suppressed = models.PositiveIntegerField(_("cells suppressed"), default=0)
    check_report = models.TextField(_("disclosure check"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dataset", "status", "-created_at"])]
        verbose_name = _("open data release")
        verbose_name_plural = _("open data releases")

    def __str__(self) -> str:
        return f"{self.dataset} {self.status}"


class StaffScope(BaseModel):
    """A ministry staff member who works for one governorate's directorate: the dashboards show
    them that governorate only. Staff without a scope see the whole country."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lmi_scope"
    )
    governorate = models.CharField(_("governorate"), max_length=30, choices=Governorate.choices)

    class Meta:
        verbose_name = _("governorate scope of a staff member")
        verbose_name_plural = _("governorate scopes of staff")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.governorate}"


class Institution(BaseModel):
    """A technical college or vocational training centre."""

    name_en = models.CharField(_("name in English"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    governorate = models.CharField(_("governorate"), max_length=30, choices=Governorate.choices)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="training_institutions", blank=True
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("training institution")
        verbose_name_plural = _("training institutions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_ar


class Course(BaseModel):
    """A course an institution publishes, with the skills it teaches (the portal's skill codes):
    jobseekers missing one of those skills see it."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="courses")
    title_en = models.CharField(_("title in English"), max_length=200)
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    governorate = models.CharField(_("governorate"), max_length=30, choices=Governorate.choices)
    weeks = models.PositiveSmallIntegerField(
        _("length (weeks)"), default=12, validators=[MinValueValidator(1)]
    )
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["title_en", "id"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if translation.get_language() == "en" else self.title_ar


class CourseSkill(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="skills")
    skill_code = models.CharField(_("skill"), max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "skill_code"], name="course_skill_once")
        ]

    def __str__(self) -> str:
        return self.skill_code
