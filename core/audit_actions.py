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
    "admin.change": _("Record changed by an administrator"),
    "admin.add": _("Record added by an administrator"),
    "admin.delete": _("Record deleted by an administrator"),
}


def action_label(code: str) -> str:
    label = LABELS.get(code)
    return str(label) if label is not None else code
