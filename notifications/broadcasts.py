"""Writes of broadcasts: compose, submit, decide (four eyes), and the set-based send.

A broadcast is a message to a segment of foreign workers (notifications.segments). Policy staff
compose it and submit it; a different staff member approves it, which queues a background run
(BroadcastRun, ADR 0023). The run writes the whole segment into the SMS ledger with one
INSERT ... SELECT: one row per mobile number, in the worker's language (Arabic where the
broadcast has no text in it), an alert skipping workers who switched alerts off (an official
notice goes to them too). Each row's idempotency key (`broadcast:<id>:<number>`) is claimed in
SmsIdempotencyKey in the same statement, so a second send writes nothing. The rows fall due
SMS_BROADCAST_PER_SECOND a second (`next_attempt_at`): the relay and its sweeper send them as
they fall due, with their usual retries and receipts (ADR 0009).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.runs import run_fail, run_start, run_succeed
from core.services import audit_record, model_snapshot
from core.transitions import transition_locked
from core.workflow import advance
from notifications.models import (
    Broadcast,
    BroadcastRun,
    SmsMessage,
)
from notifications.questions import broadcast_population
from notifications.segments import segment_clean, segment_where
from notifications.services import sms_enqueue_select, sms_nudge_relay, sms_text_for

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User

logger = logging.getLogger(__name__)

SNAPSHOT_FIELDS = ("title", "kind", "body_ar", "body_en", "worker_bodies", "segment", "status")


class BroadcastError(ApplicationError):
    """A broadcast that cannot be changed, submitted or decided as asked (nothing changed)."""


# --- what a broadcast would send -------------------------------------------------------------


def broadcast_texts(*, broadcast: Broadcast) -> dict[str, tuple[str, str]]:
    """For each language of settings.LANGUAGES: (the language sent, the text as the ledger
    keeps it). A language the broadcast has no text in gets the Arabic text."""
    template_code = Broadcast.TEMPLATE_CODES[broadcast.kind]
    arabic = sms_text_for(
        template_code=template_code, language="ar", context={"text": broadcast.body_ar.strip()}
    )
    texts: dict[str, tuple[str, str]] = {}
    for code, _name in settings.LANGUAGES:
        body = broadcast.text_for(code).strip()
        if code == "ar" or not body:
            texts[code] = ("ar", arabic)
        else:
            texts[code] = (
                code,
                sms_text_for(template_code=template_code, language=code, context={"text": body}),
            )
    return texts


def _texts_sql(texts: dict[str, tuple[str, str]]) -> tuple[str, list[Any]]:
    rows = ", ".join(["(%s, %s, %s)"] * len(texts))
    params: list[Any] = []
    for language, (sent, text) in texts.items():
        params += [language, sent, text]
    return f"(VALUES {rows}) AS t(language, sent_language, body)", params


def _picked_sql(broadcast: Broadcast) -> tuple[str, list[Any]]:
    """The recipients: one row per mobile number in the segment (the worker's own account
    first), without those who switched alerts off when it is an alert."""
    population, params = broadcast_population.ask()
    where, where_params = segment_where(broadcast.segment)
    opt_out = "AND NOT w.opted_out" if broadcast.kind == Broadcast.Kind.ALERT else ""
    sql = f"""
        SELECT DISTINCT ON (w.mobile) w.mobile, w.user_id, w.language
        FROM ({population}) w
        WHERE w.mobile IS NOT NULL AND ({where}) {opt_out}
        ORDER BY w.mobile, w.user_id NULLS LAST, w.employee_id
    """  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    return sql, [*params, *where_params]


@dataclass
class Audience:
    """Who a broadcast reaches: workers in the segment, those it cannot reach and why, and the
    messages it would write, by the language they go in."""

    workers: int = 0
    without_mobile: int = 0
    opted_out: int = 0
    shared_numbers: int = 0
    by_language: dict[str, int] = field(default_factory=dict)

    @property
    def recipients(self) -> int:
        return sum(self.by_language.values())


def broadcast_audience(*, broadcast: Broadcast) -> Audience:
    """Count the segment as the send would write it (nothing is written)."""
    population, params = broadcast_population.ask()
    where, where_params = segment_where(broadcast.segment)
    alert = broadcast.kind == Broadcast.Kind.ALERT
    audience = Audience()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT count(*),
                   count(*) FILTER (WHERE w.mobile IS NULL),
                   count(*) FILTER (WHERE w.mobile IS NOT NULL AND w.opted_out)
            FROM ({population}) w WHERE ({where})
            """,  # noqa: S608  # nosec B608
            [*params, *where_params],
        )
        audience.workers, audience.without_mobile, opted_out = cursor.fetchone()
        audience.opted_out = opted_out if alert else 0
        picked, picked_params = _picked_sql(broadcast)
        texts, text_params = _texts_sql(broadcast_texts(broadcast=broadcast))
        cursor.execute(
            f"""
            SELECT COALESCE(t.sent_language, 'ar'), count(*)
            FROM ({picked}) p LEFT JOIN {texts} ON t.language = p.language
            GROUP BY 1
            """,  # noqa: S608  # nosec B608
            [*picked_params, *text_params],
        )
        audience.by_language = dict(cursor.fetchall())
    reachable = audience.workers - audience.without_mobile - audience.opted_out
    audience.shared_numbers = max(0, reachable - audience.recipients)
    return audience


