"""Writes of the integrations: synchronising an entity's feed, and staff control of the syncs.

A sync run reads the entity's change feed from the source's watermark, page by page. Each page
is one transaction: its records are streamed into a temporary table with COPY, validated record
by record on the way (refused records become RejectedRecord rows), merged into the entity's
table with one INSERT ... ON CONFLICT DO UPDATE ... WHERE version is newer AND the values are
DISTINCT, the run's counts are added and the watermark moves to the page's cursor. A worker
killed at any point therefore loses nothing and duplicates nothing: the page either committed
with its watermark or it did not happen, and the next run starts from the watermark.

A page that fails (outage, timeout, 429, cut-off answer) is tried INTEGRATIONS_MAX_ATTEMPTS
times in all with exponential backoff (at least what Retry-After asks); then the run is marked
failed with the reason. A PostgreSQL advisory lock per source keeps two runs of one entity
from overlapping; it goes with the worker's connection, so a killed worker never leaves it held.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import ProgrammingError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError
from core.runs import run_fail, run_succeed, runs_fail_interrupted
from core.services import audit_record, model_snapshot
from integrations.clients import EntityError, EntityRateLimited, HttpEntityClient, client_for
from integrations.clients.base import NOT_JSON, Page
from integrations.entities import Entity, EntitySpec, spec_for
from integrations.feeds import FEEDS
from integrations.models import RECORD_MODELS, RejectedRecord, SyncRun, SyncSource
from integrations.validation import RecordValidator, Rejection

logger = logging.getLogger(__name__)

LOCK_CLASS = 7007  # advisory lock namespace of the syncs (the second key is the source's id)
STAGE = "integrations_sync_stage"


class SyncControlError(ApplicationError):
    """Staff asked for something the sync cannot do now (a re-run of a paused sync)."""


class _Paused(Exception):  # noqa: N818 - a signal, not an error
    """The source was paused while the run was going; it stops before the next page."""


def _sleep(seconds: float) -> None:
    """Wait between attempts (tests replace this to record the backoff without waiting)."""
    threading.Event().wait(seconds)


def sync_source_get(*, entity: str) -> SyncSource:
    """The source row of `entity`, created on first use (the migration creates all six)."""
    spec_for(entity)  # KeyError for an unknown entity
    source, _created = SyncSource.objects.get_or_create(entity=entity)
    return source


# --- one page ------------------------------------------------------------------------------------


@dataclass
class PageCounts:
    fetched: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0
    changed_ids: list[int] = field(default_factory=list)


def _merge_sql(spec: EntitySpec, table: str, *, with_ids: bool, dedupe: bool) -> str:
    """The page's merge: insert new keys, rewrite a row only for a newer version with other
    values, count what happened. With `dedupe`, the stage's rows are first reduced to the
    newest of each key (a page that repeats a record, or holds two of its versions); without,
    the statement fails on a repeated key (cardinality violation) and the caller dedupes."""
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in spec.field_names)
    keys = ", ".join(qn(k) for k in spec.keys)
    values = spec.value_names
    assignments = ", ".join(
        f"{qn(c)} = EXCLUDED.{qn(c)}" for c in (*values, "source_version", "synced_at")
    )
    old = ", ".join(f"t.{qn(c)}" for c in values)
    new = ", ".join(f"EXCLUDED.{qn(c)}" for c in values)
    ids = ", coalesce(array_agg(id), '{}')" if with_ids else ", NULL"
    if dedupe:
        source = (
            f"SELECT DISTINCT ON ({keys}) {cols}, source_version FROM {STAGE} "  # noqa: S608
            f"ORDER BY {keys}, source_version DESC"  # nosec B608 # identifiers from code, values bound as parameters
        )
        distinct = "(SELECT count(*) FROM src)"
    else:
        source = f"SELECT {cols}, source_version FROM {STAGE}"  # noqa: S608 - identifiers only  # nosec B608
        distinct = "NULL"
    return f"""
        WITH src AS ({source}), up AS (
            INSERT INTO {qn(table)} AS t ({cols}, source_version, synced_at)
            SELECT {cols}, source_version, %s FROM src
            ON CONFLICT ({keys}) DO UPDATE SET {assignments}
            WHERE t.source_version < EXCLUDED.source_version
              AND ROW({old}) IS DISTINCT FROM ROW({new})
            RETURNING t.id, (t.xmax = 0) AS inserted
        )
        SELECT {distinct}, count(*) FILTER (WHERE inserted),
               count(*) FILTER (WHERE NOT inserted){ids}
        FROM up
    """  # noqa: S608 - identifiers from the model and the spec, the one value is bound  # nosec B608 # identifiers from code, values bound as parameters


def _merge(
    *, spec: EntitySpec, table: str, with_ids: bool, accepted: int, now: datetime.datetime
) -> tuple[int, int, int, list[int]]:
    """Run the page's merge: (distinct records, created, updated, ids written). Tries the plain
    statement first (no sort of the page) and dedupes only when the page repeats a key."""
    with connection.cursor() as sql:
        try:
            with transaction.atomic():
                sql.execute(_merge_sql(spec, table, with_ids=with_ids, dedupe=False), [now])
                row = sql.fetchone()
            distinct = accepted
        except ProgrammingError as error:
            if getattr(error.__cause__, "sqlstate", "") != "21000":  # cardinality_violation
                raise
            sql.execute(_merge_sql(spec, table, with_ids=with_ids, dedupe=True), [now])
            row = sql.fetchone()
            distinct = int(row[0])
        sql.execute(f"DROP TABLE {STAGE}")
    return distinct, int(row[1]), int(row[2]), list(row[3] or [])


def _rejected_row(
    *, source: SyncSource, run: SyncRun, raw: bytes, value: Any, rejection: Rejection, key: str
) -> RejectedRecord:
    limit = settings.INTEGRATIONS_REJECTED_PAYLOAD_CHARS
    text = raw[: limit * 4].decode("utf-8", errors="replace")[:limit]
    seq = value.get("seq") if isinstance(value, dict) else None
    return RejectedRecord(
        source=source,
        run=run,
        received_at=timezone.now(),
        seq=seq if type(seq) is int and 0 <= seq < 2**62 else None,
        record_key=key,
        field_name=rejection.field[:60],
        reason=rejection.reason,
        detail=rejection.detail[:300],
        raw_payload=text.replace("\x00", "\ufffd"),
        payload_size=len(raw),
    )


def _stream_into_stage(
    *, page: Page, spec: EntitySpec, source: SyncSource, run: SyncRun, counts: PageCounts
) -> list[RejectedRecord]:
    """COPY the page's valid records into the stage table as they arrive; return the refused."""
    qn = connection.ops.quote_name
    validator = RecordValidator(spec)
    validate = validator.validate
    rejected: list[RejectedRecord] = []
    columns = ", ".join(qn(c) for c in (*spec.field_names, "source_version"))
    with connection.cursor() as cursor:
        raw_cursor: Any = cursor.cursor
        with raw_cursor.copy(f"COPY {STAGE} ({columns}) FROM STDIN") as copy:
            for batch in page.batches():
                counts.fetched += len(batch)
                lines: list[str] = []
                for raw, value in batch:
                    result = (
                        Rejection(RejectedRecord.Reason.NOT_JSON)
                        if value is NOT_JSON
                        else validate(value)
                    )
                    if type(result) is str:
                        lines.append(result)
                        continue
                    rejected.append(
                        _rejected_row(
                            source=source,
                            run=run,
                            raw=raw,
                            value=value,
                            rejection=result,  # type: ignore[arg-type]
                            key=validator.key_of(value),
                        )
                    )
                copy.write("".join(lines))
    return rejected


