"""Accommodation's tasks. Thin: ids in, one call. Safe to run twice (acks_late)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def residents_changed_task(employee_ids: list[int]) -> None:
    """Tell the listeners (the worker status code's incremental recompute) that these workers'
    residency records changed: a check-in answers at once and leaves this to the background."""
    from accommodation.signals import residents_changed_send

    residents_changed_send(employee_ids)
