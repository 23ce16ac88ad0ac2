"""The sections of a person's data that the jobseekers app keeps: the profile with its skills
and occupations, and the applications (core.personal_data)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.personal_data import Row, Section, register, rows
from jobseekers.models import Application, JobseekerProfile


def profile_of(person: Any) -> list[Row]:
    profile = JobseekerProfile.objects.filter(user=person).first()
    if profile is None:
        return []
    (row,) = rows(
        [profile],
        (
            "education_level",
            "education_field",
            "years_experience",
            "governorate",
            "willing_to_relocate",
            "available_from",
            "is_searching",
            "alerts_enabled",
            "open_to_contact",
        ),
    )
    row["occupations"] = sorted(profile.occupations.values_list("occupation_code", flat=True))
    row["skills"] = sorted(profile.skills.values_list("skill_code", flat=True))
    return [row]


def applications_of(person: Any) -> list[Row]:
    applications = Application.objects.filter(profile__user=person).select_related(
        "vacancy", "vacancy__establishment"
    )
    return rows(
        applications.order_by("created_at", "id"),
        ("vacancy", "status", "rejection_reason", "cover_note", "created_at", "status_changed_at"),
    )


def register_sections() -> None:
    register(
        Section("jobseeker_profile", _("Jobseeker profile"), profile_of, model=JobseekerProfile)
    )
    register(Section("applications", _("Applications"), applications_of, model=Application))
