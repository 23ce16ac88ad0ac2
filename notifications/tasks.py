"""The SMS relay's tasks. Thin: ids in, one service call. Safe to run twice (acks_late)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_sms_batch_task(message_ids: list[int]) -> int:
    """Send the waiting rows among `message_ids`."""
    from notifications.services import sms_send_batch

    return sms_send_batch(message_ids=message_ids)


@shared_task(acks_late=True, ignore_result=True)
def sweep_sms_task() -> dict[str, int]:
    """Every minute: re-send rows stuck in created, reconcile rows stuck in sending."""
    from notifications.services import sms_sweep

    return sms_sweep()


@shared_task(acks_late=True, ignore_result=True)
def broadcast_send_task(run_id: int) -> None:
    """Queue an approved broadcast's messages into the ledger (safe to run twice)."""
    from notifications.broadcasts import broadcast_run_process

    broadcast_run_process(run_id=run_id)
