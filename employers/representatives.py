"""Who acts for an establishment: its owners claim it, its administrators appoint representatives
per service (Corppass-style), and the commerce registry takes administration away.

- `establishment_claim`: a person signed in through the national identity provider whose proven
  civil or resident number the registry lists as an owner or authorised signatory becomes an
  administrator (every service) in one step; anyone else is refused (PermissionDeniedError: 403).
- `representative_appoint`: an administrator (or a representative holding the
  "representatives" service) appoints someone by civil or resident number, for some services,
  optionally until a date; the appointee `appointment_accept`s after signing in.
- `membership_suspend`, `membership_resume`, `membership_remove`.
- `administration_end_for_removed_owner`: the registry no longer lists the owner.

Every change is an audit event and an SMS to the establishment's administrators (template
`representatives_changed`), written in the change's transaction (sent after commit).
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.registry import registry_person
from core.exceptions import ApplicationError, PermissionDeniedError
from core.models import AuditEvent
from core.services import audit_record, model_snapshot
from core.workflow import advance
from employers.access import has_service_role, membership_allows
from employers.locks import establishment_lock
from employers.models import Establishment, EstablishmentOwner, Membership, Service
from employers.selectors import active_membership_for
from notifications.phone import InvalidPhoneNumberError
from notifications.services import sms_enqueue

logger = logging.getLogger(__name__)

CIVIL_NUMBER = re.compile(r"[0-9]{8,10}")
TEMPLATE = "representatives_changed"
SNAPSHOT = ["status", "role", "services", "valid_until", "civil_id", "is_active"]


class MembershipError(ApplicationError):
    """The change is not possible in the membership's present state."""


# --- telling the administrators -----------------------------------------------------------------


def _administrators(establishment: Establishment) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            establishment=establishment,
            role=Membership.Role.OWNER,
            status=Membership.Status.ACTIVE,
            user__isnull=False,
        ).select_related("user")
        if m.user is not None
    ]


def administrators_notify(
    *,
    establishment: Establishment,
    event: AuditEvent,
    change: str,
    person: str,
    also: Iterable[User] = (),
) -> int:
    """One SMS to each administrator (and `also`) with a mobile; returns how many were written.
    `change` is an English message id, translated into each recipient's language."""
    recipients = {u.pk: u for u in [*_administrators(establishment), *also]}
    written = 0
    for user in recipients.values():
        if not user.mobile:
            continue
        language = user.preferred_language or "ar"
        with translation.override(language):
            context = {
                "establishment": establishment.name,
                "change": _(change) % {"person": person},
            }
        try:
            message = sms_enqueue(
                template_code=TEMPLATE,
                context=context,
                idempotency_key=f"{TEMPLATE}:{event.pk}:{user.pk}",
                recipient=user,
                language=language,
            )
        except InvalidPhoneNumberError:
            logger.warning("representatives: administrator %s has no usable mobile", user.pk)
            continue
        written += int(message is not None)
    return written


def _person_label(membership: Membership) -> str:
    if membership.user is not None:
        return f"{membership.user.display_name} ({membership.civil_id or membership.user.civil_id})"
    return membership.civil_id


# --- claim --------------------------------------------------------------------------------------


def is_listed_owner(*, user: User, establishment: Establishment) -> bool:
    return (
        bool(user.civil_id)
        and EstablishmentOwner.objects.filter(
            establishment=establishment, civil_id=user.civil_id
        ).exists()
    )


@transaction.atomic
def establishment_claim(
    *, user: User, establishment: Establishment, signed_in_with_identity: bool
) -> Membership:
    """Make `user` an administrator of `establishment` (every service) when the registry lists
    their proven number as an owner or signatory and they signed in through the national
    identity provider. Audited; the administrators are told.

    Raises:
        PermissionDeniedError: not proven through the identity provider, or not listed.
        MembershipError: the establishment is struck off, or the person administers it already.
    """
    if not (signed_in_with_identity and user.identity_proven):
        raise PermissionDeniedError(
            _("Sign in with the national digital identity to claim an establishment.")
        )
    establishment = establishment_lock(establishment_id=establishment.pk)
    if not is_listed_owner(user=user, establishment=establishment):
        raise PermissionDeniedError(
            _("The commerce registry does not list you as an owner or signatory of this CR.")
        )
    if establishment.status == Establishment.Status.CLOSED:
        raise MembershipError(_("This establishment was struck off the commerce registry."))
    existing = (
        Membership.objects.select_for_update()
        .filter(establishment=establishment, user=user)
        .first()
        or Membership.objects.select_for_update()
        .filter(establishment=establishment, civil_id=user.civil_id)
        .first()
    )
    if existing is not None and existing.is_administrator and existing.is_active:
        raise MembershipError(_("You already administer this establishment."))
    before = model_snapshot(existing, SNAPSHOT) if existing is not None else None
    membership = existing or Membership(
        establishment=establishment, status=Membership.Status.ACTIVE
    )
    if existing is not None and existing.status != Membership.Status.ACTIVE:
        advance(membership, Membership.Status.ACTIVE)
    membership.user = user
    membership.civil_id = user.civil_id or ""
    membership.role = Membership.Role.OWNER
    membership.is_active = True
    membership.services = list(Service.values)
    membership.valid_until = None
    membership.accepted_at = timezone.now()
    membership.ended_at = None
    membership.end_reason = ""
    membership.save()
    event = audit_record(
        actor=user,
        action="employers.establishment_claimed",
        obj=membership,
        subject=user,
        before=before,
        after={**model_snapshot(membership, SNAPSHOT), "cr_number": establishment.cr_number},
    )
    administrators_notify(
        establishment=establishment,
        event=event,
        change=gettext_noop(
            "%(person)s is now an administrator (claimed as an owner in the registry)."
        ),
        person=_person_label(membership),
    )
    return membership


