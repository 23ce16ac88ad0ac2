"""The dated Omanization rule sets and their targets by activity and size (core.rulesets)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.rulesets import DatedRuleSet
from employers.models import EconomicActivity, Employee, Establishment

# The figures of an Omanization rule set that policy staff edit (core.rulesets.RuleFamily.fields).
RULE_FIELDS = [
    "name",
    "decree",
    "notes",
    "effective_from",
    "salary_floor_full",
    "salary_floor_half",
    "weight_full",
    "weight_half",
    "weight_below",
    "part_time_weight",
    "disability_weight",
    "disability_cap_percent",
    "minimum_omanis",
    "minimum_after_days",
    "averaging_weeks",
    "plan_required_headcount",
    "plan_required_for_permits",
    "permit_gate",
    "fee_multiplier_compliant",
    "fee_multiplier_non_compliant",
]

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
WEIGHT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10))]


class RuleSet(DatedRuleSet):
    """The Omanization rules in force over a span of dates: targets, counting weights, minimums,
    the averaging window and the consequences. Every figure is data a policy officer edits.

    States, dates, versions and publishing: `core.rulesets.DatedRuleSet` (ADR 0021).

    Counting (defaults are the Saudi Nitaqat weights, DOMAIN.md section 4): a full-time national
    counts `weight_full` at or above `salary_floor_full`, `weight_half` from `salary_floor_half`,
    `weight_below` under it; a part-time national counts `part_time_weight`; a national with a
    disability counts `disability_weight` while such workers are at most `disability_cap_percent`
    of the nationals, and their ordinary weight beyond that. The share is the weighted nationals
    over (weighted nationals + foreign workers), each averaged over the weekly dates of the last
    `averaging_weeks` weeks of the register.
    """

    name = models.CharField(_("name"), max_length=200)
    decree = models.CharField(_("decree or decision"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    salary_floor_full = models.DecimalField(
        _("salary for a full count (OMR a month)"),
        max_digits=9,
        decimal_places=3,
        default=Decimal("325.000"),
        validators=[MinValueValidator(Decimal(0))],
    )
    salary_floor_half = models.DecimalField(
        _("salary for a half count (OMR a month)"),
        max_digits=9,
        decimal_places=3,
        default=Decimal("225.000"),
        validators=[MinValueValidator(Decimal(0))],
    )
    weight_full = models.DecimalField(
        _("weight at or above the full-count salary"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=WEIGHT,
    )
    weight_half = models.DecimalField(
        _("weight between the two salaries"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=WEIGHT,
    )
    weight_below = models.DecimalField(
        _("weight below the half-count salary"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=WEIGHT,
    )
    part_time_weight = models.DecimalField(
        _("weight of a part-time national"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=WEIGHT,
    )
    disability_weight = models.DecimalField(
        _("weight of a national with a disability"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("4.00"),
        validators=WEIGHT,
    )
    disability_cap_percent = models.DecimalField(
        _("cap on nationals with a disability, as a percentage of nationals"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=PERCENT,
    )
    minimum_omanis = models.PositiveSmallIntegerField(
        _("minimum number of Omanis"), default=1, validators=[MaxValueValidator(100)]
    )
    minimum_after_days = models.PositiveIntegerField(
        _("minimum applies after this many days of activity"),
        default=365,
        validators=[MaxValueValidator(3650)],
    )
    averaging_weeks = models.PositiveSmallIntegerField(
        _("averaging window (weeks)"),
        default=26,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
    )
    plan_required_headcount = models.PositiveIntegerField(
        _("headcount from which an annual Omanization plan is due"), default=25
    )
    plan_required_for_permits = models.BooleanField(
        _("establishments that owe a plan get no new permits without an approved one"),
        default=False,
    )
    permit_gate = models.BooleanField(
        _("non-compliant establishments get no new permits or renewals"), default=True
    )
    fee_multiplier_compliant = models.DecimalField(
        _("permit fee multiplier when compliant"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.70"),
        validators=WEIGHT,
    )
    fee_multiplier_non_compliant = models.DecimalField(
        _("permit fee multiplier when not compliant"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("2.00"),
        validators=WEIGHT,
    )

    class Meta:
        ordering = ["-effective_from", "-id"]
        verbose_name = _("Omanization rule set")
        verbose_name_plural = _("Omanization rule sets")
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="ruleset_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(version__isnull=False, published_at__isnull=False),
                name="ruleset_published_has_version",
            ),
            models.CheckConstraint(
                condition=Q(salary_floor_half__lte=F("salary_floor_full")),
                name="ruleset_half_floor_not_above_full",
            ),
            models.CheckConstraint(
                condition=Q(disability_cap_percent__gte=0, disability_cap_percent__lte=100),
                name="ruleset_disability_cap_is_percent",
            ),
            models.CheckConstraint(
                condition=Q(averaging_weeks__gte=1), name="ruleset_averages_at_least_a_week"
            ),
        ]
        indexes = [models.Index(fields=["status", "effective_from"])]

    def __str__(self) -> str:
        if self.version:
            return f"v{self.version} {self.name}"
        return f"{self.name} ({self.get_status_display()})"


class Target(models.Model):
    """A minimum Omani share for establishments of an activity, size class and job level.

    An empty activity, size class or job level matches all. For each establishment and job level
    the most specific target applies (activity first, then size class). A target without a job
    level is the overall target; a target with one applies to the workers of that level.
    """

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE, related_name="targets"
    )
    activity = models.ForeignKey(
        EconomicActivity,
        verbose_name=_("economic activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    size_class = models.CharField(
        _("size class"), max_length=10, choices=Establishment.SizeClass.choices, blank=True
    )
    job_level = models.PositiveSmallIntegerField(
        _("job level"),
        choices=Employee.JobLevel.choices,
        null=True,
        blank=True,
    )
    target_percent = models.DecimalField(
        _("target (% Omani)"), max_digits=5, decimal_places=2, validators=PERCENT
    )

    class Meta:
        ordering = ["activity__code", "size_class", "job_level"]
        verbose_name = _("Omanization target")
        verbose_name_plural = _("Omanization targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_percent__gte=0, target_percent__lte=100),
                name="target_is_a_percentage",
            ),
            models.UniqueConstraint(
                fields=["rule_set", "activity", "size_class", "job_level"],
                nulls_distinct=False,
                name="uniq_target_per_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_percent}%"
