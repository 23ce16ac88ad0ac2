"""Ministry pages of contracts: the queue of contracts the workers accepted that wait for
approval (filter by CR number), one contract, and the decision (approve or refuse with a
reason). Cross-establishment by design; the decision is the `contract_decide` service."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from core.access import staff_required
from core.exceptions import ApplicationError, PermissionDeniedError
from core.forms import attempt
from core.paging import page_with_query
from employment.forms_contracts import ContractDecisionForm, ContractQueueFilterForm
from employment.models import Contract
from employment.selectors.contracts import (
    contract_events,
    contract_get_all_establishments,
    contract_occupation,
    contract_queue_all_establishments,
)
from employment.services.contracts import contract_decide

PER_PAGE = 25


def _contract_or_404(contract_id: int) -> Contract:
    contract = contract_get_all_establishments(contract_id=contract_id)
    if contract is None:
        raise Http404
    return contract


@staff_required("employment.approve_contracts")
def contract_queue_view(request: SignedInRequest) -> HttpResponse:
    form = ContractQueueFilterForm(request.GET or None)
    cr_number = form.cleaned_data.get("cr_number", "") if form.is_valid() else ""
    page, query = page_with_query(
        request, contract_queue_all_establishments(cr_number=cr_number), PER_PAGE
    )
    context = {"form": form, "page": page, "query": query}
    return render(request, "employment/staff/contract_queue.html", context)


@staff_required("employment.approve_contracts")
def contract_detail_view(request: SignedInRequest, contract_id: int) -> HttpResponse:
    contract = _contract_or_404(contract_id)
    context = {
        "contract": contract,
        "history": contract_events(contract=contract).select_related("actor"),
        "occupation": contract_occupation(contract=contract),
        "can_decide": contract.status == Contract.Status.ACCEPTED,
        "form": ContractDecisionForm(),
    }
    return render(request, "employment/staff/contract_detail.html", context)


@staff_required("employment.approve_contracts")
@require_POST
def contract_decide_view(request: SignedInRequest, contract_id: int) -> HttpResponse:
    contract = _contract_or_404(contract_id)
    form = ContractDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("employment:staff-contract", contract_id=contract.pk)
    approve = form.cleaned_data["decision"] == "approve"
    attempt(
        request,
        lambda: contract_decide(
            contract=contract,
            decided_by=request.user,
            approve=approve,
            reason=form.cleaned_data["reason"],
        ),
        success=_("Contract approved: it is in force and the worker was told.")
        if approve
        else _("Contract refused."),
        # the service's refusal of another role is shown, not a 403
        refused=(ApplicationError, PermissionDeniedError),
    )
    return redirect("employment:staff-contract", contract_id=contract.pk)