# --- appointments -------------------------------------------------------------------------------


def _require_representatives_role(actor: User, establishment: Establishment) -> None:
    if not has_service_role(actor, establishment, Service.REPRESENTATIVES):
        raise PermissionDeniedError(_("You may not manage this establishment's representatives."))


def _check_appointment(
    *, civil_id: str, services: list[str], valid_until: datetime.date | None, actor: User
) -> None:
    errors: dict[str, list[str]] = {}
    if not CIVIL_NUMBER.fullmatch(civil_id or ""):
        errors.setdefault("civil_id", []).append(
            _("Enter the 8 to 10 digits of the civil or resident number.")
        )
    unknown = [s for s in services if s not in Service.values]
    if not services or unknown:
        errors.setdefault("services", []).append(_("Choose at least one service."))
    if valid_until is not None and valid_until < timezone.localdate():
        errors.setdefault("valid_until", []).append(
            _("The end date has passed: choose today or a later date, or none.")
        )
    if actor.civil_id and civil_id == actor.civil_id:
        errors.setdefault("civil_id", []).append(_("You cannot appoint yourself."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def representative_appoint(
    *,
    establishment: Establishment,
    actor: User,
    civil_id: str,
    services: list[str],
    valid_until: datetime.date | None = None,
) -> Membership:
    """Appoint the person holding `civil_id` as a representative for `services`, until
    `valid_until` (None: open-ended). The membership waits for the appointee to accept.

    Raises:
        PermissionDeniedError: `actor` may not manage representatives here.
        ValidationError: a malformed or unknown number, no service, an end date in the past, a
            person already appointed; nothing is saved.
        RegistryUnavailableError: the civil registry cannot be asked now; nothing is saved.
    """
    _require_representatives_role(actor, establishment)
    civil_id = (civil_id or "").strip()
    services = sorted(set(services), key=list(Service.values).index) if services else []
    _check_appointment(civil_id=civil_id, services=services, valid_until=valid_until, actor=actor)
    establishment = establishment_lock(establishment_id=establishment.pk)
    if establishment.status == Establishment.Status.CLOSED:
        raise MembershipError(_("This establishment was struck off the commerce registry."))
    holder = User.objects.filter(civil_id=civil_id).first()
    existing = (
        Membership.objects.select_for_update()
        .filter(establishment=establishment, civil_id=civil_id)
        .first()
    )
    if existing is None and holder is not None:
        existing = (
            Membership.objects.select_for_update()
            .filter(establishment=establishment, user=holder)
            .first()
        )
    if existing is not None and existing.status != Membership.Status.ENDED:
        raise ValidationError(
            {"civil_id": [_("This person is already appointed for this establishment.")]}
        )
    # a proven account already binds the number to a person; anyone else, the civil registry
    proven = holder is not None and holder.identity_proven
    if not proven and registry_person(civil_id=civil_id, fresh=False) is None:
        raise ValidationError({"civil_id": [_("No person holds this civil or resident number.")]})
    before = model_snapshot(existing, SNAPSHOT) if existing is not None else None
    membership = existing or Membership(
        establishment=establishment, status=Membership.Status.PENDING
    )
    if existing is not None:
        advance(membership, Membership.Status.PENDING)
    membership.civil_id = civil_id
    membership.role = Membership.Role.REPRESENTATIVE
    membership.is_active = False
    membership.services = services
    membership.valid_until = valid_until
    membership.appointed_by = actor
    membership.accepted_at = None
    membership.ended_at = None
    membership.end_reason = ""
    membership.full_clean(exclude=["user"])
    membership.save()
    event = audit_record(
        actor=actor,
        action="employers.representative_appointed",
        obj=membership,
        before=before,
        after=model_snapshot(membership, SNAPSHOT),
    )
    administrators_notify(
        establishment=establishment,
        event=event,
        change=gettext_noop(
            "%(person)s was appointed as a representative and must accept after signing in."
        ),
        person=civil_id,
    )
    return membership


@transaction.atomic
def appointment_accept(*, membership: Membership, user: User) -> Membership:
    """The appointee accepts: the membership becomes active for their account.

    Raises:
        PermissionDeniedError: the account's proven number is not the appointee's.
        MembershipError: the appointment is no longer waiting.
    """
    locked = (
        Membership.objects.select_for_update().select_related("establishment").get(pk=membership.pk)
    )
    if not (user.identity_proven and user.civil_id == locked.civil_id):
        raise PermissionDeniedError(_("This appointment is for someone else."))
    if locked.status != Membership.Status.PENDING:
        raise MembershipError(_("This appointment is no longer waiting for you."))
    if (
        Membership.objects.filter(establishment=locked.establishment, user=user)
        .exclude(pk=locked.pk)
        .exists()
    ):
        Membership.objects.filter(establishment=locked.establishment, user=user).exclude(
            pk=locked.pk
        ).filter(status=Membership.Status.ENDED).update(user=None)
    before = model_snapshot(locked, SNAPSHOT)
    advance(locked, Membership.Status.ACTIVE)
    locked.user = user
    locked.is_active = True
    locked.accepted_at = timezone.now()
    locked.save()
    event = audit_record(
        actor=user,
        action="employers.representative_accepted",
        obj=locked,
        subject=user,
        before=before,
        after=model_snapshot(locked, SNAPSHOT),
    )
    administrators_notify(
        establishment=locked.establishment,
        event=event,
        change=gettext_noop("%(person)s accepted to act as a representative."),
        person=_person_label(locked),
    )
    return locked


def membership_change(
    *,
    membership: Membership,
    actor: User | None,
    to: str,
    action: str,
    change: str,
    reason: str = "",
    actor_label: str = "",
    allow_administrator: bool = False,
) -> Membership:
    locked = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("establishment", "user")
        .get(pk=membership.pk)
    )
    if locked.is_administrator and not allow_administrator:
        raise MembershipError(
            _("Administrators come from the commerce registry: they change only there.")
        )
    if to not in Membership.TRANSITIONS.get(locked.status, frozenset()):
        raise MembershipError(
            _("This membership is %(status)s: that change is not possible.")
            % {"status": locked.get_status_display().lower()}
        )
    before = model_snapshot(locked, SNAPSHOT)
    advance(locked, to)
    locked.is_active = to == Membership.Status.ACTIVE
    if to == Membership.Status.ENDED:
        locked.ended_at = timezone.now()
        locked.end_reason = reason[:300]
    locked.save()
    event = audit_record(
        actor=actor,
        actor_label=actor_label,
        action=action,
        obj=locked,
        subject=locked.user,
        before=before,
        after={**model_snapshot(locked, SNAPSHOT), **({"note": reason[:300]} if reason else {})},
    )
    administrators_notify(
        establishment=locked.establishment,
        event=event,
        change=change,
        person=_person_label(locked),
        also=[locked.user] if locked.user is not None and locked.is_administrator else [],
    )
    return locked


@transaction.atomic
def membership_suspend(*, membership: Membership, actor: User) -> Membership:
    """Suspend a representative (no access until resumed). Audited; administrators told."""
    _require_representatives_role(actor, membership.establishment)
    return membership_change(
        membership=membership,
        actor=actor,
        to=Membership.Status.SUSPENDED,
        action="employers.representative_suspended",
        change=gettext_noop("%(person)s is suspended as a representative."),
    )


@transaction.atomic
def membership_resume(*, membership: Membership, actor: User) -> Membership:
    """Resume a suspended representative. Audited; administrators told."""
    _require_representatives_role(actor, membership.establishment)
    return membership_change(
        membership=membership,
        actor=actor,
        to=Membership.Status.ACTIVE,
        action="employers.representative_resumed",
        change=gettext_noop("%(person)s may act as a representative again."),
    )


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> Membership:
    """Remove a representative, or withdraw a waiting appointment. Audited; administrators told."""
    _require_representatives_role(actor, membership.establishment)
    return membership_change(
        membership=membership,
        actor=actor,
        to=Membership.Status.ENDED,
        action="employers.representative_removed",
        change=gettext_noop("%(person)s is no longer a representative."),
        reason="removed by the administrator",
    )


@transaction.atomic
def administration_end_for_removed_owner(
    *, establishment_id: int, civil_id: str, actor_label: str = "commerce registry (sync)"
) -> int:
    """The registry no longer lists `civil_id` as an owner or signatory: their administration
    ends (audited; the other administrators are told). Returns how many memberships ended."""
    ended = 0
    memberships = Membership.objects.filter(
        establishment_id=establishment_id, role=Membership.Role.OWNER
    ).exclude(status=Membership.Status.ENDED)
    for membership in memberships.filter(civil_id=civil_id) | memberships.filter(
        user__civil_id=civil_id
    ):
        membership_change(
            membership=membership,
            actor=None,
            actor_label=actor_label,
            to=Membership.Status.ENDED,
            action="employers.administration_ended",
            change=gettext_noop(
                "%(person)s is no longer an administrator: the commerce registry no longer "
                "lists them as an owner."
            ),
            reason="no longer an owner or signatory in the commerce registry",
            allow_administrator=True,
        )
        ended += 1
    return ended


def may_manage_representatives(*, user: User, establishment: Establishment) -> bool:
    return membership_allows(
        active_membership_for(user=user, establishment_id=establishment.pk),
        Service.REPRESENTATIVES,
    )
