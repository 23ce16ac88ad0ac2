"""The employer's vacancy pages: its vacancies, posting one, one vacancy with its applications
and the pipeline step for each, and closing it. Everything is read through the establishment
(membership), so another establishment's vacancy or application answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import attempt
from core.paging import page_with_query
from core.selectors import audit_events_for_object
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Establishment, Service
from jobseekers.forms import ApplicationMoveForm, VacancyForm
from jobseekers.models import TrainingProgramme, Vacancy
from jobseekers.selectors.profiles import (
    application_for_establishment,
    application_list_for_vacancy,
    vacancy_for_establishment,
)
from jobseekers.selectors.vacancies import vacancy_list_for_establishment
from jobseekers.services.applications import application_move
from jobseekers.services.vacancies import VacancyData, vacancy_close, vacancy_post

PER_PAGE = 25


def _establishment(request: EmployerRequest) -> Establishment:
    return request.establishment


@employer_required(service=Service.VACANCIES)
def vacancy_list_view(request: EmployerRequest) -> HttpResponse:
    establishment = _establishment(request)
    page, query = page_with_query(
        request, vacancy_list_for_establishment(establishment=establishment), PER_PAGE
    )
    context = {"establishment": establishment, "page": page, "query": query}
    return render(request, "jobseekers/employer/vacancy_list.html", context)


@employer_required(service=Service.VACANCIES)
def vacancy_post_view(request: EmployerRequest) -> HttpResponse:
    establishment = _establishment(request)
    form = VacancyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = attempt(
                request,
                lambda: vacancy_post(
                    establishment=establishment,
                    posted_by=request.user,
                    data=VacancyData(**form.cleaned_data),
                ),
                form=form,
                refused=(ValidationError,),
            )
            vacancy = done.value
            if not done.ok or vacancy is None:
                status = 400
            else:
                messages.success(
                    request,
                    _("The vacancy is published.")
                    if vacancy.status == vacancy.Status.OPEN
                    else _("The vacancy waits for ministry approval before it is published."),
                )
                return redirect("jobseekers:employer-vacancy", establishment.pk, vacancy.pk)
        else:
            status = 400
    context = {"establishment": establishment, "form": form}
    return render(request, "jobseekers/employer/vacancy_post.html", context, status=status)


@employer_required(service=Service.VACANCIES)
def vacancy_detail_view(request: EmployerRequest, vacancy_id: int) -> HttpResponse:
    establishment = _establishment(request)
    vacancy = vacancy_for_establishment(establishment=establishment, vacancy_id=vacancy_id)
    if vacancy is None:
        raise Http404
    context = {
        "establishment": establishment,
        "vacancy": vacancy,
        "applications": application_list_for_vacancy(vacancy=vacancy),
        "move_form": ApplicationMoveForm(),
        "history": audit_events_for_object(obj=vacancy).select_related("actor"),
    }
    return render(request, "jobseekers/employer/vacancy_detail.html", context)


@employer_required(service=Service.VACANCIES)
def vacancy_close_view(request: EmployerRequest, vacancy_id: int) -> HttpResponse:
    establishment = _establishment(request)
    vacancy = vacancy_for_establishment(establishment=establishment, vacancy_id=vacancy_id)
    if vacancy is None:
        raise Http404  # before the method check: another's vacancy is "not found" either way
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    attempt(
        request,
        lambda: vacancy_close(vacancy=vacancy, closed_by=request.user),
        success=_("The vacancy is closed."),
    )
    return redirect("jobseekers:employer-vacancy", establishment.pk, vacancy.pk)


@employer_required(service=Service.VACANCIES)
def application_move_view(
    request: EmployerRequest, vacancy_id: int, application_id: int
) -> HttpResponse:
    establishment = _establishment(request)
    application = application_for_establishment(
        establishment=establishment, vacancy_id=vacancy_id, application_id=application_id
    )
    if application is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ApplicationMoveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        attempt(
            request,
            lambda: application_move(
                application=application,
                to=form.cleaned_data["to"],
                actor=request.user,
                rejection_reason=form.cleaned_data["rejection_reason"],
                note=form.cleaned_data["note"],
            ),
            success=_("The applicant is told by SMS."),
        )
    return redirect("jobseekers:employer-vacancy", establishment.pk, vacancy_id)


# Who may manage an establishment's training places: representatives with the vacancies and
# candidates service.
training_access = employer_required(service=Service.VACANCIES)


@training_access
def training_list_view(request: EmployerRequest) -> HttpResponse:
    """The establishment's training programmes and the form to offer one."""
    from jobseekers.forms import TrainingForm
    from jobseekers.selectors.training import training_list_for_establishment
    from jobseekers.services.training import TrainingData, training_programme_offer

    establishment = _establishment(request)
    form = TrainingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = attempt(
                request,
                lambda: training_programme_offer(
                    establishment=establishment,
                    offered_by=request.user,
                    data=TrainingData(**form.cleaned_data),
                ),
                form=form,
                success=_("The training places are offered to jobseekers who lack these skills."),
                refused=(ValidationError,),
            )
            if done.ok:
                return redirect("jobseekers:employer-training", establishment.pk)
            status = 400
        else:
            status = 400
    context = {
        "establishment": establishment,
        "form": form,
        "programmes": training_list_for_establishment(establishment=establishment),
    }
    return render(request, "jobseekers/employer/training.html", context, status=status)


