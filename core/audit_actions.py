"""Readable, translated names of audit actions, shown on "my activity" and the staff trail.

Each app adds the actions it records. An action without a name here is shown as its code.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Promise] = {
    "accounts.user_created": _("Account created"),
    "accounts.login": _("Signed in"),
    "accounts.login_failed": _("Sign-in refused"),
    "accounts.session_ended.logout": _("Signed out"),
    "accounts.session_ended.idle": _("Session ended after inactivity"),
    "accounts.session_ended.absolute": _("Session ended after 12 hours"),
    "accounts.totp_enrolled": _("Authenticator app set up"),
    "accounts.second_factor_passed": _("Second factor passed"),
    "accounts.second_factor_failed": _("Second factor refused"),
    "employers.membership_added": _("Representative added to an establishment"),
    "employers.membership_ended": _("Representative removed from an establishment"),
    "employers.employee_added": _("Employee added to the workforce register"),
    "employers.employee_changed": _("Employee record changed"),
    "employers.employee_contract_ended": _("Employee contract ended"),
    "employers.workforce_imported": _("Workforce register imported from a file"),
    "employers.workforce_import_failed": _("Workforce import failed"),
    "employers.workforce_exported": _("Workforce register exported"),
    "accounts.api_client_created": _("API client created"),
    "api.g2g_call": _("Government system called the API"),
    "omanization.rule_set_drafted": _("Omanization rule set drafted"),
    "omanization.rule_set_changed": _("Omanization rule set changed"),
    "omanization.rule_set_discarded": _("Omanization draft deleted"),
    "omanization.rule_set_published": _("Omanization rule set published"),
    "omanization.rule_set_superseded": _("Omanization rule set closed by a newer one"),
    "omanization.target_set": _("Omanization target set"),
    "omanization.target_removed": _("Omanization target removed"),
    "omanization.certificate_issued": _("Omanization compliance certificate issued"),
    "permits.applied": _("Work permit applied for"),
    "permits.submitted": _("Work permit application back in the queue"),
    "permits.under_review": _("Work permit taken for review"),
    "permits.documents_requested": _("Documents requested for a work permit"),
    "permits.document_added": _("Document added to a work permit"),
    "permits.assigned": _("Work permit case assigned"),
    "permits.recommended": _("Work permit recommendation recorded"),
    "permits.override_proposed": _("Exception to a failed check proposed"),
    "permits.approved": _("Work permit approved"),
    "permits.active": _("Work permit issued"),
    "permits.expiring": _("Work permit in its renewal window"),
    "permits.renewed": _("Work permit renewed"),
    "permits.expired": _("Work permit expired"),
    "permits.rejected": _("Work permit rejected"),
    "permits.withdrawn": _("Work permit application withdrawn"),
    "permits.cancelled": _("Work permit cancelled"),
    "permits.suspended": _("Work permit suspended"),
    "permits.transferred": _("Work permit transferred"),
    "permits.transfer_requested": _("Work permit transfer requested"),
    "permits.transfer_consented": _("Worker agreed to a permit transfer"),
    "permits.transfer_declined": _("Worker declined a permit transfer"),
    "permits.bulk_renewal_requested": _("Bulk renewal of work permits requested"),
    "permits.visa_recorded": _("Visa recorded against a work permit"),
    "permits.rule_set_published": _("Work permit rule set published"),
    "permits.certificate_downloaded": _("Work permit certificate downloaded"),
    "admin.change": _("Record changed by an administrator"),
    "admin.add": _("Record added by an administrator"),
    "admin.delete": _("Record deleted by an administrator"),
}


def action_label(code: str) -> str:
    label = LABELS.get(code)
    return str(label) if label is not None else code
