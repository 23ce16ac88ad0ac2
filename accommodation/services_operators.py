"""Ministry staff register accommodation operators and suspend or reactivate them (before, only
the Django admin could). An operator is an organisation with a representative known by civil or
resident number (who acts for it once signed in with that number proven), linked to an
establishment when the establishment operates its own accommodation. Every change is audited."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accommodation.models import Operator
from accounts.models import User
from core.exceptions import ApplicationError
from core.services import audit_record, model_snapshot
from core.workflow import advance
from employers.models import Establishment

CIVIL_NUMBER = re.compile(r"[0-9]{8,10}")
SNAPSHOT = ["name_ar", "name_en", "cr_number", "representative_civil_id", "establishment_id"]


class OperatorError(ApplicationError):
    """An operator change was refused; nothing changed."""


@transaction.atomic
def operator_register(
    *,
    name_ar: str,
    name_en: str,
    cr_number: str,
    representative_civil_id: str,
    establishment_cr_number: str = "",
    by: User,
) -> Operator:
    """Register an accommodation operator (ministry staff). With `establishment_cr_number`, the
    operator is that establishment operating its own accommodation.

    Raises ValidationError (nothing saved): a malformed representative's number, no such
    establishment, an establishment that operates accommodation already, or an organisation
    already registered with this CR number."""
    civil_id = representative_civil_id.strip()
    errors: dict[str, list[str]] = {}
    if not CIVIL_NUMBER.fullmatch(civil_id):
        errors["representative_civil_id"] = [
            _("Enter the civil or resident number: 8 to 10 digits.")
        ]
    cr_number = cr_number.strip()
    if cr_number and Operator.objects.filter(cr_number=cr_number).exists():
        errors["cr_number"] = [_("An operator with this CR number is already registered.")]
    establishment = None
    own = establishment_cr_number.strip()
    if own:
        establishment = Establishment.objects.filter(cr_number=own).first()
        if establishment is None:
            errors["establishment_cr_number"] = [_("No establishment has this CR number.")]
        elif Operator.objects.filter(establishment=establishment).exists():
            errors["establishment_cr_number"] = [
                _("This establishment already operates its own accommodation.")
            ]
    if errors:
        raise ValidationError(errors)
    operator = Operator(
        name_ar=name_ar.strip(),
        name_en=name_en.strip(),
        cr_number=cr_number,
        representative_civil_id=civil_id,
        establishment=establishment,
    )
    operator.full_clean()
    operator.save()
    audit_record(
        actor=by,
        action="accommodation.operator_registered",
        obj=operator,
        after=model_snapshot(operator, SNAPSHOT),
    )
    return operator


@transaction.atomic
def operator_set_status(*, operator: Operator, status: str, by: User, reason: str = "") -> Operator:
    """Suspend an active operator (a reason is required) or reactivate a suspended one
    (ministry staff). A suspended operator's people are refused its pages on their next
    request (accommodation.access). Raises OperatorError (nothing changed): no reason for a
    suspension, or the operator is already in that state."""
    reason = reason.strip()
    if status == Operator.Status.SUSPENDED and not reason:
        raise OperatorError(_("Give the reason for the suspension."))
    locked = Operator.objects.select_for_update().get(pk=operator.pk)
    if locked.status == status or status not in locked.TRANSITIONS[locked.status]:
        raise OperatorError(_("The operator is already in this state."))
    before = {"status": locked.status, "reason": locked.status_reason}
    advance(locked, status)
    locked.status_reason = reason[:300]
    locked.save(update_fields=["status", "status_reason", "updated_at"])
    audit_record(
        actor=by,
        action=f"accommodation.operator_{status}",
        obj=locked,
        before=before,
        after={"status": status, "reason": locked.status_reason},
    )
    return locked
