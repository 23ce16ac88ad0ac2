"""Ministry pages: vacancies waiting for approval (flagged or barred establishments), and how
quickly each employer answers its applicants."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from core.access import staff_required
from core.forms import attempt
from core.paging import page_with_query
from jobseekers.forms import VacancyDecisionForm
from jobseekers.selectors.vacancies import (
    response_rates_all_establishments,
    vacancy_queue_all_establishments,
)
from jobseekers.services.applications import ANSWER_DAYS
from jobseekers.services.vacancies import vacancy_decide

PER_PAGE = 25


@staff_required("jobseekers.decide_vacancies")
def vacancy_queue_view(request: SignedInRequest) -> HttpResponse:
    page, query = page_with_query(request, vacancy_queue_all_establishments(), PER_PAGE)
    context = {"page": page, "query": query, "form": VacancyDecisionForm()}
    return render(request, "jobseekers/staff/vacancy_queue.html", context)


@staff_required("jobseekers.decide_vacancies")
@require_POST
def vacancy_decide_view(request: SignedInRequest, vacancy_id: int) -> HttpResponse:
    vacancy = get_object_or_404(vacancy_queue_all_establishments(), pk=vacancy_id)
    form = VacancyDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose Publish or Refuse."))
        return redirect("jobseekers:staff-vacancies")
    attempt(
        request,
        lambda: vacancy_decide(
            vacancy=vacancy,
            decided_by=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
        ),
        success=_("The decision is recorded."),
    )
    return redirect("jobseekers:staff-vacancies")


@staff_required("jobseekers.view_response_rates")
def response_rates_view(request: SignedInRequest) -> HttpResponse:
    since = timezone.localdate() - datetime.timedelta(days=90)
    rates = response_rates_all_establishments(since=since, answer_days=ANSWER_DAYS)
    context = {"rates": rates[:200], "since": since, "answer_days": ANSWER_DAYS}
    return render(request, "jobseekers/staff/response_rates.html", context)


@staff_required("jobseekers.decide_vacancies")
def skill_dispute_queue_view(request: SignedInRequest) -> HttpResponse:
    from jobseekers.forms import SkillDisputeDecisionForm
    from jobseekers.selectors.training import skill_dispute_queue_all
    from taxonomy.selectors import taxonomy_from_database

    page, query = page_with_query(request, skill_dispute_queue_all(), PER_PAGE)
    taxonomy = taxonomy_from_database()
    rows = [
        (taxonomy.label("skill", d.skill_code, language=request.LANGUAGE_CODE), d)
        for d in page.object_list
    ]
    context = {"page": page, "query": query, "rows": rows, "form": SkillDisputeDecisionForm()}
    return render(request, "jobseekers/staff/skill_disputes.html", context)


@staff_required("jobseekers.decide_vacancies")
@require_POST
def skill_dispute_decide_view(request: SignedInRequest, dispute_id: int) -> HttpResponse:
    from jobseekers.forms import SkillDisputeDecisionForm
    from jobseekers.selectors.training import skill_dispute_queue_all
    from jobseekers.services.disputes import skill_dispute_decide

    dispute = get_object_or_404(skill_dispute_queue_all(), pk=dispute_id)
    form = SkillDisputeDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose Accept or Reject and write the reason."))
        return redirect("jobseekers:staff-skill-disputes")
    attempt(
        request,
        lambda: skill_dispute_decide(
            dispute=dispute,
            decided_by=request.user,
            accept=form.cleaned_data["decision"] == "accept",
            note=form.cleaned_data["note"],
        ),
        success=_("The decision is recorded."),
    )
    return redirect("jobseekers:staff-skill-disputes")


@staff_required("jobseekers.decide_vacancies")
def recommendation_runs_view(request: SignedInRequest) -> HttpResponse:
    from jobseekers.selectors.recommendations import recommendation_run_list

    page, query = page_with_query(request, recommendation_run_list(), PER_PAGE)
    return render(
        request, "jobseekers/staff/recommendation_runs.html", {"page": page, "query": query}
    )


@staff_required("jobseekers.decide_vacancies")
@require_POST
def recommendation_run_start_view(request: SignedInRequest) -> HttpResponse:
    from jobseekers.services.recommendations import recommendation_run_start

    done = attempt(request, lambda: recommendation_run_start(requested_by=request.user))
    if not done.ok or done.value is None:
        return redirect("jobseekers:staff-recommendations")
    return redirect("jobseekers:staff-recommendation", done.value.pk)


@staff_required("jobseekers.decide_vacancies")
def recommendation_run_view(request: SignedInRequest, run_id: int) -> HttpResponse:
    """One run with its progress bar (htmx polls the partial while it runs; without
    JavaScript a Refresh link does the same)."""
    from jobseekers.models import RecommendationRun

    run = get_object_or_404(RecommendationRun, pk=run_id)
    template = (
        "jobseekers/staff/_run_progress.html"
        if getattr(request, "htmx", False)
        else "jobseekers/staff/recommendation_run.html"
    )
    return render(request, template, {"run": run})


@staff_required("employers.view_statistics")
def training_statistics_view(request: SignedInRequest) -> HttpResponse:
    """On-the-job training by month: programmes and places offered, enrolments, completions."""
    from jobseekers.selectors.training import training_monthly_counts

    context = {"months": training_monthly_counts(months=24)}
    return render(request, "jobseekers/staff/training_statistics.html", context)
