"""Writes of the SMS ledger: enqueue (outbox), the relay's send, receipts, sweeper, opt-out.

The database row is the truth and the queue only a nudge (GOV.UK Notify's rule):
- `sms_enqueue` writes the row inside the caller's transaction and, after commit, nudges the
  relay. If the broker is down the nudge is dropped and the sweeper sends the row later.
- `sms_send` claims a row under a row lock (CREATED -> SENDING), talks to the provider with no
  lock held, and records the outcome under the lock again. A second delivery of the same task
  finds the row no longer CREATED and does nothing, so a message reaches the provider once.
- A row left in SENDING (worker killed, answer lost) is reconciled against the provider's own
  list before it is ever sent again.
"""

from __future__ import annotations

import datetime
import random
import time
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import structlog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.exceptions import ApplicationError
from core.services import audit_record
from core.workflow import advance, save_advanced
from notifications.clients import get_sms_provider
from notifications.clients.base import (
    SmsAccepted,
    SmsFinalError,
    SmsProvider,
    SmsProviderError,
    SmsRetryableError,
)
from notifications.models import (
    TEMPLATE_FIELDS,
    SmsIdempotencyKey,
    SmsMessage,
    SmsStatusEvent,
    SmsTemplate,
    SmsTemplateChange,
)
from notifications.phone import normalise_mobile

if TYPE_CHECKING:
    # The configured user model (AUTH_USER_MODEL), named without importing the app above.
    from django.contrib.auth.models import _User as User

logger = structlog.get_logger("portal.sms")

MASK = "••••••"
# Delivery receipts whose error passes with time (unreachable handset): sent again.
RETRY_RECEIPT_CODES = frozenset({"30003"})
PROVIDER_STATUS_MAP = {
    "accepted": SmsMessage.Status.SENT,
    "queued": SmsMessage.Status.SENT,
    "scheduled": SmsMessage.Status.SENT,
    "sending": SmsMessage.Status.SENT,
    "sent": SmsMessage.Status.SENT,
    "delivered": SmsMessage.Status.DELIVERED,
    "read": SmsMessage.Status.DELIVERED,
    "undelivered": SmsMessage.Status.UNDELIVERED,
    "failed": SmsMessage.Status.FAILED,
    "canceled": SmsMessage.Status.FAILED,
}


class SmsTemplateError(ApplicationError):
    """Unknown or inactive template, or a context that does not fill its placeholders."""


# --- enqueue --------------------------------------------------------------------------------


