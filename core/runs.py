"""Background runs (workforce imports, bulk renewals, recommendation runs, syncs,
reconciliations, compliance recomputes): one abstract model, one definition of how far a run has
come, one lifecycle, and one progress partial (templates/_run_progress.html, polled by htmx, with
a Refresh link without JavaScript, drawing templates/_progress_bar.html: a <progress> element,
no inline style, which the CSP blocks).

    class WorkforceImport(BackgroundRun, BaseModel):
        PROGRESS_TEXT = gettext_lazy("%(done)s of %(total)s rows checked")

    run_start(WorkforceImport, pk)                     QUEUED -> RUNNING (a restart carries on)
    run_progress(WorkforceImport, pk, processed=...)   only while RUNNING
    run_succeed(WorkforceImport, pk, **figures)        RUNNING -> SUCCEEDED, finished_at
    run_fail(WorkforceImport, pk, reason)              the one failure path: FAILED, reason, time
    runs_fail_interrupted(queryset, reason)            runs a dead worker left RUNNING

`percent` has one definition: a run that succeeded reads 100 whatever its counts (an empty run
that succeeded has done all there was); any other run reads the share of its items processed,
rounded down; an empty run that has not finished reads 0; a failed run keeps the share it
reached. Every status change goes through the workflow kernel (core.workflow).
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.workflow import advance, advance_bulk, has_updated_at

logger = logging.getLogger(__name__)

FAILURE_REASON_CHARS = 2000


def percent(*, processed: int, total: int, succeeded: bool) -> int:
    if succeeded:
        return 100
    if total <= 0:
        return 0
    return max(0, min(100, 100 * processed // total))


class BackgroundRun(models.Model):
    """One run of work done in the background, and how far it has come.

    States:
        QUEUED      Waiting for a worker.
        RUNNING     A worker processes it; `processed` grows as batches commit.
        SUCCEEDED   Everything was processed. Terminal.
        FAILED      An error or a dead worker stopped it (`failure_reason`); what was committed
                    before stays. Terminal.

    A subclass names what it counts in `PROGRESS_TEXT` (with %(done)s and %(total)s) and adds
    its own figures.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", pgettext_lazy("background job", "Failed")

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.QUEUED: frozenset({Status.RUNNING, Status.FAILED}),
        Status.RUNNING: frozenset({Status.SUCCEEDED, Status.FAILED}),
        Status.SUCCEEDED: frozenset(),
        Status.FAILED: frozenset(),
    }
    FINISHED: ClassVar[frozenset[str]] = frozenset({Status.SUCCEEDED, Status.FAILED})
    PROGRESS_TEXT: ClassVar[str | Promise] = _("%(done)s of %(total)s done")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    total = models.PositiveIntegerField(_("to process"), default=0)
    failure_reason = models.TextField(_("reason for the failure"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def succeeded(self) -> bool:
        return self.status == self.Status.SUCCEEDED

    @property
    def failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def percent(self) -> int:
        return percent(processed=self.processed, total=self.total, succeeded=self.succeeded)

    @property
    def progress_text(self) -> str:
        return str(self.PROGRESS_TEXT) % {"done": self.processed, "total": self.total}

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


RunT = TypeVar("RunT", bound=BackgroundRun)


def run_start(model: type[RunT], pk: int, *, resume: bool = True, **fields: Any) -> RunT | None:
    """Lock the run and move it from QUEUED to RUNNING with its start time and `fields`. A run
    already RUNNING (its worker was restarted) carries on as it is when `resume`; a finished
    run, or a running one without `resume`, returns None and the caller does nothing."""
    with transaction.atomic():
        run = model.objects.select_for_update().get(pk=pk)  # type: ignore[attr-defined]
        if run.is_finished or (run.status == model.Status.RUNNING and not resume):
            return None
        if run.status == model.Status.QUEUED:
            advance(run, model.Status.RUNNING)
        run.started_at = run.started_at or timezone.now()
        for name, value in fields.items():
            setattr(run, name, value)
        run.save(update_fields=_with_updated_at(model, ["status", "started_at", *fields]))
        return run


def run_progress(model: type[BackgroundRun], pk: int, *, processed: int, **fields: Any) -> int:
    """Record how far a RUNNING run has come (and its other figures) in one UPDATE. Returns 0
    when the run is no longer running (a stale worker writes nothing)."""
    changes: dict[str, Any] = {"processed": processed, **fields}
    if has_updated_at(model):
        changes.setdefault("updated_at", timezone.now())
    return int(
        model.objects.filter(pk=pk, status=model.Status.RUNNING).update(**changes)  # type: ignore[attr-defined]
    )


def run_succeed(model: type[BackgroundRun], pk: int, **fields: Any) -> int:
    """Finish a RUNNING run: SUCCEEDED with its finish time and final `fields`. Returns 1, or 0
    when it had already finished (nothing changed)."""
    return advance_bulk(
        model.objects.filter(pk=pk),  # type: ignore[attr-defined]
        model.Status.SUCCEEDED,
        also={"finished_at": timezone.now(), **fields},
    )


def run_fail(model: type[BackgroundRun], pk: int, reason: str, **fields: Any) -> int:
    """The one failure path: a run that has not finished becomes FAILED with `reason` (cut to
    FAILURE_REASON_CHARS) and its finish time; what it committed before stays. Returns 1, or 0
    when it had already finished."""
    moved = advance_bulk(
        model.objects.filter(pk=pk),  # type: ignore[attr-defined]
        model.Status.FAILED,
        also={
            "finished_at": timezone.now(),
            "failure_reason": reason[:FAILURE_REASON_CHARS],
            **fields,
        },
    )
    if moved:
        logger.warning("%s %s failed: %s", model._meta.label, pk, reason[:200])
    return moved


def runs_fail_interrupted(queryset: models.QuerySet[Any], reason: str) -> int:
    """Fail the runs of `queryset` that a dead worker left QUEUED or RUNNING, in one UPDATE."""
    return advance_bulk(
        queryset,
        queryset.model.Status.FAILED,
        also={"finished_at": timezone.now(), "failure_reason": reason[:FAILURE_REASON_CHARS]},
    )


def _with_updated_at(model: type[models.Model], fields: list[str]) -> list[str]:
    return [*fields, "updated_at"] if has_updated_at(model) else fields
