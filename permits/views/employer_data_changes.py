"""The employer's data change of a valid permit (a new occupation, job level or salary), under
the permit's page: the form, the change waiting for its fee and the invoice to pay, and the
changes made before. The service re-runs the permit checks and refuses with their reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import attempt
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Service
from permits.forms.employer import DataChangeForm
from permits.models import Permit, PermitDataChange
from permits.presentation import check_reason
from permits.questions import data_change_invoice
from permits.selectors import data_change_list_for_permit
from permits.services import PermitError, permit_data_change_request
from permits.views.employer_common import _job_level_label, _permit_or_404, _titles, _user
from taxonomy.selectors import unit_group_list


@employer_required(service=Service.PERMITS)
def permit_data_change_view(request: EmployerRequest, permit_id: int) -> HttpResponse:
    """GET: the form (the permit's current job filled in) and the changes of the permit.
    POST: request the change; a refusal (a check the new job fails, a change already waiting,
    nothing changed) is shown on the form and nothing is written."""
    permit = _permit_or_404(request, permit_id)
    changes = list(data_change_list_for_permit(permit=permit))
    waiting = next(
        (c for c in changes if c.status == PermitDataChange.Status.AWAITING_PAYMENT), None
    )
    current = {
        "occupation_code": permit.occupation_code,
        "job_level": permit.job_level,
        "monthly_salary": permit.monthly_salary,
    }
    form = DataChangeForm(request.POST or None, initial=current)
    can_change = permit.status in Permit.VALID and waiting is None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: permit_data_change_request(
                establishment=request.establishment,
                requested_by=_user(request),
                permit=permit,
                occupation_code=data["occupation_code"].strip(),
                job_level=data["job_level"],
                monthly_salary=data["monthly_salary"],
            ),
            form=form,
            refused=(ValidationError, PermitError),
        )
        if done.ok and done.value is not None:
            if done.value.status == PermitDataChange.Status.APPLIED:
                messages.success(request, _("The permit's job is changed."))
            else:
                messages.success(
                    request,
                    _(
                        "The change is recorded. It applies to the permit once its fee "
                        "invoice is paid."
                    ),
                )
            return redirect(
                reverse(
                    "permits:employer-permit-data-change",
                    kwargs={"establishment_id": permit.establishment_id, "permit_id": permit.pk},
                )
            )
    titles = _titles(
        {permit.occupation_code, *(change.occupation_code for change in changes)}
        | {str(change.before.get("occupation_code", "")) for change in changes}
    )
    invoices = {change.pk: data_change_invoice.ask(change=change) for change in changes}
    context = {
        "establishment": request.establishment,
        "permit": permit,
        "form": form,
        "can_change": can_change,
        "is_valid": permit.status in Permit.VALID,
        "waiting": waiting,
        "waiting_invoice": invoices[waiting.pk] if waiting else None,
        "waiting_held_reasons": (
            [check_reason(check) for check in waiting.apply_held_checks] if waiting else []
        ),
        "occupation_title": titles.get(permit.occupation_code, ""),
        "job_level_label": _job_level_label(permit.job_level),
        "rows": [
            (
                change,
                titles.get(change.occupation_code, ""),
                _job_level_label(change.job_level),
                invoices[change.pk],
            )
            for change in changes
        ],
        "unit_groups": unit_group_list() if can_change else [],
    }
    return render(request, "permits/employer/permit_data_change.html", context)
