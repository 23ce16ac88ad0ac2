"""Writes of Sanad: centres and clerks, consents (request, confirm, revoke, end, expire), fees,
receipts and complaints. Every change is audited; SMS go through the ledger in the same
transaction (ADR 0009)."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import hmac
import secrets
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ProofMethod
from core.exceptions import ApplicationError, PermissionDeniedError
from core.services import audit_record, model_snapshot
from core.workflow import advance, advance_bulk
from sanad.models import (
    CentreMembership,
    Consent,
    SanadComplaint,
    SanadFee,
    SanadReceipt,
    Scope,
    ServiceCentre,
)
from sanad.questions import counter_fee_recorded
from sanad.scopes import ESTABLISHMENT_SCOPES

if TYPE_CHECKING:
    from accounts.contact import VerifiedNumber
    from accounts.models import User
    from core.models import AuditEvent


class SanadError(ApplicationError):
    """A Sanad rule refused the operation (wrong or expired code, suspended centre, ...)."""


# Replies that withdraw a consent: the words the SMS names, and the usual stop words (a person
# who answers STOP to a consent request surely does not want it).
REVOKE_WORDS = frozenset(
    {"NO", "لا", "REVOKE", "إلغاء", "الغاء", "STOP", "STOPALL", "CANCEL", "END", "إيقاف", "ايقاف"}
)
_STAFF_MANAGERS = frozenset({"approver"})  # as the rule sanad.manage_centres


# --- centres and clerks -------------------------------------------------------------------------


def _require_staff(actor: User) -> None:
    if actor.role not in _STAFF_MANAGERS:
        raise PermissionDeniedError(_("Only ministry staff may do this."))


def _may_manage_clerks(*, actor: User, centre: ServiceCentre) -> bool:
    if actor.role in _STAFF_MANAGERS:
        return True
    return CentreMembership.objects.filter(
        centre=centre,
        clerk=actor,
        role=CentreMembership.Role.ADMINISTRATOR,
        status=CentreMembership.Status.ACTIVE,
        centre__status=ServiceCentre.Status.ACTIVE,
    ).exists()


@transaction.atomic
def centre_register(
    *,
    licence_number: str,
    name_ar: str,
    name_en: str,
    governorate: str,
    registered_by: User,
) -> ServiceCentre:
    """Register a licensed centre (ministry staff). Raises PermissionDeniedError for anyone
    else and ValidationError for bad or duplicate data."""
    _require_staff(registered_by)
    centre = ServiceCentre(
        licence_number=licence_number.strip(),
        name_ar=name_ar.strip(),
        name_en=name_en.strip(),
        governorate=governorate,
    )
    centre.full_clean()
    centre.save()
    audit_record(
        actor=registered_by,
        action="sanad.centre_registered",
        obj=centre,
        after=model_snapshot(centre, ["licence_number", "name_ar", "name_en", "governorate"]),
    )
    return centre


def _close_open_consents(*, consents: Any, status: str, via: str, now: datetime.datetime) -> int:
    closed = 0
    for consent in consents.select_for_update().filter(status__in=Consent.OPEN):
        _close(consent=consent, status=status, via=via, now=now)
        closed += 1
    return closed


@transaction.atomic
def centre_set_status(
    *, centre: ServiceCentre, status: str, actor: User, reason: str = ""
) -> ServiceCentre:
    """Suspend or reinstate a centre (ministry staff). Suspending withdraws every open consent
    of its clerks at once; the middleware also refuses a suspended centre's clerks on the next
    request whatever the consent says."""
    _require_staff(actor)
    centre = ServiceCentre.objects.select_for_update().get(pk=centre.pk)
    if centre.status == status:
        return centre
    before = {"status": centre.status}
    now = timezone.now()
    advance(centre, status)
    centre.status_changed_at = now
    centre.status_reason = reason.strip()[:300]
    centre.full_clean()
    centre.save(update_fields=["status", "status_changed_at", "status_reason", "updated_at"])
    if status == ServiceCentre.Status.SUSPENDED:
        _close_open_consents(
            consents=Consent.objects.filter(centre=centre),
            status=Consent.Status.REVOKED,
            via=Consent.Via.STAFF,
            now=now,
        )
    audit_record(
        actor=actor,
        action=f"sanad.centre_{status}",
        obj=centre,
        before=before,
        after={"status": status, "reason": centre.status_reason},
    )
    return centre


@transaction.atomic
def clerk_add(
    *, centre: ServiceCentre, clerk: User, added_by: User, role: str = CentreMembership.Role.CLERK
) -> CentreMembership:
    """Add a Sanad clerk account to a centre (its administrator, or ministry staff)."""
    from accounts.models import User as UserModel

    if not _may_manage_clerks(actor=added_by, centre=centre):
        raise PermissionDeniedError(
            _("Only the centre's administrator or the ministry may do this.")
        )
    if clerk.role != UserModel.Role.SANAD_CLERK:
        raise SanadError(_("Only a Sanad clerk account can be added to a centre."))
    if role == CentreMembership.Role.ADMINISTRATOR and added_by.role not in _STAFF_MANAGERS:
        raise PermissionDeniedError(_("Only the ministry may name a centre administrator."))
    suspended_elsewhere = (
        CentreMembership.objects.filter(clerk=clerk, status=CentreMembership.Status.SUSPENDED)
        .exclude(centre=centre)
        .exists()
    )
    if suspended_elsewhere and added_by.role not in _STAFF_MANAGERS:
        raise PermissionDeniedError(
            _("This clerk is suspended at another centre. Only the ministry may take them on.")
        )
    membership, created = CentreMembership.objects.get_or_create(
        centre=centre, clerk=clerk, defaults={"role": role}
    )
    if not created:
        raise SanadError(_("This clerk already works at this centre."))
    audit_record(
        actor=added_by,
        action="sanad.clerk_added",
        obj=membership,
        subject=clerk,
        after={"centre": centre.pk, "role": role},
    )
    return membership


@transaction.atomic
def clerk_set_status(*, membership: CentreMembership, status: str, actor: User) -> CentreMembership:
    """Suspend or reinstate a clerk at a centre (its administrator, or ministry staff).
    Suspending withdraws the clerk's open consents at that centre."""
    membership = CentreMembership.objects.select_for_update().get(pk=membership.pk)
    if not _may_manage_clerks(actor=actor, centre=membership.centre):
        raise PermissionDeniedError(
            _("Only the centre's administrator or the ministry may do this.")
        )
    if membership.clerk_id == actor.pk:
        raise SanadError(_("You cannot change your own status."))
    if membership.status == status:
        return membership
    ministry = actor.role in _STAFF_MANAGERS
    if (
        status == CentreMembership.Status.ACTIVE
        and membership.suspended_by_ministry
        and not ministry
    ):
        raise PermissionDeniedError(_("Only the ministry may lift a suspension it made."))
    before = {
        "status": membership.status,
        "suspended_by": membership.suspended_by_id,
        "suspended_by_ministry": membership.suspended_by_ministry,
    }
    advance(membership, status)
    suspending = status == CentreMembership.Status.SUSPENDED
    membership.suspended_by = actor if suspending else None
    membership.suspended_by_ministry = suspending and ministry
    membership.full_clean()
    membership.save(update_fields=["status", "suspended_by", "suspended_by_ministry", "updated_at"])
    if status == CentreMembership.Status.SUSPENDED:
        _close_open_consents(
            consents=Consent.objects.filter(centre=membership.centre, clerk=membership.clerk),
            status=Consent.Status.REVOKED,
            via=Consent.Via.STAFF,
            now=timezone.now(),
        )
    audit_record(
        actor=actor,
        action=f"sanad.clerk_{status}",
        obj=membership,
        subject=membership.clerk,
        before=before,
        after={
            "status": status,
            "suspended_by": membership.suspended_by_id,
            "suspended_by_ministry": membership.suspended_by_ministry,
        },
    )
    return membership


