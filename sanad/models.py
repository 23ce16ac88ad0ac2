"""Sanad centres, their clerks, the consents people give them, fees, receipts and complaints."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import ProofMethod
from core.models import BaseModel
from employers.models import BilingualNameMixin, Governorate


class ServiceCentre(BilingualNameMixin, BaseModel):
    """A licensed Sanad service centre.

    States:
        ACTIVE      Its clerks may start delegated sessions.
        SUSPENDED   Suspended by the ministry: no clerk of it reaches any person's portal.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    licence_number = models.CharField(_("licence number"), max_length=30, unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    governorate = models.CharField(_("governorate"), max_length=30, choices=Governorate)
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.ACTIVE: frozenset({Status.SUSPENDED}),
        Status.SUSPENDED: frozenset({Status.ACTIVE}),
    }

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("Sanad service centre")
        verbose_name_plural = _("Sanad service centres")

    def __str__(self) -> str:
        return self.name


class CentreMembership(BaseModel):
    """A clerk working at a centre. An ADMINISTRATOR also manages the centre's clerks.

    States: ACTIVE, or SUSPENDED (by the centre's administrator or the ministry): a suspended
    clerk reaches no person's portal.
    """

    class Role(models.TextChoices):
        CLERK = "clerk", _("Clerk")
        ADMINISTRATOR = "administrator", _("Centre administrator")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    centre = models.ForeignKey(
        ServiceCentre,
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk"),
        on_delete=models.PROTECT,
        related_name="sanad_memberships",
    )
    role = models.CharField(_("role"), max_length=15, choices=Role.choices, default=Role.CLERK)
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.ACTIVE: frozenset({Status.SUSPENDED}),
        Status.SUSPENDED: frozenset({Status.ACTIVE}),
    }

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )

    # Who suspended the clerk: a suspension by the ministry is lifted by the ministry only.
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suspended by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    suspended_by_ministry = models.BooleanField(_("suspended by the ministry"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["centre", "clerk"], name="sanad_one_membership"),
        ]
        verbose_name = _("centre clerk")
        verbose_name_plural = _("centre clerks")

    def __str__(self) -> str:
        return f"{self.clerk} @ {self.centre}"


class Scope(models.TextChoices):
    """The services a person may let a clerk use. Fixed: each maps to URLs (sanad.scopes)."""

    JOBSEEKER = "jobseeker", _("Jobseeker services (profile, vacancies, applications, skills)")
    EMPLOYMENT = "employment", _("Employment record and resignations")
    EMPLOYER = "employer", _("Employer services for the named establishment")
    PERMITS = "permits", _("Work permits of the named establishment")
    ACCOUNT = "account", _("Preferences and messages")


