"""Reads of Sanad: the clerk's active session, a person's consents and receipts, and the
ministry's per-centre and per-clerk activity (which crosses every centre on purpose)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.models import AuditEvent
from sanad.models import (
    CentreMembership,
    Consent,
    SanadComplaint,
    SanadFee,
    SanadReceipt,
    ServiceCentre,
)

if TYPE_CHECKING:
    from accounts.models import User


def clerk_has_active_membership(*, user: User) -> bool:
    """Whether `user` works at a Sanad centre through an active membership (the clerk capacity
    of accounts.capacities)."""
    return CentreMembership.objects.filter(
        clerk=user, status=CentreMembership.Status.ACTIVE
    ).exists()


def consent_active_for_clerk(*, clerk: User, consent_id: Any) -> Consent | None:
    """The consent `consent_id` if it lets `clerk` act now: active, before its expiry to the
    second, the centre active and the clerk an active member of it. Read afresh on every
    request, so a revocation or suspension counts from the next request."""
    if not isinstance(consent_id, int):
        return None
    return (
        Consent.objects.select_related("person", "centre", "establishment")
        .filter(
            pk=consent_id,
            clerk=clerk,
            status=Consent.Status.ACTIVE,
            expires_at__gt=timezone.now(),
            centre__status=ServiceCentre.Status.ACTIVE,
            person__is_active=True,
        )
        .filter(
            centre__memberships__clerk=clerk,
            centre__memberships__status=CentreMembership.Status.ACTIVE,
        )
        .first()
    )


def consent_for_clerk(*, clerk: User, consent_id: int) -> Consent:
    """One of the clerk's own consents (DoesNotExist otherwise)."""
    return Consent.objects.select_related("person", "centre", "establishment").get(
        pk=consent_id, clerk=clerk
    )


def consent_list_for_clerk(*, clerk: User) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(clerk=clerk)
        .select_related("person", "centre", "establishment")
        .annotate(action_count=Count("receipts", distinct=True))
        .order_by("-created_at", "-id")
    )


def consent_list_for_person(*, person: User) -> QuerySet[Consent]:
    """The consents a person gave (pending requests with no code given are included: the
    person got an SMS about them)."""
    return (
        Consent.objects.filter(person=person)
        .select_related("centre", "clerk", "establishment")
        .annotate(action_count=Count("receipts", distinct=True))
        .order_by("-created_at", "-id")
    )


def receipt_list_for_person(*, person: User) -> QuerySet[SanadReceipt]:
    """The person's receipts: only ever their own."""
    return (
        SanadReceipt.objects.filter(person=person)
        .select_related("consent__centre", "consent__clerk", "audit_event")
        .order_by("-created_at", "-id")
    )


def fee_list_for_consent(*, consent: Consent) -> QuerySet[SanadFee]:
    return SanadFee.objects.filter(consent=consent).order_by("created_at", "id")


def membership_for_administrator(*, user: User) -> CentreMembership | None:
    """The centre `user` administers (active administrator of an active centre), or None."""
    return (
        CentreMembership.objects.select_related("centre")
        .filter(
            clerk=user,
            role=CentreMembership.Role.ADMINISTRATOR,
            status=CentreMembership.Status.ACTIVE,
            centre__status=ServiceCentre.Status.ACTIVE,
        )
        .first()
    )


def membership_list_for_centre(*, centre: ServiceCentre) -> QuerySet[CentreMembership]:
    return (
        CentreMembership.objects.filter(centre=centre)
        .select_related("clerk")
        .annotate(
            session_count=Count(
                "clerk__sanad_consents_as_clerk",
                filter=Q(
                    clerk__sanad_consents_as_clerk__centre=centre,
                    clerk__sanad_consents_as_clerk__confirmed_at__isnull=False,
                ),
                distinct=True,
            )
        )
        .order_by("clerk__username")
    )


# --- ministry: across every centre (staff only) -------------------------------------------------


def centre_list_all_centres() -> QuerySet[ServiceCentre]:
    return ServiceCentre.objects.annotate(
        clerk_count=Count("memberships", distinct=True),
        session_count=Count(
            "consents", filter=Q(consents__confirmed_at__isnull=False), distinct=True
        ),
        action_count=Count("consents__receipts", distinct=True),
        complaint_count=Count("consents__complaints", distinct=True),
    ).order_by("name_en")


def centre_activity(*, centre: ServiceCentre) -> dict[str, Any]:
    """A centre's sessions, clerks and complaints, for ministry staff."""
    consents = Consent.objects.filter(centre=centre)
    return {
        "memberships": membership_list_for_centre(centre=centre),
        "sessions": consents.select_related("clerk", "person")
        .annotate(action_count=Count("receipts", distinct=True))
        .order_by("-created_at", "-id")[:100],
        "complaints": SanadComplaint.objects.filter(consent__centre=centre)
        .select_related("consent__clerk", "person")
        .order_by("-created_at")[:100],
        "action_count": SanadReceipt.objects.filter(consent__centre=centre).count(),
    }


def clerk_activity(*, membership: CentreMembership) -> dict[str, Any]:
    """One clerk's sessions, actions and complaints at one centre, for ministry staff."""
    consents = Consent.objects.filter(centre=membership.centre, clerk=membership.clerk)
    return {
        "sessions": consents.select_related("person")
        .annotate(action_count=Count("receipts", distinct=True))
        .order_by("-created_at", "-id")[:100],
        "action_count": SanadReceipt.objects.filter(consent__in=consents).count(),
        "complaints": SanadComplaint.objects.filter(consent__in=consents)
        .select_related("person")
        .order_by("-created_at")[:100],
    }


def session_trail(*, consent: Consent) -> QuerySet[AuditEvent]:
    """Every audit event of a session: the actions done for the person (its receipts) and the
    consent's own history (requested, given, revoked, ended, fees)."""
    return (
        AuditEvent.objects.filter(
            Q(sanad_receipt__consent=consent)
            | Q(object_type="sanad.consent", object_id=str(consent.pk))
            | Q(
                object_type="sanad.sanadfee",
                object_id__in=[
                    str(pk)
                    for pk in SanadFee.objects.filter(consent=consent).values_list("pk", flat=True)
                ],
            )
        )
        .select_related("actor", "on_behalf_of")
        .order_by("occurred_at", "id")
    )