# --- consents -----------------------------------------------------------------------------------


def _code_hash(consent_id: int, token: str) -> str:
    """Keyed hash of a consent code, as accounts.sms_codes does for sign-in codes (the row id
    is mixed in, so one code's hash says nothing about another's)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"sanad:{consent_id}:{token}".encode(), hashlib.sha256).hexdigest()


def clerk_membership(*, clerk: User) -> CentreMembership | None:
    """The clerk's active membership of an active centre, or None."""
    return (
        CentreMembership.objects.select_related("centre")
        .filter(
            clerk=clerk,
            status=CentreMembership.Status.ACTIVE,
            centre__status=ServiceCentre.Status.ACTIVE,
        )
        .order_by("id")
        .first()
    )


def _consenting_person(civil_id: str, number: VerifiedNumber | None) -> User | None:
    """The portal account the clerk will act as: the one whose own verified mobile received
    the code, else the account of `civil_id` (a proven one first). None without an account."""
    from accounts.models import User as UserModel

    if number is not None and number.account is not None:
        return number.account
    return (
        UserModel.objects.filter(
            civil_id=civil_id,
            role__in=[UserModel.Role.JOBSEEKER, UserModel.Role.EMPLOYER],
            is_active=True,
        )
        .order_by(F("identity_proven_at").desc(nulls_last=True), "id")
        .first()
    )


