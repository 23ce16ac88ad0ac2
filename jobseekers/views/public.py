"""The public vacancy search and a vacancy's page: no sign-in needed. The results part of the
search page updates in place with htmx; without JavaScript the form submits as a normal GET."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.paging import page_with_query
from jobseekers.forms import ApplyForm, VacancySearchForm
from jobseekers.models import Application, VacancySkill
from jobseekers.selectors.profiles import profile_for_user
from jobseekers.selectors.vacancies import (
    VacancyFilter,
    vacancy_get_public,
    vacancy_search_public,
)
from taxonomy.selectors import taxonomy_from_database

PER_PAGE = 20


@require_http_methods(["GET", "HEAD"])
def vacancy_search_view(request: HttpRequest) -> HttpResponse:
    form = VacancySearchForm(request.GET or None)
    filters = VacancyFilter()
    if form.is_valid():
        data = form.cleaned_data
        filters = VacancyFilter(
            q=data["q"] or "",
            occupation=data["occupation"] or "",
            governorate=data["governorate"] or "",
            education=data["education"] or "",
            salary_at_least=data["salary"],
        )
    page, query = page_with_query(
        request,
        vacancy_search_public(filters=filters),
        PER_PAGE,
        count_key=f"vacancy-search:{filters!r}",  # the normalised filters, not the raw query
    )
    context = {"form": form, "page": page, "query": query}
    template = (
        "jobseekers/public/_results.html"
        if getattr(request, "htmx", False)
        else "jobseekers/public/search.html"
    )
    return render(request, template, context)


def skill_labels(codes: list[str], language: str) -> list[str]:
    taxonomy = taxonomy_from_database()
    return [taxonomy.label("skill", code, language=language) for code in codes]


@require_http_methods(["GET", "HEAD"])
def vacancy_detail_view(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = vacancy_get_public(vacancy_id=vacancy_id)
    if vacancy is None:
        raise Http404
    language = getattr(request, "LANGUAGE_CODE", "ar")
    skills = list(VacancySkill.objects.filter(vacancy=vacancy).order_by("-required", "skill_code"))
    profile = profile_for_user(user=request.user) if request.user.is_authenticated else None
    applied = (
        Application.objects.filter(vacancy=vacancy, profile=profile).first() if profile else None
    )
    context = {
        "vacancy": vacancy,
        "occupation_title": taxonomy_from_database().label(
            "occupation", vacancy.occupation_code, language=language
        ),
        "required": skill_labels([s.skill_code for s in skills if s.required], language),
        "optional": skill_labels([s.skill_code for s in skills if not s.required], language),
        "education": vacancy.get_education_min_display() if vacancy.education_min else "",
        "profile": profile,
        "applied": applied,
        "form": ApplyForm(),
    }
    return render(request, "jobseekers/public/vacancy.html", context)
