"""Periodic account housekeeping. Thin: each task calls one service."""

from celery import shared_task


@shared_task(acks_late=True)
def purge_expired_sessions() -> int:
    """Delete expired sessions (beat, nightly). Idempotent."""
    from accounts.services import sessions_purge_expired

    return sessions_purge_expired()
