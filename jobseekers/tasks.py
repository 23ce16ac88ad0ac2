"""Tasks of jobseekers and vacancies. Thin: one service call each."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def vacancies_close_past_their_date_task() -> int:
    """Open vacancies past their closing date become closed, in batches until none is left."""
    from jobseekers.services.vacancies import vacancies_close_past_their_date

    total = 0
    while closed := vacancies_close_past_their_date():
        total += closed
    return total


@shared_task(ignore_result=True)
def applications_remind_unanswered_task() -> int:
    """Remind employers of applications left unanswered past the set days (each once)."""
    from jobseekers.services.applications import applications_remind_unanswered

    return applications_remind_unanswered()
