"""The bulk recommendation (top candidates for every open vacancy, stored with the matcher and
rule versions that produced them) and the daily job alerts.

A bulk run is a background job: `recommendation_run_start` writes the run and queues it after
commit; `recommendation_run_execute` ranks block by block, stores each block's results and its
progress, so a progress bar can follow it and a crash leaves a FAILED run with its reason.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError
from core.runs import run_fail, run_progress, run_start, run_succeed
from core.services import audit_record
from jobseekers.matching.engine import MatchIndex
from jobseekers.matching.rules import MATCHER_VERSION, RULES_VERSION
from jobseekers.models import AlertSent, Recommendation, RecommendationRun
from jobseekers.selectors.recommendations import (
    jobseeker_records,
    open_vacancies,
    searching_profiles,
    vacancy_records,
)
from notifications.phone import InvalidPhoneNumberError
from notifications.services import sms_enqueue
from notifications.text import sms_safe
from taxonomy.selectors import taxonomy_from_database

logger = logging.getLogger(__name__)

ALERT_THRESHOLD = 0.6  # a vacancy must fit at least this well to be sent
ALERT_MAX_VACANCIES = 3


class RecommendationError(ApplicationError):
    pass


@transaction.atomic
def recommendation_run_start(*, requested_by: User, top_k: int = 20) -> RecommendationRun:
    """Queue a bulk recommendation for every open vacancy (one at a time)."""
    from jobseekers.tasks import recommendation_run_task

    if requested_by.role not in {"officer", "approver"}:
        raise RecommendationError(_("Only ministry officers run the bulk recommendation."))
    if RecommendationRun.objects.filter(
        status__in=[RecommendationRun.Status.QUEUED, RecommendationRun.Status.RUNNING]
    ).exists():
        raise RecommendationError(_running_message())
    run = RecommendationRun.objects.create(
        requested_by=requested_by,
        top_k=max(1, min(int(top_k), 100)),
        matcher_version=MATCHER_VERSION,
        rule_version=RULES_VERSION,
    )
    audit_record(actor=requested_by, action="jobseekers.recommendation_run_started", obj=run)
    transaction.on_commit(lambda: recommendation_run_task.delay(run.pk))
    return run


def _running_message() -> str:
    return _("A bulk recommendation is already running: wait for it to finish.")


def recommendation_run_execute(*, run_id: int) -> RecommendationRun:
    """Rank every open vacancy's top candidates and store them, block by block."""
    started = run_start(RecommendationRun, run_id, resume=False)
    if started is None:  # another delivery of the task runs it, or it has finished
        return RecommendationRun.objects.get(pk=run_id)
    run = started
    try:
        vacancies = list(open_vacancies().order_by("id"))
        index = MatchIndex(
            jobseekers=jobseeker_records(searching_profiles()),
            vacancies=vacancy_records(vacancies),
            taxonomy=taxonomy_from_database(),
        )
        run_progress(RecommendationRun, run_id, processed=0, total=len(vacancies))
        stored = 0

        def progress(done: int, _total: int) -> None:
            run_progress(RecommendationRun, run_id, processed=done)

        rankings = index.rank_all_vacancies(k=run.top_k, progress=progress)
        batch: list[Recommendation] = []
        for ranking in rankings:
            for rank, (profile_id, explanation) in enumerate(
                zip(ranking.ids, ranking.explanations(), strict=True), start=1
            ):
                batch.append(
                    Recommendation(
                        run_id=run_id,
                        vacancy_id=int(ranking.subject_id),
                        profile_id=int(profile_id),
                        rank=rank,
                        score=explanation.score,
                        explanation=explanation.as_dict(),
                    )
                )
            if len(batch) >= 5000:
                Recommendation.objects.bulk_create(batch)
                stored += len(batch)
                batch = []
        Recommendation.objects.bulk_create(batch)
        stored += len(batch)
    except Exception as error:
        logger.exception("recommendation run %s failed", run_id)
        run_fail(RecommendationRun, run_id, str(error))
        raise
    run_succeed(RecommendationRun, run_id, processed=len(vacancies))
    run.refresh_from_db()
    audit_record(
        actor=None,
        actor_label="recommendation",
        action="jobseekers.recommendation_run_finished",
        obj=run,
        after={"vacancies": len(vacancies), "recommendations": stored},
    )
    return run


def _alert_link() -> str:
    with translation.override("ar"):
        path = reverse("jobseekers:my-recommendations")
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def job_alerts_send(*, now: datetime.datetime | None = None) -> int:
    """Send each jobseeker who wants alerts one SMS with the new vacancies (published in the
    last day) that fit them at least ALERT_THRESHOLD, never the same vacancy twice. Returns
    the SMS written. Opted-out people get none (the ledger refuses alerts to them)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    new = list(open_vacancies().filter(published_at__gte=now - datetime.timedelta(days=1)))
    if not new:
        return 0
    profiles = searching_profiles().filter(alerts_enabled=True, user__sms_alerts_opt_out=False)
    records = jobseeker_records(profiles)
    if not records:
        return 0
    index = MatchIndex(
        jobseekers=[], vacancies=vacancy_records(new), taxonomy=taxonomy_from_database()
    )
    titles = {str(v.pk): v for v in new}
    users = {str(p.pk): p.user for p in profiles.select_related("user")}
    # what was already sent of today's new vacancies, read once (not a query per person)
    already = {
        (str(profile_id), str(vacancy_id))
        for profile_id, vacancy_id in AlertSent.objects.filter(
            vacancy_id__in=[v.pk for v in new]
        ).values_list("profile_id", "vacancy_id")
    }
    sent = 0
    for record in records:
        ranking = index.vacancies_for(record, k=10)
        chosen = [
            vid
            for vid, score in zip(ranking.ids, ranking.scores, strict=True)
            if score >= ALERT_THRESHOLD and (record.id, vid) not in already
        ][:ALERT_MAX_VACANCIES]
        if not chosen:
            continue
        user = users[record.id]
        with translation.override(user.preferred_language or "ar"):
            names = "، ".join(sms_safe(titles[vid].title) for vid in chosen)
        with transaction.atomic():
            try:
                message = sms_enqueue(
                    template_code="job_alert",
                    context={"count": len(chosen), "titles": names[:300], "link": _alert_link()},
                    idempotency_key=f"job-alert:{record.id}:{today.isoformat()}",
                    recipient=user,
                )
            except InvalidPhoneNumberError:
                continue
            if message is None:
                continue
            AlertSent.objects.bulk_create(
                [
                    AlertSent(profile_id=int(record.id), vacancy_id=int(vid), sent_on=today)
                    for vid in chosen
                ],
                ignore_conflicts=True,
            )
            sent += 1
    return sent
