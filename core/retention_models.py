"""Retention as dated rules (core.rulesets): how long each class of personal data is kept."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.rulesets import DatedRuleSet


class RetentionRuleSet(DatedRuleSet):
    """The retention periods in force over a span of dates. A class of data without a period
    in the set in force is kept: nothing is deleted without a published rule."""

    name = models.CharField(_("name in English"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    decree = models.CharField(_("decree or decision"), max_length=100, blank=True)

    class Meta(DatedRuleSet.Meta):
        ordering = ["-effective_from", "-id"]
        verbose_name = _("retention rule set")
        verbose_name_plural = _("retention rule sets")

    def __str__(self) -> str:
        return self.name


class RetentionPeriod(BaseModel):
    """How many days one class of data (core.retention) is kept after it stops being needed."""

    rule_set = models.ForeignKey(RetentionRuleSet, on_delete=models.CASCADE, related_name="periods")
    data_class = models.SlugField(_("class of data"), max_length=40)
    days = models.PositiveIntegerField(_("kept for (days)"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["rule_set", "data_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "data_class"], name="retention_period_class_unique"
            ),
            models.CheckConstraint(condition=models.Q(days__gte=1), name="retention_days_positive"),
        ]
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")

    def __str__(self) -> str:
        return f"{self.data_class}: {self.days}"
