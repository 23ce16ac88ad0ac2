"""The establishment lock, and the lock order every writer follows.

A write about an establishment's people (the workforce register, a permit application, renewal
or decision, a case, contract, resignation or violation, a vacancy, an Omanization certificate)
first locks the establishment row, inside its transaction, through these functions: no other
module locks `Establishment` rows. Writers of one establishment therefore run one after the
other, and counts taken under the lock (Omanization, quotas, repeated violations) are exact.

The order, the same everywhere so that no two writers deadlock (ADR 0011, ADR 0012):

1. the establishment; several establishments lowest id first (`establishments_lock`);
2. the row being changed (the case, contract, resignation, permit application or vacancy);
3. permits, through `permits.services.lifecycle.permit_transition`;
4. the employee, through `employers.services` (which takes the establishment lock again: a
   no-op inside the same transaction).
"""

from __future__ import annotations

from collections.abc import Iterable

from employers.models import Establishment


def establishment_lock(*, establishment_id: int) -> Establishment:
    """Lock the establishment row until the transaction ends and return it as locked.
    Raises Establishment.DoesNotExist."""
    return Establishment.objects.select_for_update().get(pk=establishment_id)


def establishments_lock(*, establishment_ids: Iterable[int]) -> None:
    """Lock the rows of `establishment_ids` (those that exist), lowest id first, until the
    transaction ends."""
    list(
        Establishment.objects.select_for_update()
        .filter(pk__in=list(establishment_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
