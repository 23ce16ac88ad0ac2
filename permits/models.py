"""Work permits: the dated permit rule sets (fees, reserved occupations, policy switches), the
permit and its lifecycle, its documents, visas recorded by the passport directorate, transfers
and bulk renewals."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import ProofMethod
from core.models import BaseModel
from core.runs import BackgroundRun
from core.tokens import new_token  # migrations name permits.models.new_token
from permits.rule_models import FeeBand, PermitRuleSet  # noqa: F401 - re-exported

# Statuses of the officer queue, and the checks it filters by (indexed: see Permit.Meta).
WAITING_STATUSES = ["submitted", "under_review", "documents_requested"]
FAILED_CHECK_INDEXES = [
    ("active", "establishment_active"),
    ("barred", "not_barred"),
    ("omani", "omanization"),
    ("reserved", "occupation_not_reserved"),
    ("lmt", "labor_market_test"),
    ("passport", "passport_validity"),
]


class Permit(BaseModel):
    """A foreign worker's work permit, from application to its end.

    States (DOMAIN.md section 4):
        SUBMITTED            Filed by the employer; the automatic checks have run.
        DOCUMENTS_REQUESTED  An officer asked the employer for a document; back to SUBMITTED
                             when the employer answers.
        UNDER_REVIEW         An officer took the case from the queue.
        APPROVED             Decided for (straight through, or by an approver); issued at once.
        ACTIVE               Issued: the certificate is valid.
        EXPIRING             Inside the renewal window before its end date.
        RENEWED              Replaced by its renewal (a new permit that starts the day after).
        EXPIRED              Past its end date without renewal.
        REJECTED             Decided against, with a reason.
        WITHDRAWN            Withdrawn by the employer before a decision.
        CANCELLED            Ended early by the employer or the ministry.
        SUSPENDED            Suspended by the ministry (e.g. wage protection); may be reinstated.
        TRANSFERRED          The worker moved to another employer with their consent.

    Every change of state goes through `permits.services.permit_transition`, which checks
    `TRANSITIONS`; nothing else writes `status`.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        DOCUMENTS_REQUESTED = "documents_requested", _("Documents requested")
        UNDER_REVIEW = "under_review", _("Under review")
        APPROVED = "approved", _("Approved")
        ACTIVE = "active", _("Issued and valid")
        EXPIRING = "expiring", _("Expiring (renewal window)")
        RENEWED = "renewed", _("Renewed")
        EXPIRED = "expired", _("Expired")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CANCELLED = "cancelled", _("Cancelled")
        SUSPENDED = "suspended", _("Suspended")
        TRANSFERRED = "transferred", _("Transferred")

    class Kind(models.TextChoices):
        NEW = "new", _("New permit")
        RENEWAL = "renewal", _("Renewal")
        TRANSFER = "transfer", _("Transfer from another employer")

    TONES: ClassVar[dict[str, str]] = {
        Status.APPROVED: "success",
        Status.ACTIVE: "success",
        Status.EXPIRING: "warning",
        Status.DOCUMENTS_REQUESTED: "warning",
        Status.SUBMITTED: "info",
        Status.UNDER_REVIEW: "info",
        Status.REJECTED: "danger",
        Status.CANCELLED: "danger",
        Status.SUSPENDED: "danger",
    }
    DEFAULT_TONE = "secondary"
    AWAITING_EMPLOYER: ClassVar[frozenset[str]] = frozenset(
        {Status.DOCUMENTS_REQUESTED}
    )  # the employer must act
    # approved, issued once its fee is paid (a payment rule set that says so; payments)
    AWAITING_FEE: ClassVar[frozenset[str]] = frozenset({Status.APPROVED})
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.SUBMITTED: frozenset(
            {
                Status.UNDER_REVIEW,
                Status.DOCUMENTS_REQUESTED,
                Status.APPROVED,
                Status.REJECTED,
                Status.WITHDRAWN,
            }
        ),
        Status.DOCUMENTS_REQUESTED: frozenset(
            {Status.SUBMITTED, Status.REJECTED, Status.WITHDRAWN}
        ),
        Status.UNDER_REVIEW: frozenset(
            {Status.DOCUMENTS_REQUESTED, Status.APPROVED, Status.REJECTED, Status.WITHDRAWN}
        ),
        # CANCELLED: only a permit held at payment, by the ministry, its fee refunded
        Status.APPROVED: frozenset({Status.ACTIVE, Status.CANCELLED}),
        Status.ACTIVE: frozenset(
            {
                Status.EXPIRING,
                Status.EXPIRED,
                Status.RENEWED,
                Status.CANCELLED,
                Status.SUSPENDED,
                Status.TRANSFERRED,
            }
        ),
        Status.EXPIRING: frozenset(
            {Status.RENEWED, Status.EXPIRED, Status.CANCELLED, Status.SUSPENDED, Status.TRANSFERRED}
        ),
        Status.SUSPENDED: frozenset({Status.ACTIVE, Status.CANCELLED, Status.EXPIRED}),
        Status.RENEWED: frozenset(),
        Status.EXPIRED: frozenset(),
        Status.REJECTED: frozenset(),
        Status.WITHDRAWN: frozenset(),
        Status.CANCELLED: frozenset(),
        Status.TRANSFERRED: frozenset(),
    }
    # Applications waiting for a decision: one per worker at a time (database constraint).
    PENDING: ClassVar[frozenset[str]] = frozenset(
        {Status.SUBMITTED, Status.DOCUMENTS_REQUESTED, Status.UNDER_REVIEW, Status.APPROVED}
    )
    # Permits that let the worker work: one per worker at a time (database constraint).
    VALID: ClassVar[frozenset[str]] = frozenset({Status.ACTIVE, Status.EXPIRING})
    HELD: ClassVar[frozenset[str]] = frozenset({Status.ACTIVE, Status.EXPIRING, Status.SUSPENDED})
    QUEUE: ClassVar[frozenset[str]] = frozenset({Status.SUBMITTED, Status.UNDER_REVIEW})
    TERMINAL: ClassVar[frozenset[str]] = frozenset(
        {
            Status.RENEWED,
            Status.EXPIRED,
            Status.REJECTED,
            Status.WITHDRAWN,
            Status.CANCELLED,
            Status.TRANSFERRED,
        }
    )
    EMPLOYER_WITHDRAWABLE: ClassVar[frozenset[str]] = frozenset(
        {Status.SUBMITTED, Status.DOCUMENTS_REQUESTED, Status.UNDER_REVIEW}
    )

    number = models.CharField(_("permit number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEW)
    establishment = models.ForeignKey(
        "employers.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="permits",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="permits_applied",
    )
    previous_permit = models.ForeignKey(
        "self",
        verbose_name=_("renews or takes over"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    employee = models.ForeignKey(
        "employers.Employee",
        verbose_name=_("employee on the register"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="permits",
    )

    # The worker
    worker_name_ar = models.CharField(_("worker's name in Arabic"), max_length=200)
    worker_name_en = models.CharField(_("worker's name in English"), max_length=200)
    nationality = models.CharField(_("nationality (ISO 3166 alpha-3)"), max_length=3)
    passport_number = models.CharField(_("passport number"), max_length=20)
    passport_expiry = models.DateField(_("passport valid until"))
    date_of_birth = models.DateField(_("date of birth"))
    # A hint typed by the employer: shown as unverified, never sent a consent code or a notice
    # (DOMAIN.md section 7). The worker is reached through `worker_civil_id` instead.
    worker_mobile = models.CharField(
        _("worker's mobile number"), max_length=20, blank=True, help_text=_("In E.164 form.")
    )
    # The civil or resident card number the worker's verified numbers are found by (the civil
    # registry's mobile, the worker's own proven account): blank until the worker has one.
    worker_civil_id = models.CharField(
        _("worker's civil or resident card number"),
        max_length=20,
        blank=True,
        default="",
        db_default="",
    )
    worker_language = models.CharField(
        _("worker's language for messages"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
    )

    # The job
    occupation_code = models.CharField(_("occupation (ISCO-08 unit group)"), max_length=4)
    job_level = models.PositiveSmallIntegerField(_("job level"))
    monthly_salary = models.DecimalField(_("monthly salary (RO)"), max_digits=9, decimal_places=3)
    requested_start = models.DateField(_("requested start"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    # Fee
    rule_set = models.ForeignKey(
        PermitRuleSet,
        verbose_name=_("permit rule set"),
        on_delete=models.PROTECT,
        related_name="permits",
    )
    fee_band = models.CharField(_("fee category"), max_length=30, blank=True)
    base_fee = models.DecimalField(_("base fee (RO)"), max_digits=9, decimal_places=3)
    fee_multiplier = models.DecimalField(
        _("Omanization fee multiplier"), max_digits=6, decimal_places=3
    )
    fee_amount = models.DecimalField(_("fee (RO)"), max_digits=9, decimal_places=3)

    # Automatic checks: [{"code", "outcome": passed|failed|off, "reason"}]
    checks = models.JSONField(_("automatic checks"), default=list)
    checks_passed = models.BooleanField(_("every check passed"), default=False)

    # Officer queue
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="permits_assigned",
    )
    recommendation = models.CharField(
        _("recommendation"),
        max_length=10,
        blank=True,
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
    )
    recommendation_note = models.TextField(_("recommendation note"), blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recommended by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="permits_recommended",
    )
    override_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("override proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="permit_overrides_proposed",
    )
    override_reason = models.TextField(_("reason for overriding a failed check"), blank=True)

    # Decision
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="permits_decided",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    # Paid but not issued: a permit check that passed at approval failed when the fee was paid
    # (the establishment barred, closed...). The permit stays APPROVED; the failing checks, in
    # the form of `checks`, say why; payments' nightly sweep issues it once they pass again.
    issue_held_at = models.DateTimeField(_("issue held since"), null=True, blank=True)
    # db_default: a permit written by a bulk statement (a migration, a benchmark) holds nothing
    issue_held_checks = models.JSONField(
        _("checks holding the issue"), default=list, db_default=[], blank=True
    )
    ended_reason = models.TextField(_("reason it ended"), blank=True)
    certificate_token = models.CharField(
        _("verification token"), max_length=64, unique=True, default=new_token
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("work permit")
        verbose_name_plural = _("work permits")
        constraints = [
            models.UniqueConstraint(
                fields=["nationality", "passport_number"],
                condition=models.Q(
                    status__in=["submitted", "documents_requested", "under_review", "approved"]
                ),
                name="permit_one_pending_application_per_worker",
            ),
            models.UniqueConstraint(
                fields=["nationality", "passport_number"],
                condition=models.Q(status__in=["active", "expiring", "suspended"]),
                name="permit_one_held_permit_per_worker",
            ),
            models.CheckConstraint(
                condition=models.Q(job_level__gte=1, job_level__lte=4),
                name="permit_job_level_1_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="permit_valid_until_after_from",
            ),
        ]
        indexes = [
            # the officer queue: status, oldest first
            models.Index(fields=["status", "created_at"], name="permit_queue_idx"),
            # an employer's list, newest first
            models.Index(fields=["establishment", "-created_at"], name="permit_employer_idx"),
            # the renewal worklist and the expiry sweep
            models.Index(fields=["status", "valid_until"], name="permit_expiry_idx"),
            models.Index(fields=["assigned_to", "status"], name="permit_assignee_idx"),
            # a worker's own pages find the worker's permits by their proven number
            models.Index(fields=["worker_civil_id"], name="permit_by_worker_civil_id"),
            # The officer queue, oldest first, holds only waiting applications (about 3% of a
            # million permits): without it the planner walks created_at from the oldest permit
            # and discards every decided one (bench/permits.py: p95 1.9 s -> 0.12 s).
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(status__in=WAITING_STATUSES),
                name="permit_queue_order_idx",
            ),
            # The queue filtered by a failed check: one small index per check (the condition
            # is the selector's own, so the planner can use it).
            *[
                models.Index(
                    fields=["status", "created_at", "id"],
                    condition=models.Q(status__in=WAITING_STATUSES)
                    & models.Q(checks__contains=[{"code": code, "outcome": "failed"}]),
                    name=f"permit_fail_{short}_idx",
                )
                for short, code in FAILED_CHECK_INDEXES
            ],
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def worker_name(self) -> str:
        from django.utils.translation import get_language

        return (
            self.worker_name_ar
            if (get_language() or "ar").startswith("ar")
            else self.worker_name_en
        )

    def can_transition_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @property
    def worker_number(self) -> str:
        """The worker's civil or resident card number: the permit's own, else the one on the
        workforce register row the permit is linked to ("" when neither holds one)."""
        if self.worker_civil_id:
            return self.worker_civil_id
        if self.employee_id is not None and self.employee is not None:
            return self.employee.civil_id or ""
        return ""

    @property
    def is_valid_now(self) -> bool:
        return self.status in self.VALID

    @property
    def can_withdraw(self) -> bool:
        return self.status in self.EMPLOYER_WITHDRAWABLE

    @property
    def can_cancel(self) -> bool:
        """The employer may cancel it (an approved permit is not issued: not by the employer)."""
        return self.status != Permit.Status.APPROVED and self.can_transition_to(
            Permit.Status.CANCELLED
        )

    @property
    def can_renew(self) -> bool:
        return self.status in self.VALID

    @property
    def failed_checks(self) -> list[dict[str, str]]:
        return [check for check in self.checks if check.get("outcome") == "failed"]

    @property
    def awaiting_second_approver(self) -> bool:
        return self.override_requested_by_id is not None and self.status in self.QUEUE


class PermitDocument(BaseModel):
    """A file the employer uploaded for a permit, stored outside the web root
    (`PRIVATE_FILES_ROOT/permits/`) and served only to the establishment's members and staff."""

    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport copy")
        PHOTO = "photo", _("Photograph")
        CONTRACT = "contract", _("Employment contract")
        QUALIFICATION = "qualification", _("Qualification certificate")
        MEDICAL = "medical", _("Medical fitness certificate")
        OTHER = "other", _("Other document")

    permit = models.ForeignKey(Permit, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    original_filename = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(_("stored at"), max_length=300, editable=False)
    content_type = models.CharField(_("file type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("permit document")
        verbose_name_plural = _("permit documents")

    def __str__(self) -> str:
        return f"{self.permit.number}: {self.get_kind_display()}"


class DocumentRequest(BaseModel):
    """An officer's request for a document; answered when the employer uploads one."""

    permit = models.ForeignKey(Permit, on_delete=models.CASCADE, related_name="document_requests")
    kind = models.CharField(_("document"), max_length=20, choices=PermitDocument.Kind.choices)
    note = models.TextField(_("what is needed"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")

    def __str__(self) -> str:
        return f"{self.permit.number}: {self.kind}"


class PermitVisa(BaseModel):
    """Visa information the passport and residence directorate recorded against a permit."""

    permit = models.ForeignKey(Permit, on_delete=models.PROTECT, related_name="visas")
    visa_number = models.CharField(_("visa number"), max_length=30, unique=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    entry_status = models.CharField(
        _("entry"),
        max_length=20,
        choices=[
            ("issued", _("Visa issued")),
            ("entered", _("Entered Oman")),
            ("cancelled", _("Visa cancelled")),
        ],
        default="issued",
    )
    entered_on = models.DateField(_("entered on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("visa")
        verbose_name_plural = _("visas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gte=models.F("issued_on")),
                name="visa_expires_after_issue",
            )
        ]

    def __str__(self) -> str:
        return self.visa_number


class PermitTransfer(BaseModel):
    """A new employer's request to take over a worker's permit, pending the worker's consent.

    The worker receives an SMS with a link (an unguessable token) and a 6-digit code, sent only
    to a verified number of their civil or resident card number (`accounts.contact`:
    the civil registry's mobile, else their own proven account's), never to the number the
    employer typed. On the link's page they agree or decline with that code, or with a fresh
    proof of who they are in the portal; either way `proof_method` records how the answer was
    proven. Agreement ends the old permit as TRANSFERRED and files a transfer permit for the
    new employer, which then passes the same checks as a new application.
    """

    class Status(models.TextChoices):
        AWAITING_CONSENT = "awaiting", _("Waiting for the worker's consent")
        DECLINED = "declined", _("Declined by the worker")
        COMPLETED = "completed", _("Completed")
        EXPIRED = "expired", _("Expired without an answer")
        CANCELLED = "cancelled", _("Cancelled")

    permit = models.ForeignKey(Permit, on_delete=models.PROTECT, related_name="transfers")
    to_establishment = models.ForeignKey(
        "employers.Establishment", on_delete=models.PROTECT, related_name="transfers_in"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    occupation_code = models.CharField(_("occupation (ISCO-08 unit group)"), max_length=4)
    job_level = models.PositiveSmallIntegerField(_("job level"))
    monthly_salary = models.DecimalField(_("monthly salary (RO)"), max_digits=9, decimal_places=3)
    DECLINED_BY_WORKER: ClassVar[frozenset[str]] = frozenset(
        {Status.DECLINED}
    )  # the worker said no
    AGREED: ClassVar[frozenset[str]] = frozenset({Status.COMPLETED})  # the worker agreed
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.AWAITING_CONSENT: frozenset(
            {Status.DECLINED, Status.COMPLETED, Status.EXPIRED, Status.CANCELLED}
        ),
        Status.DECLINED: frozenset(),
        Status.COMPLETED: frozenset(),
        Status.EXPIRED: frozenset(),
        Status.CANCELLED: frozenset(),
    }

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.AWAITING_CONSENT,
    )
    consent_token = models.CharField(max_length=64, unique=True, default=new_token)
    # Whose consent is asked: the permit's worker number when the request was made.
    worker_civil_id = models.CharField(
        _("worker's civil or resident card number"),
        max_length=20,
        blank=True,
        default="",
        db_default="",
    )
    # The code sent with the link: only its HMAC (keyed by SECRET_KEY and bound to the token).
    consent_code_hash = models.CharField(
        max_length=64, blank=True, default="", db_default="", editable=False
    )
    consent_code_failures = models.PositiveSmallIntegerField(
        _("wrong codes"), default=0, db_default=0
    )
    # Which verified number the code went to, as the proof a right code gives.
    consent_sent_via = models.CharField(
        _("consent code sent to"),
        max_length=20,
        choices=ProofMethod.choices,
        blank=True,
        default="",
        db_default="",
    )
    proof_method = models.CharField(
        _("answer proven by"),
        max_length=20,
        choices=ProofMethod.choices,
        blank=True,
        default="",
        db_default="",
    )
    expires_at = models.DateTimeField(_("consent expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    new_permit = models.OneToOneField(
        Permit, null=True, blank=True, on_delete=models.PROTECT, related_name="transfer_origin"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("permit transfer")
        verbose_name_plural = _("permit transfers")
        constraints = [
            models.UniqueConstraint(
                fields=["permit"],
                condition=models.Q(status="awaiting"),
                name="transfer_one_open_request_per_permit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.permit.number} → {self.to_establishment_id}"


class PermitDataChange(BaseModel):
    """An employer's amendment of a valid permit's job: occupation, job level or salary.

    States:
        AWAITING_PAYMENT  Made; under a payment rule set that says fees are payable after
                          approval it waits for its data-change invoice to be paid. Paid while
                          a check it passed when asked fails, it stays here, held
                          (`apply_held_at`, `apply_held_checks`), until the checks pass again.
        APPLIED           The permit carries the new values (`before` keeps the old ones).
        CANCELLED         Withdrawn, or the permit stopped being valid before it applied.
    """

    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting", _("Waiting for the fee to be paid")
        APPLIED = "applied", _("Applied")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.AWAITING_PAYMENT: frozenset({Status.APPLIED, Status.CANCELLED}),
        Status.APPLIED: frozenset(),
        Status.CANCELLED: frozenset(),
    }

    permit = models.ForeignKey(Permit, on_delete=models.PROTECT, related_name="data_changes")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.AWAITING_PAYMENT
    )
    occupation_code = models.CharField(_("occupation (ISCO-08 unit group)"), max_length=4)
    job_level = models.PositiveSmallIntegerField(_("job level"))
    monthly_salary = models.DecimalField(_("monthly salary (RO)"), max_digits=9, decimal_places=3)
    before = models.JSONField(_("values before the change"), default=dict)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    # Paid, but a check the change passed when asked fails since: it waits, the fee kept, and
    # applies once the checks pass again (as a permit held at payment).
    apply_held_at = models.DateTimeField(_("held since"), null=True, blank=True)
    apply_held_checks = models.JSONField(
        _("checks holding it"), default=list, blank=True, db_default=[]
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("permit data change")
        verbose_name_plural = _("permit data changes")
        constraints = [
            models.UniqueConstraint(
                fields=["permit"],
                condition=models.Q(status="awaiting"),
                name="data_change_one_waiting_per_permit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.permit.number}: {self.occupation_code} {self.monthly_salary}"


class BulkRenewal(BackgroundRun, BaseModel):
    """A background renewal of many permits of one establishment (core.runs), with each
    permit's outcome. `processed` and `total` count permits."""

    PROGRESS_TEXT = _("%(done)s of %(total)s permits processed")

    establishment = models.ForeignKey(
        "employers.Establishment", on_delete=models.PROTECT, related_name="bulk_renewals"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    permit_ids = ArrayField(models.BigIntegerField(), default=list)
    renewed_count = models.PositiveIntegerField(_("renewed"), default=0)
    review_count = models.PositiveIntegerField(_("sent for review"), default=0)
    refused_count = models.PositiveIntegerField(_("refused"), default=0)
    # [{"permit_id", "number", "outcome": renewed|review|refused, "reason", "new_number"}]
    outcomes = models.JSONField(_("outcome per permit"), default=list)
    language = models.CharField(max_length=10, default="ar")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bulk renewal")
        verbose_name_plural = _("bulk renewals")

    def __str__(self) -> str:
        return f"{self.establishment_id}: {self.total}"
