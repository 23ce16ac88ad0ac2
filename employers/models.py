"""Establishments, memberships of their representatives, and the workforce register."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.runs import BackgroundRun


class Governorate(models.TextChoices):
    """The eleven governorates of the Sultanate of Oman."""

    MUSCAT = "muscat", _("Muscat")
    DHOFAR = "dhofar", _("Dhofar")
    MUSANDAM = "musandam", _("Musandam")
    AL_BURAIMI = "al_buraimi", _("Al Buraimi")
    AD_DAKHILIYAH = "ad_dakhiliyah", _("Ad Dakhiliyah")
    NORTH_AL_BATINAH = "north_al_batinah", _("North Al Batinah")
    SOUTH_AL_BATINAH = "south_al_batinah", _("South Al Batinah")
    SOUTH_ASH_SHARQIYAH = "south_ash_sharqiyah", _("South Ash Sharqiyah")
    NORTH_ASH_SHARQIYAH = "north_ash_sharqiyah", _("North Ash Sharqiyah")
    AD_DHAHIRAH = "ad_dhahirah", _("Ad Dhahirah")
    AL_WUSTA = "al_wusta", _("Al Wusta")


class Service(models.TextChoices):
    """The e-services a representative may be authorised for, one by one (each employer page
    states the one it needs: employers.access.employer_required(service=...))."""

    PERMITS = "permits", _("Work permits")
    WORKFORCE = "workforce", _("Workforce register")
    CONTRACTS = "contracts", _("Contracts and terminations")
    VACANCIES = "vacancies", _("Vacancies and candidates")
    OMANIZATION = "omanization", _("Omanization and certificates")
    PAYMENTS = "payments", _("Payments")
    REPRESENTATIVES = "representatives", _("Representatives")


class BilingualNameMixin:
    name_ar: str
    name_en: str

    @property
    def name(self) -> str:
        if translation.get_language() == "en":
            return self.name_en or self.name_ar
        return self.name_ar or self.name_en


class EconomicActivity(BilingualNameMixin, BaseModel):
    """An economic activity (ISIC rev. 4 code), the unit Omanization targets are set for."""

    code = models.CharField(_("ISIC code"), max_length=8, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("economic activity")
        verbose_name_plural = _("economic activities")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Establishment(BilingualNameMixin, BaseModel):
    """A private-sector establishment registered at the commerce registry.

    States:
        ACTIVE      Trading; may use every service its Omanization status allows.
        SUSPENDED   Services suspended (commerce registry, repeated violations); no new cases.
        CLOSED      Struck off. Terminal; its records stay for history.

    `permits_barred` is a separate bar on new work permits that staff set with a reason.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")

    class SizeClass(models.TextChoices):
        MICRO = "micro", _("Micro (1 to 5 employees)")
        SMALL = "small", _("Small (6 to 25 employees)")
        MEDIUM = "medium", _("Medium (26 to 99 employees)")
        LARGE = "large", _("Large (100 employees or more)")

    cr_number = models.CharField(
        _("commercial registration number"),
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^\d{7,10}$", _("Enter the 7 to 10 digits of the CR number."))],
    )
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    activity = models.ForeignKey(
        EconomicActivity,
        verbose_name=_("economic activity"),
        on_delete=models.PROTECT,
        related_name="establishments",
    )
    governorate = models.CharField(_("governorate"), max_length=30, choices=Governorate)
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass.choices, default=SizeClass.MICRO
    )
    # The commerce registry and staff decisions move it; CLOSED is final (ADR 0019).
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.ACTIVE: frozenset({Status.SUSPENDED, Status.CLOSED}),
        Status.SUSPENDED: frozenset({Status.ACTIVE, Status.CLOSED}),
        Status.CLOSED: frozenset(),
    }
    STRUCK_OFF: ClassVar[frozenset[str]] = frozenset({Status.CLOSED})
    TONES: ClassVar[dict[str, str]] = {
        Status.ACTIVE: "success",
        Status.SUSPENDED: "warning",
        Status.CLOSED: "secondary",
    }

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    permits_barred = models.BooleanField(_("barred from new permits"), default=False)
    bar_reason = models.CharField(_("reason for the bar"), max_length=300, blank=True)
    bar_source = models.CharField(
        _("who set the bar"),
        max_length=20,
        blank=True,
        default="",
        db_default="",  # bulk loaders (benchmarks, national-scale demo) insert without it
        help_text=_("staff, or violations (lifted by itself when a violation is cancelled)"),
    )
    registered_on = models.DateField(_("registered on"))
    # from the commerce registry (employers.registry); bulk loaders insert without them
    address = models.CharField(_("address"), max_length=200, blank=True, default="", db_default="")
    capital = models.DecimalField(
        _("capital (OMR)"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    # from the chamber of commerce: "" none known, else valid or expired until the date
    chamber_status = models.CharField(
        _("chamber of commerce membership"),
        max_length=10,
        choices=[("valid", _("Valid")), ("expired", _("Expired"))],
        blank=True,
        default="",
        db_default="",
    )
    chamber_valid_until = models.DateField(
        _("chamber membership valid until"), null=True, blank=True
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        indexes = [
            models.Index(fields=["governorate", "status"]),
            # the staff directory's order: a page of 25 reads 25 index entries, not a full sort
            models.Index(fields=["name_en", "id"], name="establishment_directory_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cr_number})"

    def chamber_membership_lapsed(self, on: datetime.date) -> bool:
        """Whether the chamber of commerce says the membership has lapsed on `on`: recorded as
        expired, or valid only until a date before it ("" means the chamber has sent no record
        yet: the staff registry worklist lists those)."""
        if self.chamber_status == "expired":
            return True
        return self.chamber_valid_until is not None and self.chamber_valid_until < on


class EstablishmentOwner(models.Model):
    """An owner or authorised signatory of an establishment, as the commerce registry names them
    by civil or resident number (rewritten by each registry sync: employers.registry)."""

    class Kind(models.TextChoices):
        OWNER = "owner", _("Owner")
        SIGNATORY = "signatory", _("Authorised signatory")

    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.CASCADE,
        related_name="owners",
    )
    civil_id = models.CharField(_("civil or resident number"), max_length=10, db_index=True)
    kind = models.CharField(_("capacity"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("owner or signatory")
        verbose_name_plural = _("owners and signatories")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "civil_id"], name="uniq_establishment_owner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.civil_id} ({self.kind}) @ {self.establishment_id}"


class Membership(BaseModel):
    """A person's right to act for an establishment. The only source of employer tenancy.

    An ADMINISTRATOR (role OWNER) is an owner or signatory who claimed the establishment after
    signing in through the national identity provider: every service, and appoints the
    representatives. A REPRESENTATIVE is appointed by civil or resident number for some
    `services`, optionally until `valid_until`.

    States:
        PENDING     Appointed; waits for the appointee to sign in and accept (no access yet).
        ACTIVE      May act (is_active), within its services and until `valid_until`.
        SUSPENDED   Stopped by the administrator; may be resumed.
        ENDED       Removed by the administrator, or ended by the commerce registry (owner
                    removed, establishment struck off). Terminal; a new appointment reuses it.

    `is_active` is True exactly in ACTIVE (every tenancy read filters on it).
    """

    class Role(models.TextChoices):
        OWNER = "owner", _("Administrator")
        REPRESENTATIVE = "representative", _("Representative")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for acceptance")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.PENDING: frozenset({Status.ACTIVE, Status.ENDED}),
        Status.ACTIVE: frozenset({Status.SUSPENDED, Status.ENDED}),
        Status.SUSPENDED: frozenset({Status.ACTIVE, Status.ENDED}),
        Status.ENDED: frozenset({Status.PENDING, Status.ACTIVE}),
    }
    RESUMABLE: ClassVar[frozenset[str]] = frozenset({Status.SUSPENDED})
    TONES: ClassVar[dict[str, str]] = {
        Status.PENDING: "info",
        Status.ACTIVE: "success",
        Status.SUSPENDED: "warning",
        Status.ENDED: "secondary",
    }

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
    )
    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.REPRESENTATIVE
    )
    is_active = models.BooleanField(_("active"), default=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.ACTIVE,
        db_default="active",
    )
    civil_id = models.CharField(
        _("civil or resident number"), max_length=10, blank=True, default="", db_default=""
    )
    services = ArrayField(
        models.CharField(max_length=20, choices=Service.choices),
        verbose_name=_("services"),
        default=list,
        blank=True,
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "establishment"], name="uniq_membership"),
            models.UniqueConstraint(
                fields=["establishment", "civil_id"],
                condition=~Q(civil_id=""),
                name="uniq_membership_civil_id",
            ),
        ]
        indexes = [models.Index(fields=["civil_id", "status"], name="membership_by_civil_id")]

    def __str__(self) -> str:
        return f"{self.user or self.civil_id} @ {self.establishment}"

    @property
    def is_administrator(self) -> bool:
        return self.role == self.Role.OWNER

    def service_labels(self) -> list[str]:
        if self.is_administrator:
            return [str(label) for label in Service.labels]
        return [str(Service(code).label) for code in self.services if code in Service.values]


