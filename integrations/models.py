"""Synchronisation with government entities: each entity's feed position, its runs, the records
it sent that were refused, and one table of synchronised records per entity."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.runs import BackgroundRun
from integrations.entities import Entity


class SyncSource(BaseModel):
    """One government entity's change feed, as far as the portal has read it.

    `watermark` is the feed's cursor after the last page committed; it moves in the same
    transaction as that page's records, so a run killed at any point resumes exactly there.
    A paused source is skipped by scheduled and staff-requested runs until resumed.
    """

    entity = models.CharField(_("entity"), max_length=30, choices=Entity.choices, unique=True)
    watermark = models.CharField(_("watermark"), max_length=40, default="0")
    paused = models.BooleanField(_("paused"), default=False)
    last_answered_at = models.DateTimeField(_("last answered"), null=True, blank=True)

    class Meta:
        ordering = ["entity"]
        verbose_name = _("sync source")
        verbose_name_plural = _("sync sources")

    def __str__(self) -> str:
        return str(self.get_entity_display())


class SyncRun(BackgroundRun):
    """One run of a sync: what it fetched and what became of it.

    States (core.runs.BackgroundRun; a sync is created RUNNING):
        RUNNING     Pages are being fetched and committed; counts grow with each committed page
                    (`processed` counts the pages; the feed's length is not known).
        SUCCEEDED   The feed was read to its end (or to the run's time budget, then
                    `more_to_fetch` is set and a continuation is queued).
        FAILED      A page kept failing after the bounded retries, or the worker died
                    (found when the next run starts); `failure_reason` says which. Pages
                    committed before the failure stay; the next run resumes after them.

    fetched = rejected + duplicates + created + updated + unchanged, for every committed page.
    """

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        STAFF = "staff", _("Staff request")
        CONTINUATION = "continuation", _("Continuation")

    PROGRESS_TEXT = _("%(done)s pages fetched")

    source = models.ForeignKey(
        SyncSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="runs"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=BackgroundRun.Status.choices,
        default=BackgroundRun.Status.RUNNING,
    )
    trigger = models.CharField(
        _("trigger"), max_length=12, choices=Trigger.choices, default=Trigger.SCHEDULE
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    watermark_from = models.CharField(_("watermark at start"), max_length=40)
    watermark_to = models.CharField(_("watermark at end"), max_length=40)
    fetched = models.PositiveIntegerField(_("fetched"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    retries = models.PositiveIntegerField(_("retries"), default=0)
    more_to_fetch = models.BooleanField(_("more to fetch"), default=False)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("sync run")
        verbose_name_plural = _("sync runs")
        indexes = [models.Index(fields=["source", "-started_at"], name="syncrun_source_recent")]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M} {self.status}"


class RejectedRecord(models.Model):
    """A record an entity sent that failed validation: kept for staff, never stored as data.

    `raw_payload` is the record as it came, decoded with replacement characters and cut to
    INTEGRATIONS_REJECTED_PAYLOAD_CHARS; it is shown escaped, as text, and never interpreted.
    """

    class Reason(models.TextChoices):
        NOT_JSON = "not_json", _("Not JSON")
        NOT_AN_OBJECT = "not_object", _("Not a record")
        MISSING = "missing", _("A required field is missing")
        WRONG_TYPE = "wrong_type", _("A field has the wrong type")
        TOO_LONG = "too_long", _("A field is too long")
        MARKUP = "markup", _("Markup or control characters in a text")
        INVALID = "invalid", _("A field's value is not valid")
        OUT_OF_RANGE = "out_of_range", _("A value is out of range")

    source = models.ForeignKey(
        SyncSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="rejected"
    )
    run = models.ForeignKey(
        SyncRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="rejected_records"
    )
    received_at = models.DateTimeField(_("received"), db_index=True)
    seq = models.BigIntegerField(_("feed position"), null=True, blank=True)
    record_key = models.CharField(_("record"), max_length=120, blank=True)
    field_name = models.CharField(_("field"), max_length=60, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    raw_payload = models.TextField(_("payload as received"))
    payload_size = models.PositiveIntegerField(_("payload size (bytes)"))

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("rejected record")
        verbose_name_plural = _("rejected records")
        indexes = [models.Index(fields=["source", "-received_at"], name="rejected_source_recent")]

    def __str__(self) -> str:
        return f"{self.source} {self.record_key or '?'}: {self.get_reason_display()}"


# --- synchronised records: one table per entity, keyed as the entity keys them -------------------


class SyncedRecord(models.Model):
    """Columns every synchronised table has: the source's version of the row and when the
    portal last wrote it (an unchanged record is not rewritten)."""

    source_version = models.IntegerField(_("version at the source"))
    synced_at = models.DateTimeField(_("synchronised"))

    objects: ClassVar[models.Manager[Any]]

    class Meta:
        abstract = True


class RegistryEstablishment(SyncedRecord):
    """An establishment as the commerce registry records it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        CLOSED = "closed", _("Closed")

    cr_number = models.CharField(_("CR number"), max_length=10)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    activity_code = models.CharField(_("activity code"), max_length=8)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    status_changed_on = models.DateField(_("status since"))
    governorate = models.CharField(_("governorate"), max_length=30, default="", db_default="")
    address = models.CharField(_("address"), max_length=200, null=True, blank=True)
    capital = models.DecimalField(
        _("capital"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    # "<civil or resident number>:<owner|signatory>" joined by commas, as the registry sends it
    owners = models.CharField(_("owners and signatories"), max_length=480, null=True, blank=True)

    class Meta:
        verbose_name = _("commerce registry establishment")
        verbose_name_plural = _("commerce registry establishments")
        constraints = [
            models.UniqueConstraint(fields=["cr_number"], name="registry_establishment_key")
        ]

    def __str__(self) -> str:
        return f"{self.cr_number} {self.status}"


class InsuredEmployment(SyncedRecord):
    """A month of a person's insured employment at an establishment (social insurance)."""

    civil_id = models.CharField(_("civil ID number"), max_length=10)
    cr_number = models.CharField(_("CR number"), max_length=10)
    month = models.DateField(_("month"))
    salary = models.DecimalField(_("insured salary"), max_digits=10, decimal_places=3)
    insured_name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("insured employment")
        verbose_name_plural = _("insured employment")
        constraints = [
            models.UniqueConstraint(
                fields=["civil_id", "cr_number", "month"], name="insured_employment_key"
            )
        ]
        # an establishment's insured people (G2G workforce summary, reconciliation by CR)
        indexes = [models.Index(fields=["cr_number", "month"], name="insured_employment_cr")]

    def __str__(self) -> str:
        return f"{self.civil_id} @ {self.cr_number} {self.month:%Y-%m}"


class SalaryFileLine(SyncedRecord):
    """A line of an establishment's monthly salary file (central bank wage protection)."""

    class PaymentStatus(models.TextChoices):
        PAID = "paid", _("Paid")
        LATE = "late", _("Paid late")
        UNPAID = "unpaid", _("Unpaid")

    cr_number = models.CharField(_("CR number"), max_length=10)
    civil_id = models.CharField(_("civil ID number"), max_length=10)
    month = models.DateField(_("month"))
    salary_due = models.DecimalField(_("salary due"), max_digits=10, decimal_places=3)
    salary_paid = models.DecimalField(_("salary paid"), max_digits=10, decimal_places=3)
    payment_status = models.CharField(
        _("payment status"), max_length=10, choices=PaymentStatus.choices
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    file_reference = models.CharField(_("file reference"), max_length=40)

    class Meta:
        verbose_name = _("salary file line")
        verbose_name_plural = _("salary file lines")
        constraints = [
            models.UniqueConstraint(
                fields=["cr_number", "civil_id", "month"], name="salary_file_line_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cr_number} {self.civil_id} {self.month:%Y-%m} {self.payment_status}"


class PassportEvent(SyncedRecord):
    """A visa application, clearance, arrival or departure (passport and residence directorate)."""

    class Kind(models.TextChoices):
        VISA_APPLICATION = "visa_application", _("Visa application")
        CLEARANCE = "clearance", _("Clearance")
        ARRIVAL = "arrival", _("Arrival")
        DEPARTURE = "departure", _("Departure")

    reference = models.CharField(_("reference"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    nationality = models.CharField(_("nationality"), max_length=3)
    passport_number = models.CharField(_("passport number"), max_length=20)
    person_name = models.CharField(_("name"), max_length=200)
    occurred_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10)

    class Meta:
        verbose_name = _("passport directorate event")
        verbose_name_plural = _("passport directorate events")
        constraints = [models.UniqueConstraint(fields=["reference"], name="passport_event_key")]
        indexes = [
            models.Index(fields=["nationality", "passport_number"], name="passport_event_person")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.kind}"


class MedicalFitnessResult(SyncedRecord):
    """A medical fitness examination of a foreign worker (health ministry)."""

    class Result(models.TextChoices):
        FIT = "fit", _("Fit")
        UNFIT = "unfit", _("Unfit")

    reference = models.CharField(_("reference"), max_length=40)
    nationality = models.CharField(_("nationality"), max_length=3)
    passport_number = models.CharField(_("passport number"), max_length=20)
    person_name = models.CharField(_("name"), max_length=200)
    result = models.CharField(_("result"), max_length=5, choices=Result.choices)
    examined_on = models.DateField(_("examined on"))

    class Meta:
        verbose_name = _("medical fitness result")
        verbose_name_plural = _("medical fitness results")
        constraints = [models.UniqueConstraint(fields=["reference"], name="medical_fitness_key")]
        indexes = [
            models.Index(fields=["nationality", "passport_number"], name="medical_fitness_person")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.result}"


class ChamberMembership(SyncedRecord):
    """An establishment's membership of the chamber of commerce."""

    cr_number = models.CharField(_("CR number"), max_length=10)
    membership_number = models.CharField(_("membership number"), max_length=40)
    grade = models.PositiveSmallIntegerField(_("grade"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=10)

    class Meta:
        verbose_name = _("chamber of commerce membership")
        verbose_name_plural = _("chamber of commerce memberships")
        constraints = [models.UniqueConstraint(fields=["cr_number"], name="chamber_membership_key")]

    def __str__(self) -> str:
        return f"{self.cr_number} {self.membership_number}"


RECORD_MODELS: dict[str, type[SyncedRecord]] = {
    Entity.COMMERCE_REGISTRY: RegistryEstablishment,
    Entity.SOCIAL_INSURANCE: InsuredEmployment,
    Entity.WAGE_PROTECTION: SalaryFileLine,
    Entity.PASSPORT_DIRECTORATE: PassportEvent,
    Entity.HEALTH_MINISTRY: MedicalFitnessResult,
    Entity.CHAMBER_OF_COMMERCE: ChamberMembership,
}


# --- reconciliation: data-quality cases ----------------------------------------------------------


class ReconciliationRun(BackgroundRun):
    """One run of the reconciliation: per kind of check, how many disagreements it found, how
    many cases it opened and how many open cases it closed because the disagreement was gone.

    States (core.runs.BackgroundRun; created RUNNING): RUNNING, then SUCCEEDED, or FAILED with
    the reason (a run found RUNNING by the next one was interrupted). Each kind commits on its
    own, so a failed run keeps what it did; `processed` and `total` count the kinds."""

    PROGRESS_TEXT = _("%(done)s of %(total)s checks done")

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=BackgroundRun.Status.choices,
        default=BackgroundRun.Status.RUNNING,
    )
    trigger = models.CharField(
        _("trigger"),
        max_length=12,
        choices=SyncRun.Trigger.choices,
        default=SyncRun.Trigger.SCHEDULE,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    found = models.PositiveIntegerField(_("disagreements found"), default=0)
    opened = models.PositiveIntegerField(_("cases opened"), default=0)
    closed = models.PositiveIntegerField(_("cases closed (corrected)"), default=0)
    per_kind = models.JSONField(_("figures per kind"), default=dict)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("reconciliation run")
        verbose_name_plural = _("reconciliation runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"


class DataQualityCase(BaseModel):
    """A disagreement between another entity's records and the portal's (or two records that
    look like one person), for staff to work.

    States:
        OPEN        Raised by reconciliation; raised once per subject and disagreement: a
                    re-run finds it again and only notes when it last saw it.
        RESOLVED    Staff accepted a source (the portal was corrected through the owning app's
                    service, or the decision recorded when the entity must correct its record),
                    merged two records, or the disagreement disappeared by itself (`CORRECTED`).
        DISMISSED   Staff found no problem (reason given). The same disagreement is not raised
                    again; a different one about the same subject is.

    `subject_key` names the subject within its kind (a civil ID at a CR number, a CR number, a
    passport, a pair of civil IDs); `fingerprint` is a digest of the disagreeing values, so a
    resolved or dismissed disagreement stays closed while a new value opens a new case.
    `source_values` are the other entity's values, `portal_values` the portal's.
    """

    class Kind(models.TextChoices):
        INSURED_NOT_ON_REGISTER = (
            "insured_not_on_register",
            _("Insured employee missing from the workforce register"),
        )
        REGISTER_NOT_INSURED = (
            "register_not_insured",
            _("Employee on the register not insured for two months"),
        )
        INSURED_SALARY_MISMATCH = (
            "insured_salary_mismatch",
            _("Insured salary differs from the register"),
        )
        WAGE_SALARY_MISMATCH = (
            "wage_salary_mismatch",
            _("Salary in the wage protection file differs from the contract or register"),
        )
        CLOSED_WITH_PERMITS = (
            "closed_with_permits",
            _("Establishment closed at the commerce registry holds valid permits"),
        )
        DEPARTED_WITH_PERMIT = "departed_with_permit", _("Departed worker holds a valid permit")
        DUPLICATE_PERSON = "duplicate_person", _("One person under two civil IDs")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    class Resolution(models.TextChoices):
        ACCEPTED_SOURCE = "accepted_source", _("The entity's value accepted")
        ACCEPTED_PORTAL = "accepted_portal", _("The portal's value kept")
        MERGED = "merged", _("Records merged")
        DISMISSED = "dismissed", _("Dismissed")
        CORRECTED = "corrected", _("Corrected at the source (no longer found)")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.OPEN: frozenset({Status.RESOLVED, Status.DISMISSED}),
        Status.RESOLVED: frozenset(),
        Status.DISMISSED: frozenset(),
    }

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    subject_key = models.CharField(_("subject"), max_length=60)
    fingerprint = models.CharField(_("disagreement digest"), max_length=32)
    source_entity = models.CharField(_("entity"), max_length=30, choices=Entity.choices, blank=True)
    cr_number = models.CharField(_("CR number"), max_length=10, blank=True, db_index=True)
    civil_id = models.CharField(_("civil ID number"), max_length=20, blank=True)
    other_civil_id = models.CharField(_("other civil ID number"), max_length=20, blank=True)
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    establishment = models.ForeignKey(
        "employers.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    employee = models.ForeignKey(
        "employers.Employee",
        verbose_name=_("employee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    other_employee = models.ForeignKey(
        "employers.Employee",
        verbose_name=_("other employee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    permit = models.ForeignKey(
        "permits.Permit",
        verbose_name=_("permit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_values = models.JSONField(_("the entity's values"), default=dict)
    portal_values = models.JSONField(_("the portal's values"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    resolution = models.CharField(
        _("resolution"), max_length=20, choices=Resolution.choices, blank=True
    )
    resolution_note = models.TextField(_("reason or note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last found"))
    last_run = models.ForeignKey(
        ReconciliationRun,
        verbose_name=_("last found by run"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("data-quality case")
        verbose_name_plural = _("data-quality cases")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_key", "fingerprint"], name="dq_case_one_per_disagreement"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | ~models.Q(resolution=""),
                name="dq_case_closed_has_resolution",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind", "-created_at"], name="dq_case_worklist"),
            models.Index(fields=["establishment", "status"], name="dq_case_establishment"),
            models.Index(
                fields=["kind", "subject_key"],
                condition=models.Q(status="open"),
                name="dq_case_open_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_key}"


# --- health orders (worker status codes, issue 20) -----------------------------------------------


class HealthOrder(SyncedRecord):
    """A health order on a foreign worker from the health ministry's feed (isolation, sick
    leave, a test due and not taken), in force from `valid_from` to `valid_until` inclusive.
    A lifted order comes back with the status `lifted`; the worker status codes read the orders in
    force."""

    class Kind(models.TextChoices):
        ISOLATION = "isolation", _("Isolation")
        SICK_LEAVE = "sick_leave", _("Sick leave")
        TEST_DUE = "test_due", _("Medical test due")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        LIFTED = "lifted", _("Lifted")

    reference = models.CharField(_("reference"), max_length=40)
    nationality = models.CharField(_("nationality"), max_length=3)
    passport_number = models.CharField(_("passport number"), max_length=20)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("health order")
        verbose_name_plural = _("health orders")
        constraints = [models.UniqueConstraint(fields=["reference"], name="health_order_key")]
        indexes = [
            models.Index(fields=["nationality", "passport_number"], name="health_order_person")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.kind}"


RECORD_MODELS[Entity.HEALTH_ORDERS] = HealthOrder
