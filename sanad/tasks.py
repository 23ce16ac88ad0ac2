"""Tasks of the Sanad delegation. Thin: one service call each."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def consent_expire_due_task() -> int:
    """Close consents whose time ran out (access already ends at the exact second; this tidies
    the status and sends each person the summary of what was done)."""
    from sanad.services import consent_expire_due

    return consent_expire_due()
