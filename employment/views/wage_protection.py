"""Wage protection pages for the three audiences:

- the employer's monthly results and one month's worker lines (`employer_required`: the
  establishment comes from membership; another establishment's month answers 404);
- the worker's own salary lines at every employer and the dispute of one line (a signed-in
  account whose civil or resident number is proven; a line of another number answers 404);
- the ministry's rates and worklist, the checks run on demand with their progress, the disputed
  lines, and the fine paid (cross-establishment by design, `staff_required`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from core.access import staff_required
from core.exceptions import ApplicationError, PermissionDeniedError
from core.forms import attempt
from core.paging import page_with_query
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Service
from employment.forms_wage_protection import (
    SalaryDisputeDecisionForm,
    SalaryDisputeForm,
    WageRunForm,
    WageWorklistForm,
)
from employment.models import SalaryLineDispute, Violation, WageProtectionLine
from employment.selectors.violations import violation_get_all_establishments
from employment.selectors.wage_protection import (
    salary_dispute_get,
    salary_disputes_all,
    wage_file_line_get_for_worker,
    wage_line_get_for_worker,
    wage_lines_for_worker,
    wage_lines_of_result,
    wage_month_summary,
    wage_months_all_establishments,
    wage_result_get_for_establishment,
    wage_results_all_establishments,
    wage_results_for_establishment,
    wage_run_get,
    wage_runs_all,
    wage_unknown_lines_of_result,
)
from employment.services.violations import violation_fine_settle
from employment.services.wage_protection import (
    salary_dispute_decide,
    salary_line_dispute,
    wage_protection_run_request,
)
from employment.views.my_employment import identity_proven_required

PER_PAGE = 25
T = "employment/wage_protection/"

# --- employer ---------------------------------------------------------------------------------


@employer_required(service=Service.WORKFORCE)
def employer_results_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    page, query = page_with_query(
        request, wage_results_for_establishment(establishment=establishment), PER_PAGE
    )
    context = {"establishment": establishment, "page": page, "query": query}
    return render(request, f"{T}employer_results.html", context)


@employer_required(service=Service.WORKFORCE)
def employer_result_view(request: EmployerRequest, result_id: int) -> HttpResponse:
    establishment = request.establishment
    result = wage_result_get_for_establishment(establishment=establishment, result_id=result_id)
    if result is None:
        raise Http404
    page, query = page_with_query(request, wage_lines_of_result(result=result), PER_PAGE)
    context = {
        "establishment": establishment,
        "result": result,
        "page": page,
        "query": query,
        "unknown": wage_unknown_lines_of_result(result=result),
    }
    return render(request, f"{T}employer_result.html", context)


# --- the worker -------------------------------------------------------------------------------


@login_required
@identity_proven_required
def my_salary_view(request: SignedInRequest) -> HttpResponse:
    lines = wage_lines_for_worker(civil_id=request.user.civil_id or "")
    page, query = page_with_query(request, lines, PER_PAGE)
    return render(request, f"{T}my_salary.html", {"page": page, "query": query})


@login_required
@identity_proven_required
def my_salary_dispute_view(request: SignedInRequest, line_id: int) -> HttpResponse:
    line = wage_line_get_for_worker(civil_id=request.user.civil_id or "", line_id=line_id)
    if line is None:
        raise Http404
    return _dispute(request, line)


@login_required
@identity_proven_required
def my_salary_file_dispute_view(request: SignedInRequest, file_line_id: int) -> HttpResponse:
    """A month paid as due, read from the central bank's file (the check keeps no line)."""
    line = wage_file_line_get_for_worker(
        civil_id=request.user.civil_id or "", file_line_id=file_line_id
    )
    if line is None:
        raise Http404
    return _dispute(request, line)


def _dispute(request: SignedInRequest, line: WageProtectionLine) -> HttpResponse:
    form = SalaryDisputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: salary_line_dispute(
                line=line, worker=request.user, explanation=form.cleaned_data["explanation"]
            ),
            form=form,
            error_field="explanation",
            success=_("Your dispute was sent to the ministry. You will see its answer here."),
        )
        if done.ok:
            return redirect("employment:my-salary")
    disputes = line.disputes.order_by("-created_at") if line.pk else []
    context = {"line": line, "form": form, "disputes": disputes}
    return render(request, f"{T}my_salary_dispute.html", context)


