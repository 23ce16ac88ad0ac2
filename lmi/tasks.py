"""The labour market rollups' tasks. Thin: one service call each."""

from __future__ import annotations

import contextlib

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def rollup_run_task(run_id: int) -> None:
    from lmi.services import rollup_execute

    rollup_execute(run_id=run_id)


@shared_task(acks_late=True, ignore_result=True)
def rollup_nightly_task() -> None:
    """Queue the night's rebuild (a run already waiting or running is left to finish)."""
    from lmi.models import RollupRun
    from lmi.services import RollupError, rollup_request

    with contextlib.suppress(RollupError):
        rollup_request(requested_by=None, trigger=RollupRun.Trigger.NIGHTLY)
