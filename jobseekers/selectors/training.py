"""Reads of training programmes and skill disputes."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from employers.models import Establishment
from jobseekers.models import JobseekerProfile, SkillDispute, TrainingProgramme


def training_list_for_establishment(*, establishment: Establishment) -> QuerySet[TrainingProgramme]:
    return TrainingProgramme.objects.filter(establishment=establishment).prefetch_related("skills")


def training_for_skills(
    *, skill_codes: set[str], governorate: str = "", limit: int = 10
) -> list[TrainingProgramme]:
    """Open programmes starting from today that teach any of `skill_codes`, the ones in the
    jobseeker's governorate first."""
    if not skill_codes:
        return []
    programmes = (
        TrainingProgramme.objects.filter(
            is_open=True,
            starts_on__gte=timezone.localdate(),
            skills__skill_code__in=skill_codes,
        )
        .select_related("establishment")
        .prefetch_related("skills")
        .distinct()
        .order_by("starts_on", "id")[: limit * 3]
    )
    ranked = sorted(programmes, key=lambda p: (p.governorate != governorate, p.starts_on))
    return ranked[:limit]


def skill_disputes_for_profile(*, profile: JobseekerProfile) -> QuerySet[SkillDispute]:
    return SkillDispute.objects.filter(profile=profile)


def skill_dispute_queue_all() -> QuerySet[SkillDispute]:
    """Open disputes, oldest first (ministry officers)."""
    return (
        SkillDispute.objects.filter(status=SkillDispute.Status.OPEN)
        .select_related("profile__user")
        .order_by("created_at", "id")
    )
