"""The worker's objection page, reached by the link in the notice SMS (no account needed).

The link carries an unguessable token. The page shows the case (employer, the reason or the
absence date, the last working day) and the objection window; while the window is open the
worker may write a statement, which `objection_file` records, and may withdraw an objection an
officer has not decided yet (`objection_withdraw`). Both bind the worker, so both need a fresh
proof of the worker's civil or resident number (views.worker_proof): a code sent on request to
the worker's registered mobile, or a national identity sign-in. The page is never cached or
indexed and sends no referrer, so the token does not leak. An unknown link is 404; a closed
window says so and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from accounts.models import ProofMethod
from core.exceptions import ApplicationError
from core.forms import attempt
from core.http import private_page
from core.worker_languages import worker_page
from employment.forms_cases import ObjectionForm, WorkerCodeForm
from employment.models import AbscondingReport, Termination
from employment.proofs import WorkerProof, session_proof
from employment.selectors.case_queue import (
    Case,
    case_get_by_objection_token,
    case_kind,
    case_objection,
    case_window,
)
from employment.services.cases import case_worker_civil_id, objection_file, objection_withdraw
from employment.views.worker_proof import (
    code_pending,
    code_send,
    identity_sign_in_url,
    proof_for,
)

MAX_TOKEN = 64
TEMPLATE = "employment/cases/worker_objection.html"


def _reason_text(case: Termination) -> str:
    reason = case.rule_set.reason(case.reason_code) or {}
    arabic = (get_language() or "ar").startswith("ar")
    return reason.get("ar" if arabic else "en") or reason.get("en", "") or case.reason_code


def _file(case: Case, form: ObjectionForm, proof: WorkerProof) -> None:
    kwargs: dict[str, Any] = (
        {"termination": case} if isinstance(case, Termination) else {"absconding_report": case}
    )
    objection_file(
        statement=form.cleaned_data["statement"], filed_via="link", proof=proof, **kwargs
    )


def _proof_label(proof: WorkerProof | None) -> str:
    return str(ProofMethod(proof.method).label) if proof is not None else ""


@worker_page(TEMPLATE)
@require_http_methods(["GET", "HEAD", "POST"])
def objection_view(request: HttpRequest, token: str) -> HttpResponse:
    case = case_get_by_objection_token(token=token[: MAX_TOKEN + 1])
    if case is None:
        return private_page(render(request, TEMPLATE, {"case": None}, status=404))
    window = case_window(case=case)
    awaiting = case.status in (Termination.Status.NOTIFIED, AbscondingReport.Status.FILED)
    objection = case_objection(case=case)
    is_open = awaiting and objection is None and window.is_open(timezone.now())
    can_withdraw = (
        objection is not None
        and objection.withdrawn_at is None
        and case.status in (Termination.Status.OBJECTED, AbscondingReport.Status.OBJECTED)
    )
    civil_id = case_worker_civil_id(case)
    scope = f"objection:{case_kind(case)}:{case.pk}"
    action = request.POST.get("action", "object") if request.method == "POST" else ""
    form = ObjectionForm(request.POST if action == "object" else None)
    code_form = WorkerCodeForm(request.POST if action == "withdraw" else None)
    info = error = ""
    status = 200
    if action == "send_code":
        if is_open or can_withdraw:
            outcome = code_send(request, civil_id=civil_id, act="objection", scope=scope)
            info, error = outcome.info, outcome.error
            status = 200 if not error else 409
        else:
            status = 409
    elif action == "object":
        if not is_open:
            status = 409  # the page below says why; nothing is written
        elif form.is_valid():
            outcome = proof_for(
                request, civil_id=civil_id, scope=scope, code=form.cleaned_data["code"]
            )
            if outcome.proof is None:
                form.add_error(None, outcome.error)
                status = 403
            else:
                proof = outcome.proof
                if attempt(request, lambda: _file(case, form, proof), form=form).ok:
                    return private_page(redirect(request.path))
                status = 409
        else:
            status = 400
    elif action == "withdraw":
        if not can_withdraw or objection is None:
            status = 409
        elif code_form.is_valid():
            outcome = proof_for(
                request, civil_id=civil_id, scope=scope, code=code_form.cleaned_data["code"]
            )
            if outcome.proof is None:
                error, status = outcome.error, 403
            else:
                try:
                    objection_withdraw(objection=objection, proof=outcome.proof)
                except ApplicationError as refusal:
                    error, status = refusal.message, 409
                else:
                    return private_page(redirect(request.path))
    is_termination = isinstance(case, Termination)
    context = {
        "case": case,
        "is_termination": is_termination,
        "reason_text": _reason_text(case) if isinstance(case, Termination) else "",
        "last_working_day": (
            case.last_working_day if isinstance(case, Termination) else case.last_seen_on
        ),
        "window": window,
        "awaiting": awaiting,
        "is_open": is_open,
        "can_withdraw": can_withdraw,
        "closed": awaiting and objection is None and window.has_closed(timezone.now()),
        "objection": objection,
        "form": form,
        "code_form": code_form,
        "has_number": bool(civil_id),
        "proven": _proof_label(session_proof(request, civil_id=civil_id)),
        "code_sent": code_pending(request, scope=scope),
        "sign_in_url": identity_sign_in_url(request),
        "info": info,
        "error": error,
    }
    return private_page(render(request, TEMPLATE, context, status=status))