def _sync_page(
    *, client: HttpEntityClient, source: SyncSource, run: SyncRun, cursor: str | None
) -> tuple[bool, str]:
    """Fetch, validate and merge one page, move the watermark and the run's counts, all in one
    transaction. Returns (has_more, new watermark). Raises EntityError, or _Paused."""
    spec = spec_for(source.entity)
    model = RECORD_MODELS[source.entity]
    table = model._meta.db_table
    qn = connection.ops.quote_name
    with transaction.atomic():
        locked = SyncSource.objects.select_for_update().get(pk=source.pk)
        if locked.paused:
            raise _Paused
        start = locked.watermark if cursor is None else cursor
        counts = PageCounts()
        with connection.cursor() as sql:
            sql.execute(f"DROP TABLE IF EXISTS {STAGE}")
            sql.execute(
                f"CREATE TEMP TABLE {STAGE} AS SELECT "  # noqa: S608 - identifiers only
                f"{', '.join(qn(c) for c in spec.field_names)}, source_version "
                f"FROM {qn(table)} WITH NO DATA"  # nosec B608 # identifiers from code, values bound as parameters
            )
        with client.fetch_page(cursor=start, limit=settings.INTEGRATIONS_PAGE_SIZE) as page:
            rejected = _stream_into_stage(
                page=page, spec=spec, source=locked, run=run, counts=counts
            )
            header = page.header
        answered_at = timezone.now()
        feed = FEEDS.get(source.entity)
        counts.rejected = len(rejected)
        distinct, counts.created, counts.updated, counts.changed_ids = _merge(
            spec=spec,
            table=table,
            with_ids=feed is not None,
            accepted=counts.fetched - counts.rejected,
            now=answered_at,
        )
        counts.duplicates = counts.fetched - counts.rejected - distinct
        counts.unchanged = distinct - counts.created - counts.updated
        RejectedRecord.objects.bulk_create(rejected, batch_size=500)
        if feed is not None and counts.changed_ids:
            feed_model, apply = feed
            apply(records=feed_model.objects.filter(pk__in=counts.changed_ids).order_by("pk"))  # type: ignore[operator]
        SyncRun.objects.filter(pk=run.pk).update(
            processed=F("processed") + 1,
            fetched=F("fetched") + counts.fetched,
            created=F("created") + counts.created,
            updated=F("updated") + counts.updated,
            unchanged=F("unchanged") + counts.unchanged,
            duplicates=F("duplicates") + counts.duplicates,
            rejected=F("rejected") + counts.rejected,
            watermark_to=header.next_cursor,
        )
        locked.watermark = header.next_cursor
        locked.last_answered_at = answered_at
        locked.save(update_fields=["watermark", "last_answered_at", "updated_at"])
    return header.has_more, header.next_cursor


