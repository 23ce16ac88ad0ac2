"""What permits asks of the apps above it (ADR 0018), answered from their AppConfig.ready().

- `labour_market_test` (jobseekers): was a vacancy advertised long enough, and what became of
  its Omani applicants (the labour market check of permits.checks).
- `medical_fitness` (integrations): the health ministry's latest result for a worker, shown on
  the permit pages.
- `transfer_clearance` (employment): may the worker of a permit move to a new employer now.
- `termination_open_for_worker` (employment): is the worker's contract being ended (a renewal is
  refused).
- `issuance_waits_for_payment` (payments): asked for a permit just approved, inside the
  approval's transaction. Under a payment rule set that says the fee is payable after approval,
  payments raises the fee invoice and answers True: the permit stays APPROVED and payments
  issues it (`permits.services.permit_issue_paid`) when the invoice is paid. False: issue now.
- `data_change_waits_for_payment` (payments): asked for an employer's data change of a permit
  just made, inside its transaction. Under "payable after approval" payments raises the
  data-change invoice and answers True: the change waits and payments applies it
  (`permits.services.permit_data_change_apply_paid`) when the invoice is paid. False: apply now.
- `data_change_invoice` (payments): the fee invoice of a data change, shown on the employer's
  data-change page (None when the change had no invoice).
- `held_cancel_proposal` (payments): for a permit held at payment, whether its cancellation
  with a refund of its fee may be proposed from the case page, where the form posts, and the
  proposal waiting (for a second approver, or after the gateway refused the refund).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from core.questions import Question
from permits.models import Permit, PermitDataChange, PermitTransfer


@dataclass(frozen=True)
class LabourMarketTest:
    """Whether a vacancy for the occupation was advertised long enough, and what became of
    the Omani applicants (the permit check shows this to the officer)."""

    advertised: bool
    vacancy_id: int | None
    advertised_days: int
    omani_applicants: int
    omani_rejected: dict[str, int]
    omani_open: int


class LabourMarketTestFor(Protocol):
    def __call__(
        self, *, establishment_id: int, occupation_code: str, days: int, on: datetime.date
    ) -> LabourMarketTest: ...


class MedicalFitness(Protocol):
    """A medical fitness result as the permit pages show it (`permits/_medical.html`)."""

    @property
    def result(self) -> str: ...

    @property
    def examined_on(self) -> datetime.date: ...

    def get_result_display(self) -> str: ...


class MedicalFitnessFor(Protocol):
    def __call__(self, *, nationality: str, passport_number: str) -> MedicalFitness | None: ...


@dataclass(frozen=True)
class TransferClearance:
    """May the worker of a permit move to a new employer now; `reason` (translated) when not.

    `record_use`, when set, records in the transfer request's own transaction that the request
    relies on the no-objection record that cleared it (employment's resignation record)."""

    allowed: bool
    reason: str = ""
    record_use: Callable[[PermitTransfer], object] | None = None


class TransferClearanceFor(Protocol):
    def __call__(self, *, permit: Permit) -> TransferClearance: ...


class TerminationOpenForWorker(Protocol):
    def __call__(
        self, *, establishment_id: int, nationality: str, passport_number: str
    ) -> bool: ...


class IssuanceWaitsForPayment(Protocol):
    def __call__(self, *, permit: Permit) -> bool: ...


class DataChangeWaitsForPayment(Protocol):
    def __call__(self, *, change: PermitDataChange) -> bool: ...


@dataclass(frozen=True)
class ChangeInvoice:
    """The fee invoice of a data change, as the employer's page shows it."""

    number: str
    amount_rials: str
    status: str
    status_label: str
    url: str  # the invoice's page in the employer's payments (paying needs the payments role)
    payable: bool


class DataChangeInvoiceFor(Protocol):
    def __call__(self, *, change: PermitDataChange) -> ChangeInvoice | None: ...


@dataclass(frozen=True)
class HeldCancelProposal:
    """The cancellation of a permit held at payment, as the officer's case page shows it."""

    can_propose: bool
    propose_url: str
    proposed_by: str = ""
    reason: str = ""
    failure: str = ""
    refunds_url: str = ""


class HeldCancelProposalFor(Protocol):
    def __call__(self, *, permit: Permit) -> HeldCancelProposal | None: ...


labour_market_test = Question[LabourMarketTestFor](
    "permits: the labour market test of an establishment's vacancy for an occupation"
)
medical_fitness = Question[MedicalFitnessFor](
    "permits: the latest medical fitness result of a foreign worker"
)
transfer_clearance = Question[TransferClearanceFor](
    "permits: may the worker of a permit move to a new employer now"
)
termination_open_for_worker = Question[TerminationOpenForWorker](
    "permits: is the worker's contract with the establishment being ended"
)
issuance_waits_for_payment = Question[IssuanceWaitsForPayment](
    "permits: does an approved permit wait for its fee to be paid before it is issued"
)
data_change_waits_for_payment = Question[DataChangeWaitsForPayment](
    "permits: does an employer's data change of a permit wait for its fee to be paid"
)
data_change_invoice = Question[DataChangeInvoiceFor](
    "permits: the fee invoice of an employer's data change of a permit"
)
held_cancel_proposal = Question[HeldCancelProposalFor](
    "permits: the cancellation with a refund of a permit held at payment"
)
