"""The reason codes of the worker status codes: what each means and what the worker (or the
employer) does about it. Codes are machine-readable (`work.no_valid_permit`); the component is
the part before the dot."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

WORK, HEALTH, RESIDENCY = "work", "health", "residency"
COMPONENTS = (WORK, HEALTH, RESIDENCY)


@dataclass(frozen=True)
class Reason:
    code: str
    label: str | Promise
    todo: str | Promise

    @property
    def component(self) -> str:
        return self.code.split(".", 1)[0]


REASONS: dict[str, Reason] = {
    r.code: r
    for r in (
        Reason(
            "work.no_valid_permit",
            _("No valid work permit with this employer"),
            _("Ask your employer to apply for or renew your work permit."),
        ),
        Reason(
            "work.establishment_suspended",
            _("The employer's establishment is suspended"),
            _("Do not go to work until the ministry lifts the suspension; your employer is told."),
        ),
        Reason(
            "work.establishment_closed",
            _("The employer's establishment is closed"),
            _("Contact the ministry about a transfer to another employer."),
        ),
        Reason(
            "work.establishment_barred",
            _("The employer's establishment is barred"),
            _("Your employer must settle the bar with the ministry."),
        ),
        Reason(
            "work.denied_activity",
            _("The lead agency has not allowed this sector to work"),
            _("Wait until the sector is allowed; your employer is told when it is."),
        ),
        Reason(
            "work.denied_cr",
            _("The lead agency has not allowed this establishment to work"),
            _("Your employer must ask the lead agency for approval."),
        ),
        Reason(
            "work.denied_worksite",
            _("The lead agency has not allowed this worksite"),
            _("Your employer must ask the lead agency for approval of the worksite."),
        ),
        Reason(
            "work.not_allowed",
            _("Not on the lead agency's list of approved work"),
            _("Your employer must ask the lead agency for approval."),
        ),
        Reason(
            "work.absconding",
            _("An absconding report against you is open"),
            _("Contact the ministry: you may object to the report."),
        ),
        Reason(
            "health.no_fitness",
            _("No medical fitness result"),
            _("Take the medical fitness examination at an approved centre."),
        ),
        Reason(
            "health.unfit",
            _("Medical fitness result: unfit"),
            _("Follow the health ministry's instructions."),
        ),
        Reason(
            "health.fitness_expired",
            _("The medical fitness result is too old"),
            _("Take a new medical fitness examination."),
        ),
        Reason(
            "health.isolation",
            _("Under an isolation order"),
            _("Stay in isolation until the order ends."),
        ),
        Reason(
            "health.sick_leave",
            _("On sick leave"),
            _("Rest until your sick leave ends."),
        ),
        Reason(
            "health.test_due",
            _("A medical test is due and not taken"),
            _("Take the test at an approved centre."),
        ),
        Reason(
            "residency.no_address",
            _("No accommodation address declared"),
            _("Ask your employer to declare where you live."),
        ),
        # accommodation (issue 21): the three records of where the worker lives disagree
        Reason(
            "residency.declared_vs_operator",
            _("Your employer's declaration and the accommodation operator's record differ"),
            _(
                "Your employer corrects the declared room, or the accommodation operator "
                "confirms you in it."
            ),
        ),
        Reason(
            "residency.declared_vs_checkin",
            _("You checked in to another room than your employer declared"),
            _("Check in at your own room; if you moved, your employer declares the new room."),
        ),
        Reason(
            "residency.operator_vs_checkin",
            _("You checked in to another room than the accommodation operator records"),
            _(
                "Check in at your own room; if you moved, the accommodation operator "
                "records the new room."
            ),
        ),
    )
}


def reason_for(code: str) -> Reason:
    """The reason of `code` (an unknown code, from a newer release, is shown as it is)."""
    return REASONS.get(code) or Reason(code, code, "")