class Consent(BaseModel):
    """A person's consent, given by SMS code, for one clerk of one centre to act for them.

    The code goes only to a verified number of the civil ID entered (the civil registry's
    mobile first, else the person's own proven account's), so a right code proves that the
    person holding that number gave the consent; `proof_method` records which.

    States:
        PENDING   Asked for; the code was sent (when the civil ID has a verified number).
                  Becomes ACTIVE with the right code (for a person with a portal account),
                  EXPIRED if not confirmed in time or after too many wrong codes.
        ACTIVE    The clerk works inside the person's portal, within `scopes`, until
                  `expires_at`.
        REVOKED   The person withdrew it (in the portal, or by SMS reply).
        EXPIRED   Its time ran out (or the code was never given).
        ENDED     The clerk ended the session; the person got an SMS summary.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the code")
        ACTIVE = "active", _("Active")
        REVOKED = "revoked", _("Revoked by the person")
        EXPIRED = "expired", _("Expired")
        ENDED = "ended", _("Ended by the clerk")

    OPEN: ClassVar[frozenset[str]] = frozenset({Status.PENDING, Status.ACTIVE})

    class Via(models.TextChoices):
        PORTAL = "portal", _("In the portal")
        SMS = "sms", _("By SMS reply")
        STAFF = "staff", _("By the ministry")

    centre = models.ForeignKey(
        ServiceCentre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="consents"
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk"),
        on_delete=models.PROTECT,
        related_name="sanad_consents_as_clerk",
    )
    # Null when the civil ID entered belongs to nobody who can consent: the request is answered
    # exactly like any other, and the code can never be confirmed.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sanad_consents",
    )
    civil_id_entered = models.CharField(_("civil ID entered"), max_length=20)
    scopes = ArrayField(
        models.CharField(max_length=20, choices=Scope.choices), verbose_name=_("services")
    )
    cr_number = models.CharField(_("commercial registration number"), max_length=20, blank=True)
    establishment = models.ForeignKey(
        "employers.Establishment",
        verbose_name=_("establishment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sanad_consents",
    )
    TONES: ClassVar[dict[str, str]] = {
        Status.ACTIVE: "success",
        Status.PENDING: "secondary",
    }
    DEFAULT_TONE = "light"
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.PENDING: frozenset({Status.ACTIVE, Status.EXPIRED, Status.REVOKED, Status.ENDED}),
        Status.ACTIVE: frozenset({Status.REVOKED, Status.EXPIRED, Status.ENDED}),
        Status.REVOKED: frozenset(),
        Status.EXPIRED: frozenset(),
        Status.ENDED: frozenset(),
    }

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    code_hash = models.CharField(max_length=64, editable=False)
    # Where the code went (a verified number of the civil ID entered: accounts.contact), and so
    # how the person proved they gave the consent once the code is confirmed. Blank when the
    # civil ID has no verified number (nothing was sent; the code can never be confirmed).
    code_number = models.CharField(
        max_length=16, blank=True, default="", db_default="", editable=False
    )
    proof_method = models.CharField(
        _("consent proven by"),
        max_length=20,
        choices=ProofMethod.choices,
        blank=True,
        default="",
        db_default="",
    )
    failed_attempts = models.PositiveSmallIntegerField(_("wrong codes"), default=0)
    code_expires_at = models.DateTimeField(_("code valid until"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    expires_at = models.DateTimeField(_("valid until"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    revoked_via = models.CharField(_("revoked"), max_length=10, choices=Via.choices, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["clerk", "status"]),
            models.Index(fields=["person", "status"]),
            models.Index(fields=["civil_id_entered", "created_at"]),
        ]
        verbose_name = _("Sanad consent")
        verbose_name_plural = _("Sanad consents")

    def __str__(self) -> str:
        return f"Sanad consent {self.pk}"

    def scope_labels(self) -> list[str]:
        return [str(Scope(s).label) for s in self.scopes if s in Scope.values]


class SanadReceipt(models.Model):
    """What a clerk did for a person in a session: one per audit event, shown to the person."""

    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, related_name="receipts", verbose_name=_("session")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sanad_receipts",
        verbose_name=_("person"),
    )
    # the audit trail is partitioned by month (core.partitions): a foreign key constraint to it
    # would have to carry the month too, so the link is kept by the ORM only (audit events are
    # never deleted, so it cannot dangle)
    audit_event = models.OneToOneField(
        "core.AuditEvent",
        on_delete=models.PROTECT,
        related_name="sanad_receipt",
        db_constraint=False,
    )
    action = models.CharField(_("action"), max_length=100)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Sanad receipt")
        verbose_name_plural = _("Sanad receipts")

    def __str__(self) -> str:
        return f"{self.action} ({self.consent_id})"


class SanadFee(BaseModel):
    """A fee the person paid at the centre for this session (cash or card, at the counter)."""

    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, related_name="fees", verbose_name=_("session")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount (RO)"), max_digits=8, decimal_places=3)
    description = models.CharField(_("for"), max_length=200)
    receipt_number = models.CharField(_("centre receipt number"), max_length=40, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="sanad_fee_positive")
        ]
        verbose_name = _("Sanad fee")
        verbose_name_plural = _("Sanad fees")

    def __str__(self) -> str:
        return f"{self.amount} ({self.description})"


class SanadComplaint(BaseModel):
    """A person's complaint about a session, read by ministry staff with the centre's activity."""

    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("session")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sanad_complaints"
    )
    text = models.TextField(_("what went wrong"), max_length=2000)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Sanad complaint")
        verbose_name_plural = _("Sanad complaints")

    def __str__(self) -> str:
        return f"Complaint {self.pk} on {self.consent_id}"
