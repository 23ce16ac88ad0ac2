"""Writes of work permits. Every status change goes through `permit_transition`."""

from permits.checks import CHECK_CODES, check_labels, run_checks
from permits.services.applications import (
    WorkerAndJob,
    application_validate,
    permit_apply,
    permit_document_add,
    permit_document_downloaded,
    permit_issue_paid,
    permit_withdraw,
)
from permits.services.data_changes import (
    permit_data_change_apply_paid,
    permit_data_change_request,
)
from permits.services.holding import (
    permit_cancel,
    permit_expiry_sweep,
    permit_held_cancel,
    permit_reinstate,
    permit_suspend,
)
from permits.services.lifecycle import (
    FourEyesError,
    PermitError,
    PermitTransitionError,
    permit_transition,
)
from permits.services.renewals import (
    bulk_renewal_create,
    bulk_renewal_fail,
    bulk_renewal_process,
    permit_renew,
    renewal_window_opens,
)
from permits.services.review import (
    permit_approve,
    permit_assign,
    permit_recommend,
    permit_reject,
    permit_request_documents,
)
from permits.services.transfers import (
    TransferProofError,
    permit_transfer_answer,
    permit_transfer_request,
)
from permits.services.visas import permit_visa_record

__all__ = [
    "CHECK_CODES",
    "FourEyesError",
    "PermitError",
    "PermitTransitionError",
    "TransferProofError",
    "WorkerAndJob",
    "application_validate",
    "bulk_renewal_create",
    "bulk_renewal_fail",
    "bulk_renewal_process",
    "check_labels",
    "permit_apply",
    "permit_approve",
    "permit_assign",
    "permit_cancel",
    "permit_data_change_apply_paid",
    "permit_data_change_request",
    "permit_document_add",
    "permit_document_downloaded",
    "permit_expiry_sweep",
    "permit_held_cancel",
    "permit_issue_paid",
    "permit_recommend",
    "permit_reinstate",
    "permit_reject",
    "permit_renew",
    "permit_request_documents",
    "permit_suspend",
    "permit_transfer_answer",
    "permit_transfer_request",
    "permit_transition",
    "permit_visa_record",
    "permit_withdraw",
    "renewal_window_opens",
    "run_checks",
]
