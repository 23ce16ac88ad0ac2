"""Binding a civil or resident number to an account, only after proof (DOMAIN.md section 7).

Two proofs bind a number: a sign-in through the national identity provider whose ID token
names it, or a code sent to the mobile the civil registry holds for it. Whoever proves a number
owns it: an account that holds the number without that proof (it was typed at registration
before proof was required, or by someone else) loses it — the binding is revoked, its sessions
end, both sides are told by SMS and the audit trail keeps both sides. An account that holds the
number and was proven the same way, or whose verified mobile is the registry's for the number,
is the same person's account and is kept.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ProofMethod, User
from accounts.oidc import IdentityClaims
from core.exceptions import ApplicationError
from core.services import audit_record

logger = logging.getLogger(__name__)


class IdentityMismatchError(ApplicationError):
    """The proof is of another person than the signed-in account's."""


@dataclass(frozen=True)
class Binding:
    user: User
    created: bool
    reclaimed_from: User | None


def _username_for(civil_id: str) -> str:
    if not User.objects.filter(username=civil_id).exists():
        return civil_id
    return f"{civil_id}-{secrets.token_hex(3)}"


def _tell_reclaimed(*, holder: User, owner_number: str, civil_id: str) -> None:
    """SMS both sides that the number moved to its proven owner (legal category)."""
    from notifications.phone import InvalidPhoneNumberError
    from notifications.services import sms_enqueue

    tail = civil_id[-3:]
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    targets = [(holder, str(holder.mobile) if holder.mobile else "", "holder")]
    if owner_number and owner_number != targets[0][1]:
        targets.append((None, owner_number, "owner"))  # type: ignore[arg-type]
    for recipient, number, side in targets:
        if not number:
            continue
        try:
            sms_enqueue(
                template_code="identity_reclaimed",
                context={"civil_id_tail": tail},
                idempotency_key=f"identity-reclaimed:{civil_id}:{holder.pk}:{side}:{stamp}",
                recipient=recipient,
                to_number=number,
                language=holder.preferred_language if recipient else None,
            )
        except InvalidPhoneNumberError:
            logger.warning("reclaim of a civil ID: the %s's number cannot take SMS", side)


def binding_revoke(*, holder: User, by: User | None, civil_id: str, owner_number: str) -> None:
    """Take `civil_id` away from `holder` (who held it without proof): its sessions end."""
    before = {
        "civil_id": holder.civil_id,
        "identity_proven_at": holder.identity_proven_at.isoformat()
        if holder.identity_proven_at
        else None,
    }
    User.objects.filter(pk=holder.pk).update(
        civil_id=None,
        idp_subject=None,
        identity_proven_at=None,
        identity_proof_method="",
        session_epoch=F("session_epoch") + 1,
    )
    holder.refresh_from_db()
    audit_record(
        actor=by,
        action="accounts.civil_id_reclaimed",
        obj=holder,
        subject=holder,
        before=before,
        after={"civil_id": None, "bound_to": by.pk if by else None},
    )
    _tell_reclaimed(holder=holder, owner_number=owner_number, civil_id=civil_id)


def _same_person(holder: User, *, subject: str, registry_mobile: str) -> bool:
    """Is `holder` (an account with the proven number) the prover's own account?"""
    if holder.idp_subject:
        return holder.idp_subject == subject if subject else holder.identity_proven
    if holder.identity_proven and holder.identity_proof_method == ProofMethod.REGISTRY_SMS:
        return True
    return bool(
        registry_mobile
        and holder.mobile_verified_at is not None
        and str(holder.mobile) == registry_mobile
    )


def _mark_proven(user: User, *, method: str, subject: str = "") -> None:
    fields = ["identity_proven_at", "identity_proof_method"]
    user.identity_proven_at = timezone.now()
    user.identity_proof_method = method
    if subject and not user.idp_subject:
        user.idp_subject = subject
        fields.append("idp_subject")
    user.save(update_fields=fields)


