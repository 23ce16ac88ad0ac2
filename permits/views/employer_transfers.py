"""The new employer's side of a transfer: asking to take over a worker's permit (the worker
agrees by the link and code sent to their verified number), and the list of such requests."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import attempt
from core.paging import page_with_query
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Service
from permits.forms.employer import (
    TransferRequestForm,
)
from permits.selectors import (
    transfer_list_for_establishment,
)
from permits.services import (
    PermitError,
    permit_transfer_request,
)
from permits.views.employer_common import (
    PER_PAGE,
    _establishment,
    _job_level_label,
    _titles,
    _user,
)
from taxonomy.selectors import unit_group_list

# --- transfers ------------------------------------------------------------------------------


@employer_required(service=Service.PERMITS)
def transfer_list_view(request: EmployerRequest) -> HttpResponse:
    establishment = _establishment(request)
    transfers = transfer_list_for_establishment(establishment=establishment)
    page, query = page_with_query(request, transfers, PER_PAGE)
    shown = list(page.object_list)
    titles = _titles(transfer.occupation_code for transfer in shown)
    context = {
        "establishment": establishment,
        "page": page,
        "query": query,
        "rows": [
            (
                transfer,
                titles.get(transfer.occupation_code, ""),
                _job_level_label(transfer.job_level),
            )
            for transfer in shown
        ],
    }
    return render(request, "permits/employer/transfer_list.html", context)


@employer_required(service=Service.PERMITS)
def transfer_request_view(request: EmployerRequest) -> HttpResponse:
    establishment = _establishment(request)
    form = TransferRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: permit_transfer_request(
                to_establishment=establishment,
                requested_by=_user(request),
                permit_number=form.cleaned_data["permit_number"],
                passport_number=form.cleaned_data["passport_number"],
                occupation_code=form.cleaned_data["occupation_code"],
                job_level=form.cleaned_data["job_level"],
                monthly_salary=form.cleaned_data["monthly_salary"],
            ),
            form=form,
            refused=(ValidationError, PermitError),
        )
        if done.ok and done.value is not None:
            transfer = done.value
            messages.success(
                request,
                _(
                    "The worker was asked by text message, at a number verified for them, to "
                    "agree to the transfer of permit %(number)s. The request expires on %(date)s."
                )
                % {
                    "number": transfer.permit.number,
                    "date": timezone.localtime(transfer.expires_at).date(),
                },
            )
            return redirect("permits:employer-transfers", establishment_id=establishment.pk)
    context = {"establishment": establishment, "form": form, "unit_groups": unit_group_list()}
    return render(request, "permits/employer/transfer_request.html", context)
