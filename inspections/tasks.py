"""Thin tasks of the inspections app: ids in, the service does the work."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def plan_compute_task(plan_id: int) -> None:
    """Compute one queued inspection plan. Safe to run twice: a finished plan is left as is."""
    from inspections.services.plans import plan_compute

    plan_compute(plan_id=plan_id)
