"""Tasks of the permits app. Thin: ids in, one service call."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def bulk_renewal_process_task(bulk_id: int) -> None:
    """Renew the permits of one bulk renewal. Safe to run twice: the service resumes after the
    last recorded permit and leaves a finished job alone. An unexpected error marks the job
    failed (with the reason) instead of leaving its progress bar running forever."""
    from permits.services import bulk_renewal_fail, bulk_renewal_process

    try:
        bulk_renewal_process(bulk_id=bulk_id)
    except Exception as error:
        bulk_renewal_fail(bulk_id=bulk_id, reason=f"{type(error).__name__}: {error}")
        raise


@shared_task(ignore_result=True)
def permit_expiry_sweep_task() -> dict[str, int]:
    """Daily: permits entering the renewal window, and permits past their end date."""
    from permits.services import permit_expiry_sweep

    total = {"expiring": 0, "expired": 0}
    while True:
        counts = permit_expiry_sweep()
        for key, value in counts.items():
            total[key] += value
        if not any(counts.values()):
            return total