def _render(template: SmsTemplate, language: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """(text for the ledger, text for the provider): sensitive values masked in the first."""
    declared = set(template.placeholders)
    given = set(context)
    if declared != given:
        missing, extra = sorted(declared - given), sorted(given - declared)
        raise SmsTemplateError(
            _("The message %(code)s cannot be written: missing %(missing)s, unexpected %(extra)s.")
            % {"code": template.code, "missing": missing or "-", "extra": extra or "-"}
        )
    with override(language):  # a lazily translated value is written in the message's language
        values = {k: str(v) for k, v in context.items()}
    masked = {k: (MASK if k in template.sensitive_placeholders else v) for k, v in values.items()}
    text = template.text_for(language)
    full, shown = text.format(**values), text.format(**masked)
    with override(language):
        if template.category == SmsTemplate.Category.LEGAL:
            suffix = " " + _("(Official notice)")
        elif template.category == SmsTemplate.Category.ALERT:
            suffix = " " + _("Reply STOP to end alerts.")
        else:
            suffix = ""
    return shown + suffix, full + suffix


def sms_text_for(*, template_code: str, language: str, context: Mapping[str, Any]) -> str:
    """The text the ledger keeps for `template_code` in `language` with `context`, with the
    line its category adds ("(Official notice)", how to stop alerts). Raises SmsTemplateError
    as sms_enqueue does."""
    template = _active_template(template_code)
    if template is None:
        raise SmsTemplateError(
            _("There is no active message template %(code)s.") % {"code": template_code}
        )
    return _render(template, language, context)[0]


def sms_enqueue(
    *,
    template_code: str,
    context: Mapping[str, Any],
    idempotency_key: str,
    recipient: User | None = None,
    to_number: str | None = None,
    language: str | None = None,
) -> SmsMessage | None:
    """Write one SMS to the ledger, in the caller's transaction, and nudge the relay on commit.

    The number is the recipient's verified mobile unless `to_number` is given. Returns the
    existing row when `idempotency_key` was used before (nothing is written twice), and None for
    an alert to a person who switched alerts off.

    Raises SmsTemplateError for an unknown template or a context that does not match its
    placeholders, and InvalidPhoneNumberError for a number we cannot send to: nothing is written.
    """
    template = _active_template(template_code)
    if template is None:
        raise SmsTemplateError(
            _("There is no active message template %(code)s.") % {"code": template_code}
        )
    if (
        template.category == SmsTemplate.Category.ALERT
        and recipient is not None
        and recipient.sms_alerts_opt_out
    ):
        return None
    raw_number = to_number or (str(recipient.mobile) if recipient and recipient.mobile else "")
    number = normalise_mobile(raw_number)
    chosen = language or (recipient.preferred_language if recipient else "") or "ar"
    shown, full = _render(template, chosen, context)
    message = SmsMessage(
        recipient=recipient,
        to_number=number,
        template=template,
        category=template.category,
        language=chosen,
        rendered_text=shown,
        body_to_send=full if full != shown else "",
        idempotency_key=idempotency_key,
        next_attempt_at=timezone.now(),
    )
    if not _insert_unless_key_exists(message):
        # the key was used before (or concurrently): that row is the message
        return SmsMessage.objects.get(idempotency_key=idempotency_key)
    SmsStatusEvent.objects.create(
        message=message, source=SmsStatusEvent.Source.ENQUEUE, to_status=message.status
    )
    _nudge_after_commit(message.pk)
    return message


def _insert_unless_key_exists(message: SmsMessage) -> bool:
    """Claim the idempotency key (INSERT ... ON CONFLICT DO NOTHING in its own table: the ledger
    is partitioned by month and cannot hold the unique index), then write the row. A repeated
    key never aborts the caller's transaction (no savepoint needed); a concurrent writer of the
    same key waits for the first one's commit and then finds its row."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SmsIdempotencyKey._meta.db_table} (key, created_at) "  # noqa: S608
            "VALUES (%s, %s) ON CONFLICT (key) DO NOTHING RETURNING key",  # nosec B608 # identifiers from code
            [message.idempotency_key, timezone.now()],
        )
        if cursor.fetchone() is None:
            return False
    message.save(force_insert=True)
    return True


# --- many messages in one statement -----------------------------------------------------------

SMS_SLOT = "\u2983{}\u2984"  # a placeholder left in a text, filled per row by SQL (⦃name⦄)


def sms_texts(
    *, template_code: str, context: Mapping[str, Any], slots: Iterable[str] = ()
) -> dict[str, tuple[str, str]]:
    """For each language of settings.LANGUAGES: (the language sent, the ledger's text of
    `template_code` with `context`), the placeholders named in `slots` left as SMS_SLOT marks
    for `sms_enqueue_select` to fill from each row. Raises SmsTemplateError as sms_enqueue does,
    and for a sensitive placeholder (its masked text cannot be filled by SQL)."""
    template = _active_template(template_code)
    slots = list(slots)
    if template is not None and set(slots) & set(template.sensitive_placeholders):
        raise SmsTemplateError(
            _("The message %(code)s cannot be written: missing %(missing)s, unexpected %(extra)s.")
            % {"code": template_code, "missing": "-", "extra": sorted(slots)}
        )
    full = {**context, **{slot: SMS_SLOT.format(slot) for slot in slots}}
    return {
        code: (code, sms_text_for(template_code=template_code, language=code, context=full))
        for code, _name in settings.LANGUAGES
    }


def sms_enqueue_select(
    *,
    template_code: str,
    rows_sql: str,
    params: Iterable[Any],
    texts: Mapping[str, tuple[str, str]],
    slots: Iterable[str] = (),
    per_second: int | None = None,
    broadcast_id: int | None = None,
    nudge: bool = True,
) -> int:
    """Write one ledger row per row of `rows_sql` in one INSERT ... SELECT, claiming each row's
    idempotency key in SmsIdempotencyKey in the same statement (a key used before, by this or
    by `sms_enqueue`, writes nothing). Returns how many rows were written.

    `rows_sql` yields `mobile` (a verified number, already normalised), `user_id` (or NULL),
    `language` (the recipient's), `key`, and one column per name of `slots`. `texts` is
    `sms_texts` (or the like): a language it lacks gets the Arabic text; each slot mark in the
    text is replaced by the row's column. The rows fall due `per_second` a second (all now when
    None); `nudge` asks the relay for them once the transaction commits (else the sweeper sends
    them as they fall due). No enqueue event is written per row. The caller chose the rows:
    opt-outs and the rules on numbers are its own."""
    template = SmsTemplate.objects.get(code=template_code)
    slots = list(slots)
    body = "COALESCE(t.body, %s)"
    slot_params: list[Any] = []
    for slot in slots:
        body = f"replace({body}, %s, p.{slot}::text)"
        slot_params.append(SMS_SLOT.format(slot))
    values = ", ".join(["(%s, %s, %s)"] * len(texts))
    text_params: list[Any] = []
    for language, (sent, text) in texts.items():
        text_params += [language, sent, text]
    # Paced rows (a broadcast) fall due one after another in the order of their numbers, so
    # they are numbered by mobile; rows due at once need no number, and no sort of them.
    if per_second is None:
        due, numbered = "now()", ""
    else:
        due = "now() + (r.n - 1) * interval '1 second' / %s"
        numbered = ",\n                   row_number() OVER (ORDER BY p.mobile) AS n"
    ledger = SmsMessage._meta.db_table
    keys = SmsIdempotencyKey._meta.db_table
    sql = f"""
        WITH ranked AS MATERIALIZED (
            SELECT p.mobile, p.user_id, p.key,
                   COALESCE(t.sent_language, 'ar') AS language,
                   {body} AS body{numbered}
            FROM ({rows_sql}) p
            LEFT JOIN (VALUES {values}) AS t(language, sent_language, body)
                ON t.language = p.language
        ),
        claimed AS (
            INSERT INTO {keys} (key, created_at)
            SELECT key, now() FROM ranked
            ON CONFLICT (key) DO NOTHING
            RETURNING key
        )
        INSERT INTO {ledger}
            (public_id, created_at, updated_at, recipient_id, to_number, template_id, category,
             language, rendered_text, body_to_send, idempotency_key, status, error_code,
             attempts, next_attempt_at, needs_reconciliation, broadcast_id)
        SELECT gen_random_uuid(), now(), now(), r.user_id, r.mobile, %s, %s,
               r.language, r.body, '', r.key, %s, '',
               0, {due}, false, %s
        FROM ranked r JOIN claimed c ON c.key = r.key
        {"RETURNING id" if nudge else ""}
    """  # noqa: S608  # nosec B608 # SQL from code, values as parameters
    arabic = texts["ar"][1] if "ar" in texts else ""
    all_params = [
        arabic,
        *slot_params,
        *params,
        *text_params,
        template.pk,
        template.category,
        SmsMessage.Status.CREATED,
        *([] if per_second is None else [per_second]),
        broadcast_id,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        if not nudge:
            return int(cursor.rowcount)
        ids = [row[0] for row in cursor.fetchall()]
    _nudge_after_commit(*ids)
    return len(ids)


class _PendingNudges:
    """Ids written in one transaction, nudged together (in batches) when it commits."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.ids: list[int] = []

    def flush(self) -> None:
        if getattr(self.connection, "_sms_pending", None) is self:
            self.connection._sms_pending = None
        size = settings.SMS_BATCH_SIZE
        for start in range(0, len(self.ids), size):
            sms_nudge_relay(message_ids=self.ids[start : start + size])


def _nudge_after_commit(*message_ids: int) -> None:
    """Nudge the relay for these rows once the transaction commits: a transaction that writes
    10,000 messages publishes 100 batch tasks, not 10,000 tasks."""
    if not message_ids:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        size = settings.SMS_BATCH_SIZE
        for start in range(0, len(message_ids), size):
            sms_nudge_relay(message_ids=list(message_ids[start : start + size]))
        return
    pending = getattr(connection, "_sms_pending", None)
    # A rolled-back (savepoint) block discards its on-commit callbacks: register anew then.
    if pending is None or not any(
        callback == pending.flush for _ids, callback, _robust in connection.run_on_commit
    ):
        pending = _PendingNudges(connection)
        connection._sms_pending = pending
        transaction.on_commit(pending.flush)
    pending.ids.extend(message_ids)


_template_cache: dict[str, tuple[float, SmsTemplate | None]] = {}
TEMPLATE_CACHE_SECONDS = 60.0


def _active_template(code: str) -> SmsTemplate | None:
    """The active template `code`, cached in the process for a minute (cleared on save here;
    other processes see an edit within the minute)."""
    now = time.monotonic()
    hit = _template_cache.get(code)
    if hit is not None and now - hit[0] < TEMPLATE_CACHE_SECONDS:
        return hit[1]
    template = SmsTemplate.objects.filter(code=code, is_active=True).first()
    _template_cache[code] = (now, template)
    return template


def sms_template_category(*, code: str) -> str:
    """The category of the active template `code` ("" when there is none), from the same
    per-process cache as the templates sms_enqueue renders."""
    template = _active_template(code)
    return str(template.category) if template is not None else ""


def sms_template_for_workers(*, code: str) -> bool:
    """Whether the active template `code` is written for workers (in their languages); read
    from the same per-process cache as the templates sms_enqueue renders."""
    template = _active_template(code)
    return template is not None and template.for_workers


_broker_down_until = 0.0


def sms_nudge_relay(*, message_ids: list[int]) -> None:
    """Ask the relay to send these rows now. Best effort: the row is already safe in the
    database, so a broker outage only delays the message until the sweeper's next run."""
    global _broker_down_until
    if not message_ids:
        return
    if time.monotonic() < _broker_down_until:
        return
    from notifications.tasks import send_sms_batch_task

    try:
        # the arguments' repr (shown in the workers' logs) names the batch instead of spelling
        # out its ids: celery's safe repr of a hundred ids cost more than publishing them
        send_sms_batch_task.apply_async(  # type: ignore[call-arg]  # a message option
            args=(message_ids,),
            retry=False,
            argsrepr=f"({len(message_ids)} messages {message_ids[0]}..{message_ids[-1]})",
        )
    except Exception as exc:  # broker refused or hung: the sweeper will send these rows
        _broker_down_until = time.monotonic() + settings.SMS_BROKER_BACKOFF_SECONDS
        logger.warning("sms_relay_nudge_failed", error=type(exc).__name__, count=len(message_ids))


# --- the relay ------------------------------------------------------------------------------


def _event(
    message: SmsMessage, *, source: str, from_status: str, note: str = "", **extra: str
) -> None:
    SmsStatusEvent.objects.create(
        message=message,
        source=source,
        from_status=from_status,
        to_status=message.status,
        note=note[:300],
        **extra,
    )


def _retry_delay(attempts: int) -> float:
    delay = settings.SMS_RETRY_BASE_SECONDS * (2 ** max(0, attempts - 1))
    delay = min(delay, settings.SMS_RETRY_MAX_DELAY_SECONDS)
    return delay * random.uniform(0.8, 1.2)  # noqa: S311 (jitter, not security)


def _past_horizon(message: SmsMessage, now: datetime.datetime) -> bool:
    return (now - message.created_at).total_seconds() >= settings.SMS_RETRY_HORIZON_SECONDS


def _finish(message: SmsMessage, status: str, now: datetime.datetime) -> None:
    advance(message, status)
    message.finished_at = now
    message.body_to_send = ""
    message.next_attempt_at = None


def _schedule_retry(message: SmsMessage, now: datetime.datetime, code: str) -> None:
    message.error_code = code
    if _past_horizon(message, now):
        _finish(message, SmsMessage.Status.FAILED, now)
        return
    if message.status != SmsMessage.Status.CREATED:  # a receipt may find it waiting already
        advance(message, SmsMessage.Status.CREATED)
    message.next_attempt_at = now + datetime.timedelta(seconds=_retry_delay(message.attempts))


def _claim(message_ids: Iterable[int]) -> list[SmsMessage]:
    """CREATED and due -> SENDING for each of `message_ids`, in one durable transaction.

    The rows are locked in id order (two overlapping batches cannot deadlock), and the lock
    waits rather than skips: a claim holds it for milliseconds, and a row skipped while another
    connection (perhaps a killed worker's, not yet reaped) held it would wait for the next
    sweep. Rows that are not waiting are left alone, so a repeated batch claims nothing.
    """
    now = timezone.now()
    with transaction.atomic():
        messages = list(
            SmsMessage.objects.select_for_update(of=("self",))
            .select_related("template")
            .filter(pk__in=list(message_ids), status=SmsMessage.Status.CREATED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("pk")
        )
        for message in messages:
            advance(message, SmsMessage.Status.SENDING)
            message.attempts += 1
            message.sending_started_at = now
        save_advanced(messages, ["attempts", "sending_started_at", "updated_at"])
        SmsStatusEvent.objects.bulk_create(
            SmsStatusEvent(
                message=message,
                source=SmsStatusEvent.Source.RELAY,
                from_status=SmsMessage.Status.CREATED,
                to_status=SmsMessage.Status.SENDING,
            )
            for message in messages
        )
    return messages


def _status_callback_url(message: SmsMessage) -> str | None:
    base = settings.SMS_STATUS_CALLBACK_BASE_URL.rstrip("/")
    return f"{base}/sms/status/{message.public_id}/" if base else None


RECORD_EVERY = 25


def _attempt(message: SmsMessage, provider: SmsProvider) -> SmsAccepted | SmsProviderError:
    """Hand one claimed (SENDING) message to the provider; return its answer or its error."""
    try:
        return provider.send(
            to=message.to_number,
            body=message.body_to_send or message.rendered_text,
            status_callback=_status_callback_url(message),
        )
    except SmsProviderError as exc:
        return exc


def _apply_outcome(
    message: SmsMessage, outcome: SmsAccepted | SmsProviderError, now: datetime.datetime
) -> SmsStatusEvent:
    note, extra = "", {}
    if isinstance(outcome, SmsAccepted):
        advance(message, SmsMessage.Status.SENT)
        message.provider_sid = outcome.sid
        message.sent_at = now
        message.body_to_send = ""
        extra = {"provider_sid": outcome.sid, "provider_status": outcome.status}
    elif isinstance(outcome, SmsFinalError):
        message.error_code = outcome.code
        _finish(message, SmsMessage.Status.FAILED, now)
        note, extra = str(outcome), {"error_code": outcome.code}
    elif isinstance(outcome, SmsRetryableError):
        _schedule_retry(message, now, outcome.code)
        note, extra = str(outcome), {"error_code": outcome.code}
    else:
        # The provider may hold it: leave it SENDING for reconciliation, never resend now.
        message.needs_reconciliation = True
        note = str(outcome)
    message.updated_at = now
    return SmsStatusEvent(
        message=message,
        source=SmsStatusEvent.Source.RELAY,
        from_status=SmsMessage.Status.SENDING,
        to_status=message.status,
        note=note[:300],
        **extra,
    )


def _record(results: list[tuple[SmsMessage, SmsAccepted | SmsProviderError]]) -> None:
    """Record the provider's answers for a group of messages in one transaction.

    Losing this commit in a database crash is safe: the rows stay SENDING and are reconciled,
    so it need not wait for the disk (the claim, which must, did). A row a receipt has already
    moved on is left as the receipt left it.
    """
    if not results:
        return
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        still_sending = set(
            SmsMessage.objects.select_for_update()
            .filter(pk__in=[m.pk for m, _o in results], status=SmsMessage.Status.SENDING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        recorded = [(m, o) for m, o in results if m.pk in still_sending]
        events = [_apply_outcome(message, outcome, now) for message, outcome in recorded]
        # One pipelined statement per row (psycopg executemany): Django's bulk_update builds a
        # CASE per field per row and cost ~6 ms of CPU per message here (bench.sms profile).
        columns = [*_OUTCOME_FIELDS, "updated_at"]
        assignments = ", ".join(f"{column} = %s" for column in columns)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {SmsMessage._meta.db_table} SET {assignments} WHERE id = %s",  # noqa: S608  # nosec B608
                [[getattr(m, column) for column in columns] + [m.pk] for m, _o in recorded],
            )
        SmsStatusEvent.objects.bulk_create(events)
    for message, _outcome in results:
        if message.pk not in still_sending:
            message.refresh_from_db()


_OUTCOME_FIELDS = (
    "status",
    "provider_sid",
    "sent_at",
    "body_to_send",
    "error_code",
    "finished_at",
    "next_attempt_at",
    "needs_reconciliation",
)


def sms_send(*, message_id: int, provider: SmsProvider | None = None) -> SmsMessage | None:
    """Send one ledger row if it is waiting. Safe to call any number of times for the same row.

    Returns the row as left (None when there was nothing to do).
    """
    claimed = _claim([message_id])
    if not claimed:
        return None
    message = claimed[0]
    _record([(message, _attempt(message, provider or get_sms_provider()))])
    return message


def sms_send_batch(*, message_ids: Iterable[int]) -> int:
    """Claim the waiting rows of a batch in one transaction, send each, and record the answers
    every RECORD_EVERY messages. Returns how many were handed to the provider or settled."""
    provider = get_sms_provider()
    results: list[tuple[SmsMessage, SmsAccepted | SmsProviderError]] = []
    done = 0
    for message in _claim(message_ids):
        results.append((message, _attempt(message, provider)))
        if len(results) >= RECORD_EVERY:
            _record(results)
            done += sum(m.status != SmsMessage.Status.SENDING for m, _o in results)
            results = []
    _record(results)
    done += sum(m.status != SmsMessage.Status.SENDING for m, _o in results)
    return done


# --- delivery receipts ----------------------------------------------------------------------


def sms_apply_receipt(
    *, public_id: uuid.UUID | str, provider_sid: str, provider_status: str, error_code: str = ""
) -> SmsMessage | None:
    """Apply a provider status callback. Idempotent and monotonic.

    A repeated receipt changes nothing; a receipt for an earlier attempt, or one that would
    move the message backwards (``sent`` after ``delivered``), is kept in the history only.
    Returns None for an unknown message.
    """
    target = PROVIDER_STATUS_MAP.get(provider_status)
    with transaction.atomic():
        message = SmsMessage.objects.select_for_update().filter(public_id=public_id).first()
        if message is None:
            return None
        before = message.status
        now = timezone.now()
        stale_attempt = bool(message.provider_sid) and message.provider_sid != provider_sid
        moves = (
            target is not None
            and not stale_attempt
            and not message.is_final
            and SmsMessage.RANK[target] > SmsMessage.RANK[before]
        )
        if moves and target is not None:
            if not message.provider_sid:
                message.provider_sid = provider_sid  # the receipt overtook the relay's answer
                message.sent_at = message.sent_at or now
                message.needs_reconciliation = False
            message.error_code = error_code or message.error_code
            if target == SmsMessage.Status.DELIVERED:
                message.delivered_at = now
                _finish(message, target, now)
            elif target == SmsMessage.Status.UNDELIVERED and error_code in RETRY_RECEIPT_CODES:
                message.provider_sid = None
                _schedule_retry(message, now, error_code)
            elif target in SmsMessage.FINAL:
                _finish(message, target, now)
            else:
                advance(message, target)
                message.sent_at = message.sent_at or now
                message.body_to_send = ""
            message.save()
        elif message.events.filter(
            source=SmsStatusEvent.Source.RECEIPT,
            provider_sid=provider_sid,
            provider_status=provider_status,
        ).exists():
            return message  # an exact replay: not even a history line
        _event(
            message,
            source=SmsStatusEvent.Source.RECEIPT,
            from_status=before,
            provider_sid=provider_sid,
            provider_status=provider_status,
            error_code=error_code,
            note="" if moves else "ignored: stale or out of order",
        )
    if message.status == SmsMessage.Status.CREATED:
        message_id = message.pk
        transaction.on_commit(lambda: sms_nudge_relay(message_ids=[message_id]))
    return message


# --- sweeper and reconciliation ---------------------------------------------------------------


def sms_reconcile(*, message_id: int, provider: SmsProvider | None = None) -> SmsMessage | None:
    """Settle a row left in SENDING: if the provider has it, it was sent; if not, send again."""
    provider = provider or get_sms_provider()
    message = SmsMessage.objects.get(pk=message_id)
    if message.status != SmsMessage.Status.SENDING:
        return message
    since = (message.sending_started_at or message.created_at) - datetime.timedelta(minutes=5)
    body = message.body_to_send or message.rendered_text
    try:
        sid = provider.find_sent(to=message.to_number, body=body, since=since)
    except SmsRetryableError:
        return message  # the provider cannot answer now; the next sweep asks again
    with transaction.atomic():
        message = SmsMessage.objects.select_for_update().get(pk=message_id)
        if message.status != SmsMessage.Status.SENDING:
            return message
        now = timezone.now()
        taken = sid and SmsMessage.objects.filter(provider_sid=sid).exclude(pk=message.pk).exists()
        if sid and not taken:
            advance(message, SmsMessage.Status.SENT)
            message.provider_sid = sid
            message.sent_at = now
            message.body_to_send = ""
            note = "found at the provider"
        elif _past_horizon(message, now):
            _finish(message, SmsMessage.Status.FAILED, now)
            note = "not at the provider, out of retries"
        else:
            advance(message, SmsMessage.Status.CREATED)
            message.next_attempt_at = now
            note = "not at the provider: sent again"
        message.needs_reconciliation = False
        message.save()
        _event(
            message,
            source=SmsStatusEvent.Source.RECONCILE,
            from_status=SmsMessage.Status.SENDING,
            note=note,
            provider_sid=sid or "",
        )
    if message.status == SmsMessage.Status.CREATED:
        sms_send(message_id=message.pk, provider=provider)
    return message


def sms_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The periodic safety net: nudge rows stuck in CREATED (a lost publish), reconcile rows
    stuck in SENDING (a killed worker, a lost answer). Returns counts of each."""
    now = now or timezone.now()
    due_before = now - datetime.timedelta(seconds=settings.SMS_SWEEP_CREATED_AFTER_SECONDS)
    stuck_before = now - datetime.timedelta(seconds=settings.SMS_SWEEP_SENDING_AFTER_SECONDS)
    waiting = list(
        SmsMessage.objects.filter(
            status=SmsMessage.Status.CREATED, next_attempt_at__lte=now, updated_at__lte=due_before
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:10_000]
    )
    size = settings.SMS_BATCH_SIZE
    for start in range(0, len(waiting), size):
        sms_nudge_relay(message_ids=waiting[start : start + size])
    stuck = list(
        SmsMessage.objects.filter(
            status=SmsMessage.Status.SENDING, sending_started_at__lte=stuck_before
        ).values_list("pk", flat=True)[:10_000]
    )
    for message_id in stuck:
        sms_reconcile(message_id=message_id)
    return {"nudged": len(waiting), "reconciled": len(stuck)}


# --- preferences ------------------------------------------------------------------------------
# The alerts preference is kept on the person's account (`sms_alerts_opt_out` of AUTH_USER_MODEL,
# reached through get_user_model(): notifications sits below accounts) and written only here.


@transaction.atomic
def sms_alerts_set(*, person: User, opted_out: bool, actor: User | None, via: str) -> User:
    """Switch a person's alert messages off or on (profile switch, or a STOP/START reply).
    Legally required notices are sent either way."""
    user_model = get_user_model()

    person = user_model.objects.select_for_update().get(pk=person.pk)
    if person.sms_alerts_opt_out == opted_out:
        return person
    before = {"sms_alerts_opt_out": person.sms_alerts_opt_out}
    person.sms_alerts_opt_out = opted_out
    person.save(update_fields=["sms_alerts_opt_out"])
    audit_record(
        actor=actor,
        action="notifications.alerts_off" if opted_out else "notifications.alerts_on",
        obj=person,
        subject=person,
        before=before,
        after={"sms_alerts_opt_out": opted_out, "via": via},
    )
    return person


def sms_inbound_keyword(*, from_number: str, body: str) -> int:
    """Handle a reply: STOP (or إيقاف) switches alerts off, START (or تشغيل) back on, for every
    person with that verified mobile. Returns how many people changed."""
    user_model = get_user_model()

    word = body.strip().upper()
    if word in {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "إيقاف", "ايقاف"}:
        opted_out = True
    elif word in {"START", "UNSTOP", "YES", "تشغيل"}:
        opted_out = False
    else:
        return 0
    try:
        number = normalise_mobile(from_number)
    except ApplicationError:
        return 0
    changed = 0
    for person in user_model.objects.filter(mobile=number, mobile_verified_at__isnull=False):
        if person.sms_alerts_opt_out != opted_out:
            sms_alerts_set(person=person, opted_out=opted_out, actor=None, via="sms_reply")
            changed += 1
    return changed


def _template_snapshot(template: SmsTemplate) -> dict[str, Any]:
    return {"code": template.code, **{name: getattr(template, name) for name in TEMPLATE_FIELDS}}


def _check_masks_kept(*, current: SmsTemplate, edited: SmsTemplate) -> None:
    """A security template stays one, and every placeholder it masks stays masked."""
    errors: dict[str, list[str]] = {}
    if edited.category != SmsTemplate.Category.SECURITY:
        errors["category"] = [_("A security template stays a security template.")]
    dropped = sorted(set(current.sensitive_placeholders) - set(edited.sensitive_placeholders))
    if dropped:
        errors["sensitive_placeholders"] = [
            _("These placeholders carry codes and stay masked: %(names)s.")
            % {"names": ", ".join(dropped)}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def sms_template_save(*, template: SmsTemplate, actor: User) -> SmsTemplate | SmsTemplateChange:
    """Save a template after checking both languages and every placeholder (ValidationError
    otherwise; nothing is saved), audited with every field before and after.

    A change to a security template (one-time codes) is not applied: it becomes a pending
    SmsTemplateChange that a different staff member applies (`sms_template_change_decide`),
    and it may neither leave the security category nor unmask a placeholder. Returns the saved
    template, or the pending change.
    """
    template.full_clean()
    if template.pk:
        current = SmsTemplate.objects.select_for_update().get(pk=template.pk)
        if current.category == SmsTemplate.Category.SECURITY:
            _check_masks_kept(current=current, edited=template)
            if SmsTemplateChange.objects.filter(
                template=current, status=SmsTemplateChange.Status.PENDING
            ).exists():
                raise ValidationError(
                    _("A change to this template already waits for a second approver.")
                )
            change = SmsTemplateChange.objects.create(
                template=current,
                proposed={name: getattr(template, name) for name in TEMPLATE_FIELDS},
                proposed_by=actor,
            )
            audit_record(
                actor=actor,
                action="notifications.template_change_proposed",
                obj=current,
                before=_template_snapshot(current),
                after={"code": current.code, **change.proposed},
            )
            return change
        before: dict[str, Any] | None = _template_snapshot(current)
    else:
        before = None
    template.save()
    _template_cache.clear()
    audit_record(
        actor=actor,
        action="notifications.template_saved",
        obj=template,
        before=before,
        after=_template_snapshot(template),
    )
    return template


class TemplateChangeRefusedError(ApplicationError):
    pass


@transaction.atomic
def sms_template_change_decide(
    *, change: SmsTemplateChange, actor: User, approve: bool
) -> SmsTemplateChange:
    """A second staff member applies (`approve`) or refuses a pending security template change;
    the proposer may only withdraw it (refuse). Audited with the template before and after."""
    locked = SmsTemplateChange.objects.select_for_update().get(pk=change.pk)
    if locked.status != SmsTemplateChange.Status.PENDING:
        raise TemplateChangeRefusedError(_("This change has already been decided."))
    if approve and locked.proposed_by_id == actor.pk:
        raise TemplateChangeRefusedError(
            _("You proposed this change: a different person must apply it (four eyes).")
        )
    template = SmsTemplate.objects.select_for_update().get(pk=locked.template_id)
    before = _template_snapshot(template)
    if approve:
        edited = SmsTemplate.objects.get(pk=template.pk)
        for name, value in locked.proposed.items():
            setattr(edited, name, value)
        _check_masks_kept(current=template, edited=edited)
        edited.full_clean()
        edited.save()
        _template_cache.clear()
        template = edited
    advance(
        locked,
        SmsTemplateChange.Status.APPROVED if approve else SmsTemplateChange.Status.REJECTED,
    )
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action=(
            "notifications.template_change_applied"
            if approve
            else "notifications.template_change_refused"
        ),
        obj=template,
        before=before,
        after={**_template_snapshot(template), "proposed_by": locked.proposed_by_id},
    )
    return locked
