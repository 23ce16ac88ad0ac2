"""The signed-in jobseeker's pages: the profile (occupations and skills typed in either
language), applying to a vacancy, and the list of applications with their status.

Only a jobseeker account reaches them (others get 403); everything is read through the
person's own profile, so another person's application answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.capacities import is_person
from accounts.http import SignedInRequest
from core.exceptions import ApplicationError
from core.forms import attempt, form_add_service_errors
from jobseekers.forms import ApplyForm, ProfileForm
from jobseekers.models import Application
from jobseekers.selectors.profiles import (
    application_list_for_profile,
    profile_for_user,
    profile_labels,
)
from jobseekers.selectors.vacancies import vacancy_get_public
from jobseekers.services.applications import application_move, application_submit
from jobseekers.services.profiles import ProfileData, profile_save


def jobseeker_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_person(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@jobseeker_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_view(request: SignedInRequest) -> HttpResponse:
    profile = profile_for_user(user=request.user)
    initial: dict[str, Any] = {"alerts_enabled": True}
    if profile is not None:
        labels = profile_labels(profile=profile, language=request.LANGUAGE_CODE)
        initial = {
            "occupations": "، ".join(labels["occupations"])
            if request.LANGUAGE_CODE == "ar"
            else ", ".join(labels["occupations"]),
            "skills": ("، " if request.LANGUAGE_CODE == "ar" else ", ").join(labels["skills"]),
            "education_level": profile.education_level,
            "education_field": profile.education_field,
            "years_experience": profile.years_experience,
            "governorate": profile.governorate,
            "willing_to_relocate": profile.willing_to_relocate,
            "available_from": profile.available_from,
            "alerts_enabled": profile.alerts_enabled,
            "open_to_contact": profile.open_to_contact,
        }
    form = ProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = attempt(
                request,
                lambda: profile_save(user=request.user, data=ProfileData(**form.cleaned_data)),
                form=form,
                success=_("Your profile is saved."),
                refused=(ValidationError,),
            )
            if done.ok:
                return redirect("jobseekers:my-profile")
            status = 400
        else:
            status = 400
    context = {"form": form, "profile": profile}
    return render(request, "jobseekers/jobseeker/profile.html", context, status=status)


@jobseeker_required
@require_POST
def apply_view(request: SignedInRequest, vacancy_id: int) -> HttpResponse:
    vacancy = vacancy_get_public(vacancy_id=vacancy_id)
    if vacancy is None:
        raise Http404
    profile = profile_for_user(user=request.user)
    if profile is None:
        messages.info(request, _("Fill in your profile first: employers read it."))
        return redirect("jobseekers:my-profile")
    form = ApplyForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: application_submit(
                vacancy=vacancy, profile=profile, cover_note=form.cleaned_data["cover_note"]
            ),
            success=_("Your application was sent. You will be told by SMS."),
        )
    return redirect("jobseekers:vacancy", vacancy.pk)


@jobseeker_required
def application_list_view(request: SignedInRequest) -> HttpResponse:
    profile = profile_for_user(user=request.user)
    applications = application_list_for_profile(profile=profile) if profile else []
    return render(
        request,
        "jobseekers/jobseeker/applications.html",
        {"applications": applications, "profile": profile},
    )


@jobseeker_required
@require_POST
def application_withdraw_view(request: SignedInRequest, application_id: int) -> HttpResponse:
    profile = profile_for_user(user=request.user)
    if profile is None:
        raise Http404
    application = get_object_or_404(
        application_list_for_profile(profile=profile), pk=application_id
    )
    attempt(
        request,
        lambda: application_move(
            application=application,
            to=Application.Status.WITHDRAWN,
            actor=request.user,
        ),
        success=_("Your application is withdrawn."),
        refused=(ApplicationError,),
    )
    return redirect("jobseekers:my-applications")


@jobseeker_required
@require_http_methods(["GET", "HEAD", "POST"])
def skills_view(request: SignedInRequest) -> HttpResponse:
    """The jobseeker's skills with their evidence; adding evidence, and disputing a skill a
    recommendation found missing."""
    from jobseekers.forms import SkillDisputeForm, SkillEvidenceForm
    from jobseekers.selectors.training import skill_disputes_for_profile
    from jobseekers.services.disputes import skill_dispute_file
    from jobseekers.services.profiles import profile_skill_evidence_add
    from taxonomy.selectors import taxonomy_from_database

    profile = profile_for_user(user=request.user)
    if profile is None:
        messages.info(request, _("Fill in your profile first: employers read it."))
        return redirect("jobseekers:my-profile")
    action = request.POST.get("action", "")
    evidence_form = SkillEvidenceForm(request.POST if action == "evidence" else None)
    dispute_form = SkillDisputeForm(
        request.POST if action == "dispute" else None,
        initial={"skill": request.GET.get("skill", "")[:200]},
    )
    status = 200
    if request.method == "POST":
        form: Any = evidence_form if action == "evidence" else dispute_form
        if action not in {"evidence", "dispute"} or not form.is_valid():
            status = 400
        else:
            try:
                if action == "evidence":
                    profile_skill_evidence_add(
                        profile=profile,
                        skill_code=form.cleaned_data["skill"],
                        evidence=form.cleaned_data["evidence"],
                        note=form.cleaned_data["note"],
                    )
                else:
                    skill_dispute_file(
                        profile=profile,
                        skill=form.cleaned_data["skill"],
                        statement=form.cleaned_data["statement"],
                    )
            except ValidationError as error:
                form_add_service_errors(form, error)
                status = 400
            except ApplicationError as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(
                    request,
                    _("The evidence is added to your skill.")
                    if action == "evidence"
                    else _("Your dispute is sent to a ministry officer."),
                )
                return redirect("jobseekers:my-skills")
    taxonomy = taxonomy_from_database()
    skills = [
        (taxonomy.label("skill", s.skill_code, language=request.LANGUAGE_CODE), s)
        for s in profile.skills.all()
    ]
    disputes = [
        (taxonomy.label("skill", d.skill_code, language=request.LANGUAGE_CODE), d)
        for d in skill_disputes_for_profile(profile=profile)
    ]
    context = {
        "skills": skills,
        "disputes": disputes,
        "evidence_form": evidence_form,
        "dispute_form": dispute_form,
        "form": evidence_form if action == "evidence" else dispute_form,
    }
    return render(request, "jobseekers/jobseeker/skills.html", context, status=status)


@jobseeker_required
def recommendations_view(request: SignedInRequest) -> HttpResponse:
    """The open vacancies that fit the jobseeker best, each with why (the factors and their
    share of the score), the missing skills, and training that teaches them."""
    from jobseekers.selectors.recommendations import vacancies_for_profile
    from jobseekers.selectors.training import training_for_skills

    profile = profile_for_user(user=request.user)
    if profile is None:
        messages.info(request, _("Fill in your profile first: employers read it."))
        return redirect("jobseekers:my-profile")
    matches = vacancies_for_profile(profile=profile, k=10, language=request.LANGUAGE_CODE)
    missing = {code for match in matches for code in match.missing_skills}
    training = training_for_skills(skill_codes=missing, governorate=profile.governorate)
    context = {"matches": matches, "training": training, "profile": profile}
    return render(request, "jobseekers/jobseeker/recommendations.html", context)


@jobseeker_required
def training_view(request: SignedInRequest) -> HttpResponse:
    """Training places open for enrolment (those teaching a skill the jobseeker lacks for a
    recommended vacancy first), and the jobseeker's enrolments with which recommendations
    completion improved."""
    from jobseekers.models import Vacancy
    from jobseekers.selectors.recommendations import vacancies_for_profile
    from jobseekers.selectors.training import (
        training_enrolments_for_profile,
        training_open_programmes,
    )
    from taxonomy.selectors import taxonomy_from_database

    profile = profile_for_user(user=request.user)
    if profile is None:
        messages.info(request, _("Fill in your profile first: employers read it."))
        return redirect("jobseekers:my-profile")
    language = request.LANGUAGE_CODE
    taxonomy = taxonomy_from_database()
    matches = vacancies_for_profile(profile=profile, k=10, language=language)
    missing = {code for match in matches for code in match.missing_skills}
    enrolments = list(training_enrolments_for_profile(profile=profile))
    enrolled = {e.programme_id for e in enrolments}
    programmes: list[dict[str, Any]] = []
    for programme in training_open_programmes():
        codes = [s.skill_code for s in programme.skills.all()]
        programmes.append(
            {
                "programme": programme,
                "skills": [taxonomy.label("skill", c, language=language) for c in codes],
                "closes_gap": sorted(
                    taxonomy.label("skill", c, language=language) for c in codes if c in missing
                ),
                "enrolled": programme.pk in enrolled,
            }
        )
    programmes.sort(key=lambda p: (not p["closes_gap"], p["programme"].starts_on))
    vacancy_ids = {item["vacancy"] for e in enrolments for item in e.improved}
    vacancies = Vacancy.objects.in_bulk(list(vacancy_ids))
    rows = []
    for enrolment in enrolments:
        improved = [
            {**item, "title": vacancies[item["vacancy"]].title}
            for item in enrolment.improved
            if item["vacancy"] in vacancies
        ]
        rows.append({"enrolment": enrolment, "improved": improved})
    context = {"programmes": programmes, "enrolments": rows}
    return render(request, "jobseekers/jobseeker/training.html", context)


@jobseeker_required
@require_POST
def training_enrol_view(request: SignedInRequest, programme_id: int) -> HttpResponse:
    from jobseekers.selectors.training import training_programme_open
    from jobseekers.services.training import training_enrol

    profile = profile_for_user(user=request.user)
    if profile is None:
        return redirect("jobseekers:my-profile")
    programme = training_programme_open(programme_id=programme_id)
    if programme is None:
        raise Http404
    attempt(
        request,
        lambda: training_enrol(programme=programme, profile=profile),
        success=_("You are enrolled. The employer records your attendance."),
    )
    return redirect("jobseekers:my-training")


@jobseeker_required
@require_POST
def training_withdraw_view(request: SignedInRequest, enrolment_id: int) -> HttpResponse:
    from jobseekers.selectors.training import training_enrolments_for_profile
    from jobseekers.services.training import training_withdraw

    profile = profile_for_user(user=request.user)
    if profile is None:
        raise Http404
    enrolment = training_enrolments_for_profile(profile=profile).filter(pk=enrolment_id).first()
    if enrolment is None:
        raise Http404
    attempt(
        request,
        lambda: training_withdraw(enrolment=enrolment, profile=profile),
        success=_("You gave up your place."),
    )
    return redirect("jobseekers:my-training")