# --- compose, submit, withdraw, decide -------------------------------------------------------


def _clean(broadcast: Broadcast) -> None:
    """Check the texts and the segment (ValidationError keyed by field; nothing saved)."""
    errors: dict[str, list[str]] = {}
    try:
        broadcast.full_clean(exclude=["created_by", "segment", "worker_bodies"])
    except ValidationError as error:
        errors.update(error.message_dict)
    worker_languages = dict(settings.WORKER_LANGUAGES)
    bodies = broadcast.worker_bodies or {}
    if not isinstance(bodies, dict) or not set(bodies) <= set(worker_languages):
        errors.setdefault("worker_bodies", []).append(
            _("Texts may be given only in the workers' languages.")
        )
    else:
        broadcast.worker_bodies = {k: str(v).strip() for k, v in bodies.items() if str(v).strip()}
    try:
        broadcast.segment = segment_clean(broadcast.segment or {})
    except ValidationError as error:
        # keyed by the form's field of each filter (notifications.forms.BroadcastForm)
        for code, messages in error.message_dict.items():
            errors.setdefault(f"segment_{code}", []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def broadcast_save(*, broadcast: Broadcast, actor: User) -> Broadcast:
    """Create a draft broadcast, or change one still in draft (its author only), after checking
    its texts and segment. Audited with the fields before and after.

    Raises ValidationError (nothing saved) for bad texts or an unknown segment value, and
    BroadcastError for a broadcast that is no longer a draft or is another person's."""
    before = None
    if broadcast.pk:
        current = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
        if current.status not in Broadcast.EDITABLE:
            raise BroadcastError(_("Only a draft can be changed."))
        if current.created_by_id != actor.pk:
            raise BroadcastError(_("Only the person who composed this broadcast may change it."))
        before = model_snapshot(current, SNAPSHOT_FIELDS)
    else:
        broadcast.created_by = actor
    _clean(broadcast)
    broadcast.save()
    audit_record(
        actor=actor,
        action="notifications.broadcast_saved",
        obj=broadcast,
        before=before,
        after=model_snapshot(broadcast, SNAPSHOT_FIELDS),
    )
    return broadcast


@transaction.atomic
def broadcast_submit(*, broadcast: Broadcast, actor: User) -> Broadcast:
    """Send a draft to a second approver. Its author only; it needs a segment (at least one
    filter) that reaches somebody. Raises BroadcastError (nothing changed) otherwise."""
    locked = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
    if locked.created_by_id != actor.pk:
        raise BroadcastError(_("Only the person who composed this broadcast may submit it."))
    if not locked.segment:
        raise BroadcastError(_("Choose the segment: at least one filter."))
    if (
        locked.status == Broadcast.Status.DRAFT
        and broadcast_audience(broadcast=locked).recipients == 0
    ):
        raise BroadcastError(_("Nobody in this segment can be sent the message."))
    locked, _event = transition_locked(
        obj=locked,
        to=Broadcast.Status.SUBMITTED,
        actor=actor,
        action="notifications.broadcast_submitted",
        refuse=lambda b: BroadcastError(_("Only a draft can be submitted.")),
        changes={"submitted_at": timezone.now()},
    )
    return locked


@transaction.atomic
def broadcast_withdraw(*, broadcast: Broadcast, actor: User) -> Broadcast:
    """Its author withdraws a draft or a submitted broadcast (BroadcastError otherwise)."""
    if broadcast.created_by_id != actor.pk:
        raise BroadcastError(_("Only the person who composed this broadcast may withdraw it."))
    locked, _event = transition_locked(
        obj=broadcast,
        to=Broadcast.Status.CANCELLED,
        actor=actor,
        action="notifications.broadcast_withdrawn",
        refuse=lambda b: BroadcastError(_("This broadcast can no longer be withdrawn.")),
    )
    return locked


@transaction.atomic
def broadcast_decide(
    *, broadcast: Broadcast, actor: User, approve: bool, note: str = ""
) -> Broadcast:
    """A second staff member approves a submitted broadcast, which queues its send in the
    background, or refuses it with a reason. The author cannot decide their own broadcast
    (four eyes). Raises BroadcastError (nothing changed) otherwise."""
    if broadcast.created_by_id == actor.pk:
        raise BroadcastError(
            _("You composed this broadcast: a different person must approve it (four eyes).")
        )
    note = note.strip()
    if not approve and not note:
        raise BroadcastError(_("Give the reason for refusing it."))
    changes: dict[str, object] = {
        "decided_by": actor,
        "decided_at": timezone.now(),
        "decision_note": note[:500],
    }
    if approve:
        locked = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
        if locked.status == Broadcast.Status.SUBMITTED:
            changes["recipients_at_approval"] = broadcast_audience(broadcast=locked).recipients
    locked, _event = transition_locked(
        obj=broadcast,
        to=Broadcast.Status.APPROVED if approve else Broadcast.Status.REJECTED,
        actor=actor,
        action="notifications.broadcast_approved" if approve else "notifications.broadcast_refused",
        refuse=lambda b: BroadcastError(_("This broadcast is not waiting for a decision.")),
        changes=changes,
        note=note,
    )
    if approve:
        run = BroadcastRun.objects.create(broadcast=locked)
        from notifications.tasks import broadcast_send_task

        transaction.on_commit(lambda: broadcast_send_task.delay(run.pk))
    return locked


# --- the send ---------------------------------------------------------------------------------


def broadcast_key_prefix(broadcast_id: int) -> str:
    return f"broadcast:{broadcast_id}:"


def broadcast_queue(*, broadcast: Broadcast) -> int:
    """Write the broadcast's messages into the ledger in one INSERT ... SELECT (with its
    idempotency keys in the same statement); returns how many rows were written (0 when they
    were written before). The caller holds the broadcast's row lock."""
    picked, picked_params = _picked_sql(broadcast)
    rows = f"SELECT q.mobile, q.user_id, q.language, %s || q.mobile AS key FROM ({picked}) q"  # noqa: S608  # nosec B608
    return sms_enqueue_select(
        template_code=Broadcast.TEMPLATE_CODES[broadcast.kind],
        rows_sql=rows,
        params=[broadcast_key_prefix(broadcast.pk), *picked_params],
        texts=broadcast_texts(broadcast=broadcast),
        per_second=max(1, int(settings.SMS_BROADCAST_PER_SECOND)),
        broadcast_id=broadcast.pk,
        nudge=False,
    )


def _nudge_first_second(broadcast_id: int) -> None:
    """After commit: nudge the relay for the rows due now; the sweeper sends the rest as they
    fall due."""
    ids = list(
        SmsMessage.objects.filter(
            broadcast_id=broadcast_id,
            status=SmsMessage.Status.CREATED,
            next_attempt_at__lte=timezone.now(),
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[: max(1, int(settings.SMS_BROADCAST_PER_SECOND))]
    )
    size = settings.SMS_BATCH_SIZE
    for start in range(0, len(ids), size):
        sms_nudge_relay(message_ids=ids[start : start + size])


@transaction.atomic
def broadcast_send(*, broadcast_id: int) -> int:
    """Queue an approved broadcast's messages and mark it SENT; returns the rows written. A
    broadcast already sent (or not approved) writes nothing and returns 0."""
    broadcast = Broadcast.objects.select_for_update().get(pk=broadcast_id)
    if broadcast.status != Broadcast.Status.APPROVED:
        return 0
    # an earlier attempt that queued part of the segment (resumed by staff): its rows hold their
    # keys, so this writes only the others, and `queued` counts them all
    resumed = SmsMessage.objects.filter(broadcast_id=broadcast.pk).exists()
    written = broadcast_queue(broadcast=broadcast)
    advance(broadcast, Broadcast.Status.SENT)
    broadcast.sent_at = timezone.now()
    broadcast.queued = (
        SmsMessage.objects.filter(broadcast_id=broadcast.pk).count() if resumed else written
    )
    broadcast.save(update_fields=["status", "sent_at", "queued", "updated_at"])
    audit_record(
        actor=None,
        actor_label="portal",
        action="notifications.broadcast_sent",
        obj=broadcast,
        before={"status": Broadcast.Status.APPROVED},
        after={"status": broadcast.status, "queued": broadcast.queued, "written": written},
    )
    transaction.on_commit(lambda: _nudge_first_second(broadcast_id))
    return written


@transaction.atomic
def broadcast_resume(*, broadcast: Broadcast, actor: User) -> BroadcastRun:
    """Start the send of an approved broadcast again after its run failed (or a worker died
    with it part queued): a new run, queued in the background once this commits. The send
    writes only the recipients whose messages are not in the ledger yet (their idempotency
    keys), so resuming never sends anyone a second message. Audited.

    Raises BroadcastError (nothing changed): the broadcast is not waiting to be sent (already
    sent, or never approved), or a send of it is still waiting or running."""
    locked = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
    if locked.status != Broadcast.Status.APPROVED:
        raise BroadcastError(_("Only an approved broadcast that was not sent can be resumed."))
    last = BroadcastRun.objects.filter(broadcast=locked).order_by("-id").first()
    if last is not None and not last.failed:
        raise BroadcastError(_("This broadcast is being sent: wait for the send to finish."))
    run = BroadcastRun.objects.create(broadcast=locked)
    audit_record(
        actor=actor,
        action="notifications.broadcast_resumed",
        obj=locked,
        after={
            "run": run.pk,
            "failed_run": last.pk if last is not None else None,
            "already_queued": SmsMessage.objects.filter(broadcast_id=locked.pk).count(),
        },
    )
    from notifications.tasks import broadcast_send_task

    transaction.on_commit(lambda: broadcast_send_task.delay(run.pk))
    return run


def broadcast_run_process(*, run_id: int) -> BroadcastRun | None:
    """The background send of an approved broadcast (BroadcastRun). Safe to run twice: a
    finished run, or a broadcast already sent, writes nothing."""
    run = run_start(BroadcastRun, run_id)
    if run is None:
        return None
    try:
        written = broadcast_send(broadcast_id=run.broadcast_id)
    except Exception as error:
        run_fail(BroadcastRun, run_id, f"{type(error).__name__}: {error}")
        raise
    run_succeed(BroadcastRun, run_id, processed=written, total=written)
    run.refresh_from_db()
    return run
