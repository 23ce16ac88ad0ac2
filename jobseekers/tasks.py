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


@shared_task(ignore_result=True)
def recommendation_run_task(run_id: int) -> None:
    """Run one bulk recommendation (queued by `recommendation_run_start`)."""
    from jobseekers.services.recommendations import recommendation_run_execute

    recommendation_run_execute(run_id=run_id)


@shared_task(ignore_result=True)
def job_alerts_task() -> int:
    """The daily SMS digest of new matching vacancies."""
    from jobseekers.services.recommendations import job_alerts_send

    return job_alerts_send()
