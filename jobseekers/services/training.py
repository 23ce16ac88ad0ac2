"""On-the-job training places employers offer; recommendations point a jobseeker's missing
skills to them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from employers.models import Establishment
from jobseekers.models import TrainingProgramme, TrainingSkill
from jobseekers.services.terms import resolve_one, resolve_skill_terms, unknown_terms_message
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
