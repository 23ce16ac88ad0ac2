"""The syncs' tasks. Thin: an entity code in, one service call. Safe to run twice (acks_late):
the upsert is idempotent and the watermark moves with each committed page."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def sync_entity_task(
    entity: str,
    trigger: str = "schedule",
    requested_by_id: int | None = None,
    from_start: bool = False,
) -> str:
    """Synchronise one entity (beat: each entity on its own schedule; staff: re-run). A run
    that stopped at its time budget queues its own continuation."""
    from accounts.models import User
    from integrations.services import sync_run

    requested_by = User.objects.filter(pk=requested_by_id).first() if requested_by_id else None
    run = sync_run(entity=entity, trigger=trigger, requested_by=requested_by, from_start=from_start)
    if run is None:
        return "skipped"
    if run.more_to_fetch:
        transaction.on_commit(lambda: sync_entity_task.delay(entity, trigger="continuation"))
    return str(run.status)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def reconcile_task(trigger: str = "schedule", requested_by_id: int | None = None) -> str:
    """Compare the synchronised records with the portal's and raise data-quality cases (beat:
    nightly; staff: "run now"). Safe to run twice: a case is raised once per disagreement."""
    from accounts.models import User
    from integrations.reconciliation.services import reconciliation_run

    requested_by = User.objects.filter(pk=requested_by_id).first() if requested_by_id else None
    run = reconciliation_run(trigger=trigger, requested_by=requested_by)
    return "skipped" if run is None else str(run.status)
