"""Periodic account housekeeping. Thin: each task calls one service."""

from celery import shared_task


@shared_task(acks_late=True)
def purge_expired_sessions() -> int:
    """Delete expired sessions (beat, nightly). Idempotent."""
    from accounts.services import sessions_purge_expired

    return sessions_purge_expired()


@shared_task(acks_late=True)
def data_export_task(export_id: int) -> None:
    """Build a person's copy of their data (accounts.exports)."""
    from accounts.exports import data_export_build

    data_export_build(export_id=export_id)
