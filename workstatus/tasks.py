"""Periodic and after-commit tasks of the worker status codes. Thin: one service call each."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def recompute_all_task(trigger: str = "schedule") -> int:
    """The full recompute (several times a day, WORKSTATUS_RECOMPUTE_HOURS); returns the number
    of changes. Safe to run twice: the second waits on the recompute lock."""
    from workstatus.services import recompute_all

    return recompute_all(trigger=trigger).changed


@shared_task(acks_late=True, ignore_result=True)
def notify_red_changes_task() -> int:
    """The SMS to workers turned red (one per change; the key makes a repeat a no-op)."""
    from workstatus.services import notify_red_changes

    return notify_red_changes()


@shared_task(acks_late=True, ignore_result=True)
def health_feed_catch_up_task() -> int:
    """Every minute: the workers whose health records were synchronised since the last run."""
    from workstatus.hooks import health_feed_catch_up

    return health_feed_catch_up()


@shared_task(acks_late=True, ignore_result=True)
def digest_task() -> int:
    """Every morning: employers hear of their workers turned red the day before."""
    from workstatus.services import digest_send

    return digest_send()