def _backoff(attempt: int, error: EntityError) -> float:
    """Seconds to wait after failed attempt number `attempt` (1-based)."""
    ceiling = settings.INTEGRATIONS_BACKOFF_MAX_SECONDS
    delay = min(ceiling, settings.INTEGRATIONS_BACKOFF_BASE_SECONDS * 2 ** (attempt - 1))
    if isinstance(error, EntityRateLimited) and error.retry_after is not None:
        delay = max(delay, min(error.retry_after, ceiling))
    return delay


def _sync_page_with_retries(
    *, client: HttpEntityClient, source: SyncSource, run: SyncRun, cursor: str | None
) -> tuple[bool, str]:
    attempt = 0
    while True:
        try:
            return _sync_page(client=client, source=source, run=run, cursor=cursor)
        except EntityError as error:
            attempt += 1
            if attempt >= settings.INTEGRATIONS_MAX_ATTEMPTS:
                raise
            delay = _backoff(attempt, error)
            logger.warning(
                "sync %s: attempt %d failed (%s); next in %.1fs",
                source.entity,
                attempt,
                error,
                delay,
            )
            SyncRun.objects.filter(pk=run.pk).update(retries=F("retries") + 1)
            _sleep(delay)


# --- a run ---------------------------------------------------------------------------------------


