"""Ministry pages of terminations and absconding reports: the queue of cases waiting for a
decision (objected cases, economic dismissals for the committee), one case with the notice
SMS's delivery, the window, the worker's statement and the history, the decision (uphold or
overturn, with a reason), and the investigation flags. Cross-establishment by design; every
write is a service."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from core.access import staff_required
from core.exceptions import ApplicationError, PermissionDeniedError
from core.forms import attempt
from core.paging import page_with_query
from employment.forms_cases import CaseDecisionForm, CaseFilterForm
from employment.models import Termination
from employment.selectors.case_queue import (
    AWAITING_ABSCONDING,
    AWAITING_TERMINATION,
    Case,
    CaseFilter,
    case_events,
    case_get_all_establishments,
    case_kind,
    case_notice,
    case_objection,
    case_queue_all_establishments,
    cases_for_rows,
    investigation_flag_list_all_establishments,
)
from employment.services.absconding import investigation_flag_close
from employment.services.cases import case_decide

PER_PAGE = 25


def _case_or_404(kind: str, case_id: int) -> Case:
    case = case_get_all_establishments(kind=kind, case_id=case_id)
    if case is None:
        raise Http404
    return case


def _awaiting(case: Case) -> bool:
    if isinstance(case, Termination):
        return case.status in AWAITING_TERMINATION
    return case.status in AWAITING_ABSCONDING


@staff_required("employment.work_cases")
def case_queue_view(request: SignedInRequest) -> HttpResponse:
    """Cases waiting for a decision, oldest first. An invalid filter is reported and the
    unfiltered queue shown, as on the other staff lists."""
    form = CaseFilterForm(request.GET or None)
    filters = form.case_filter() if form.is_valid() else CaseFilter()
    page, query = page_with_query(request, case_queue_all_establishments(filters=filters), PER_PAGE)
    rows = list(page.object_list)
    cases = [(case_kind(case), case) for case in cases_for_rows(rows)]
    context = {"form": form, "page": page, "query": query, "cases": cases}
    return render(request, "employment/cases/staff_queue.html", context)


@staff_required("employment.work_cases")
def case_detail_view(request: SignedInRequest, kind: str, case_id: int) -> HttpResponse:
    case = _case_or_404(kind, case_id)
    notice = case_notice(case=case)
    window = notice.window
    context = {
        "case": case,
        "notice": notice,
        "kind": kind,
        "is_termination": isinstance(case, Termination),
        "reason": case.rule_set.reason(case.reason_code) if isinstance(case, Termination) else None,
        "window": window,
        "window_open": window.is_open(timezone.now()),
        "objection": case_objection(case=case),
        "history": case_events(case=case).select_related("actor"),
        "can_decide": _awaiting(case),
        "form": CaseDecisionForm(),
    }
    return render(request, "employment/cases/staff_case.html", context)


@staff_required("employment.work_cases")
@require_POST
def case_decide_view(request: SignedInRequest, kind: str, case_id: int) -> HttpResponse:
    case = _case_or_404(kind, case_id)
    back = redirect("employment:staff-case", kind=kind, case_id=case.pk)
    form = CaseDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return back
    decision = form.cleaned_data["decision"]
    attempt(
        request,
        lambda: case_decide(
            case=case,
            decided_by=request.user,
            decision=decision,
            reason=form.cleaned_data["reason"],
        ),
        success=_("The case was upheld. The worker was told.")
        if decision == "uphold"
        else _("The case was overturned. The worker was told."),
    )
    return back


@staff_required("employment.view_investigations")
def investigation_list_view(request: SignedInRequest) -> HttpResponse:
    page, query = page_with_query(request, investigation_flag_list_all_establishments(), PER_PAGE)
    return render(
        request, "employment/cases/staff_investigations.html", {"page": page, "query": query}
    )


@staff_required("employment.view_investigations")
@require_POST
def investigation_close_view(request: SignedInRequest, flag_id: int) -> HttpResponse:
    """Close one flag with the outcome written on the list page (no JavaScript needed)."""
    flag = get_object_or_404(investigation_flag_list_all_establishments(), pk=flag_id)
    attempt(
        request,
        lambda: investigation_flag_close(
            flag=flag,
            closed_by=request.user,
            outcome=request.POST.get("outcome", "")[:4000],
        ),
        success=_("The flag is closed and its outcome recorded."),
        # the service's refusal of a role that does not investigate is shown, not a 403
        refused=(ApplicationError, PermissionDeniedError),
    )
    return redirect("employment:staff-investigations")
