"""Platform housekeeping. Thin: each task calls one service."""

from celery import shared_task


@shared_task(acks_late=True)
def retention_sweep_task() -> dict[str, int]:
    """Delete or anonymise what is past its retention period (beat, nightly). Idempotent."""
    from core.retention import retention_sweep

    return retention_sweep()


@shared_task(acks_late=True)
def partitions_ensure_task() -> list[str]:
    """Create the monthly partitions of this month and the next ones (beat, daily)."""
    from core.partitions import partitions_ensure

    return partitions_ensure()
