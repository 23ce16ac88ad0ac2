"""The dated permit rule sets: fees by band, reserved occupations and policy switches, in force
between dates (core.rulesets)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.rulesets import DatedRuleSet
from employers.models import BilingualNameMixin


class PermitRuleSet(DatedRuleSet):
    """The permit rules in force for a period, as data (MD 12/2021, MD 602/2025, and later).

    Fees come from the bands below; the Omanization multiplier of the establishment's live
    status (omanization rule set) is applied on top. Published rule sets never change; a new
    decree is a new rule set with a later start, and the predecessor is closed the day before.
    """

    name = models.CharField(_("name in English"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    decree = models.CharField(_("decree or decision"), max_length=100, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("validity of a permit (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    transfer_fee = models.DecimalField(
        _("transfer fee (RO)"), max_digits=9, decimal_places=3, default=Decimal("5.000")
    )
    late_fine_per_month = models.DecimalField(
        _("late payment fine per month (RO)"),
        max_digits=9,
        decimal_places=3,
        default=Decimal("10.000"),
    )
    reserved_occupations = ArrayField(
        models.CharField(max_length=4),
        verbose_name=_("occupations reserved for Omanis (ISCO-08 unit groups)"),
        default=list,
        blank=True,
    )
    straight_through = models.BooleanField(
        _("approve automatically when every check passes"), default=True
    )
    labor_market_test_enabled = models.BooleanField(
        _("labour-market test in force"),
        default=False,
        help_text=_(
            "Off until vacancies are advertised through the ministry: the check is then "
            "recorded as switched off on each permit."
        ),
    )
    labor_market_test_days = models.PositiveSmallIntegerField(
        _("days a vacancy must be advertised"), default=14
    )
    passport_min_validity_months = models.PositiveSmallIntegerField(
        _("months a passport must still be valid"), default=6
    )
    renewal_window_weeks = models.PositiveSmallIntegerField(
        _("renewal window (weeks before expiry)"), default=12
    )

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("permit rule set")
        verbose_name_plural = _("permit rule sets")

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%Y-%m-%d})"

    @property
    def title(self) -> str:
        """The name in the reader's language (English when no Arabic name was given)."""
        from django.utils.translation import get_language

        arabic = (get_language() or "ar").startswith("ar")
        return self.name_ar if arabic and self.name_ar else self.name


class FeeBand(BilingualNameMixin, BaseModel):
    """One fee category of a rule set. A permit falls in every band whose occupation major
    groups contain its occupation or whose salary floor it reaches; the dearest band applies.
    A band with neither is the default for everything else."""

    rule_set = models.ForeignKey(PermitRuleSet, on_delete=models.CASCADE, related_name="fee_bands")
    code = models.SlugField(_("code"), max_length=30)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    isco_major_groups = ArrayField(
        models.CharField(max_length=1),
        verbose_name=_("ISCO-08 major groups"),
        default=list,
        blank=True,
    )
    min_salary = models.DecimalField(
        _("from a monthly salary of (RO)"),
        max_digits=9,
        decimal_places=3,
        null=True,
        blank=True,
    )
    amount = models.DecimalField(_("fee (RO)"), max_digits=9, decimal_places=3)

    class Meta:
        ordering = ["rule_set", "-amount"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code"], name="fee_band_code_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="fee_band_amount_gte_0"),
        ]
        verbose_name = _("fee band")
        verbose_name_plural = _("fee bands")

    def __str__(self) -> str:
        return f"{self.code}: {self.amount}"
