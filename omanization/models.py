"""Omanization rule sets (data with effective dates), their targets, and computed compliance."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.runs import BackgroundRun
from employers.models import Establishment
from omanization.plan_models import OmanizationPlan, OmanizationPlanLine  # noqa: F401 - re-exported
from omanization.rule_models import RuleSet, Target  # noqa: F401 - re-exported

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
WEIGHT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10))]


class ComplianceStatus(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    NON_COMPLIANT = "non_compliant", _("Not compliant")


class ComplianceRun(BackgroundRun):
    """One recompute of every establishment's compliance (command, schedule or staff), as a
    background run (core.runs): created RUNNING, it succeeds when the new table replaces the
    old one. `total` and `processed` count the establishments assessed; the recompute is one
    set-based statement, so they are known only at the end."""

    PROGRESS_TEXT = _("%(done)s of %(total)s establishments assessed")

    class Trigger(models.TextChoices):
        COMMAND = "command", _("Management command")
        SCHEDULE = "schedule", _("Schedule")
        STAFF = "staff", _("Ministry staff")

    as_of = models.DateField(_("as of"))
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="runs"
    )
    trigger = models.CharField(_("started by"), max_length=10, choices=Trigger.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=BackgroundRun.Status.choices,
        default=BackgroundRun.Status.RUNNING,
    )
    compliant = models.PositiveIntegerField(_("compliant"), default=0)
    non_compliant = models.PositiveIntegerField(_("not compliant"), default=0)
    changed = models.PositiveIntegerField(_("status changes"), default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("compliance run")
        verbose_name_plural = _("compliance runs")

    def __str__(self) -> str:
        return f"{self.as_of} ({self.rule_set})"


class EstablishmentCompliance(models.Model):
    """The latest computed compliance of one establishment, written by the set-based recompute.

    The whole table is rebuilt by one INSERT ... SELECT per run (services.compliance_recompute);
    rows are never saved one by one. Foreign keys carry no database constraint so the rebuild
    does not check 203,000 references row by row.
    """

    establishment = models.OneToOneField(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="compliance",
    )
    run = models.ForeignKey(
        ComplianceRun, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    as_of = models.DateField(_("as of"))
    status = models.CharField(_("status"), max_length=15, choices=ComplianceStatus.choices)
    share = models.DecimalField(_("Omani share"), max_digits=7, decimal_places=4, null=True)
    target = models.DecimalField(_("target"), max_digits=7, decimal_places=4, null=True)
    headcount = models.DecimalField(_("average headcount"), max_digits=12, decimal_places=2)
    weighted_omanis = models.DecimalField(_("weighted Omanis"), max_digits=12, decimal_places=2)
    failing_levels = ArrayField(models.PositiveSmallIntegerField(), default=list)
    minimum_met = models.BooleanField(_("minimum met"))
    fee_multiplier = models.DecimalField(_("fee multiplier"), max_digits=4, decimal_places=2)
    permits_allowed = models.BooleanField(_("new permits allowed"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("establishment compliance")
        verbose_name_plural = _("establishment compliance")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.establishment_id}: {self.status}"


class ComplianceChange(models.Model):
    """An establishment whose status changed between two runs: the history of statuses."""

    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="compliance_changes",
    )
    run = models.ForeignKey(
        ComplianceRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="changes"
    )
    from_status = models.CharField(
        _("from"), max_length=15, choices=ComplianceStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=15, choices=ComplianceStatus.choices)
    share = models.DecimalField(_("Omani share"), max_digits=7, decimal_places=4, null=True)
    target = models.DecimalField(_("target"), max_digits=7, decimal_places=4, null=True)

    class Meta:
        ordering = ["-run_id"]
        verbose_name = _("compliance change")
        verbose_name_plural = _("compliance changes")
        indexes = [models.Index(fields=["establishment", "-run"])]

    def __str__(self) -> str:
        return f"{self.establishment_id}: {self.from_status} → {self.to_status}"


class ComplianceCertificate(BaseModel):
    """A compliance certificate issued to an establishment that met its targets on a date.

    Anyone holding the PDF can check it at /verify/omanization/<token>/; the token is random
    (32 bytes), so certificates cannot be enumerated.
    """

    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    token = models.CharField(max_length=64, unique=True, editable=False)
    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="compliance_certificates",
    )
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    as_of = models.DateField(_("as of"))
    share = models.DecimalField(_("Omani share"), max_digits=7, decimal_places=4, null=True)
    target = models.DecimalField(_("target"), max_digits=7, decimal_places=4, null=True)
    valid_until = models.DateField(_("valid until"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("compliance certificate")
        verbose_name_plural = _("compliance certificates")

    def __str__(self) -> str:
        return self.number
