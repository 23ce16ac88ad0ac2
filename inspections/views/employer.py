"""The employer's pages of inspection visits: the establishment's visits whose report was sent,
one visit's report with its findings (and the photo of each, the evidence of the violation it
answers for), and the answer. Every view is wrapped by
`employer_required(service=Service.WORKFORCE)` (labour inspections are about the workforce, as
violations are) and reads through the establishment-scoped selector, so another establishment's
visit answers 404."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, PermissionDeniedError
from core.forms import attempt
from core.paging import page_with_query
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Service
from inspections.forms import AnswerForm
from inspections.models import Finding, Visit
from inspections.selectors import (
    finding_with_photo_for_establishment,
    visit_findings,
    visit_get_for_establishment,
    visit_list_for_establishment,
)
from inspections.services.reports import visit_answer
from inspections.views.photo import photo_response

T = "inspections/employer/"
PER_PAGE = 25


def _visit_or_404(request: EmployerRequest, visit_id: int) -> Visit:
    visit = visit_get_for_establishment(establishment=request.establishment, visit_id=visit_id)
    if visit is None:
        raise Http404
    return visit


@employer_required(service=Service.WORKFORCE)
def visit_list_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    page, query = page_with_query(
        request, visit_list_for_establishment(establishment=establishment), PER_PAGE
    )
    context = {"establishment": establishment, "page": page, "query": query}
    return render(request, f"{T}visit_list.html", context)


@employer_required(service=Service.WORKFORCE)
def visit_detail_view(request: EmployerRequest, visit_id: int) -> HttpResponse:
    visit = _visit_or_404(request, visit_id)
    context = {
        "establishment": request.establishment,
        "visit": visit,
        # what the inspector dismissed is not the employer's concern
        "findings": visit_findings(visit=visit).filter(status=Finding.Status.CONFIRMED),
        "can_answer": Visit.Status.ANSWERED in Visit.TRANSITIONS[visit.status],
    }
    return render(request, f"{T}visit_detail.html", context)


@employer_required(service=Service.WORKFORCE)
def visit_answer_view(request: EmployerRequest, visit_id: int) -> HttpResponse:
    visit = _visit_or_404(request, visit_id)
    establishment = request.establishment
    if Visit.Status.ANSWERED not in Visit.TRANSITIONS[visit.status]:
        return redirect(
            "inspections:employer-visit", establishment_id=establishment.pk, visit_id=visit.pk
        )
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: visit_answer(
                visit=visit, answered_by=request.user, answer=form.cleaned_data["answer"]
            ),
            form=form,
            success=_("Your answer was sent to the ministry."),
            error_field="answer",
            refused=(ApplicationError, PermissionDeniedError),
        )
        if done.ok:
            return redirect(
                "inspections:employer-visit", establishment_id=establishment.pk, visit_id=visit.pk
            )
    context = {"establishment": establishment, "visit": visit, "form": form}
    return render(request, f"{T}visit_answer.html", context)


@employer_required(service=Service.WORKFORCE)
def finding_photo_view(request: EmployerRequest, visit_id: int, finding_id: int) -> HttpResponse:
    """The photo of a confirmed finding of the establishment's reported visit: a representative
    sees the evidence of the violation to answer it. Another establishment's: 404."""
    finding = finding_with_photo_for_establishment(
        establishment=request.establishment, visit_id=visit_id, finding_id=finding_id
    )
    if finding is None:
        raise Http404
    return photo_response(finding)
