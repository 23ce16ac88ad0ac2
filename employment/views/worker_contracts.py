"""The worker's page of a contract offer, reached by the link in the SMS (no account needed):
the contract in Arabic and English side by side, the code field with Accept, and Decline.

Reached by an unguessable token; an unknown token is 404. The page is never cached or indexed
and sends no referrer, so the token does not leak (as `permits.views.public`).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.exceptions import ApplicationError
from core.http import private_page
from employment.forms_contracts import ContractAcceptForm
from employment.models import Contract
from employment.selectors.contracts import contract_get_by_token, contract_occupation
from employment.services.contracts import (
    contract_accept,
    contract_decline,
    contract_expire_if_due,
    contract_is_locked,
)


@require_http_methods(["GET", "HEAD", "POST"])
def contract_view(request: HttpRequest, token: str) -> HttpResponse:
    contract = contract_get_by_token(token=token)
    if contract is None:
        response = render(request, "employment/worker/contract.html", {"contract": None})
        response.status_code = 404
        return private_page(response)
    contract = contract_expire_if_due(contract=contract)
    form = ContractAcceptForm(request.POST if request.POST.get("answer") == "accept" else None)
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "decline":
                contract_decline(token=contract.acceptance_token)
                return private_page(redirect(request.path))
            if form.is_valid():
                contract_accept(token=contract.acceptance_token, code=form.cleaned_data["code"])
                return private_page(redirect(request.path))
        except Contract.DoesNotExist:  # pragma: no cover - checked above
            error = _("This link is not valid.")
        except ApplicationError as refusal:
            error = refusal.message
        contract.refresh_from_db()
    context = {
        "contract": contract,
        "form": form,
        "error": error,
        "awaiting": contract.status == Contract.Status.PROPOSED,
        "locked": contract_is_locked(contract),
        "occupation": contract_occupation(contract=contract),
        "employer_name": contract.establishment.name,
    }
    return private_page(render(request, "employment/worker/contract.html", context))