class Employee(BilingualNameMixin, BaseModel):
    """One person on an establishment's workforce register (fed by social insurance later).

    Omanis are identified by civil ID, foreign workers by passport number and nationality.
    """

    class JobLevel(models.IntegerChoices):
        TOP_MANAGEMENT = 1, _("Top management")
        MIDDLE_MANAGEMENT = 2, _("Middle management")
        SUPERVISORY = 3, _("Supervisory and technical")
        OPERATIONAL = 4, _("Operational")

    OMANI: ClassVar[str] = "OMN"

    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="employees",
    )
    civil_id = models.CharField(_("civil ID number"), max_length=20, null=True, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=20, null=True, blank=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    nationality = models.CharField(_("nationality (ISO 3166 alpha-3)"), max_length=3)
    occupation_code = models.CharField(
        _("occupation (ISCO-08)"),
        max_length=4,
        validators=[RegexValidator(r"^\d{4}$", _("Enter the 4-digit ISCO-08 unit group."))],
    )
    job_level = models.PositiveSmallIntegerField(_("job level"), choices=JobLevel.choices)
    monthly_salary = models.DecimalField(
        _("monthly salary (OMR)"),
        max_digits=10,
        decimal_places=3,
        validators=[MinValueValidator(0)],
    )
    is_full_time = models.BooleanField(_("full time"), default=True)
    has_disability = models.BooleanField(_("person with a disability"), default=False)
    contract_start = models.DateField(_("contract start"))
    contract_end = models.DateField(_("contract end"), null=True, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        constraints = [
            models.CheckConstraint(
                condition=Q(civil_id__isnull=False) | Q(passport_number__isnull=False),
                name="employee_has_civil_id_or_passport",
            ),
            models.UniqueConstraint(
                fields=["establishment", "civil_id"],
                condition=Q(civil_id__isnull=False),
                name="uniq_employee_civil_id_per_establishment",
            ),
            models.UniqueConstraint(
                fields=["establishment", "nationality", "passport_number"],
                condition=Q(passport_number__isnull=False),
                name="uniq_employee_passport_per_establishment",
            ),
        ]
        indexes = [
            models.Index(fields=["establishment", "nationality"]),
            # a worker's own pages find their places on registers by their proven number
            models.Index(fields=["civil_id"], name="employee_by_civil_id"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_omani(self) -> bool:
        return self.nationality == self.OMANI


class WorkforceImport(BackgroundRun, BaseModel):
    """One workforce file an employer uploaded, and the outcome of importing it.

    States (core.runs.BackgroundRun):
        QUEUED    The file is stored privately and waits for the worker.
        RUNNING   The worker imports it in batches; `processed` (rows) grows after each batch.
        SUCCEEDED Every row was checked: good rows are saved, rejected rows are listed with
                  their reasons. Terminal.
        FAILED    An unexpected error stopped the import (`failure_reason`). Batches committed
                  before it stay saved. Terminal; the employer uploads the file again.

    Rows are matched to the register by civil ID (Omanis) or nationality and passport number
    (foreign workers), within the establishment: a match is updated, anything else is created.
    `rejected_rows` holds one {row, column, value, reason} entry per problem.
    """

    class FileFormat(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel"

    PROGRESS_TEXT = _("%(done)s of %(total)s rows checked")

    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="workforce_imports",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="workforce_imports",
    )
    original_filename = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(
        _("stored file"), max_length=200, help_text=_("Relative to PRIVATE_FILES_ROOT.")
    )
    file_format = models.CharField(_("file type"), max_length=4, choices=FileFormat.choices)
    language = models.CharField(_("language of the messages"), max_length=10, default="ar")
    created_count = models.PositiveIntegerField(_("employees added"), default=0)
    updated_count = models.PositiveIntegerField(_("employees updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("employees already up to date"), default=0)
    rejected_count = models.PositiveIntegerField(_("rows rejected"), default=0)
    rejected_rows = models.JSONField(_("rejected rows"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("workforce import")
        verbose_name_plural = _("workforce imports")
        indexes = [
            models.Index(fields=["establishment", "-created_at"], name="workforce_import_history")
        ]

    def __str__(self) -> str:
        return f"{self.original_filename} ({self.get_status_display()})"

    def can_transition_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]


class ClaimDispute(BaseModel):
    """A person's dispute of who administers an establishment, decided by staff from the registry
    worklist ("disputed claims"). The ministry never makes anyone an administrator by hand: the
    commerce registry's owners claim (employers.representatives). A dispute is either

    - NOT_LISTED: "I own or sign for this CR but the registry does not list me" — upheld means the
      ministry has asked the commerce registry to correct its record (the person then claims
      after the next sync); or
    - CONTESTED: a listed owner contests another person's administration or appointment —
      upheld suspends the contested membership until the registry settles it.

    States: open → upheld | dismissed (final). One open dispute per person and establishment.
    """

    class Kind(models.TextChoices):
        NOT_LISTED = "not_listed", _("The registry does not list me as an owner or signatory")
        CONTESTED = "contested", _("I contest another person's administration or appointment")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.OPEN: frozenset({Status.UPHELD, Status.DISMISSED}),
        Status.UPHELD: frozenset(),
        Status.DISMISSED: frozenset(),
    }
    TONES: ClassVar[dict[str, str]] = {
        Status.OPEN: "warning",
        Status.UPHELD: "success",
        Status.DISMISSED: "secondary",
    }

    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("establishment"),
        on_delete=models.CASCADE,
        related_name="claim_disputes",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="claim_disputes",
    )
    civil_id = models.CharField(_("civil or resident number"), max_length=10)
    kind = models.CharField(_("what is disputed"), max_length=12, choices=Kind.choices)
    contested = models.ForeignKey(
        Membership,
        verbose_name=_("contested membership"),
        on_delete=models.PROTECT,
        related_name="disputes",
        null=True,
        blank=True,
    )
    statement = models.TextField(_("statement"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="claim_disputes_decided",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("disputed claim")
        verbose_name_plural = _("disputed claims")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "raised_by"],
                condition=Q(status="open"),
                name="one_open_claim_dispute_per_person",
            ),
            models.CheckConstraint(
                condition=Q(kind="not_listed", contested__isnull=True)
                | Q(kind="contested", contested__isnull=False),
                name="claim_dispute_contests_a_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.establishment.cr_number}: {self.get_kind_display()}"
