"""On-the-job training places employers offer; recommendations point a jobseeker's missing
skills to them. Jobseekers enrol, the employer records attendance and completion, and
completion adds the skills taught as evidenced by training (which the matcher weighs more
than a claim), after which the jobseeker is told which recommendations improved."""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError
from core.services import audit_record
from core.transitions import transition_locked
from employers.models import Establishment
from jobseekers.models import (
    JobseekerProfile,
    ProfileSkill,
    TrainingAttendance,
    TrainingEnrolment,
    TrainingProgramme,
    TrainingSkill,
)
from jobseekers.services.terms import resolve_one, resolve_skill_terms, unknown_terms_message
from notifications.phone import InvalidPhoneNumberError
from notifications.services import sms_enqueue
from notifications.text import sms_safe
from taxonomy.text import script_of


@dataclass
class TrainingData:
    title_en: str = ""
    title_ar: str = ""
    governorate: str = ""
    places: int = 1
    starts_on: datetime.date | None = None
    weeks: int = 12
    skills: str | list[str] = ""


@transaction.atomic
def training_programme_offer(
    *, establishment: Establishment, offered_by: User, data: TrainingData
) -> TrainingProgramme:
    """Offer training places that teach the given skills. Raises ValidationError by field."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not (data.title_en or "").strip() and not (data.title_ar or "").strip():
        errors["title_en"] = _("Give the programme's title in English or in Arabic.")
    if (data.title_en or "").strip() and script_of(data.title_en) != "en":
        errors["title_en"] = _("Write the English title in English letters.")
    if (data.title_ar or "").strip() and script_of(data.title_ar) != "ar":
        errors["title_ar"] = _("Write the Arabic title in Arabic letters.")
    governorate = resolve_one("governorate", data.governorate)
    if governorate is None:
        errors["governorate"] = _("Choose one of Oman's eleven governorates.")
    if not 1 <= int(data.places or 0) <= 500:
        errors["places"] = _("Places must be between 1 and 500.")
    if not 1 <= int(data.weeks or 0) <= 104:
        errors["weeks"] = _("The programme lasts 1 to 104 weeks.")
    if data.starts_on is None or data.starts_on <= today:
        errors["starts_on"] = _("The programme must start after today.")
    elif data.starts_on > today + datetime.timedelta(days=365):
        errors["starts_on"] = _("The programme must start within a year.")
    skills, unknown = resolve_skill_terms(data.skills)
    if unknown:
        errors["skills"] = unknown_terms_message(unknown)
    elif not skills:
        errors["skills"] = _("Name at least one skill the programme teaches.")
    if errors:
        raise ValidationError(errors)
    assert data.starts_on is not None
    programme = TrainingProgramme.objects.create(
        establishment=establishment,
        title_en=(data.title_en or "").strip()[:200],
        title_ar=(data.title_ar or "").strip()[:200],
        governorate=governorate or "",
        places=int(data.places),
        starts_on=data.starts_on,
        weeks=int(data.weeks),
    )
    TrainingSkill.objects.bulk_create(
        [TrainingSkill(programme=programme, skill_code=code) for code in skills]
    )
    audit_record(
        actor=offered_by,
        action="jobseekers.training_offered",
        obj=programme,
        after={"skills": skills, "places": programme.places},
    )
    return programme


class TrainingError(ApplicationError):
    pass


def _places_taken(programme: TrainingProgramme) -> int:
    return TrainingEnrolment.objects.filter(
        programme=programme, status__in=TrainingEnrolment.TAKING_A_PLACE
    ).count()


@transaction.atomic
def training_enrol(*, programme: TrainingProgramme, profile: JobseekerProfile) -> TrainingEnrolment:
    """The jobseeker takes a place in an open programme that has not started, while places
    last. Enrolling twice in one programme is refused."""
    locked = TrainingProgramme.objects.select_for_update().get(pk=programme.pk)
    if not locked.is_open or locked.starts_on < timezone.localdate():
        raise TrainingError(_("This programme no longer takes enrolments."))
    if TrainingEnrolment.objects.filter(programme=locked, profile=profile).exists():
        raise TrainingError(_("You are already enrolled in this programme."))
    if _places_taken(locked) >= locked.places:
        raise TrainingError(_("All places in this programme are taken."))
    enrolment = TrainingEnrolment.objects.create(programme=locked, profile=profile)
    audit_record(
        actor=profile.user,
        action="jobseekers.training_enrolled",
        obj=enrolment,
        after={"programme": locked.pk},
    )
    return enrolment


@transaction.atomic
def training_withdraw(
    *, enrolment: TrainingEnrolment, profile: JobseekerProfile
) -> TrainingEnrolment:
    """The jobseeker gives up their place (before completion)."""
    if enrolment.profile_id != profile.pk:
        raise TrainingError(_("This is not your enrolment."))
    locked, _event = transition_locked(
        obj=enrolment,
        to=TrainingEnrolment.Status.WITHDRAWN,
        actor=profile.user,
        action="jobseekers.training_withdrawn",
        refuse=lambda row: TrainingError(_("This enrolment can no longer be withdrawn.")),
    )
    return locked


@transaction.atomic
def training_attendance_record(
    *, enrolment: TrainingEnrolment, day: datetime.date, present: bool, recorded_by: User
) -> TrainingAttendance:
    """The employer records whether the trainee attended on `day` (once a day; recording the
    day again corrects it). Only days from the programme's start to today count."""
    if enrolment.status != TrainingEnrolment.Status.ENROLLED:
        raise TrainingError(_("Attendance is recorded only while the trainee is enrolled."))
    programme = enrolment.programme
    if day < programme.starts_on or day > timezone.localdate():
        raise ValidationError({"day": _("Record a day between the programme's start and today.")})
    row, created = TrainingAttendance.objects.update_or_create(
        enrolment=enrolment, day=day, defaults={"present": present, "recorded_by": recorded_by}
    )
    audit_record(
        actor=recorded_by,
        action="jobseekers.training_attendance_recorded",
        obj=enrolment,
        after={"day": day.isoformat(), "present": present, "corrected": not created},
    )
    return row


