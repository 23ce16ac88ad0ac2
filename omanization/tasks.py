"""Omanization's periodic task. Thin: one service call."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def recompute_compliance_task() -> int:
    """Recompute every establishment's compliance for today; returns the number of changes.

    Safe to run twice: a second run waits on the recompute lock, then recomputes afresh.
    """
    from omanization.models import ComplianceRun
    from omanization.services import compliance_recompute

    return compliance_recompute(trigger=ComplianceRun.Trigger.SCHEDULE).changed
