"""The worker's page of a contract offer, reached by the link in the SMS (no account needed):
the contract in Arabic and English side by side, the code field with Accept and Decline.

Both answers bind the worker, so both need proof: the code that went to the worker's verified
number (never to the mobile the employer typed), or a national identity sign-in in this browser
for the contract's civil or resident number. The receipt shows how the answer was proven.

Reached by an unguessable token; an unknown token is 404. The page is never cached or indexed
and sends no referrer, so the token does not leak (as `permits.views.public`).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import ProofMethod
from core.exceptions import ApplicationError
from core.http import private_page
from core.worker_languages import worker_page
from employment.forms_contracts import ContractAnswerForm
from employment.models import Contract
from employment.proofs import session_proof
from employment.selectors.contracts import contract_get_by_token, contract_occupation
from employment.services.contracts import (
    contract_accept,
    contract_decline,
    contract_expire_if_due,
    contract_is_locked,
)
from employment.views.worker_proof import identity_sign_in_url


@worker_page("employment/worker/contract.html", modules=("employment.forms_contracts",))
@require_http_methods(["GET", "HEAD", "POST"])
def contract_view(request: HttpRequest, token: str) -> HttpResponse:
    contract = contract_get_by_token(token=token)
    if contract is None:
        response = render(request, "employment/worker/contract.html", {"contract": None})
        response.status_code = 404
        return private_page(response)
    contract = contract_expire_if_due(contract=contract)
    form = ContractAnswerForm(request.POST or None)
    proof = session_proof(request, civil_id=contract.civil_id)
    error = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            accept = form.cleaned_data["answer"] == "accept"
            answer = contract_accept if accept else contract_decline
            try:
                answer(token=contract.acceptance_token, code=form.cleaned_data["code"], proof=proof)
            except Contract.DoesNotExist:  # pragma: no cover - checked above
                error, status = _("This link is not valid."), 404
            except ApplicationError as refusal:
                error, status = refusal.message, 409
            else:
                return private_page(redirect(request.path))
        else:
            error, status = _("Choose to accept or to decline."), 400
        contract.refresh_from_db()
    context = {
        "contract": contract,
        "form": form,
        "error": error,
        "awaiting": contract.status == Contract.Status.PROPOSED,
        "locked": contract_is_locked(contract),
        "occupation": contract_occupation(contract=contract),
        "employer_name": contract.establishment.name,
        "proven": str(ProofMethod(proof.method).label) if proof else "",
        "can_sign_in": bool(contract.civil_id),
        "sign_in_url": identity_sign_in_url(request),
    }
    return private_page(render(request, "employment/worker/contract.html", context, status=status))
