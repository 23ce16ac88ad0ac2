"""The dated employment-lifecycle rule sets (notice periods, objection windows, violation types),
in force between dates (core.rulesets)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.rulesets import DatedRuleSet
from employers.models import BilingualNameMixin


def _arabic() -> bool:
    return (get_language() or "ar").startswith("ar")


class LifecycleRuleSet(DatedRuleSet):
    """The lifecycle rules in force for a period. Published rule sets never change; a new decree
    is a new rule set from a later date (as for Omanization and permit rule sets).

    `termination_reasons` is the law's list: [{"code", "en", "ar", "kind"}] where kind is one of
    performance, economic, misconduct, end_of_contract, other. `salary_floors` maps an ISCO-08
    major group ("1".."9") to the lowest monthly salary (RO) a contract may state.
    """

    name = models.CharField(_("name in English"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    decree = models.CharField(_("decree or decision"), max_length=100, blank=True)
    absconding_min_days = models.PositiveSmallIntegerField(
        _("days of absence before an absconding report"), default=7
    )
    absconding_objection_days = models.PositiveSmallIntegerField(
        _("days a worker has to object to an absconding report"), default=60
    )
    absconding_monthly_limit = models.PositiveSmallIntegerField(
        _("absconding reports a month before an investigation"), default=5
    )
    absconding_yearly_limit = models.PositiveSmallIntegerField(
        _("absconding reports a year before an investigation"), default=10
    )
    salary_paid_within_days = models.PositiveSmallIntegerField(
        _("salary must be paid up to this many days before the absence"),
        default=7,
        help_text=_("Wage protection: salaries are due through the central bank file."),
    )
    wage_shortfall_tolerance_percent = models.DecimalField(
        _("wage protection: shortfall tolerated (% of the contract salary)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(0)],
        help_text=_("A salary paid at most this much below the contract counts as paid in full."),
    )
    termination_objection_days = models.PositiveSmallIntegerField(
        _("days a worker has to object to a termination"), default=30
    )
    min_notice_days = models.PositiveSmallIntegerField(
        _("shortest notice period (days)"), default=30
    )
    performance_improvement_months = models.PositiveSmallIntegerField(
        _("improvement period before a performance dismissal (months)"), default=6
    )
    violation_escalation_count = models.PositiveSmallIntegerField(
        _("violations in a year that suspend the establishment's services"), default=3
    )
    contract_approval_required = models.BooleanField(
        _("contracts need ministry approval"), default=False
    )
    contract_acceptance_days = models.PositiveSmallIntegerField(
        _("days a worker has to accept a contract"), default=7
    )
    resignation_answer_days = models.PositiveSmallIntegerField(
        _("days an employer has to answer a resignation"),
        default=7,
        help_text=_("A resignation left unanswered is accepted, with a no-objection record."),
    )
    noc_transfer_days = models.PositiveSmallIntegerField(
        _("days after the last working day a no-objection record allows a transfer"),
        default=30,
    )
    termination_reasons = models.JSONField(_("reasons the law allows"), default=list)
    salary_floors = models.JSONField(_("salary floors by ISCO-08 major group"), default=dict)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("employment rule set")
        verbose_name_plural = _("employment rule sets")

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%Y-%m-%d})"

    @property
    def title(self) -> str:
        return self.name_ar if _arabic() and self.name_ar else self.name

    def reason(self, code: str) -> dict[str, str] | None:
        return next((r for r in self.termination_reasons if r.get("code") == code), None)

    def salary_floor(self, occupation_code: str) -> Decimal | None:
        """The lowest monthly salary (RO) for the occupation's ISCO-08 major group, or None."""
        floor = (self.salary_floors or {}).get(occupation_code[:1])
        return Decimal(str(floor)) if floor not in (None, "") else None


class ViolationType(BilingualNameMixin, BaseModel):
    """One line of the fine schedule of a rule set."""

    rule_set = models.ForeignKey(
        LifecycleRuleSet, on_delete=models.CASCADE, related_name="violation_types"
    )
    code = models.SlugField(_("code"), max_length=40)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    fine = models.DecimalField(
        _("fine (RO)"), max_digits=9, decimal_places=3, validators=[MinValueValidator(0)]
    )
    per_worker = models.BooleanField(_("fine per worker concerned"), default=False)
    repeat_multiplier = models.DecimalField(
        _("multiplier for a repeat within a year"), max_digits=4, decimal_places=2, default=2
    )

    class Meta:
        ordering = ["rule_set", "code"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code"], name="violation_type_code_unique")
        ]
        verbose_name = _("violation type")
        verbose_name_plural = _("violation types")

    def __str__(self) -> str:
        return self.code
