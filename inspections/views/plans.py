"""Ministry pages of the inspection plans: the list, a supervisor's request for a month's plan,
one plan with its progress while it is computed and its ranked establishments, and the
approval. Cross-establishment by design; every write is a service."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from core.access import staff_required
from core.forms import attempt
from core.paging import page_with_query
from inspections.forms import PlanRequestForm
from inspections.models import InspectionPlan
from inspections.selectors import (
    plan_entries,
    plan_get_all_establishments,
    plan_list_all_establishments,
)
from inspections.services.plans import plan_approve, plan_request

T = "inspections/staff/"
PER_PAGE = 25


def _plan_or_404(plan_id: int) -> InspectionPlan:
    plan = plan_get_all_establishments(plan_id=plan_id)
    if plan is None:
        raise Http404
    return plan


@staff_required("inspections.view")
def plan_list_view(request: SignedInRequest) -> HttpResponse:
    page, query = page_with_query(request, plan_list_all_establishments(), PER_PAGE)
    return render(request, f"{T}plan_list.html", {"page": page, "query": query})


@staff_required("inspections.plan")
def plan_request_view(request: SignedInRequest) -> HttpResponse:
    form = PlanRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: plan_request(
                month=form.cleaned_data["month"],
                governorate=form.cleaned_data["governorate"],
                requested_by=request.user,
            ),
            form=form,
            success=_("The plan is being computed."),
        )
        if done.ok and done.value is not None:
            return redirect("inspections:staff-plan", plan_id=done.value.pk)
    return render(request, f"{T}plan_request.html", {"form": form})


@staff_required("inspections.view")
def plan_detail_view(request: SignedInRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(plan_id)
    if request.headers.get("HX-Request"):
        return render(request, f"{T}_plan_progress.html", {"plan": plan})
    context = {
        "plan": plan,
        "entries": plan_entries(plan=plan) if plan.succeeded else [],
        "visits": plan.visits.select_related("establishment", "visit_type", "inspector"),
    }
    return render(request, f"{T}plan_detail.html", context)


@staff_required("inspections.plan")
@require_POST
def plan_approve_view(request: SignedInRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(plan_id)
    attempt(
        request,
        lambda: plan_approve(plan=plan, approved_by=request.user),
        success=_("The plan is approved: assign its visits."),
    )
    return redirect("inspections:staff-plan", plan_id=plan.pk)
