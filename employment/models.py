"""Employment lifecycle: the dated rules (Labour Law RD 53/2023 figures as data), terminations,
absconding reports, the worker's objections, and labour violations with their fine schedule."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import ProofMethod
from core.models import BaseModel
from core.tokens import new_token  # migrations name employment.models.new_token
from employment.rule_models import LifecycleRuleSet, ViolationType
from employment.wage_models import (  # noqa: F401  (the app's models live in these modules)
    SalaryLineDispute,
    WageProtectionLine,
    WageProtectionResult,
    WageProtectionRun,
)


def _arabic() -> bool:
    return (get_language() or "ar").startswith("ar")


class WorkerNotice(BaseModel):
    """What the portal tells a worker by SMS (a legal notice, a decision, a receipt), and how it
    reached them: one message per verified number of the worker's civil or resident number
    (accounts.contact.verified_numbers_for: the civil registry's mobile, the worker's own proven
    account's mobile), never a number an employer typed (DOMAIN.md section 7).

    The texts are kept in both languages (`contexts`), so that a notice written while the
    registry is down is sent as it was meant once it answers.

    States:
        PENDING     Not sent yet: the civil registry could not be asked and nothing of it is
                    kept. `worker_notices_retry_task` tries again until it answers.
        SENT        Written to the SMS ledger, one message per verified number (`messages`). A
                    deadline runs from the first delivery receipt among them.
        NO_NUMBER   The portal knows no verified number for the worker (no civil or resident
                    number, the registry holds no mobile and there is no proven account):
                    nobody was told, no deadline runs, and the ministry reaches the worker.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the civil registry")
        SENT = "sent", _("Sent to the worker's verified numbers")
        NO_NUMBER = "no_number", _("Not sent: the worker has no verified number")

    key = models.CharField(_("key"), max_length=150, unique=True)
    employee = models.ForeignKey(
        "employers.Employee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    civil_id = models.CharField(_("civil or resident number"), max_length=20, blank=True)
    template_code = models.CharField(_("message template"), max_length=50)
    # {"ar": {...}, "en": {...}}: the template's placeholders, in each language
    contexts = models.JSONField(default=dict)
    # the worker's language as the employer or the permit gave it (a hint, not a contact)
    language = models.CharField(
        _("worker's language"), max_length=5, choices=settings.LANGUAGES, default="ar"
    )
    NOT_TOLD: ClassVar[frozenset[str]] = frozenset({Status.NO_NUMBER})  # no verified number
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.PENDING: frozenset({Status.SENT, Status.NO_NUMBER}),
        Status.SENT: frozenset(),
        Status.NO_NUMBER: frozenset(),
    }
    TONES: ClassVar[dict[str, str]] = {Status.PENDING: "warning", Status.NO_NUMBER: "danger"}

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # the SMS ledger is partitioned by month: no database constraint can point into it; when
    # retention drops a month of the ledger, the links go with it (core.partitions)
    messages = models.ManyToManyField(
        "notifications.SmsMessage",
        verbose_name=_("text messages"),
        blank=True,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice to a worker")
        verbose_name_plural = _("notices to workers")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="worker_notice_pending",
            )
        ]

    def __str__(self) -> str:
        return self.key