def _consent_number(civil_id: str) -> VerifiedNumber | None:
    """The one number the consent code for `civil_id` may go to (None: there is none).

    When the registry cannot be reached the clerk gets the same refusal whatever the number
    (strict: no fallback to a proven account's mobile, which would tell the clerk who has an
    account).
    """
    from accounts.contact import consent_number_for
    from accounts.registry import RegistryUnavailableError

    try:
        return consent_number_for(civil_id=civil_id, strict=True)
    except RegistryUnavailableError as error:
        raise SanadError(error.message) from None


@transaction.atomic
def consent_request(
    *, clerk: User, civil_id: str, scopes: list[str], cr_number: str = ""
) -> Consent:
    """Ask the person with `civil_id` for consent: a pending consent and an SMS code to them.

    The code goes only to the verified number of `civil_id` (accounts.contact: the civil
    registry's mobile, asked now, else the person's own proven account's verified mobile),
    whether or not the person has a portal account, never to a number merely typed into an
    account. The clerk gets the same answer whether or not the civil ID belongs to someone: the
    same row is written, the same code is made and hashed, and the same audit event is
    recorded; only the SMS is not written when there is no verified number (and that code can
    never be confirmed). Raises SanadError when the clerk's centre or membership is not
    active, the clerk or the civil ID asked too often (the same limits either way), or the
    civil registry cannot be reached (the same refusal for every civil ID; nothing written).
    """
    membership = clerk_membership(clerk=clerk)
    if membership is None:
        raise SanadError(_("You are not an active clerk of an active Sanad centre."))
    wanted = [s for s in Scope.values if s in set(scopes)]
    if not wanted or len(wanted) != len(set(scopes)):
        raise SanadError(_("Choose at least one of the listed services."))
    cr_number = cr_number.strip()
    if ESTABLISHMENT_SCOPES & set(wanted) and not cr_number:
        raise SanadError(_("Enter the commercial registration number of the establishment."))
    civil_id = civil_id.strip()
    now = timezone.now()
    recent_for_id = Consent.objects.filter(
        civil_id_entered=civil_id, created_at__gte=now - datetime.timedelta(minutes=15)
    ).count()
    recent_for_clerk = Consent.objects.filter(
        clerk=clerk, created_at__gte=now - datetime.timedelta(hours=1)
    ).count()
    if recent_for_id >= settings.SANAD_REQUESTS_PER_CIVIL_ID:
        raise SanadError(_("Too many codes were asked for this civil ID. Wait 15 minutes."))
    if recent_for_clerk >= settings.SANAD_REQUESTS_PER_CLERK:
        raise SanadError(_("You asked for too many codes in the last hour. Wait, then try again."))
    number = _consent_number(civil_id)

    # one pending request per clerk at a time
    advance_bulk(
        Consent.objects.filter(clerk=clerk, status=Consent.Status.PENDING),
        Consent.Status.EXPIRED,
        also={"closed_at": now},
    )
    person = _consenting_person(civil_id, number)
    consent = Consent.objects.create(
        centre=membership.centre,
        clerk=clerk,
        person=person,
        civil_id_entered=civil_id,
        scopes=wanted,
        cr_number=cr_number if ESTABLISHMENT_SCOPES & set(wanted) else "",
        code_hash="",
        code_expires_at=now + datetime.timedelta(seconds=settings.SANAD_CODE_VALID_SECONDS),
    )
    token = f"{secrets.randbelow(1_000_000):06d}"
    consent.code_hash = _code_hash(consent.pk, token)
    consent.save(update_fields=["code_hash"])
    if number is not None:
        from notifications.services import sms_enqueue

        centre = membership.centre
        language = person.preferred_language if person is not None else "ar"
        # a number no SMS can reach: answered like an unknown civil ID (nothing was written)
        with contextlib.suppress(ApplicationError), transaction.atomic():
            sms_enqueue(
                template_code="sanad_consent_code",
                context={
                    "centre": centre.name_en if language == "en" else centre.name_ar,
                    "minutes": settings.SANAD_CONSENT_MINUTES,
                    "code": token,
                },
                idempotency_key=f"sanad-consent:{consent.pk}",
                recipient=number.account,
                to_number=number.number,
                language=language or "ar",
            )
            consent.code_number = number.number
            consent.proof_method = (
                ProofMethod.REGISTRY_SMS if number.source == "registry" else ProofMethod.ACCOUNT_SMS
            )
            consent.save(update_fields=["code_number", "proof_method"])
    audit_record(
        actor=clerk,
        action="sanad.consent_requested",
        obj=consent,
        subject=person,
        after={"centre": membership.centre_id, "scopes": wanted, "cr_number": consent.cr_number},
    )
    return consent


