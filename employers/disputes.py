"""Disputed claims: a person proven by the national identity provider disputes who administers an
establishment, and staff decide from the registry worklist (employers.models.ClaimDispute).

The ministry still makes nobody an administrator by hand. Upholding a dispute that the registry
does not list its author records that the ministry asked the commerce registry to correct its
record (the author claims after the next sync); upholding a contested administration or
appointment suspends that membership until the registry settles it. Every step is an audit
event and an SMS (template `representatives_changed`) to the establishment's administrators and
the author.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from core.exceptions import PermissionDeniedError
from core.models import AuditEvent
from core.services import audit_record, model_snapshot
from core.workflow import advance
from employers.locks import establishment_lock
from employers.models import ClaimDispute, Establishment, Membership
from employers.representatives import (
    MembershipError,
    administrators_notify,
    is_listed_owner,
    membership_change,
)

SNAPSHOT = ["status", "kind", "decision_note"]
STATEMENT_MIN = 20


def _tell(*, dispute: ClaimDispute, event: AuditEvent, change: str) -> None:
    administrators_notify(
        establishment=dispute.establishment,
        event=event,
        change=change,
        person=f"{dispute.raised_by.display_name} ({dispute.civil_id})",
        also=[dispute.raised_by],
    )


@transaction.atomic
def claim_dispute_raise(
    *,
    user: User,
    establishment: Establishment,
    statement: str,
    signed_in_with_identity: bool,
    contested: Membership | None = None,
) -> ClaimDispute:
    """Record `user`'s dispute of `establishment`'s administration for staff to decide.

    Without `contested`, the author says the registry should list them (refused when it does:
    they claim instead). With it, a listed owner or signatory contests that membership of the
    same establishment (not their own, not one that has ended).

    Raises:
        PermissionDeniedError: not signed in through the identity provider, or contesting
            without being listed as an owner or signatory.
        MembershipError: struck off, an open dispute already, a statement too short, a listed
            owner disputing that they are not listed, or a membership that cannot be contested.
    """
    if not (signed_in_with_identity and user.identity_proven):
        raise PermissionDeniedError(
            _("Sign in with the national digital identity to dispute a claim.")
        )
    establishment = establishment_lock(establishment_id=establishment.pk)
    if establishment.status == Establishment.Status.CLOSED:
        raise MembershipError(_("This establishment was struck off the commerce registry."))
    statement = (statement or "").strip()
    if len(statement) < STATEMENT_MIN:
        raise MembershipError(
            _("Say in at least %(count)d characters what is wrong and why.")
            % {"count": STATEMENT_MIN}
        )
    if ClaimDispute.objects.filter(
        establishment=establishment, raised_by=user, status=ClaimDispute.Status.OPEN
    ).exists():
        raise MembershipError(_("You have an open dispute about this establishment already."))
    listed = is_listed_owner(user=user, establishment=establishment)
    if contested is None:
        if listed:
            raise MembershipError(
                _("The commerce registry lists you already: claim the establishment instead.")
            )
        kind = ClaimDispute.Kind.NOT_LISTED
    else:
        if not listed:
            raise PermissionDeniedError(
                _("Only an owner or signatory the registry lists may contest a membership.")
            )
        if (
            contested.establishment_id != establishment.pk
            or contested.status == Membership.Status.ENDED
            or (contested.user_id == user.pk or contested.civil_id == user.civil_id)
        ):
            raise MembershipError(_("This membership cannot be contested."))
        kind = ClaimDispute.Kind.CONTESTED
    dispute = ClaimDispute.objects.create(
        establishment=establishment,
        raised_by=user,
        civil_id=user.civil_id or "",
        kind=kind,
        contested=contested,
        statement=statement[:2000],
    )
    event = audit_record(
        actor=user,
        action="employers.claim_disputed",
        obj=dispute,
        subject=user,
        after={
            **model_snapshot(dispute, SNAPSHOT),
            "cr_number": establishment.cr_number,
            "contested": contested.pk if contested is not None else None,
        },
    )
    _tell(
        dispute=dispute,
        event=event,
        change=gettext_noop(
            "%(person)s disputed who administers this establishment; the ministry will decide."
        ),
    )
    return dispute


@transaction.atomic
def claim_dispute_decide(
    *, dispute: ClaimDispute, officer: User, uphold: bool, note: str
) -> ClaimDispute:
    """Staff decide an open dispute (see the module docstring for what upholding does).

    Raises:
        MembershipError: the dispute is decided already, or no note was given.
    """
    locked = (
        ClaimDispute.objects.select_for_update(of=("self",))
        .select_related("establishment", "raised_by", "contested")
        .get(pk=dispute.pk)
    )
    note = (note or "").strip()
    if not note:
        raise MembershipError(_("Write the decision's reason: the person is told it."))
    to = ClaimDispute.Status.UPHELD if uphold else ClaimDispute.Status.DISMISSED
    if to not in ClaimDispute.TRANSITIONS[locked.status]:
        raise MembershipError(_("This dispute was decided already."))
    before = model_snapshot(locked, SNAPSHOT)
    advance(locked, to)
    locked.decided_by = officer
    locked.decided_at = timezone.now()
    locked.decision_note = note[:500]
    locked.save()
    if uphold and locked.contested is not None:
        contested = locked.contested
        if contested.status in (Membership.Status.ACTIVE, Membership.Status.PENDING):
            membership_change(
                membership=contested,
                actor=officer,
                to=(
                    Membership.Status.SUSPENDED
                    if contested.status == Membership.Status.ACTIVE
                    else Membership.Status.ENDED
                ),
                action="employers.membership_suspended_on_dispute",
                change=gettext_noop(
                    "%(person)s is suspended while the commerce registry settles a dispute."
                ),
                reason="dispute upheld by the ministry",
                allow_administrator=True,
            )
    event = audit_record(
        actor=officer,
        action="employers.claim_dispute_decided",
        obj=locked,
        subject=locked.raised_by,
        before=before,
        after=model_snapshot(locked, SNAPSHOT),
    )
    if not uphold:
        change = gettext_noop("The ministry dismissed the dispute raised by %(person)s.")
    elif locked.kind == ClaimDispute.Kind.NOT_LISTED:
        change = gettext_noop(
            "The ministry upheld the dispute raised by %(person)s and asked the commerce "
            "registry to correct its record; claim after it does."
        )
    else:
        change = gettext_noop(
            "The ministry upheld the dispute raised by %(person)s: the contested membership is "
            "suspended until the commerce registry settles it."
        )
    _tell(dispute=locked, event=event, change=change)
    return locked
