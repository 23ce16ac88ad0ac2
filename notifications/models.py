"""SMS templates (data, bilingual) and the SMS ledger: one row per message, with its history."""

from __future__ import annotations

import string
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BaseModel
from core.runs import BackgroundRun


def placeholders_in(text: str) -> set[str]:
    """Named `{placeholders}` used in a template text. Raises ValueError for broken braces."""
    names = set()
    for _literal, field, _spec, _conversion in string.Formatter().parse(text):
        if field is None:
            continue
        if not field.isidentifier():
            raise ValueError(field)
        names.add(field)
    return names


class SmsTemplate(BaseModel):
    """A message the portal can send, as data: Arabic and English text with named placeholders.

    Categories:
        LEGAL      Legally required notice (permit decision, termination, absconding report):
                   always sent, whatever the person's alert preference, and says so.
        ALERT      Marketing-like alert (new matching vacancy): not sent to a person who opted
                   out (profile switch or a STOP reply) and tells how to stop.
        SECURITY   One-time codes: the code is masked in the ledger once the message has left.
        SERVICE    Other service messages (application received, contract to accept).
    """

    class Category(models.TextChoices):
        LEGAL = "legal", _("Legally required notice")
        ALERT = "alert", _("Alert (can be switched off)")
        SECURITY = "security", _("Security code")
        SERVICE = "service", _("Service message")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    body_ar = models.TextField(_("text in Arabic"))
    body_en = models.TextField(_("text in English"))
    # A message that goes to foreign workers is also written in their languages
    # (settings.WORKER_LANGUAGES): {"hi": "...", "ur": "...", ...}. A language missing here is
    # sent in English. `for_workers` templates must have every one (tests/test_worker_languages).
    for_workers = models.BooleanField(_("sent to workers"), default=False)
    worker_bodies = models.JSONField(_("texts in the workers' languages"), default=dict, blank=True)
    placeholders = models.JSONField(
        _("placeholders"),
        default=list,
        help_text=_("Names the text must use, for example code or permit_number."),
    )
    sensitive_placeholders = models.JSONField(
        _("placeholders masked in the ledger"), default=list, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("SMS template")
        verbose_name_plural = _("SMS templates")

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        declared = set(self.placeholders or [])
        if not all(isinstance(p, str) and p.isidentifier() for p in declared):
            errors.setdefault("placeholders", []).append(
                str(_("Placeholder names may use only letters, digits and underscores."))
            )
        worker_names = dict(settings.WORKER_LANGUAGES)
        if not isinstance(self.worker_bodies, dict) or not set(self.worker_bodies) <= set(
            worker_names
        ):
            errors.setdefault("worker_bodies", []).append(
                str(_("Texts may be given only in the workers' languages."))
            )
        texts: list[tuple[str, Any, Any]] = [
            (field, label, getattr(self, field))
            for field, label in (("body_ar", _("Arabic")), ("body_en", _("English")))
        ]
        if isinstance(self.worker_bodies, dict):
            texts += [
                ("worker_bodies", worker_names.get(code, code), text)
                for code, text in sorted(self.worker_bodies.items())
            ]
        for field, label, value in texts:
            text = (value or "").strip()
            if not text:
                errors.setdefault(field, []).append(
                    str(_("Enter the %(language)s text.") % {"language": label})
                )
                continue
            try:
                used = placeholders_in(text)
            except ValueError:
                errors.setdefault(field, []).append(
                    str(_("Write placeholders as {name}, and double a brace to show one: {{."))
                )
                continue
            missing = sorted(declared - used)
            unknown = sorted(used - declared)
            if missing:
                errors.setdefault(field, []).append(
                    str(_("The %(language)s text does not use: %(names)s."))
                    % {"language": label, "names": ", ".join(missing)}
                )
            if unknown:
                errors.setdefault(field, []).append(
                    str(_("The %(language)s text uses undeclared placeholders: %(names)s."))
                    % {"language": label, "names": ", ".join(unknown)}
                )
        if not set(self.sensitive_placeholders or []) <= declared:
            errors.setdefault("sensitive_placeholders", []).append(
                str(_("Masked placeholders must be among the declared placeholders."))
            )
        if errors:
            raise ValidationError(errors)

    def text_for(self, language: str) -> str:
        """The text in `language`: Arabic, English, or a worker's language (English where this
        template has no text in it)."""
        if language == "ar":
            return self.body_ar
        if language == "en":
            return self.body_en
        return (self.worker_bodies or {}).get(language) or self.body_en


TEMPLATE_FIELDS = (
    "name",
    "category",
    "body_ar",
    "body_en",
    "worker_bodies",
    "placeholders",
    "sensitive_placeholders",
    "is_active",
)


class SmsTemplateChange(BaseModel):
    """A change to a security template (one-time codes), waiting for a second approver: the
    person who proposed it cannot apply it (four eyes), and the masks of the codes stay.

    States:
        PENDING    Proposed; the template still sends its current text.
        APPROVED   A different staff member applied it. Terminal.
        REJECTED   A different staff member refused it, or the proposer withdrew it. Terminal.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a second approver")
        APPROVED = "approved", _("Applied")
        REJECTED = "rejected", _("Refused")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.PENDING: frozenset({Status.APPROVED, Status.REJECTED}),
        Status.APPROVED: frozenset(),
        Status.REJECTED: frozenset(),
    }
    OPEN: ClassVar[frozenset[str]] = frozenset({Status.PENDING})

    template = models.ForeignKey(
        SmsTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="changes"
    )
    proposed = models.JSONField(_("proposed fields"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("SMS template change")
        verbose_name_plural = _("SMS template changes")
        constraints = [
            models.UniqueConstraint(
                fields=["template"],
                condition=models.Q(status="pending"),
                name="one_pending_change_per_template",
            )
        ]

    def __str__(self) -> str:
        return f"{self.template_id}: {self.status}"


class SmsMessage(BaseModel):
    """One SMS in the ledger (the outbox), written in the transaction of the change causing it.

    States:
        CREATED      Waiting to be sent (new, or a retry after a temporary provider error).
        SENDING      The relay has claimed it and is talking to the provider. A row left here
                     (worker killed, answer lost) is reconciled against the provider, never
                     blindly resent.
        SENT         The provider accepted it (provider_sid recorded).
        DELIVERED    The handset received it (delivery receipt). Final.
        UNDELIVERED  The network could not deliver it, for a reason that will not pass. Final.
        FAILED       Refused for good (invalid number, unsubscribed, landline) or out of
                     retries. Final.
    """

    class Status(models.TextChoices):
        CREATED = "created", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        UNDELIVERED = "undelivered", _("Not delivered")
        FAILED = "failed", _("Failed")

    FINAL: ClassVar[frozenset[str]] = frozenset(
        {Status.DELIVERED, Status.UNDELIVERED, Status.FAILED}
    )
    # How far each status is along. The relay moves rows only from the status it expects
    # (created -> sending -> sent, or back to created for a retry); a receipt never moves a
    # message to a lower rank, and a final status never changes.
    RANK: ClassVar[dict[str, int]] = {
        Status.CREATED: 0,
        Status.SENDING: 1,
        Status.SENT: 2,
        Status.DELIVERED: 3,
        Status.UNDELIVERED: 3,
        Status.FAILED: 3,
    }

    # A partitioned table cannot hold a unique index without the month (core.partitions): the
    # reference is a random UUID and the provider's id is checked before it is recorded, so both
    # are indexed, not unique; the idempotency key's uniqueness lives in SmsIdempotencyKey.
    public_id = models.UUIDField(_("reference"), default=uuid.uuid4, db_index=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sms_messages",
    )
    to_number = models.CharField(
        _("mobile number"),
        max_length=16,
        validators=[RegexValidator(r"^\+[1-9]\d{6,14}$")],
        db_index=True,
    )
    template = models.ForeignKey(
        SmsTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="messages"
    )
    category = models.CharField(_("category"), max_length=10, choices=SmsTemplate.Category.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    rendered_text = models.TextField(_("text"))
    # What goes to the provider when it differs from rendered_text (a one-time code); emptied
    # as soon as the message has left or failed, so the ledger never keeps the secret.
    body_to_send = models.TextField(blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, db_index=True)
    # The relay claims (created -> sending), the provider answers (sent, or back to created for
    # a retry, or failed), receipts arrive (delivered, undelivered; a retryable undelivered goes
    # back to created) and the sweeper reconciles rows left sending (ADR 0019).
    TONES: ClassVar[dict[str, str]] = {
        Status.CREATED: "secondary",
        Status.SENDING: "secondary",
        Status.SENT: "primary",
        Status.DELIVERED: "success",
        Status.UNDELIVERED: "danger",
        Status.FAILED: "danger",
    }
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        # a receipt can overtake the relay's own answer (and a retry's reset)
        Status.CREATED: frozenset(
            {Status.SENDING, Status.FAILED, Status.SENT, Status.DELIVERED, Status.UNDELIVERED}
        ),
        Status.SENDING: frozenset(
            {Status.SENT, Status.CREATED, Status.FAILED, Status.DELIVERED, Status.UNDELIVERED}
        ),
        Status.SENT: frozenset(
            {Status.DELIVERED, Status.UNDELIVERED, Status.FAILED, Status.CREATED}
        ),
        Status.DELIVERED: frozenset(),
        Status.UNDELIVERED: frozenset(),
        Status.FAILED: frozenset(),
    }

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CREATED, db_index=True
    )
    provider_sid = models.CharField(
        _("provider message id"), max_length=64, null=True, blank=True, db_index=True
    )
    error_code = models.CharField(_("error code"), max_length=16, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sending_started_at = models.DateTimeField(null=True, blank=True)
    needs_reconciliation = models.BooleanField(default=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The broadcast a message belongs to (its statistics); no constraint into the partitioned
    # ledger's parent, as for the other references (0005).
    broadcast = models.ForeignKey(
        "notifications.Broadcast",
        verbose_name=_("broadcast"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="messages",
    )
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        indexes = [
            # the relay's and sweeper's work queues
            models.Index(
                fields=["status", "next_attempt_at"],
                name="sms_work_queue",
                condition=models.Q(status__in=["created", "sending"]),
            ),
            models.Index(fields=["recipient", "created_at"]),
            models.Index(fields=["template", "created_at"]),
            models.Index(
                fields=["broadcast", "status"],
                name="sms_by_broadcast",
                condition=models.Q(broadcast__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.code} → {self.to_number} ({self.status})"

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL


class SmsIdempotencyKey(models.Model):
    """The idempotency keys of the SMS ledger, one row each: the ledger is partitioned by month
    and cannot hold a unique index without the month, so a key written twice (a retry across
    a month's end) is refused here. Kept as long as the ledger's month (notifications.retention).
    """

    key = models.CharField(max_length=200, primary_key=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.key


class SmsStatusEvent(models.Model):
    """One step in a message's history: who moved it (relay, receipt, sweeper) and why."""

    class Source(models.TextChoices):
        ENQUEUE = "enqueue", _("Written to the ledger")
        RELAY = "relay", _("Relay")
        RECEIPT = "receipt", _("Delivery receipt")
        SWEEPER = "sweeper", _("Sweeper")
        RECONCILE = "reconcile", _("Reconciliation")

    message = models.ForeignKey(
        SmsMessage, on_delete=models.CASCADE, related_name="events", db_constraint=False
    )
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    provider_status = models.CharField(max_length=20, blank=True)
    provider_sid = models.CharField(max_length=64, blank=True)
    error_code = models.CharField(max_length=16, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.from_status} → {self.to_status}"


class Broadcast(BaseModel):
    """A message to a segment of foreign workers, composed by policy staff and sent once a
    second staff member approves it (four eyes). The segment is kept as filter codes and values
    (notifications.segments); the texts in Arabic and English and, optionally, each worker's
    language. Each worker with a mobile gets one SMS, in their language (Arabic where the
    broadcast has no text in it).

    States:
        DRAFT       Being composed; its author may change it.
        SUBMITTED   Waiting for a second approver; nothing can change it.
        APPROVED    Approved; the send runs in the background (BroadcastRun).
        SENT        Its messages are in the ledger (`queued`); the relay sends them. Terminal.
        REJECTED    The second approver refused it. Terminal.
        CANCELLED   Its author withdrew it before it was approved. Terminal.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for a second approver")
        APPROVED = "approved", _("Approved, being sent")
        SENT = "sent", _("Sent")
        REJECTED = "rejected", _("Refused")
        CANCELLED = "cancelled", _("Withdrawn")

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Official notice (sent to everyone)")
        ALERT = "alert", _("Alert (not sent to people who switched alerts off)")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.DRAFT: frozenset({Status.SUBMITTED, Status.CANCELLED}),
        Status.SUBMITTED: frozenset({Status.APPROVED, Status.REJECTED, Status.CANCELLED}),
        Status.APPROVED: frozenset({Status.SENT}),
        Status.SENT: frozenset(),
        Status.REJECTED: frozenset(),
        Status.CANCELLED: frozenset(),
    }
    TONES: ClassVar[dict[str, str]] = {Status.APPROVED: "primary"}
    EDITABLE: ClassVar[frozenset[str]] = frozenset({Status.DRAFT})
    # The ledger templates of each kind (data, notifications 0008): the text is the broadcast's.
    TEMPLATE_CODES: ClassVar[dict[str, str]] = {
        Kind.NOTICE: "broadcast_notice",
        Kind.ALERT: "broadcast_alert",
    }

    title = models.CharField(
        _("title (for staff)"), max_length=200, help_text=_("Shown to staff only, never sent.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    body_ar = models.TextField(_("text in Arabic"), max_length=600)
    body_en = models.TextField(_("text in English"), max_length=600)
    worker_bodies = models.JSONField(_("texts in the workers' languages"), default=dict, blank=True)
    segment = models.JSONField(_("segment"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("composed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # the count the approver saw when they approved it
    recipients_at_approval = models.PositiveIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("reason"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    queued = models.PositiveIntegerField(_("messages queued"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")

    def __str__(self) -> str:
        return self.title

    def text_for(self, language: str) -> str:
        """The text in `language`, or "" where the broadcast has none (Arabic is then sent)."""
        if language == "ar":
            return self.body_ar
        if language == "en":
            return self.body_en
        return str((self.worker_bodies or {}).get(language) or "")

    @property
    def languages(self) -> list[str]:
        """The languages this broadcast has a text in, in the order of settings.LANGUAGES."""
        return [code for code, _name in settings.LANGUAGES if self.text_for(code).strip()]


class BroadcastRun(BackgroundRun, BaseModel):
    """The background send of one approved broadcast: one INSERT ... SELECT into the ledger."""

    PROGRESS_TEXT = _("%(done)s of %(total)s messages queued")

    broadcast = models.ForeignKey(
        Broadcast, verbose_name=_("broadcast"), on_delete=models.CASCADE, related_name="runs"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("broadcast send")
        verbose_name_plural = _("broadcast sends")

    def __str__(self) -> str:
        return f"{self.broadcast_id}: {self.status}"
