"""The employer's pages of labour violations: its establishment's list, one violation with its
fine and history, and the answer form.

Every view is wrapped by `employer_required` (the establishment comes from membership) and
fetches violations through the establishment-scoped selector, so another establishment's
violation answers 404 even under the representative's own establishment in the URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, PermissionDeniedError
from core.forms import attempt
from core.paging import page_with_query
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Establishment, Service
from employment.forms import ViolationAnswerForm
from employment.models import Violation
from employment.selectors.violations import (
    violation_events,
    violation_get_for_establishment,
    violation_list_for_establishment,
)
from employment.services.violations import violation_answer

PER_PAGE = 25


def _establishment(request: EmployerRequest) -> Establishment:
    return request.establishment


def _violation_or_404(request: EmployerRequest, violation_id: int) -> Violation:
    violation = violation_get_for_establishment(
        establishment=_establishment(request), violation_id=violation_id
    )
    if violation is None:
        raise Http404
    return violation


@employer_required(service=Service.WORKFORCE)
def violation_list_view(request: EmployerRequest) -> HttpResponse:
    establishment = _establishment(request)
    page, query = page_with_query(
        request, violation_list_for_establishment(establishment=establishment), PER_PAGE
    )
    context = {"establishment": establishment, "page": page, "query": query}
    return render(request, "employment/employer/violation_list.html", context)


@employer_required(service=Service.WORKFORCE)
def violation_detail_view(request: EmployerRequest, violation_id: int) -> HttpResponse:
    violation = _violation_or_404(request, violation_id)
    context = {
        "establishment": _establishment(request),
        "violation": violation,
        "can_answer": Violation.Status.ANSWERED in Violation.TRANSITIONS[violation.status],
        "history": violation_events(violation=violation).select_related("actor"),
    }
    return render(request, "employment/employer/violation_detail.html", context)


@employer_required(service=Service.WORKFORCE)
def violation_answer_view(request: EmployerRequest, violation_id: int) -> HttpResponse:
    violation = _violation_or_404(request, violation_id)
    establishment = _establishment(request)
    if violation.status != Violation.Status.RECORDED:
        messages.info(request, _("This violation can no longer be answered."))
        return redirect(
            "employment:employer-violation",
            establishment_id=establishment.pk,
            violation_id=violation.pk,
        )
    form = ViolationAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: violation_answer(
                violation=violation,
                answered_by=request.user,
                answer=form.cleaned_data["answer"],
            ),
            form=form,
            success=_("Your answer was sent to the ministry."),
            error_field="answer",
            # the service's refusal of a non-representative goes on the form too, not a 403
            refused=(ApplicationError, PermissionDeniedError),
        )
        if done.ok:
            return redirect(
                "employment:employer-violation",
                establishment_id=establishment.pk,
                violation_id=violation.pk,
            )
    context = {"establishment": establishment, "violation": violation, "form": form}
    return render(request, "employment/employer/violation_answer.html", context)
