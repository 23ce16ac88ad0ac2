"""The jobseeker's profile: occupations sought, skills with their evidence, education,
experience, governorate and availability. Text in either language becomes codes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.capacities import is_person
from accounts.models import User
from core.services import audit_record
from jobseekers.models import JobseekerProfile, ProfileOccupation, ProfileSkill
from jobseekers.services.terms import (
    resolve_one,
    resolve_skill_terms,
    resolve_unit_group,
    split_terms,
    unknown_terms_message,
)

MAX_OCCUPATIONS = 5


@dataclass
class ProfileData:
    """What the jobseeker enters; occupations and skills are free text or codes."""

    education_level: str = ""
    education_field: str = ""
    years_experience: int = 0
    governorate: str = ""
    willing_to_relocate: bool = False
    available_from: datetime.date | None = None
    occupations: str | list[str] = ""
    skills: str | list[str] = ""
    alerts_enabled: bool = True
    open_to_contact: bool = False
    skill_evidence: dict[str, str] = field(default_factory=dict)


class ProfileError(ValidationError):
    pass


def _resolved(data: ProfileData) -> tuple[dict[str, object], list[str], list[str]]:
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    education = resolve_one("education", data.education_level) if data.education_level else ""
    if data.education_level and education is None:
        errors["education_level"] = _("Choose your highest education from the list.")
    values["education_level"] = education or ""
    governorate = resolve_one("governorate", data.governorate) if data.governorate else ""
    if data.governorate and governorate is None:
        errors["governorate"] = _("Choose one of Oman's eleven governorates.")
    values["governorate"] = governorate or ""
    if not 0 <= int(data.years_experience) <= 60:
        errors["years_experience"] = _("Years of experience must be between 0 and 60.")
    occupations: list[str] = []
    unknown_occupations: list[str] = []
    for term in split_terms(data.occupations)[: MAX_OCCUPATIONS + 1]:
        code = resolve_unit_group(term)
        if code is None:
            unknown_occupations.append(term)
        elif code not in occupations:
            occupations.append(code)
    if unknown_occupations:
        errors["occupations"] = _(
            "These do not name an occupation: %(terms)s. Type a job title or an ISCO-08 code."
        ) % {"terms": "، ".join(unknown_occupations)}
    elif len(occupations) > MAX_OCCUPATIONS:
        errors["occupations"] = _("Choose at most %(count)s occupations.") % {
            "count": MAX_OCCUPATIONS
        }
    skills, unknown_skills = resolve_skill_terms(data.skills)
    if unknown_skills:
        errors["skills"] = unknown_terms_message(unknown_skills)
    elif not skills:
        errors["skills"] = _("Name at least one of your skills.")
    if errors:
        raise ProfileError(errors)
    return values, occupations, skills


@transaction.atomic
def profile_save(*, user: User, data: ProfileData) -> JobseekerProfile:
    """Create or update `user`'s profile. Occupations and skills in either language are mapped
    to ISCO-08 unit groups and skill codes; anything that maps to nothing is an error keyed by
    field and nothing is saved. Skills keep their evidence; a skill removed from the list goes.

    Raises ProfileError (a ValidationError keyed by field) for bad input, and ValidationError
    for an account that is not a jobseeker's with a civil ID and a verified mobile.
    """
    if not is_person(user):
        raise ValidationError(
            _("Only a citizen or resident signed in with their own number keeps a profile.")
        )
    values, occupations, skills = _resolved(data)
    profile, created = JobseekerProfile.objects.select_for_update().get_or_create(
        user=user, defaults={"willing_to_relocate": data.willing_to_relocate}
    )
    for name, value in values.items():
        setattr(profile, name, value)
    profile.education_field = (data.education_field or "").strip()[:200]
    profile.years_experience = int(data.years_experience)
    profile.willing_to_relocate = bool(data.willing_to_relocate)
    profile.available_from = data.available_from
    profile.alerts_enabled = bool(data.alerts_enabled)
    profile.open_to_contact = bool(data.open_to_contact)
    profile.full_clean(exclude=["user"])
    profile.save()
    ProfileOccupation.objects.filter(profile=profile).exclude(
        occupation_code__in=occupations
    ).delete()
    for code in occupations:
        ProfileOccupation.objects.get_or_create(profile=profile, occupation_code=code)
    ProfileSkill.objects.filter(profile=profile).exclude(skill_code__in=skills).delete()
    for code in skills:
        evidence = data.skill_evidence.get(code, ProfileSkill.Evidence.DECLARED)
        if evidence not in ProfileSkill.Evidence.values:
            evidence = ProfileSkill.Evidence.DECLARED
        row, made = ProfileSkill.objects.get_or_create(
            profile=profile, skill_code=code, defaults={"evidence": evidence}
        )
        if not made and code in data.skill_evidence and row.evidence != evidence:
            row.evidence = evidence
            row.save(update_fields=["evidence", "updated_at"])
    audit_record(
        actor=user,
        action="jobseekers.profile_created" if created else "jobseekers.profile_updated",
        obj=profile,
        after={**values, "occupations": occupations, "skills": skills},
    )
    return profile


@transaction.atomic
def profile_skill_evidence_add(
    *, profile: JobseekerProfile, skill_code: str, evidence: str, note: str = ""
) -> ProfileSkill:
    """Add evidence to a skill (or add the skill with it): a certificate, a training course."""
    if evidence not in ProfileSkill.Evidence.values:
        raise ValidationError({"evidence": _("Choose how the skill is evidenced.")})
    code = resolve_one("skill", skill_code)
    if code is None:
        raise ValidationError({"skill": unknown_terms_message([skill_code])})
    row, _created = ProfileSkill.objects.update_or_create(
        profile=profile,
        skill_code=code,
        defaults={"evidence": evidence, "evidence_note": (note or "").strip()[:300]},
    )
    audit_record(
        actor=profile.user,
        action="jobseekers.skill_evidence_added",
        obj=profile,
        after={"skill": code, "evidence": evidence},
    )
    return row
