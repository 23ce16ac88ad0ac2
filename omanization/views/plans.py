"""Annual Omanization plans: the employer's pages (file, follow) scoped by `employer_required`,
and the ministry's review pages (cross-establishment by design)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.http import SignedInRequest
from core.access import staff_required
from core.exceptions import ApplicationError, PermissionDeniedError
from core.forms import attempt
from core.paging import page_with_query
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Service
from omanization.plan_forms import PlanDecisionForm, PlanForm
from omanization.plan_models import OmanizationPlan
from omanization.plan_selectors import (
    plan_due_for,
    plan_for_year,
    plan_get_all_establishments,
    plan_list_all_establishments,
    plan_list_for_establishment,
    plan_progress,
)
from omanization.plan_services import PlanError, plan_approve, plan_file, plan_request_changes
from omanization.selectors import today

T = "omanization/plans/"
PER_PAGE = 50


@employer_required(service=Service.OMANIZATION)
def employer_plans_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    context = {
        "establishment": establishment,
        "due": plan_due_for(establishment=establishment),
        "plans": plan_list_for_establishment(establishment=establishment),
        "this_year": today().year,
    }
    return render(request, f"{T}employer_plans.html", context)


@employer_required(service=Service.OMANIZATION)
def employer_plan_file_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    this_year = today().year
    years = [this_year, this_year + 1]
    refiled = None
    if request.GET.get("year", "").isdigit():
        refiled = plan_for_year(establishment=establishment, year=int(request.GET["year"]))
    form = PlanForm(request.POST or None, years=years, plan=refiled)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: plan_file(
                establishment=establishment,
                year=form.cleaned_data["year"],
                lines=form.lines(),
                submitted_by=request.user,
            ),
            form=form,
            success=_("The plan is filed; the ministry will review it."),
            refused=(PlanError,),
        )
        if done.ok and done.value is not None:
            return redirect(
                "omanization:employer-plan",
                establishment_id=establishment.pk,
                plan_id=done.value.pk,
            )
    context = {
        "establishment": establishment,
        "form": form,
        "due": plan_due_for(establishment=establishment),
    }
    return render(request, f"{T}employer_plan_file.html", context)


@employer_required(service=Service.OMANIZATION)
def employer_plan_view(request: EmployerRequest, plan_id: int) -> HttpResponse:
    establishment = request.establishment
    plan = get_object_or_404(plan_list_for_establishment(establishment=establishment), pk=plan_id)
    context = {
        "establishment": establishment,
        "plan": plan,
        "lines": plan.lines.all(),
        "progress": plan_progress(plan=plan),
    }
    return render(request, f"{T}employer_plan.html", context)


@staff_required("omanization.review_plans")
def staff_plans_view(request: SignedInRequest) -> HttpResponse:
    status = request.GET.get("status", OmanizationPlan.Status.SUBMITTED)
    if status not in OmanizationPlan.Status.values:
        status = ""
    page, query = page_with_query(request, plan_list_all_establishments(status=status), PER_PAGE)
    context = {"page": page, "query": query, "status": status, "statuses": OmanizationPlan.Status}
    return render(request, f"{T}staff_plans.html", context)


@staff_required("omanization.review_plans")
def staff_plan_view(request: SignedInRequest, plan_id: int) -> HttpResponse:
    try:
        plan = plan_get_all_establishments(plan_id=plan_id)
    except OmanizationPlan.DoesNotExist:
        raise Http404 from None
    form = PlanDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        done = attempt(
            request,
            lambda: (
                plan_approve(plan=plan, decided_by=request.user, note=note)
                if form.cleaned_data["approve"]
                else plan_request_changes(plan=plan, decided_by=request.user, note=note)
            ),
            form=form,
            error_field="note",
            success=_("Decision recorded."),
            refused=(ApplicationError, PermissionDeniedError),
        )
        if done.ok:
            return redirect("omanization:staff-plans")
    context = {
        "plan": plan,
        "form": form,
        "lines": plan.lines.all(),
        "progress": plan_progress(plan=plan),
        "can_decide": plan.status == OmanizationPlan.Status.SUBMITTED,
    }
    return render(request, f"{T}staff_plan.html", context)
