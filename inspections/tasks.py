"""Thin tasks of the inspections app: ids in, the service does the work."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def plan_compute_task(plan_id: int) -> None:
    """Compute one queued inspection plan. Safe to run twice: a finished plan is left as is."""
    from inspections.services.plans import plan_compute

    plan_compute(plan_id=plan_id)


@shared_task(ignore_result=True)
def plans_monthly_task() -> int:
    """The monthly beat (the 20th): queue next month's plan of every governorate. Running it
    again builds nothing more. Returns how many plans were queued."""
    from inspections.services.plans import plans_schedule_next_month

    return len(plans_schedule_next_month())
