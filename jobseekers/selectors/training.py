"""Reads of training programmes, enrolments, their monthly counts, and skill disputes."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from employers.models import Establishment
from jobseekers.models import (
    JobseekerProfile,
    SkillDispute,
    TrainingEnrolment,
    TrainingProgramme,
)


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


def training_programme_for_establishment(
    *, establishment: Establishment, programme_id: int
) -> TrainingProgramme | None:
    """The establishment's own programme, or None (another establishment's answers 404)."""
    return (
        TrainingProgramme.objects.filter(establishment=establishment, pk=programme_id)
        .prefetch_related("skills")
        .first()
    )


def training_enrolments_for_programme(
    *, programme: TrainingProgramme
) -> QuerySet[TrainingEnrolment]:
    return (
        TrainingEnrolment.objects.filter(programme=programme)
        .select_related("profile__user")
        .annotate(
            days_present=Count("attendance", filter=Q(attendance__present=True)),
            days_absent=Count("attendance", filter=Q(attendance__present=False)),
        )
        .order_by("created_at", "id")
    )


def training_enrolment_for_programme(
    *, programme: TrainingProgramme, enrolment_id: int
) -> TrainingEnrolment | None:
    return (
        TrainingEnrolment.objects.filter(programme=programme, pk=enrolment_id)
        .select_related("profile__user", "programme")
        .first()
    )


def training_enrolments_for_profile(*, profile: JobseekerProfile) -> QuerySet[TrainingEnrolment]:
    return (
        TrainingEnrolment.objects.filter(profile=profile)
        .select_related("programme__establishment")
        .prefetch_related("programme__skills")
        .order_by("-created_at", "-id")
    )


def _open_programmes() -> QuerySet[TrainingProgramme]:
    return (
        TrainingProgramme.objects.filter(is_open=True, starts_on__gte=timezone.localdate())
        .select_related("establishment")
        .prefetch_related("skills")
        .order_by("starts_on", "id")
    )


def training_open_programmes(*, limit: int = 50) -> QuerySet[TrainingProgramme]:
    """Programmes open for enrolment that have not started, soonest first."""
    return _open_programmes()[:limit]


def training_programme_open(*, programme_id: int) -> TrainingProgramme | None:
    return _open_programmes().filter(pk=programme_id).first()


def training_monthly_counts(*, months: int = 12) -> list[dict[str, Any]]:
    """Places offered (by the month the programme starts), enrolments (by the month made) and
    completions (by the month completed), for the statistics; the latest `months` months."""
    rows: dict[datetime.date, dict[str, Any]] = {}

    def row(month: datetime.date) -> dict[str, Any]:
        return rows.setdefault(
            month, {"month": month, "programmes": 0, "places": 0, "enrolments": 0, "completions": 0}
        )

    for item in (
        TrainingProgramme.objects.annotate(month=TruncMonth("starts_on"))
        .values("month")
        .annotate(programmes=Count("id"), places=Sum("places"))
    ):
        found = row(item["month"])
        found["programmes"], found["places"] = item["programmes"], item["places"] or 0
    for made in (
        TrainingEnrolment.objects.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(count=Count("id"))
    ):
        row(_as_date(made["month"]))["enrolments"] = made["count"]
    for done in (
        TrainingEnrolment.objects.filter(status=TrainingEnrolment.Status.COMPLETED)
        .annotate(month=TruncMonth("completed_on"))
        .values("month")
        .annotate(count=Count("id"))
    ):
        row(_as_date(done["month"]))["completions"] = done["count"]
    return [rows[m] for m in sorted(rows, reverse=True)[:months]]


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value
