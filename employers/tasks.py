"""Tasks of the employers app. Thin: ids in, one service call."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def workforce_import_process_task(import_id: int) -> None:
    """Import the rows of one uploaded workforce file. Safe to run twice: the service resumes
    after the last committed batch and leaves a finished import alone."""
    from employers.services import workforce_import_process

    workforce_import_process(import_id=import_id)
