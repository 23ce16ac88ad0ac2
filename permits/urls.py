"""URLs of work permits: `employer-*` (scoped to a member establishment), `staff-*` (ministry
queue and decisions), and the public pages (certificate check, the worker's transfer consent)."""

from django.urls import path

from core.ruleset_views import rule_set_urls
from permits.rule_family import PERMITS
from permits.views import (
    employer,
    employer_data_changes,
    employer_renewals,
    employer_transfers,
    public,
    staff,
)

app_name = "permits"

E = "employer/<int:establishment_id>/permits/"

urlpatterns = [
    # employer
    path(E, employer.permit_list_view, name="employer-permits"),
    path(f"{E}apply/", employer.permit_apply_view, name="employer-permit-apply"),
    path(f"{E}<int:permit_id>/", employer.permit_detail_view, name="employer-permit"),
    path(
        f"{E}<int:permit_id>/documents/",
        employer.permit_document_add_view,
        name="employer-permit-document-add",
    ),
    path(
        f"{E}<int:permit_id>/documents/<int:document_id>/",
        employer.permit_document_download_view,
        name="employer-permit-document",
    ),
    path(
        f"{E}<int:permit_id>/withdraw/",
        employer.permit_withdraw_view,
        name="employer-permit-withdraw",
    ),
    path(f"{E}<int:permit_id>/cancel/", employer.permit_cancel_view, name="employer-permit-cancel"),
    path(f"{E}<int:permit_id>/renew/", employer.permit_renew_view, name="employer-permit-renew"),
    path(
        f"{E}<int:permit_id>/data-change/",
        employer_data_changes.permit_data_change_view,
        name="employer-permit-data-change",
    ),
    path(
        f"{E}<int:permit_id>/certificate.pdf",
        employer.permit_certificate_view,
        name="employer-permit-certificate",
    ),
    path(f"{E}renewals/", employer_renewals.renewal_worklist_view, name="employer-renewals"),
    path(
        f"{E}renewals/bulk/",
        employer_renewals.bulk_renewal_create_view,
        name="employer-bulk-renewal",
    ),
    path(
        f"{E}renewals/bulk/<int:bulk_id>/",
        employer_renewals.bulk_renewal_detail_view,
        name="employer-bulk-renewal-detail",
    ),
    path(
        f"{E}renewals/bulk/<int:bulk_id>/progress/",
        employer_renewals.bulk_renewal_progress_view,
        name="employer-bulk-renewal-progress",
    ),
    path(f"{E}transfers/", employer_transfers.transfer_list_view, name="employer-transfers"),
    path(
        f"{E}transfers/new/",
        employer_transfers.transfer_request_view,
        name="employer-transfer-request",
    ),
    # ministry
    path("staff/permits/", staff.queue_view, name="staff-queue"),
    path("staff/permits/<int:permit_id>/", staff.case_view, name="staff-case"),
    path("staff/permits/<int:permit_id>/assign/", staff.assign_view, name="staff-assign"),
    path(
        "staff/permits/<int:permit_id>/request-documents/",
        staff.request_documents_view,
        name="staff-request-documents",
    ),
    path("staff/permits/<int:permit_id>/recommend/", staff.recommend_view, name="staff-recommend"),
    path("staff/permits/<int:permit_id>/decide/", staff.decide_view, name="staff-decide"),
    path("staff/permits/<int:permit_id>/suspend/", staff.suspend_view, name="staff-suspend"),
    path("staff/permits/<int:permit_id>/reinstate/", staff.reinstate_view, name="staff-reinstate"),
    path(
        "staff/permits/<int:permit_id>/documents/<int:document_id>/",
        staff.document_download_view,
        name="staff-document",
    ),
    *rule_set_urls(PERMITS, "staff/permits/rule-sets/"),
    # public
    path("verify/<str:token>/", public.verify_permit_view, name="verify-permit"),
    path(
        "permits/transfer-consent/<str:token>/",
        public.transfer_consent_view,
        name="transfer-consent",
    ),
]
