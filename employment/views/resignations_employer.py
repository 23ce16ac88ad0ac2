"""The employer's resignation pages: the list (waiting ones first) and one resignation with the
answer form. Resignations are fetched through the establishment's queryset, so another
establishment's answers 404 even under the representative's own establishment in the URL."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.exceptions import ApplicationError
from core.forms import form_add_service_errors
from core.paging import page_with_query
from core.selectors import audit_events_for_object
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Establishment, Service
from employment.forms_resignations import ResignationAnswerForm
from employment.models import Resignation
from employment.resignation_documents import noc_pdf_response, noc_public_state
from employment.selectors.resignations import resignation_list_for_establishment
from employment.services.resignations import resignation_answer

PER_PAGE = 25


def _establishment(request: EmployerRequest) -> Establishment:
    return request.establishment


def _scoped_or_404(request: EmployerRequest, resignation_id: int) -> Resignation:
    resignations = resignation_list_for_establishment(establishment=_establishment(request))
    return get_object_or_404(
        resignations.select_related("rule_set", "noc_transfer"), pk=resignation_id
    )


@employer_required(service=Service.CONTRACTS)
def resignation_list_view(request: EmployerRequest) -> HttpResponse:
    establishment = _establishment(request)
    page, query = page_with_query(
        request, resignation_list_for_establishment(establishment=establishment), PER_PAGE
    )
    context = {"establishment": establishment, "page": page, "query": query}
    return render(request, "employment/employer/resignation_list.html", context)


@employer_required(service=Service.CONTRACTS)
@require_http_methods(["GET", "HEAD", "POST"])
def resignation_detail_view(request: EmployerRequest, resignation_id: int) -> HttpResponse:
    establishment = _establishment(request)
    resignation = _scoped_or_404(request, resignation_id)
    waiting = resignation.status == Resignation.Status.SUBMITTED
    form = ResignationAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not waiting:
            form.add_error(None, _("This resignation has already been answered."))
            status = 409
        elif form.is_valid():
            accept = form.cleaned_data["decision"] == ResignationAnswerForm.ACCEPT
            try:
                resignation_answer(
                    resignation=resignation,
                    answered_by=request.user,
                    accept=accept,
                    refusal_reason=form.cleaned_data["refusal_reason"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
                status = 400
            except ApplicationError as error:
                form.add_error(None, error.message)
                status = 409
            else:
                messages.success(
                    request,
                    _("The resignation is accepted and the worker has the no-objection record.")
                    if accept
                    else _("The resignation is refused; the worker is told by SMS."),
                )
                return redirect("employment:employer-resignation", establishment.pk, resignation.pk)
        else:
            status = 400
    context = {
        "establishment": establishment,
        "resignation": resignation,
        "waiting": waiting,
        "form": form,
        "noc_state": noc_public_state(resignation, timezone.localdate())
        if resignation.noc_number
        else None,
        "history": audit_events_for_object(obj=resignation).select_related("actor"),
    }
    return render(request, "employment/employer/resignation_detail.html", context, status=status)


@employer_required(service=Service.CONTRACTS)
def resignation_noc_view(request: EmployerRequest, resignation_id: int) -> HttpResponse:
    resignation = _scoped_or_404(request, resignation_id)
    if resignation.status != Resignation.Status.ACCEPTED:
        raise Http404
    return noc_pdf_response(request, resignation)