def _scores_for(profile: JobseekerProfile) -> dict[str, float]:
    """The jobseeker's recommended vacancies and their scores (the top 20 on demand)."""
    from jobseekers.selectors.recommendations import recommendation_scores_for_profile

    return recommendation_scores_for_profile(profile=profile, k=20)


@transaction.atomic
def training_complete(
    *, enrolment: TrainingEnrolment, completed_by: User, completed: bool = True
) -> TrainingEnrolment:
    """The employer records the training complete (or not completed).

    On completion each skill the programme teaches is added to the jobseeker's profile as
    evidenced by training (a declared skill gains the evidence), the recommendations are
    ranked again, and the jobseeker is told by SMS which ones improved; the enrolment keeps
    that list for their page. A trainee with no day attended cannot be recorded complete."""
    if completed and not enrolment.attendance.filter(present=True).exists():
        raise TrainingError(
            _("Record the days the trainee attended before recording the training complete.")
        )
    profile = enrolment.profile
    programme = enrolment.programme
    before = _scores_for(profile) if completed else {}
    to = TrainingEnrolment.Status.COMPLETED if completed else TrainingEnrolment.Status.NOT_COMPLETED
    locked, _event = transition_locked(
        obj=enrolment,
        to=to,
        actor=completed_by,
        action=f"jobseekers.training_{to}",
        refuse=lambda row: TrainingError(_("This enrolment has already been closed.")),
        changes={"completed_on": timezone.localdate() if completed else None},
    )
    if not completed:
        return locked
    codes = sorted(programme.skills.values_list("skill_code", flat=True))
    note = f"{programme.title_en or programme.title_ar}"[:300]
    for code in codes:
        ProfileSkill.objects.update_or_create(
            profile=profile,
            skill_code=code,
            defaults={"evidence": ProfileSkill.Evidence.TRAINING, "evidence_note": note},
        )
    after = _scores_for(profile)
    improved = [
        {
            "vacancy": int(vacancy_id),
            "before": round(100 * before[vacancy_id]) if vacancy_id in before else None,
            "after": round(100 * score),
        }
        for vacancy_id, score in after.items()
        if score > before.get(vacancy_id, 0.0) + 1e-9
    ]
    locked.improved = improved
    locked.save(update_fields=["improved", "updated_at"])
    audit_record(
        actor=completed_by,
        action="jobseekers.training_skills_evidenced",
        obj=locked,
        after={"skills": codes, "improved": len(improved)},
    )
    _tell_completed(enrolment=locked, codes=codes)
    return locked


def _tell_completed(*, enrolment: TrainingEnrolment, codes: list[str]) -> None:
    from taxonomy.selectors import taxonomy_from_database

    user = enrolment.profile.user
    language = user.preferred_language or "ar"
    taxonomy = taxonomy_from_database()
    programme = enrolment.programme
    with translation.override(language):
        path = reverse("jobseekers:my-training")
        title = programme.title_ar if language == "ar" else programme.title_en
    context = {
        "programme": sms_safe(title or programme.title_en or programme.title_ar)[:80],
        "skills": sms_safe("، ".join(taxonomy.label("skill", c, language=language) for c in codes))[
            :120
        ],
        "count": len(enrolment.improved),
        "link": f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}",
    }
    # no number to tell: the jobseeker sees it on their training page
    with contextlib.suppress(InvalidPhoneNumberError):
        sms_enqueue(
            template_code="training_completed",
            context=context,
            idempotency_key=f"training:{enrolment.pk}:completed",
            recipient=user,
        )
