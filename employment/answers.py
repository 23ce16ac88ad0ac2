"""employment's answers to the questions of the apps below it (ADR 0018), given from
EmploymentConfig.ready()."""

from __future__ import annotations

from employment.selectors import resignations
from employment.services.resignations import resignation_noc_use
from permits import questions as permits
from permits.models import Permit, PermitTransfer


def transfer_clearance(*, permit: Permit) -> permits.TransferClearance:
    """permits.questions.transfer_clearance: employment.selectors.resignations.
    transfer_clearance, with the no-objection record it relies on marked used by the transfer
    request that `record_use` is given (employment.services.resignations.resignation_noc_use)."""
    clearance = resignations.transfer_clearance(permit=permit)
    noc = clearance.noc
    if noc is None:
        return permits.TransferClearance(allowed=clearance.allowed, reason=clearance.reason)

    def record_use(transfer: PermitTransfer) -> object:
        return resignation_noc_use(resignation=noc, transfer=transfer)

    return permits.TransferClearance(
        allowed=clearance.allowed, reason=clearance.reason, record_use=record_use
    )