class Termination(BaseModel):
    """An employer ends an employee's contract with a reason from the law's list.

    States:
        NOTIFIED         Filed; the worker is told by SMS at every verified number and may
                         object within the window (from the first delivery receipt).
        COMMITTEE        An economic dismissal, waiting for the ministry committee.
        OBJECTED         The worker objected in time; an officer decides. The worker may
                         withdraw the objection before the decision: NOTIFIED again.
        UPHELD           Final: the contract ends (after an objection, or once the window closed).
        OVERTURNED       The officer or the committee ruled for the worker: the contract continues.
    """

    class Status(models.TextChoices):
        NOTIFIED = "notified", _("Notified to the worker")
        COMMITTEE = "committee", _("Waiting for the committee")
        OBJECTED = "objected", _("Objected by the worker")
        UPHELD = "upheld", _("Upheld")
        OVERTURNED = "overturned", _("Overturned")

    TONES: ClassVar[dict[str, str]] = {
        "upheld": "danger",
        "overturned": "secondary",
        "objected": "info",
        "committee": "info",
    }
    DEFAULT_TONE = "warning"
    AT_COMMITTEE: ClassVar[frozenset[str]] = frozenset({Status.COMMITTEE})  # economic dismissals
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.NOTIFIED: frozenset({Status.OBJECTED, Status.UPHELD}),
        Status.COMMITTEE: frozenset({Status.UPHELD, Status.OVERTURNED}),
        Status.OBJECTED: frozenset({Status.UPHELD, Status.OVERTURNED, Status.NOTIFIED}),
        Status.UPHELD: frozenset(),
        Status.OVERTURNED: frozenset(),
    }

    establishment = models.ForeignKey(
        "employers.Establishment", on_delete=models.PROTECT, related_name="terminations"
    )
    employee = models.ForeignKey(
        "employers.Employee", on_delete=models.PROTECT, related_name="terminations"
    )
    rule_set = models.ForeignKey(LifecycleRuleSet, on_delete=models.PROTECT, related_name="+")
    reason_code = models.CharField(_("reason"), max_length=40)
    reason_kind = models.CharField(_("kind of reason"), max_length=20)
    details = models.TextField(_("details"))
    notice_days = models.PositiveSmallIntegerField(_("notice period (days)"))
    notice_given_on = models.DateField(_("notice given on"))
    last_working_day = models.DateField(_("last working day"))
    improvement_started_on = models.DateField(
        _("improvement period started on"), null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notice = models.OneToOneField(
        WorkerNotice,
        verbose_name=_("notice to the worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The worker's link to object (sent with the notice); no account is needed.
    objection_token = models.CharField(max_length=64, unique=True, default=new_token)
    previous_contract_end = models.DateField(
        _("contract end before the termination"), null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("termination")
        verbose_name_plural = _("terminations")
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=models.Q(status__in=["notified", "committee", "objected", "upheld"]),
                name="termination_one_per_employee",
            ),
            models.CheckConstraint(
                condition=models.Q(last_working_day__gte=models.F("notice_given_on")),
                name="termination_last_day_after_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.reason_code}"


class AbscondingReport(BaseModel):
    """An employer reports a worker absent from work.

    States:
        FILED        Accepted; the worker is told by SMS at every verified number and may object
                     within the window, which runs from the first delivery receipt among them
                     (or from the first sending without a receipt).
        OBJECTED     The worker objected in time: an officer decides. The worker may withdraw
                     the objection before the decision: FILED again.
        UPHELD       Final: the worker's permit ends.
        OVERTURNED   Struck from the worker's record.
    """

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        OBJECTED = "objected", _("Objected by the worker")
        UPHELD = "upheld", _("Upheld")
        OVERTURNED = "overturned", _("Overturned and struck from the record")

    TONES: ClassVar[dict[str, str]] = {
        "upheld": "danger",
        "overturned": "secondary",
        "objected": "info",
        "committee": "info",
    }
    DEFAULT_TONE = "warning"
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.FILED: frozenset({Status.OBJECTED, Status.UPHELD, Status.OVERTURNED}),
        Status.OBJECTED: frozenset({Status.UPHELD, Status.OVERTURNED, Status.FILED}),
        Status.UPHELD: frozenset(),
        Status.OVERTURNED: frozenset(),
    }

    establishment = models.ForeignKey(
        "employers.Establishment", on_delete=models.PROTECT, related_name="absconding_reports"
    )
    employee = models.ForeignKey(
        "employers.Employee", on_delete=models.PROTECT, related_name="absconding_reports"
    )
    permit = models.ForeignKey(
        "permits.Permit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="absconding_reports",
    )
    rule_set = models.ForeignKey(LifecycleRuleSet, on_delete=models.PROTECT, related_name="+")
    last_seen_on = models.DateField(_("last day at work"))
    salary_paid_until = models.DateField(_("salary paid up to"))
    salary_evidence = models.CharField(
        _("evidence of salary paid (wage protection file reference)"), max_length=100
    )
    details = models.TextField(_("details"), blank=True)
    # The salary months up to `salary_paid_until` that the wage-protection check found unpaid
    # or paid short when the report was filed: the officer sees the report flagged with them.
    salary_unpaid_months = ArrayField(
        models.DateField(),
        verbose_name=_("salary months unpaid in the salary file"),
        default=list,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.FILED
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notice = models.OneToOneField(
        WorkerNotice,
        verbose_name=_("notice to the worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    # The worker's link to object (sent with the notice); no account is needed.
    objection_token = models.CharField(max_length=64, unique=True, default=new_token)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("absconding report")
        verbose_name_plural = _("absconding reports")
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=models.Q(status__in=["filed", "objected"]),
                name="absconding_one_open_per_employee",
            ),
        ]
        indexes = [models.Index(fields=["establishment", "created_at"])]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.last_seen_on}"

    @property
    def salary_flagged(self) -> bool:
        return bool(self.salary_unpaid_months)


class Objection(BaseModel):
    """A worker's objection to a termination or an absconding report: a case for an officer.

    Filed and withdrawn only with a fresh proof that the person is the worker (a code sent to
    the worker's verified number, or a national identity sign-in); `proof_method` and
    `withdrawal_proof_method` say which. A withdrawn objection cannot be filed again."""

    termination = models.OneToOneField(
        Termination, null=True, blank=True, on_delete=models.PROTECT, related_name="objection"
    )
    absconding_report = models.OneToOneField(
        AbscondingReport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objection",
    )
    statement = models.TextField(_("the worker's statement"))
    filed_via = models.CharField(_("filed via"), max_length=20, default="portal")
    # how the worker proved who they are when objecting (and when withdrawing)
    proof_method = models.CharField(
        _("proven by"), max_length=20, choices=ProofMethod.choices, blank=True
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_proof_method = models.CharField(
        _("withdrawal proven by"), max_length=20, choices=ProofMethod.choices, blank=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(termination__isnull=False, absconding_report__isnull=True)
                | models.Q(termination__isnull=True, absconding_report__isnull=False),
                name="objection_concerns_one_case",
            )
        ]

    def __str__(self) -> str:
        return f"objection {self.pk}"


class InvestigationFlag(BaseModel):
    """An establishment flagged for investigation (too many absconding reports, for example)."""

    establishment = models.ForeignKey(
        "employers.Establishment", on_delete=models.PROTECT, related_name="investigation_flags"
    )
    reason_code = models.CharField(_("reason"), max_length=40)
    period = models.CharField(_("period"), max_length=10, help_text=_("2026-11 or 2026"))
    count = models.PositiveIntegerField(_("reports counted"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.TextField(_("outcome of the investigation"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("investigation flag")
        verbose_name_plural = _("investigation flags")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "reason_code", "period"], name="flag_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.establishment_id}: {self.reason_code} {self.period}"


class Violation(BaseModel):
    """A labour violation an inspector records against an establishment, or the portal raises by
    itself (`raised_by_system`: the wage protection check, with no inspector; the audit event's
    actor is then the label "portal").

    `fine_settled_at` is when the fine was paid. Until fines are invoices (the payments issue),
    staff record the settlement (`violation_fine_settle`); payments will call the same service
    when the invoice is paid.

    States:
        RECORDED    Recorded with evidence and the fine from the schedule; the employer is told.
        ANSWERED    The employer answered.
        CONFIRMED   The ministry confirmed it (after the answer, or once the answer time passed).
        CANCELLED   Withdrawn by the ministry.
    """

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        ANSWERED = "answered", _("Answered by the employer")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    TONES: ClassVar[dict[str, str]] = {
        Status.RECORDED: "warning",
        Status.ANSWERED: "info",
        Status.CONFIRMED: "danger",
        Status.CANCELLED: "secondary",
    }
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.RECORDED: frozenset({Status.ANSWERED, Status.CONFIRMED, Status.CANCELLED}),
        Status.ANSWERED: frozenset({Status.CONFIRMED, Status.CANCELLED}),
        Status.CONFIRMED: frozenset(),
        Status.CANCELLED: frozenset(),
    }

    establishment = models.ForeignKey(
        "employers.Establishment", on_delete=models.PROTECT, related_name="violations"
    )
    violation_type = models.ForeignKey(ViolationType, on_delete=models.PROTECT, related_name="+")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_by_system = models.BooleanField(_("raised by the portal"), default=False)
    fine_settled_at = models.DateTimeField(_("fine paid"), null=True, blank=True)
    observed_on = models.DateField(_("observed on"))
    workers_concerned = models.PositiveIntegerField(_("workers concerned"), default=1)
    evidence = models.TextField(_("evidence"))
    fine = models.DecimalField(_("fine (RO)"), max_digits=11, decimal_places=3)
    is_repeat = models.BooleanField(_("repeat within a year"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECORDED
    )
    employer_answer = models.TextField(_("employer's answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        indexes = [models.Index(fields=["establishment", "observed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(inspector__isnull=False) | models.Q(raised_by_system=True),
                name="violation_has_inspector_or_system",
            )
        ]

    def __str__(self) -> str:
        return f"{self.establishment_id}: {self.violation_type_id} {self.observed_on}"


class Contract(BaseModel):
    """An employment contract an employer registers for a worker, in Arabic and English.

    The acceptance code goes only to the worker's consent number (accounts.contact.
    consent_number_for: the civil registry's mobile, else the worker's own proven account's);
    `worker_mobile` is what the employer typed, kept for information and never sent a code.
    `offer_state` says whether the code went out, waits for the registry, or cannot go at all.
    Accepting and declining both need proof (that code, or a fresh national identity proof of
    the contract's civil or resident number): `answer_proof_method` records which.

    States:
        PROPOSED    Registered by the employer; the worker is sent a link and a code by SMS.
        ACCEPTED    The worker accepted; waits for the ministry when the rules require approval.
        ACTIVE      In force (accepted, and approved where required): the register follows.
        DECLINED    The worker declined.
        EXPIRED     The worker did not answer in time.
        REFUSED     The ministry refused it.
        ENDED       Ended (its end date passed, or a termination was upheld).
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for the worker")
        ACCEPTED = "accepted", _("Accepted, waiting for the ministry")
        ACTIVE = "active", _("In force")
        DECLINED = "declined", _("Declined by the worker")
        EXPIRED = "expired", _("Not answered in time")
        REFUSED = "refused", _("Refused by the ministry")
        ENDED = "ended", _("Ended")

    class OfferState(models.TextChoices):
        PENDING = "pending", _("Code pending: the civil registry cannot be asked just now")
        SENT = "sent", _("Code sent to the worker's verified number")
        NO_NUMBER = "no_number", _("The worker cannot be asked: no verified number")

    TONES: ClassVar[dict[str, str]] = {
        Status.PROPOSED: "warning",
        Status.ACCEPTED: "info",
        Status.ACTIVE: "success",
    }
    DEFAULT_TONE = "secondary"
    AWAITING_MINISTRY: ClassVar[frozenset[str]] = frozenset(
        {Status.ACCEPTED}
    )  # the worker accepted
    IN_FORCE: ClassVar[frozenset[str]] = frozenset({Status.ACTIVE})  # registered
    DECLINED_BY_WORKER: ClassVar[frozenset[str]] = frozenset(
        {Status.DECLINED}
    )  # the worker said no
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.PROPOSED: frozenset(
            {Status.ACCEPTED, Status.ACTIVE, Status.DECLINED, Status.EXPIRED}
        ),
        Status.ACCEPTED: frozenset({Status.ACTIVE, Status.REFUSED}),
        Status.ACTIVE: frozenset({Status.ENDED}),
        Status.DECLINED: frozenset(),
        Status.EXPIRED: frozenset(),
        Status.REFUSED: frozenset(),
        Status.ENDED: frozenset(),
    }

    establishment = models.ForeignKey(
        "employers.Establishment", on_delete=models.PROTECT, related_name="contracts"
    )
    employee = models.ForeignKey(
        "employers.Employee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
        help_text=_("Set when the contract comes into force and the register follows."),
    )
    rule_set = models.ForeignKey(LifecycleRuleSet, on_delete=models.PROTECT, related_name="+")
    worker_name_ar = models.CharField(_("worker's name in Arabic"), max_length=200)
    worker_name_en = models.CharField(_("worker's name in English"), max_length=200)
    nationality = models.CharField(_("nationality (ISO 3166 alpha-3)"), max_length=3)
    civil_id = models.CharField(_("civil or resident number"), max_length=20, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    worker_mobile = models.CharField(
        _("worker's mobile as the employer gave it (unverified, for information)"), max_length=20
    )
    worker_language = models.CharField(
        _("worker's language"), max_length=5, choices=settings.LANGUAGES, default="ar"
    )
    occupation_code = models.CharField(_("occupation (ISCO-08 unit group)"), max_length=4)
    job_level = models.PositiveSmallIntegerField(_("job level"))
    monthly_salary = models.DecimalField(_("monthly salary (RO)"), max_digits=9, decimal_places=3)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    probation_days = models.PositiveSmallIntegerField(_("probation (days)"), default=0)
    notice_days = models.PositiveSmallIntegerField(_("notice period (days)"))
    terms_ar = models.TextField(_("other terms in Arabic"), blank=True)
    terms_en = models.TextField(_("other terms in English"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acceptance_token = models.CharField(max_length=64, unique=True, default=new_token)
    acceptance_code_hash = models.CharField(max_length=128, blank=True)
    acceptance_attempts = models.PositiveSmallIntegerField(default=0)
    offer_state = models.CharField(
        _("code to the worker"),
        max_length=10,
        choices=OfferState.choices,
        default=OfferState.PENDING,
    )
    # how the code went: to the registry's mobile or to the proven account's (a ProofMethod)
    offer_proof_method = models.CharField(max_length=20, choices=ProofMethod.choices, blank=True)
    offer_sent_at = models.DateTimeField(_("code sent"), null=True, blank=True)
    offer_attempts = models.PositiveSmallIntegerField(default=0)
    offer_next_attempt_at = models.DateTimeField(null=True, blank=True)
    answer_proof_method = models.CharField(
        _("the worker's answer proven by"), max_length=20, choices=ProofMethod.choices, blank=True
    )
    accept_by = models.DateTimeField(_("accept by"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_via = models.CharField(_("accepted via"), max_length=20, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("employment contract")
        verbose_name_plural = _("employment contracts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gt=models.F("starts_on")),
                name="contract_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(civil_id="") | ~models.Q(passport_number=""),
                name="contract_names_the_worker",
            ),
        ]
        indexes = [
            models.Index(fields=["establishment", "status"]),
            # a worker's own salary page finds their employments by number (ADR 0026)
            models.Index(fields=["civil_id"], name="contract_by_civil_id"),
            models.Index(
                fields=["offer_next_attempt_at"],
                condition=models.Q(status="proposed", offer_state="pending"),
                name="contract_offer_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.establishment_id}: {self.worker_name_en} ({self.status})"


class Resignation(BaseModel):
    """A worker resigns (only from an account whose civil ID is proven, with a fresh proof:
    `proof_method`); the employer answers. An accepted resignation carries a no-objection
    record (NOC): with it a new employer may take over the worker's permit until
    `noc_valid_until`, while the contract would otherwise still bind the worker.

    States:
        SUBMITTED   The worker resigned; the employer answers by `answer_by`, or it is accepted.
        ACCEPTED    The employer accepted (or did not answer in time): the register shows the
                    last working day and the no-objection record is issued.
        REFUSED     The employer refused, with a reason from the list; the contract continues.
        WITHDRAWN   The worker withdrew it before the answer.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the employer")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused by the employer")
        WITHDRAWN = "withdrawn", _("Withdrawn by the worker")

    class RefusalReason(models.TextChoices):
        NOTICE = "notice", _("The notice period in the contract has not been served")
        OBLIGATIONS = "obligations", _("Outstanding obligations (company property or advances)")
        FIXED_TERM = "fixed_term", _("The fixed term of the contract has not been completed")
        OTHER = "other", _("Another reason, explained in the note")

    TONES: ClassVar[dict[str, str]] = {
        "accepted": "success",
        "refused": "danger",
        "withdrawn": "secondary",
        "submitted": "warning",
    }
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.SUBMITTED: frozenset({Status.ACCEPTED, Status.REFUSED, Status.WITHDRAWN}),
        Status.ACCEPTED: frozenset(),
        Status.REFUSED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }

    establishment = models.ForeignKey(
        "employers.Establishment", on_delete=models.PROTECT, related_name="resignations"
    )
    employee = models.ForeignKey(
        "employers.Employee", on_delete=models.PROTECT, related_name="resignations"
    )
    rule_set = models.ForeignKey(LifecycleRuleSet, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    statement = models.TextField(_("the worker's statement"), blank=True)
    # how the worker proved who they are when resigning, and when withdrawing (step-up)
    proof_method = models.CharField(
        _("resignation proven by"), max_length=20, choices=ProofMethod.choices, blank=True
    )
    withdrawal_proof_method = models.CharField(
        _("withdrawal proven by"), max_length=20, choices=ProofMethod.choices, blank=True
    )
    notice_days = models.PositiveSmallIntegerField(_("notice period (days)"))
    last_working_day = models.DateField(_("last working day"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    answer_by = models.DateTimeField(_("the employer answers by"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    deemed_accepted = models.BooleanField(_("accepted for want of an answer"), default=False)
    refusal_reason = models.CharField(
        _("reason for refusing"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    answer_note = models.TextField(_("the employer's note"), blank=True)
    previous_contract_end = models.DateField(
        _("contract end before the resignation"), null=True, blank=True
    )
    # The no-objection record, issued on acceptance.
    noc_number = models.CharField(
        _("no-objection record number"), max_length=20, unique=True, null=True, blank=True
    )
    noc_valid_until = models.DateField(_("no-objection record valid until"), null=True, blank=True)
    noc_token = models.CharField(max_length=64, unique=True, default=new_token)
    noc_transfer = models.ForeignKey(
        "permits.PermitTransfer",
        verbose_name=_("transfer made with the no-objection record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    noc_lapsed_at = models.DateTimeField(_("no-objection record lapsed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("resignation")
        verbose_name_plural = _("resignations")
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=models.Q(status="submitted"),
                name="resignation_one_open_per_employee",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="resignation_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(noc_number__isnull=False),
                name="resignation_accepted_has_noc",
            ),
        ]
        indexes = [
            models.Index(fields=["establishment", "status"]),
            models.Index(
                fields=["answer_by"],
                condition=models.Q(status="submitted"),
                name="resignation_due_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.status}"
