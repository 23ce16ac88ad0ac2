"""Reads of jobseeker profiles and their applications (only ever the person's own)."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from employers.models import Establishment
from jobseekers.models import Application, JobseekerProfile, Vacancy
from taxonomy.selectors import taxonomy_from_database


def profile_for_user(*, user: User) -> JobseekerProfile | None:
    return (
        JobseekerProfile.objects.filter(user=user).prefetch_related("occupations", "skills").first()
    )


def profile_labels(*, profile: JobseekerProfile, language: str) -> dict[str, list[str]]:
    """The profile's occupations and skills in the reader's language (for the form and page)."""
    taxonomy = taxonomy_from_database()
    occupations = [
        taxonomy.label("occupation", o.occupation_code, language=language)
        for o in profile.occupations.all()
    ]
    skills = [
        taxonomy.label("skill", s.skill_code, language=language) for s in profile.skills.all()
    ]
    return {"occupations": occupations, "skills": skills}


def application_list_for_profile(*, profile: JobseekerProfile) -> QuerySet[Application]:
    return Application.objects.filter(profile=profile).select_related("vacancy__establishment")


def application_list_for_vacancy(*, vacancy: Vacancy) -> QuerySet[Application]:
    return (
        Application.objects.filter(vacancy=vacancy)
        .select_related("profile__user")
        .prefetch_related("profile__skills")
        .order_by("created_at", "id")
    )


def vacancy_for_establishment(*, establishment: Establishment, vacancy_id: int) -> Vacancy | None:
    return Vacancy.objects.filter(establishment=establishment, pk=vacancy_id).first()


def contract_initial_for_hire(*, establishment: Establishment, application_id: str) -> dict:
    """What the contract registration form starts with for a hired applicant of this
    establishment: the person's names, civil ID and mobile, the vacancy's occupation and lowest
    salary. Empty for anything else (another establishment's application, not hired)."""
    if not str(application_id).isdigit():
        return {}
    application = (
        Application.objects.filter(
            vacancy__establishment=establishment,
            pk=int(application_id),
            status=Application.Status.HIRED,
        )
        .select_related("vacancy", "profile__user")
        .first()
    )
    if application is None:
        return {}
    user = application.profile.user
    return {
        "worker_name_ar": user.full_name_ar,
        "worker_name_en": user.full_name_en,
        "nationality": "OMN",
        "civil_id": user.civil_id or "",
        "worker_mobile": str(user.mobile or ""),
        "worker_language": user.preferred_language or "ar",
        "occupation_code": application.vacancy.occupation_code,
        "monthly_salary": application.vacancy.salary_min,
    }


def application_for_establishment(
    *, establishment: Establishment, vacancy_id: int, application_id: int
) -> Application | None:
    return (
        Application.objects.filter(
            vacancy__establishment=establishment, vacancy_id=vacancy_id, pk=application_id
        )
        .select_related("vacancy", "profile__user")
        .first()
    )