@contextmanager
def _entity_lock(source: SyncSource) -> Iterator[bool]:
    """A session-level advisory lock on the source: True if this process holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, source.pk])
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, source.pk])


def _run_finish(*, run: SyncRun, status: str, reason: str = "", more: bool = False) -> SyncRun:
    if status == SyncRun.Status.FAILED:
        run_fail(SyncRun, run.pk, reason)
    else:
        run_succeed(SyncRun, run.pk, more_to_fetch=more)
    return SyncRun.objects.get(pk=run.pk)


def sync_run(
    *,
    entity: str,
    trigger: str = SyncRun.Trigger.SCHEDULE,
    requested_by: User | None = None,
    from_start: bool = False,
) -> SyncRun | None:
    """Synchronise `entity` from its watermark (from the feed's start if `from_start`).

    Returns the run, or None when the source is paused or another run of it holds the lock.
    Runs left RUNNING by a killed worker are marked failed first. A run that used up
    INTEGRATIONS_RUN_MAX_SECONDS stops after its page with `more_to_fetch` set (the task
    queues the continuation). Raises nothing for an entity's failure: the run records it.
    """
    source = sync_source_get(entity=entity)
    if source.paused:
        return None
    with _entity_lock(source) as held:
        if not held:
            return None
        now = timezone.now()
        runs_fail_interrupted(
            SyncRun.objects.filter(source=source, status=SyncRun.Status.RUNNING),
            "Interrupted: the worker stopped before the run finished.",
        )
        source.refresh_from_db()
        if source.paused:
            return None
        run = SyncRun.objects.create(
            source=source,
            trigger=trigger,
            requested_by=requested_by,
            started_at=now,
            watermark_from="0" if from_start else source.watermark,
            watermark_to="0" if from_start else source.watermark,
        )
        started = time.monotonic()
        cursor: str | None = "0" if from_start else None
        client = client_for(entity)
        try:
            while True:
                has_more, cursor = _sync_page_with_retries(
                    client=client, source=source, run=run, cursor=cursor
                )
                if not has_more:
                    return _run_finish(run=run, status=SyncRun.Status.SUCCEEDED)
                if time.monotonic() - started > settings.INTEGRATIONS_RUN_MAX_SECONDS:
                    return _run_finish(run=run, status=SyncRun.Status.SUCCEEDED, more=True)
        except _Paused:
            return _run_finish(run=run, status=SyncRun.Status.SUCCEEDED)
        except EntityError as error:
            attempts = settings.INTEGRATIONS_MAX_ATTEMPTS
            return _run_finish(
                run=run,
                status=SyncRun.Status.FAILED,
                reason=f"{type(error).__name__}: {error} (after {attempts} attempts)",
            )
        except Exception as error:
            _run_finish(run=run, status=SyncRun.Status.FAILED, reason=f"{type(error).__name__}")
            raise
        finally:
            client.close()


# --- staff control -------------------------------------------------------------------------------


def _source_for_staff(entity: str) -> SyncSource:
    if entity not in Entity.values:
        raise SyncControlError(_("Choose one of the entities."))
    return SyncSource.objects.select_for_update().get(pk=sync_source_get(entity=entity).pk)


def _sync_source_set_paused(*, entity: str, actor: User, paused: bool, action: str) -> SyncSource:
    """Set the entity's `paused` and audit it as `action`; nothing changes, and nothing is
    audited, when it is so already."""
    source = _source_for_staff(entity)
    if source.paused == paused:
        return source
    before = model_snapshot(source, ["paused"])
    source.paused = paused
    source.save(update_fields=["paused", "updated_at"])
    audit_record(
        actor=actor,
        action=action,
        obj=source,
        before=before,
        after=model_snapshot(source, ["paused"]),
    )
    return source


@transaction.atomic
def sync_source_pause(*, entity: str, actor: User) -> SyncSource:
    """Pause the entity's sync: scheduled and requested runs skip it, and a run in progress
    stops before its next page. Audited. Raises SyncControlError for an unknown entity."""
    return _sync_source_set_paused(
        entity=entity, actor=actor, paused=True, action="integrations.sync_paused"
    )


@transaction.atomic
def sync_source_resume(*, entity: str, actor: User) -> SyncSource:
    """Resume a paused sync (the next run continues from the watermark). Audited."""
    return _sync_source_set_paused(
        entity=entity, actor=actor, paused=False, action="integrations.sync_resumed"
    )


@transaction.atomic
def sync_rerun_request(*, entity: str, actor: User, from_start: bool = False) -> SyncSource:
    """Queue a run of the entity now (after commit), from its watermark or, with `from_start`,
    from the beginning of its feed (every record read again; the upsert changes only what
    differs). Audited. Raises SyncControlError for a paused sync or an unknown entity."""
    from integrations.tasks import sync_entity_task

    source = _source_for_staff(entity)
    if source.paused:
        raise SyncControlError(_("This sync is paused: resume it first."))
    audit_record(
        actor=actor,
        action="integrations.sync_rerun_requested",
        obj=source,
        after={"from_start": from_start, "watermark": source.watermark},
    )
    actor_id = actor.pk
    transaction.on_commit(
        lambda: sync_entity_task.delay(
            entity, trigger=SyncRun.Trigger.STAFF, requested_by_id=actor_id, from_start=from_start
        )
    )
    return source


# --- the commerce registry, asked on demand ------------------------------------------------------


@transaction.atomic
def commerce_registry_lookup(*, cr_number: str) -> bool:
    """Ask the commerce registry now about `cr_number` (a registration its feed has not brought
    yet) and apply its record as the sync would: kept with the synchronised records, then the
    establishment with its owners (integrations.feeds). Returns False when the registry has no
    such registration. Raises employers.questions.CommerceRegistryUnavailableError (nothing
    written) when it cannot give a usable answer now (outage, timeout, a record that fails
    validation)."""
    from employers.questions import CommerceRegistryUnavailableError
    from integrations.clients.commerce_registry import CommerceRegistryClient
    from integrations.feeds import registry_records_apply
    from integrations.models import RegistryEstablishment

    client = CommerceRegistryClient()
    try:
        record = client.registration(cr_number)
    except EntityError as error:
        raise CommerceRegistryUnavailableError(str(error)) from error
    finally:
        client.close()
    if record is None:
        return False
    spec = spec_for(Entity.COMMERCE_REGISTRY)
    row = RecordValidator(spec).validate_closely(record)
    if isinstance(row, Rejection):
        raise CommerceRegistryUnavailableError(f"refused record: {row.reason} {row.field}")
    values = dict(zip(spec.field_names, row[: len(spec.field_names)], strict=True))
    version = int(row[-1] or 0)
    kept = RegistryEstablishment.objects.filter(cr_number=cr_number).select_for_update().first()
    if kept is None or kept.source_version <= version:
        kept, _created = RegistryEstablishment.objects.update_or_create(
            cr_number=cr_number,
            defaults={**values, "source_version": version, "synced_at": timezone.now()},
        )
    registry_records_apply(records=RegistryEstablishment.objects.filter(pk=kept.pk))
    return True
