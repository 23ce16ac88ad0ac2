"""Demo data of jobseekers and vacancies: vacancies of the demo employers' establishments in
both languages, the demo jobseeker's profile and one application, so that the public search,
the employer's pipeline and the jobseeker's pages show real cases. Idempotent."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import User
from employers.demo import cr_number_for
from employers.models import Establishment
from jobseekers.models import Application, JobseekerProfile, Vacancy
from jobseekers.services.applications import application_submit
from jobseekers.services.profiles import ProfileData, profile_save
from jobseekers.services.vacancies import VacancyData, vacancy_post

VACANCIES = [
    # (establishment index, title_en, title_ar, occupation, required, optional, education, years,
    #  governorate, salary_min, salary_max)
    (
        0,
        "Building electrician",
        "كهربائي مباني",
        "7411",
        "electrical wiring",
        "blueprint reading",
        "secondary",
        2,
        "muscat",
        450,
        600,
    ),
    (0, "Accountant", "محاسب", "2411", "bookkeeping", "", "bachelor", 3, "muscat", 800, 1100),
    (
        1,
        "Heavy truck driver",
        "سائق شاحنة ثقيلة",
        "8332",
        "heavy vehicle driving",
        "",
        "secondary",
        2,
        "north_al_batinah",
        380,
        450,
    ),
    (1, "Welder", "لحام", "7212", "welding", "", "primary", 1, "north_al_batinah", 350, 420),
    (
        2,
        "Sales assistant",
        "مساعد مبيعات",
        "5223",
        "customer service",
        "",
        "secondary",
        0,
        "dhofar",
        325,
        380,
    ),
    (2, "Cook", "طباخ", "5120", "cooking", "", "primary", 2, "dhofar", 340, 400),
]


@dataclass(frozen=True)
class JobseekerSeed:
    vacancies_created: int
    applications_created: int


def seed_jobseekers(*, jobseeker: User) -> JobseekerSeed:
    created = 0
    today = timezone.localdate()
    for (
        index,
        title_en,
        title_ar,
        occupation,
        required,
        optional,
        education,
        years,
        gov,
        low,
        high,
    ) in VACANCIES:
        establishment = Establishment.objects.filter(cr_number=cr_number_for(index)).first()
        if (
            establishment is None
            or Vacancy.objects.filter(establishment=establishment, title_en=title_en).exists()
        ):
            continue
        poster = establishment.memberships.filter(is_active=True).select_related("user").first()
        if poster is None or poster.user is None:
            continue
        vacancy_post(
            establishment=establishment,
            posted_by=poster.user,
            data=VacancyData(
                title_en=title_en,
                title_ar=title_ar,
                occupation=occupation,
                required_skills=required,
                optional_skills=optional,
                education_min=education,
                experience_min_years=years,
                governorate=gov,
                salary_min=str(low),
                salary_max=str(high),
                openings=2,
                closes_on=today + datetime.timedelta(days=45),
            ),
        )
        created += 1
    applications = 0
    if jobseeker.civil_id and not JobseekerProfile.objects.filter(user=jobseeker).exists():
        profile = profile_save(
            user=jobseeker,
            data=ProfileData(
                education_level="diploma",
                education_field="Electrical engineering technology",
                years_experience=3,
                governorate="muscat",
                willing_to_relocate=True,
                occupations="كهربائي",
                skills="electrical wiring, قراءة المخططات",
            ),
        )
        electrician = Vacancy.objects.filter(title_en="Building electrician").first()
        if electrician is not None and not Application.objects.filter(profile=profile).exists():
            application_submit(
                vacancy=electrician,
                profile=profile,
                cover_note="Three years wiring villas; available from next month.",
            )
            applications = 1
    return JobseekerSeed(created, applications)