@employer_required(service=Service.VACANCIES)
def vacancy_candidates_view(request: EmployerRequest, vacancy_id: int) -> HttpResponse:
    """The jobseekers who fit the vacancy best: the latest bulk run's stored list when it
    covered this vacancy, otherwise ranked now; each with its explanation."""
    from jobseekers.selectors.recommendations import (
        candidates_as_seen_by_employer,
        candidates_for_vacancy,
        stored_candidates,
    )

    establishment = _establishment(request)
    vacancy = vacancy_for_establishment(establishment=establishment, vacancy_id=vacancy_id)
    if vacancy is None:
        raise Http404
    if vacancy.status not in Vacancy.PUBLISHED:  # a draft or a closed vacancy recommends no one
        context = {"establishment": establishment, "vacancy": vacancy, "published": False}
        return render(request, "jobseekers/employer/candidates.html", context)
    stored = stored_candidates(vacancy=vacancy, language=request.LANGUAGE_CODE)
    run, matches = (
        stored
        if stored is not None
        else (None, candidates_for_vacancy(vacancy=vacancy, k=20, language=request.LANGUAGE_CODE))
    )
    context = {
        "establishment": establishment,
        "vacancy": vacancy,
        "published": True,
        "run": run,
        "candidates": candidates_as_seen_by_employer(vacancy=vacancy, matches=matches),
    }
    return render(request, "jobseekers/employer/candidates.html", context)


def _programme(request: EmployerRequest, programme_id: int) -> TrainingProgramme:
    from jobseekers.selectors.training import training_programme_for_establishment

    programme = training_programme_for_establishment(
        establishment=request.establishment, programme_id=programme_id
    )
    if programme is None:
        raise Http404
    return programme


@training_access
def training_programme_view(request: EmployerRequest, programme_id: int) -> HttpResponse:
    """One programme: who enrolled, the days each attended, and recording attendance and
    completion."""
    from jobseekers.forms import TrainingAttendanceForm, TrainingOutcomeForm
    from jobseekers.selectors.training import training_enrolments_for_programme

    programme = _programme(request, programme_id)
    context = {
        "establishment": request.establishment,
        "programme": programme,
        "enrolments": training_enrolments_for_programme(programme=programme),
        "attendance_form": TrainingAttendanceForm(),
        "outcome_form": TrainingOutcomeForm(),
        "skill_labels": _skill_labels(programme, request.LANGUAGE_CODE),
    }
    return render(request, "jobseekers/employer/training_programme.html", context)


def _skill_labels(programme: TrainingProgramme, language: str) -> list[str]:
    from taxonomy.selectors import taxonomy_from_database

    taxonomy = taxonomy_from_database()
    return [
        taxonomy.label("skill", s.skill_code, language=language) for s in programme.skills.all()
    ]


def _enrolment(request: EmployerRequest, programme_id: int, enrolment_id: int) -> Any:
    from jobseekers.selectors.training import training_enrolment_for_programme

    programme = _programme(request, programme_id)
    enrolment = training_enrolment_for_programme(programme=programme, enrolment_id=enrolment_id)
    if enrolment is None:
        raise Http404
    return enrolment


@training_access
def training_attendance_view(
    request: EmployerRequest, programme_id: int, enrolment_id: int
) -> HttpResponse:
    from jobseekers.forms import TrainingAttendanceForm
    from jobseekers.services.training import training_attendance_record

    enrolment = _enrolment(request, programme_id, enrolment_id)
    if request.method != "POST":  # after the look-up: another's trainee is 404 either way
        return HttpResponseNotAllowed(["POST"])
    form = TrainingAttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the day and choose present or absent."))
    else:
        attempt(
            request,
            lambda: training_attendance_record(
                enrolment=enrolment,
                day=form.cleaned_data["day"],
                present=form.cleaned_data["present"],
                recorded_by=request.user,
            ),
            success=_("The attendance is recorded."),
        )
    return redirect(
        "jobseekers:employer-training-programme", request.establishment.pk, programme_id
    )


@training_access
def training_complete_view(
    request: EmployerRequest, programme_id: int, enrolment_id: int
) -> HttpResponse:
    from jobseekers.forms import TrainingOutcomeForm
    from jobseekers.services.training import training_complete

    enrolment = _enrolment(request, programme_id, enrolment_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = TrainingOutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose completed or did not complete."))
    else:
        completed = form.cleaned_data["outcome"] == "completed"
        attempt(
            request,
            lambda: training_complete(
                enrolment=enrolment, completed_by=request.user, completed=completed
            ),
            success=_("The training is recorded complete: the trainee's skills are evidenced.")
            if completed
            else _("The training is recorded as not completed."),
        )
    return redirect(
        "jobseekers:employer-training-programme", request.establishment.pk, programme_id
    )
