"""A jobseeker disputes a recommendation's finding that a skill is missing; an officer decides.
An accepted dispute records the skill as verified by the ministry."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import ApplicationError
from core.services import audit_record
from core.transitions import transition_locked
from jobseekers.models import JobseekerProfile, ProfileSkill, SkillDispute
from jobseekers.services.terms import resolve_one, unknown_terms_message


class SkillDisputeError(ApplicationError):
    pass


@transaction.atomic
def skill_dispute_file(*, profile: JobseekerProfile, skill: str, statement: str) -> SkillDispute:
    """The jobseeker says it has a skill a recommendation found missing, with its statement
    (where it learnt it, who can confirm). One open dispute per skill."""
    code = resolve_one("skill", skill)
    if code is None:
        raise ValidationError({"skill": unknown_terms_message([skill])})
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError({"statement": _("Say how you have this skill.")})
    if ProfileSkill.objects.filter(
        profile=profile, skill_code=code, evidence=ProfileSkill.Evidence.VERIFIED
    ).exists():
        raise SkillDisputeError(_("This skill is already verified on your profile."))
    try:
        with transaction.atomic():
            dispute = SkillDispute.objects.create(
                profile=profile, skill_code=code, statement=statement[:2000]
            )
    except IntegrityError:
        raise SkillDisputeError(_("You already have an open dispute for this skill.")) from None
    audit_record(
        actor=profile.user,
        action="jobseekers.skill_disputed",
        obj=dispute,
        after={"skill": code},
    )
    return dispute


@transaction.atomic
def skill_dispute_decide(
    *, dispute: SkillDispute, decided_by: User, accept: bool, note: str
) -> SkillDispute:
    """An officer accepts (the skill is added as verified) or rejects the dispute, with a note."""
    if decided_by.role not in {"officer", "approver"}:
        raise SkillDisputeError(_("Only ministry officers decide on disputes."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write the reason for your decision.")})
    to = SkillDispute.Status.ACCEPTED if accept else SkillDispute.Status.REJECTED
    locked, _event = transition_locked(
        obj=dispute,
        to=to,
        actor=decided_by,
        action=f"jobseekers.skill_dispute_{to}",
        refuse=lambda row: SkillDisputeError(_("This dispute has already been decided.")),
        changes={"decided_by": decided_by, "decided_at": timezone.now(), "decision_note": note},
        note=note,
    )
    if accept:
        ProfileSkill.objects.update_or_create(
            profile_id=locked.profile_id,
            skill_code=locked.skill_code,
            defaults={
                "evidence": ProfileSkill.Evidence.VERIFIED,
                "evidence_note": note[:300],
            },
        )
    return locked