@transaction.atomic
def bind_proven_identity(
    *,
    civil_id: str,
    method: str,
    subject: str = "",
    registry_mobile: str = "",
    name_ar: str = "",
    name_en: str = "",
    signed_in: User | None = None,
    preferred_language: str = "",
) -> Binding:
    """The account of the person who just proved `civil_id` (by `method`), made if needed.

    `signed_in` is the account already signed in when the proof is a step-up: the proof must be
    of its own number (IdentityMismatchError otherwise) and proves that account.
    """
    if signed_in is not None:
        if signed_in.civil_id != civil_id:
            raise IdentityMismatchError(
                _(
                    "That proof is of another civil or resident number than this account's. "
                    "Nothing was changed."
                )
            )
        account = User.objects.select_for_update().get(pk=signed_in.pk)
        if subject:
            other = User.objects.filter(idp_subject=subject).exclude(pk=account.pk).first()
            if other is not None:
                User.objects.filter(pk=other.pk).update(idp_subject=None)
        _mark_proven(account, method=method, subject=subject)
        audit_record(actor=account, action=f"accounts.identity_proven.{method}", subject=account)
        return Binding(user=account, created=False, reclaimed_from=None)

    if subject:
        by_subject = User.objects.select_for_update().filter(idp_subject=subject).first()
        if by_subject is not None and by_subject.civil_id == civil_id and by_subject.is_active:
            _mark_proven(by_subject, method=method)
            return Binding(user=by_subject, created=False, reclaimed_from=None)
        if by_subject is not None:
            User.objects.filter(pk=by_subject.pk).update(idp_subject=None)

    holder = User.objects.select_for_update().filter(civil_id=civil_id).first()
    if (
        holder is not None
        and holder.is_active
        and not holder.is_ministry_staff
        and _same_person(holder, subject=subject, registry_mobile=registry_mobile)
    ):
        _mark_proven(holder, method=method, subject=subject)
        audit_record(actor=holder, action=f"accounts.identity_proven.{method}", subject=holder)
        return Binding(user=holder, created=False, reclaimed_from=None)
    reclaimed_from = None
    if holder is not None:
        # Held without proof by someone else (or by a disabled or staff account): the proven
        # owner takes it; the holder keeps its account without the number.
        User.objects.filter(pk=holder.pk).update(civil_id=None)
        reclaimed_from = holder
    from accounts.services import user_create

    user = user_create(
        username=_username_for(civil_id),
        password=None,
        role=User.Role.JOBSEEKER,
        civil_id=civil_id,
        idp_subject=subject or None,
        identity_proven_at=timezone.now(),
        identity_proof_method=method,
        full_name_ar=name_ar,
        full_name_en=name_en,
        mobile=registry_mobile,
        mobile_verified_at=timezone.now() if registry_mobile else None,
        preferred_language=preferred_language or "ar",
    )
    if reclaimed_from is not None:
        binding_revoke(
            holder=reclaimed_from, by=user, civil_id=civil_id, owner_number=registry_mobile
        )
    return Binding(user=user, created=True, reclaimed_from=reclaimed_from)


def sign_in_by_provider(*, claims: IdentityClaims) -> Binding:
    """The account of the person the national identity provider vouched for (made, proven,
    reclaimed as needed); a sign-in through the provider also lifts a lock of SMS codes."""
    binding = bind_proven_identity(
        civil_id=claims.civil_id,
        method=ProofMethod.IDP,
        subject=claims.subject,
        registry_mobile=claims.phone_number,
        name_ar=claims.name_ar,
        name_en=claims.name_en,
    )
    user = binding.user
    if user.sms_code_locked_at is not None or user.sms_code_failures:
        try:
            from accounts.sms_codes import sms_code_lock_lift

            sms_code_lock_lift(user=user)
        except ImportError:  # pragma: no cover - until the codes module has it
            User.objects.filter(pk=user.pk).update(sms_code_failures=0, sms_code_locked_at=None)
    return binding