def _wrong_code_message() -> str:
    return _("That code is not right. Ask the person to read the SMS again.")


def consent_confirm(*, consent_id: int, clerk: User, code: str) -> Consent:
    """Activate a pending consent with the code the person read out. It then runs for
    SANAD_CONSENT_MINUTES. Raises SanadError for a wrong, expired or used code (a wrong code
    counts, and after SANAD_CODE_MAX_FAILURES the request is closed), or when the person does
    not represent the named establishment."""
    refusal = _wrong_code_message()
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update(of=("self",))
            .select_related("centre", "person")
            .filter(pk=consent_id, clerk=clerk)
            .first()
        )
        if consent is None or consent.status != Consent.Status.PENDING:
            raise SanadError(_("This code can no longer be used. Start a new session."))
        now = timezone.now()
        matches = hmac.compare_digest(consent.code_hash, _code_hash(consent.pk, code.strip()))
        if now >= consent.code_expires_at:
            _close(consent=consent, status=Consent.Status.EXPIRED, via="", now=now)
            refusal = _("This code has expired. Start a new session to send a new code.")
        elif consent.failed_attempts >= settings.SANAD_CODE_MAX_FAILURES:
            refusal = _("Too many wrong codes. Start a new session to send a new code.")
        elif matches and consent.code_number and consent.person is None:
            # the code proves the person is present, so the clerk may hear why it stops here
            _close(consent=consent, status=Consent.Status.EXPIRED, via="", now=now)
            refusal = _(
                "The code is right, but this person has no account in the portal yet, so "
                "nobody can act for them there. They can create one by signing in with their "
                "national digital identity."
            )
        elif matches and consent.code_number and consent.person is not None:
            active = _activate(consent=consent, clerk=clerk, now=now)
            if active is not None:
                return active
            refusal = _(
                "The person does not represent an establishment with this commercial "
                "registration number. Start a new session."
            )
        else:
            consent.failed_attempts += 1
            consent.save(update_fields=["failed_attempts", "updated_at"])
            audit_record(actor=clerk, action="sanad.consent_code_failed", obj=consent)
            if consent.failed_attempts >= settings.SANAD_CODE_MAX_FAILURES:
                _close(consent=consent, status=Consent.Status.EXPIRED, via="", now=now)
                refusal = _("Too many wrong codes. Start a new session to send a new code.")
    raise SanadError(refusal)