# --- ministry ---------------------------------------------------------------------------------


@staff_required("employment.view_wage_protection")
def staff_results_view(request: SignedInRequest) -> HttpResponse:
    """The worklist of one month (the latest checked unless chosen): lowest rate first."""
    months = wage_months_all_establishments()
    form = WageWorklistForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    month = filters.get("month") or (months[0] if months else None)
    results = wage_results_all_establishments(
        month=month, stage=filters.get("stage", ""), missed_only=filters.get("missed_only", False)
    )
    page, query = page_with_query(request, results, PER_PAGE)
    context = {
        "form": form,
        "month": month,
        "summary": wage_month_summary(month=month) if month else None,
        "page": page,
        "query": query,
        "can_run": request.user.has_perm("employment.run_wage_protection"),
        "run_form": WageRunForm(),
        "runs": wage_runs_all()[:5],
        "open_disputes": salary_disputes_all(status=SalaryLineDispute.Status.OPEN).count(),
    }
    return render(request, f"{T}staff_results.html", context)


@staff_required("employment.run_wage_protection")
@require_POST
def staff_run_start_view(request: SignedInRequest) -> HttpResponse:
    form = WageRunForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("employment:staff-wage-protection")
    done = attempt(
        request,
        lambda: wage_protection_run_request(
            month=form.cleaned_data["month"], requested_by=request.user
        ),
        refused=(ApplicationError, PermissionDeniedError),
    )
    if done.ok and done.value is not None:
        return redirect("employment:staff-wage-protection-run", run_id=done.value.pk)
    return redirect("employment:staff-wage-protection")


@staff_required("employment.view_wage_protection")
def staff_run_view(request: SignedInRequest, run_id: int) -> HttpResponse:
    run = wage_run_get(run_id=run_id)
    if run is None:
        raise Http404
    template = (
        f"{T}_run_progress.html" if request.headers.get("HX-Request") else f"{T}staff_run.html"
    )
    return render(request, template, {"run": run})


@staff_required("employment.decide_salary_disputes")
def staff_disputes_view(request: SignedInRequest) -> HttpResponse:
    status = request.GET.get("status", SalaryLineDispute.Status.OPEN)
    if status not in SalaryLineDispute.Status.values:
        status = ""
    page, query = page_with_query(request, salary_disputes_all(status=status), PER_PAGE)
    context = {"page": page, "query": query, "status": status}
    return render(request, f"{T}staff_disputes.html", context)


@staff_required("employment.decide_salary_disputes")
def staff_dispute_view(request: SignedInRequest, dispute_id: int) -> HttpResponse:
    dispute = salary_dispute_get(dispute_id=dispute_id)
    if dispute is None:
        raise Http404
    form = SalaryDisputeDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: salary_dispute_decide(
                dispute=dispute,
                decided_by=request.user,
                upheld=form.cleaned_data["upheld"],
                reason=form.cleaned_data["reason"],
            ),
            form=form,
            error_field="reason",
            success=_("Decision recorded."),
            refused=(ApplicationError, PermissionDeniedError),
        )
        if done.ok:
            return redirect("employment:staff-salary-disputes")
    can_decide = dispute.status == SalaryLineDispute.Status.OPEN
    context = {"dispute": dispute, "form": form, "can_decide": can_decide}
    return render(request, f"{T}staff_dispute.html", context)


@staff_required("employment.settle_fines")
@require_POST
def staff_violation_fine_paid_view(request: SignedInRequest, violation_id: int) -> HttpResponse:
    """Record that a violation's fine was paid (until fines are invoices of the payments app)."""
    violation: Violation | None = violation_get_all_establishments(violation_id=violation_id)
    if violation is None:
        raise Http404
    attempt(
        request,
        lambda: violation_fine_settle(violation=violation, settled_by=request.user),
        success=_("The fine is recorded as paid."),
        refused=(ApplicationError, PermissionDeniedError),
    )
    return redirect("employment:staff-violation", violation_id=violation.pk)
