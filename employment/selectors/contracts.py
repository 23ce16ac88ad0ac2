"""Reads of employment contracts: one establishment's (employer pages, scoped), the worker's by
the token of their link, and every establishment's waiting for the ministry (named
`*_all_establishments`)."""

from __future__ import annotations

from django.db.models import QuerySet

from core.models import AuditEvent
from employers.models import Establishment
from employment.models import Contract
from taxonomy.models import Occupation
from taxonomy.selectors import occupation_titles

MAX_TOKEN = 64


def contract_list_for_establishment(
    *, establishment: Establishment, status: str = ""
) -> QuerySet[Contract]:
    """The establishment's contracts, newest first, optionally of one status."""
    contracts = Contract.objects.filter(establishment=establishment)
    if status:
        contracts = contracts.filter(status=status)
    return contracts.order_by("-created_at", "-id")


def contract_get_for_establishment(
    *, establishment: Establishment, contract_id: int
) -> Contract | None:
    """One of the establishment's contracts, or None (another establishment's is None too)."""
    return (
        Contract.objects.filter(establishment=establishment, pk=contract_id)
        .select_related("establishment", "employee", "decided_by")
        .first()
    )


def contract_get_by_token(*, token: str) -> Contract | None:
    """The contract offered through the worker's link, or None."""
    if not token or len(token) > MAX_TOKEN:
        return None
    return (
        Contract.objects.filter(acceptance_token=token)
        .select_related("establishment", "rule_set")
        .first()
    )


def contract_queue_all_establishments(*, cr_number: str = "") -> QuerySet[Contract]:
    """ACCEPTED contracts waiting for the ministry's approval, oldest acceptance first."""
    contracts = Contract.objects.filter(status=Contract.Status.ACCEPTED).select_related(
        "establishment"
    )
    if cr_number:
        contracts = contracts.filter(establishment__cr_number=cr_number.strip())
    return contracts.order_by("accepted_at", "id")


def contract_get_all_establishments(*, contract_id: int) -> Contract | None:
    return (
        Contract.objects.filter(pk=contract_id)
        .select_related("establishment", "employee", "decided_by")
        .first()
    )


def contract_events(*, contract: Contract) -> QuerySet[AuditEvent]:
    """The contract's history (its audit events), oldest first."""
    from core.selectors import audit_events_for_object

    return audit_events_for_object(obj=contract)


def contract_occupation(*, contract: Contract) -> Occupation | None:
    """The ISCO-08 unit group of the contract (titles in both languages), or None."""
    return occupation_titles(codes={contract.occupation_code}).get(contract.occupation_code)


def contract_offers_past_their_date() -> QuerySet[Contract]:
    """Offers still waiting for the worker after their time to answer (for the nightly task)."""
    from django.utils import timezone

    return Contract.objects.filter(
        status=Contract.Status.PROPOSED, accept_by__lte=timezone.now()
    ).order_by("accept_by", "id")