def _activate(*, consent: Consent, clerk: User, now: datetime.datetime) -> Consent | None:
    """Make the consent active; None (and the request closed) when the person does not
    represent the establishment named for employer services."""
    from employers.selectors import establishment_list_for_member

    person = consent.person
    assert person is not None
    if ESTABLISHMENT_SCOPES & set(consent.scopes):
        establishment = (
            establishment_list_for_member(user=person).filter(cr_number=consent.cr_number).first()
        )
        if establishment is None:
            _close(consent=consent, status=Consent.Status.EXPIRED, via="", now=now)
            return None
        consent.establishment = establishment
    # one active session per clerk
    for other in Consent.objects.select_for_update().filter(
        clerk=clerk, status=Consent.Status.ACTIVE
    ):
        _close(consent=other, status=Consent.Status.ENDED, via="", now=now)
    advance(consent, Consent.Status.ACTIVE)
    consent.confirmed_at = now
    consent.expires_at = now + datetime.timedelta(minutes=settings.SANAD_CONSENT_MINUTES)
    consent.save(
        update_fields=["status", "confirmed_at", "expires_at", "establishment", "updated_at"]
    )
    audit_record(
        actor=clerk,
        action="sanad.consent_given",
        obj=consent,
        on_behalf_of=person,
        after={
            "scopes": consent.scopes,
            "establishment": consent.establishment_id,
            "expires_at": consent.expires_at,
            "proof_method": consent.proof_method,
        },
    )
    return consent


def _close(*, consent: Consent, status: str, via: str, now: datetime.datetime) -> Consent:
    """Close an open consent (caller holds the row lock) and, for a session that was active,
    send the person the summary of what was done."""
    was_active = consent.status == Consent.Status.ACTIVE
    advance(consent, status)
    consent.closed_at = now
    consent.revoked_via = via if status == Consent.Status.REVOKED else ""
    consent.save(update_fields=["status", "closed_at", "revoked_via", "updated_at"])
    if was_active and consent.person is not None:
        _send_summary(consent)
    return consent


def session_totals(consent: Consent) -> tuple[int, Decimal]:
    actions = SanadReceipt.objects.filter(consent=consent).count()
    fees = SanadFee.objects.filter(consent=consent).aggregate(total=Sum("amount"))["total"]
    return actions, fees or Decimal("0.000")


def _send_summary(consent: Consent) -> None:
    """The summary goes to the number the consent code went to (the one the person proved),
    and shows under the person's messages when it is their account's own mobile."""
    from notifications.services import sms_enqueue

    person = consent.person
    assert person is not None
    if not consent.code_number and not person.mobile:
        return
    actions, fees = session_totals(consent)
    centre = consent.centre
    with contextlib.suppress(ApplicationError), transaction.atomic():
        sms_enqueue(
            template_code="sanad_session_summary",
            context={
                "centre": centre.name_en if person.preferred_language == "en" else centre.name_ar,
                "actions": actions,
                "fees": f"{fees:.3f}",
            },
            idempotency_key=f"sanad-summary:{consent.pk}",
            recipient=person,
            to_number=consent.code_number or None,
            language=person.preferred_language or "ar",
        )


@transaction.atomic
def consent_revoke(*, consent: Consent, person: User, via: str = Consent.Via.PORTAL) -> Consent:
    """The person withdraws their consent. Effective on the clerk's next request (the
    middleware reads the consent on every request). Raises PermissionDeniedError for anyone but
    the person, SanadError when it is no longer open."""
    consent = (
        Consent.objects.select_for_update(of=("self",))
        .select_related("centre", "person")
        .get(pk=consent.pk)
    )
    if consent.person_id != person.pk:
        raise PermissionDeniedError(_("This is not your consent."))
    if consent.status not in Consent.OPEN:
        raise SanadError(_("This consent has already ended."))
    before = {"status": consent.status}
    _close(consent=consent, status=Consent.Status.REVOKED, via=via, now=timezone.now())
    audit_record(
        actor=person if via == Consent.Via.PORTAL else None,
        action="sanad.consent_revoked",
        obj=consent,
        subject=person,
        before=before,
        after={"status": consent.status, "via": via},
    )
    return consent


def consent_revoke_by_sms(*, from_number: str, body: str) -> int:
    """A reply to a consent SMS: NO / لا (or a stop word) withdraws every open consent whose
    code went to that number, and those of the people with that verified mobile. Returns how
    many were withdrawn."""
    from accounts.models import User as UserModel
    from notifications.phone import normalise_mobile

    if body.strip().upper() not in REVOKE_WORDS:
        return 0
    try:
        number = normalise_mobile(from_number)
    except ApplicationError:
        return 0
    people = UserModel.objects.filter(mobile=number, mobile_verified_at__isnull=False)
    revoked = 0
    for consent in Consent.objects.filter(
        Q(person__in=people) | Q(code_number=number), status__in=Consent.OPEN
    ).exclude(person__isnull=True):
        try:
            consent_revoke(consent=consent, person=consent.person, via=Consent.Via.SMS)  # type: ignore[arg-type]
        except SanadError:
            continue
        revoked += 1
    return revoked


