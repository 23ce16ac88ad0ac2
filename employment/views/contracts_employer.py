"""The employer's contract pages: its establishment's contracts (filtered by status), the
registration form (the worker's names and the terms in Arabic and English), and one contract
with what happens next and its history.

Every view is wrapped by `employer_required` (the establishment comes from membership) and reads
contracts through the establishment-scoped selector: another establishment's contract is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.paging import page_with_query
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Establishment, Service
from employment.forms_contracts import ContractRegisterForm, ContractStatusFilterForm
from employment.models import Contract
from employment.questions import contract_initial_for_hire
from employment.selectors.contracts import (
    contract_events,
    contract_get_for_establishment,
    contract_list_for_establishment,
    contract_occupation,
)
from employment.services.contracts import (
    ContractInvalidError,
    contract_is_expired,
    contract_is_locked,
    contract_register,
)

PER_PAGE = 25


def _establishment(request: EmployerRequest) -> Establishment:
    return request.establishment


@employer_required(service=Service.CONTRACTS)
def contract_list_view(request: EmployerRequest) -> HttpResponse:
    establishment = _establishment(request)
    form = ContractStatusFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    page, query = page_with_query(
        request,
        contract_list_for_establishment(establishment=establishment, status=status),
        PER_PAGE,
    )
    context = {"establishment": establishment, "form": form, "page": page, "query": query}
    return render(request, "employment/employer/contract_list.html", context)


@employer_required(service=Service.CONTRACTS)
def contract_register_view(request: EmployerRequest) -> HttpResponse:
    establishment = _establishment(request)
    # a hire from the vacancy pages starts with the applicant's details
    initial = contract_initial_for_hire.ask(
        establishment=establishment, application_id=request.GET.get("application", "")
    )
    form = ContractRegisterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contract = contract_register(
                establishment=establishment,
                registered_by=request.user,
                data=form.cleaned_data,
            )
        except ContractInvalidError as error:
            for field, message in error.errors.items():
                form.add_error(field if field in form.fields else None, message)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            if contract.offer_state == Contract.OfferState.SENT:
                messages.success(
                    request,
                    _(
                        "Contract registered. The worker was sent a link and a code at their "
                        "verified number."
                    ),
                )
            else:
                messages.warning(request, _("Contract registered.") + " " + _next_step(contract))
            return redirect(
                "employment:employer-contract",
                establishment_id=establishment.pk,
                contract_id=contract.pk,
            )
    context = {"establishment": establishment, "form": form}
    return render(request, "employment/employer/contract_register.html", context)


def _next_step(contract: Contract) -> str:
    """What happens next, in plain words, for the employer."""
    status = contract.status
    if status == Contract.Status.PROPOSED:
        if contract_is_expired(contract):
            return _("The time to accept has passed: register the contract again if needed.")
        if contract.offer_state == Contract.OfferState.NO_NUMBER:
            return _(
                "The worker cannot be asked: no verified number. The worker can answer only "
                "after signing in with the national digital identity."
            )
        if contract.offer_state == Contract.OfferState.PENDING:
            return _(
                "The code is pending: the civil registry cannot be asked just now. It is sent "
                "to the worker's verified number as soon as the registry answers."
            )
        if contract_is_locked(contract):
            return _(
                "The worker entered a wrong code too many times: this offer takes no more "
                "codes. Register the contract again to send a new code."
            )
        return _("Waiting for the worker to accept with the code sent by SMS.")
    if status == Contract.Status.ACCEPTED:
        return _(
            "The worker accepted. The ministry reviews the contract before it comes into force."
        )
    if status == Contract.Status.ACTIVE:
        return _("The contract is in force and your workforce register has been updated.")
    if status == Contract.Status.DECLINED:
        return _("The worker declined. Nothing more will happen.")
    if status == Contract.Status.EXPIRED:
        return _("The worker did not answer in time. Nothing more will happen.")
    if status == Contract.Status.REFUSED:
        return _("The ministry refused the contract. Nothing more will happen.")
    return _("The contract has ended.")


@employer_required(service=Service.CONTRACTS)
def contract_detail_view(request: EmployerRequest, contract_id: int) -> HttpResponse:
    establishment = _establishment(request)
    contract = contract_get_for_establishment(establishment=establishment, contract_id=contract_id)
    if contract is None:
        raise Http404
    context = {
        "establishment": establishment,
        "contract": contract,
        "next_step": _next_step(contract),
        "history": contract_events(contract=contract).select_related("actor"),
        "occupation": contract_occupation(contract=contract),
    }
    return render(request, "employment/employer/contract_detail.html", context)
