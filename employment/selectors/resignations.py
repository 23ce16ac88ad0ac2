"""Reads of resignations and their no-objection records (NOC).

A worker reaches only the employments and resignations under their own civil ID, and only once
that civil ID is proven (User.identity_proven): an account that merely typed a number sees
nothing of that person's employment. An employer
only those of its establishment. `transfer_clearance` is what the permit transfer asks: may a
new employer take over this permit now?
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from employers.models import Employee, Establishment
from employment.models import Contract, LifecycleRuleSet, Resignation
from permits.models import Permit, PermitTransfer

# Transfers that no longer use the record: it may serve another request while it is valid.
_TRANSFER_RELEASED = frozenset(
    {
        PermitTransfer.Status.DECLINED,
        PermitTransfer.Status.EXPIRED,
        PermitTransfer.Status.CANCELLED,
    }
)


def employments_for_person(*, person: User, on: datetime.date | None = None) -> QuerySet[Employee]:
    """The person's employments in the register that are still running on `on` (today) and
    have no resignation waiting: the ones they may resign from. Empty without a proven civil
    ID."""
    if not person.identity_proven:
        return Employee.objects.none()
    on = on or timezone.localdate()
    return (
        Employee.objects.filter(civil_id=person.civil_id)
        .filter(Q(contract_end__isnull=True) | Q(contract_end__gte=on))
        .exclude(
            Q(resignations__status=Resignation.Status.SUBMITTED)
            | Q(
                resignations__status=Resignation.Status.ACCEPTED,
                resignations__last_working_day__gte=on,
            )
        )
        .select_related("establishment")
        .order_by("establishment__name_en", "pk")
    )


def resignation_list_for_person(*, person: User) -> QuerySet[Resignation]:
    """The person's resignations, newest first (none without a proven civil ID)."""
    if not person.identity_proven:
        return Resignation.objects.none()
    return Resignation.objects.filter(employee__civil_id=person.civil_id).select_related(
        "establishment", "employee"
    )


def resignation_list_for_establishment(*, establishment: Establishment) -> QuerySet[Resignation]:
    """The establishment's resignations, the ones waiting for an answer first."""
    return (
        Resignation.objects.filter(establishment=establishment)
        .select_related("employee")
        .annotate(
            waiting=Case(
                When(status=Resignation.Status.SUBMITTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "-created_at", "-id")
    )


def resignation_standing_for_employee(
    *, employee: Employee, on: datetime.date
) -> Resignation | None:
    """A resignation that still stands: waiting for the answer, or accepted with the last
    working day not yet past (a second one would change nothing)."""
    return (
        Resignation.objects.filter(employee=employee)
        .filter(
            Q(status=Resignation.Status.SUBMITTED)
            | Q(status=Resignation.Status.ACCEPTED, last_working_day__gte=on)
        )
        .first()
    )


def required_notice_days(*, employee: Employee, rule_set: LifecycleRuleSet) -> int:
    """The notice a resigning worker owes: the contract's in force, never less than the law's."""
    contract = (
        Contract.objects.filter(employee=employee, status=Contract.Status.ACTIVE)
        .order_by("-starts_on", "-id")
        .first()
    )
    contract_days = contract.notice_days if contract is not None else 0
    return max(contract_days, rule_set.min_notice_days)


def noc_is_usable(resignation: Resignation, *, on: datetime.date) -> bool:
    """An accepted resignation's record allows a transfer until its last valid day, unless it
    has lapsed or a transfer request made with it is waiting or completed."""
    if resignation.status != Resignation.Status.ACCEPTED or resignation.noc_valid_until is None:
        return False
    if resignation.noc_lapsed_at is not None or resignation.noc_valid_until < on:
        return False
    transfer = resignation.noc_transfer
    return transfer is None or transfer.status in _TRANSFER_RELEASED


@dataclass(frozen=True)
class TransferClearance:
    """Whether a new employer may ask to take over a permit, and with which NOC."""

    allowed: bool
    reason: str = ""
    noc: Resignation | None = None


def transfer_clearance(*, permit: Permit, on: datetime.date | None = None) -> TransferClearance:
    """A worker still bound by a running contract with the permit's employer (in the register,
    contract not ended) moves only with that employer's no-objection record, which an accepted
    resignation gives. A worker whose contract has ended, or who is not in the register, needs
    none (the contract no longer binds them)."""
    on = on or timezone.localdate()
    bound = Employee.objects.filter(
        establishment_id=permit.establishment_id,
        nationality=permit.nationality,
        passport_number=permit.passport_number,
    ).filter(Q(contract_end__isnull=True) | Q(contract_end__gte=on))
    employee_ids = list(bound.values_list("pk", flat=True))
    if not employee_ids:
        return TransferClearance(allowed=True)
    accepted = (
        Resignation.objects.filter(employee_id__in=employee_ids, status=Resignation.Status.ACCEPTED)
        .select_related("noc_transfer")
        .order_by("-noc_valid_until", "-id")
    )
    for resignation in accepted:
        if noc_is_usable(resignation, on=on):
            return TransferClearance(allowed=True, noc=resignation)
    return TransferClearance(
        allowed=False,
        reason=_(
            "The worker is still under contract with the current employer: a transfer needs "
            "the no-objection record that employer gives when it accepts the worker's "
            "resignation, or the end of the contract."
        ),
    )


def resignations_due_for_answer(*, now: datetime.datetime) -> QuerySet[Resignation]:
    """Resignations whose employer did not answer in time (accepted by the nightly sweep)."""
    return Resignation.objects.filter(status=Resignation.Status.SUBMITTED, answer_by__lte=now)


def nocs_lapsing(*, on: datetime.date) -> QuerySet[Resignation]:
    """No-objection records past their last valid day, not yet lapsed, not used by a transfer
    that is waiting or completed."""
    return (
        Resignation.objects.filter(
            status=Resignation.Status.ACCEPTED, noc_valid_until__lt=on, noc_lapsed_at__isnull=True
        )
        .filter(Q(noc_transfer__isnull=True) | Q(noc_transfer__status__in=_TRANSFER_RELEASED))
        .order_by("id")
    )
