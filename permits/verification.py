"""Whether a permit lets its worker work today, and whether the passport directorate may act on
it: shared by the public check page and the G2G API, so both answer the same way."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from employers.models import Establishment
from permits.models import Permit

# Statuses in which the directorate may issue a visa or let the worker in.
CLEARABLE = frozenset({Permit.Status.APPROVED, *Permit.VALID})


def valid_on(permit: Permit, on: datetime.date) -> bool:
    """Issued, not ended, and `on` lies within its validity dates."""
    return (
        permit.status in Permit.VALID
        and permit.valid_from is not None
        and permit.valid_until is not None
        and permit.valid_from <= on <= permit.valid_until
    )


def public_state(permit: Permit, on: datetime.date) -> tuple[bool, str]:
    """(valid, what the public check page says about it, in the current language)."""
    if valid_on(permit, on):
        return True, _("This work permit is valid.")
    if permit.status in Permit.VALID:
        if permit.valid_until is not None and on > permit.valid_until:
            return False, _("This work permit is not valid: it has expired.")
        return False, _("This work permit is not valid yet: it starts on %(date)s.") % {
            "date": permit.valid_from.isoformat() if permit.valid_from else "-"
        }
    ended: dict[str, str] = {
        Permit.Status.EXPIRED: _("This work permit is not valid: it has expired."),
        Permit.Status.CANCELLED: _("This work permit is not valid: it was cancelled."),
        Permit.Status.SUSPENDED: _("This work permit is not valid: it is suspended."),
        Permit.Status.RENEWED: _(
            "This work permit is no longer valid: it was replaced by its renewal."
        ),
        Permit.Status.TRANSFERRED: _(
            "This work permit is no longer valid: the worker moved to another employer."
        ),
    }
    return False, ended.get(
        permit.status, _("This work permit is not valid: it has not been issued.")
    )


@dataclass(frozen=True)
class Reason:
    code: str
    detail: str


@dataclass(frozen=True)
class Clearance:
    cleared: bool
    reasons: list[Reason] = field(default_factory=list)


def clearance(permit: Permit, on: datetime.date) -> Clearance:
    """Cleared when the permit is approved or valid (and not past its end date), and its
    establishment is active and not barred from permits. Reasons are in English: the API's
    readers are other systems."""
    establishment = permit.establishment
    reasons: list[Reason] = []
    if permit.status not in CLEARABLE:
        reasons.append(Reason("permit_status", f"The permit is {permit.status}."))
    elif permit.valid_until is not None and on > permit.valid_until:
        reasons.append(
            Reason("permit_expired", f"The permit ended on {permit.valid_until.isoformat()}.")
        )
    if establishment.status != Establishment.Status.ACTIVE:
        reasons.append(
            Reason("establishment_status", f"The establishment is {establishment.status}.")
        )
    if establishment.permits_barred:
        reasons.append(
            Reason("establishment_barred", "The establishment is barred from work permits.")
        )
    return Clearance(cleared=not reasons, reasons=reasons)
