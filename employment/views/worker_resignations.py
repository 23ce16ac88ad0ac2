"""The signed-in worker's resignations: resign from one of their running employments, follow
the answer, withdraw before it, download the no-objection record; and the public check of a
record (its QR code).

The worker's employments and resignations are found by their civil ID only, and only once the
account's civil ID is proven: an account that merely holds a number sees none of them and is
asked to prove who it is (`identity_proven_required`). Resigning and withdrawing bind the
worker, so both also need a fresh proof (accounts.proofs.step_up_required("resign")), whose
method the resignation records. Another person's resignation answers 404 whatever its number.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.http import SignedInRequest
from accounts.proofs import step_up_required
from core.exceptions import ApplicationError
from core.forms import attempt, form_add_service_errors
from core.http import private_page
from core.worker_languages import worker_page
from employment.forms_resignations import ResignationForm
from employment.models import Resignation
from employment.resignation_documents import noc_pdf_response, noc_public_state
from employment.selectors.resignations import (
    employments_for_person,
    resignation_list_for_person,
)
from employment.services.resignations import resignation_submit, resignation_withdraw
from employment.views.my_employment import identity_proven_required

MAX_TOKEN = 64


def _own(request: HttpRequest, resignation_id: int) -> Resignation:
    resignations = resignation_list_for_person(person=request.user)  # type: ignore[arg-type]
    return get_object_or_404(resignations.select_related("rule_set"), pk=resignation_id)


@worker_page("employment/worker/resignation_new.html", modules=("employment.forms_resignations",))
@login_required
@identity_proven_required
@step_up_required("resign")
@require_http_methods(["GET", "HEAD", "POST"])
def resignation_new_view(request: SignedInRequest) -> HttpResponse:
    employments = employments_for_person(person=request.user)
    form = ResignationForm(request.POST or None, employments=employments)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                resignation = resignation_submit(
                    employee=form.cleaned_data["employee"],
                    submitted_by=request.user,
                    last_working_day=form.cleaned_data["last_working_day"],
                    statement=form.cleaned_data["statement"],
                    proof_method=request.proof_method,  # type: ignore[attr-defined]
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
                status = 400
            except ApplicationError as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(
                    request, _("Your resignation was sent to your employer, who answers by SMS.")
                )
                return redirect("employment:my-resignation", resignation.pk)
        else:
            status = 400
    context = {"form": form, "has_employments": employments.exists()}
    return render(request, "employment/worker/resignation_new.html", context, status=status)


@worker_page("employment/worker/resignation_detail.html")
@login_required
@require_http_methods(["GET", "HEAD"])
def resignation_detail_view(request: SignedInRequest, resignation_id: int) -> HttpResponse:
    resignation = _own(request, resignation_id)
    context = {
        "resignation": resignation,
        "noc_state": noc_public_state(resignation, timezone.localdate())
        if resignation.noc_number
        else None,
    }
    return render(request, "employment/worker/resignation_detail.html", context)


@login_required
@identity_proven_required
@step_up_required("resign")
@require_http_methods(["GET", "HEAD", "POST"])
def resignation_withdraw_view(request: SignedInRequest, resignation_id: int) -> HttpResponse:
    """POST withdraws. A GET (the way back from the proof page) shows the resignation, where
    the person presses Withdraw again, now with a fresh proof."""
    resignation = _own(request, resignation_id)
    if request.method != "POST":
        return redirect("employment:my-resignation", resignation.pk)
    attempt(
        request,
        lambda: resignation_withdraw(
            resignation=resignation,
            withdrawn_by=request.user,
            proof_method=request.proof_method,  # type: ignore[attr-defined]
        ),
        success=_("Your resignation is withdrawn: your contract continues."),
    )
    return redirect("employment:my-resignation", resignation.pk)


@login_required
@require_http_methods(["GET", "HEAD"])
def resignation_noc_view(request: SignedInRequest, resignation_id: int) -> HttpResponse:
    resignation = _own(request, resignation_id)
    if resignation.status != Resignation.Status.ACCEPTED:
        raise Http404
    return noc_pdf_response(request, resignation)


@require_http_methods(["GET", "HEAD"])
def verify_noc_view(request: HttpRequest, token: str) -> HttpResponse:
    """Whether a no-objection record is valid today, with the worker's name, the employer and
    the dates: nothing else (no passport or civil ID)."""
    resignation = (
        Resignation.objects.filter(
            noc_token=token[: MAX_TOKEN + 1], status=Resignation.Status.ACCEPTED
        )
        .select_related("employee", "establishment", "noc_transfer")
        .first()
    )
    if resignation is None:
        return private_page(
            render(request, "employment/public/verify_noc.html", {"resignation": None}, status=404)
        )
    valid, statement = noc_public_state(resignation, timezone.localdate())
    context = {"resignation": resignation, "valid": valid, "statement": statement}
    return private_page(render(request, "employment/public/verify_noc.html", context))