@transaction.atomic
def consent_end(*, consent: Consent, clerk: User) -> Consent:
    """The clerk ends the session; the person gets an SMS summary (actions and fees)."""
    consent = (
        Consent.objects.select_for_update(of=("self",))
        .select_related("centre", "person")
        .get(pk=consent.pk)
    )
    if consent.clerk_id != clerk.pk:
        raise PermissionDeniedError(_("This is not your session."))
    if consent.status not in Consent.OPEN:
        return consent
    now = timezone.now()
    status = Consent.Status.ENDED
    if consent.status == Consent.Status.ACTIVE and consent.expires_at and now >= consent.expires_at:
        status = Consent.Status.EXPIRED
    _close(consent=consent, status=status, via="", now=now)
    audit_record(
        actor=clerk,
        action="sanad.consent_ended",
        obj=consent,
        on_behalf_of=consent.person,
        after={"status": status},
    )
    return consent


def consent_expire_due(*, now: datetime.datetime | None = None) -> int:
    """Close consents whose time ran out (active: summary SMS; pending: nothing to send).
    Access already ends at `expires_at` exactly (the middleware compares the clock); this only
    tidies the status and sends the summaries. Returns how many were closed."""
    now = now or timezone.now()
    closed = 0
    with transaction.atomic():
        due = (
            Consent.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("centre", "person")
            .filter(
                Q(status=Consent.Status.ACTIVE, expires_at__lte=now)
                | Q(status=Consent.Status.PENDING, code_expires_at__lte=now)
            )
        )
        for consent in due:
            _close(consent=consent, status=Consent.Status.EXPIRED, via="", now=now)
            audit_record(actor=None, action="sanad.consent_expired", obj=consent)
            closed += 1
    return closed


@transaction.atomic
def fee_record(
    *, consent: Consent, clerk: User, amount: Decimal, description: str, receipt_number: str = ""
) -> SanadFee:
    """Record a fee the person paid at the centre for this session (the clerk's own session,
    active or just closed); it becomes an invoice paid at the counter at once
    (`counter_fee_recorded`, answered by payments)."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.clerk_id != clerk.pk or consent.person_id is None:
        raise PermissionDeniedError(_("This is not your session."))
    if consent.status == Consent.Status.PENDING:
        raise SanadError(_("Fees can be recorded only for a session the person confirmed."))
    if amount <= 0:
        raise SanadError(_("Enter an amount above zero."))
    fee = SanadFee(
        consent=consent,
        recorded_by=clerk,
        amount=amount,
        description=description.strip(),
        receipt_number=receipt_number.strip(),
    )
    fee.full_clean()
    fee.save()
    audit_record(
        actor=clerk,
        action="sanad.fee_recorded",
        obj=fee,
        on_behalf_of=consent.person,
        after=model_snapshot(fee, ["consent", "amount", "description", "receipt_number"]),
    )
    counter_fee_recorded.ask(fee=fee)  # its invoice, paid at the counter (payments)
    return fee


def receipt_record(*, consent_id: int, person_id: int, event: AuditEvent) -> SanadReceipt:
    """The person's receipt for one action done for them (called from audit_record, in the
    transaction of the action)."""
    return SanadReceipt.objects.create(
        consent_id=consent_id, person_id=person_id, audit_event=event, action=event.action
    )


@transaction.atomic
def complaint_file(*, consent: Consent, person: User, text: str) -> SanadComplaint:
    """The person complains about a session; ministry staff see it with the centre's
    activity."""
    if consent.person_id != person.pk:
        raise PermissionDeniedError(_("This is not your consent."))
    if not text.strip():
        raise SanadError(_("Say what went wrong."))
    complaint = SanadComplaint(consent=consent, person=person, text=text.strip())
    complaint.full_clean()
    complaint.save()
    audit_record(actor=person, action="sanad.complaint_filed", obj=complaint, subject=person)
    return complaint
