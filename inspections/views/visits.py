"""Ministry pages of the visits: a supervisor assigns the visits of an approved plan and cancels
one before its report; the visit list (an inspector's own, a supervisor's all); one visit with
its checklist and findings.
Cross-establishment by design; every write is a service."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from accounts.models import User
from core.access import staff_required
from core.exceptions import ApplicationError, PermissionDeniedError
from core.forms import attempt
from core.paging import page_with_query
from inspections.forms import ReasonForm, VisitAssignForm
from inspections.models import InspectionPlan, Visit
from inspections.selectors import (
    plan_entries,
    plan_get_all_establishments,
    visit_get_all_establishments,
    visit_list_all_establishments,
    visit_type_list,
)
from inspections.services.visits import visit_assign, visit_cancel

T = "inspections/staff/"
PER_PAGE = 25


def _plan_or_404(plan_id: int) -> InspectionPlan:
    plan = plan_get_all_establishments(plan_id=plan_id)
    if plan is None:
        raise Http404
    return plan


def visit_or_404(visit_id: int) -> Visit:
    visit = visit_get_all_establishments(visit_id=visit_id)
    if visit is None:
        raise Http404
    return visit


def _assign_form(request: SignedInRequest, plan: InspectionPlan) -> VisitAssignForm:
    inspectors = User.objects.filter(role=User.Role.INSPECTOR, is_active=True).order_by(
        "full_name_en", "id"
    )
    return VisitAssignForm(
        request.POST or None,
        cr_numbers={
            entry.establishment.cr_number: entry.establishment_id
            for entry in plan_entries(plan=plan)
        },
        visit_types=[(t.code, t.name) for t in visit_type_list()],
        inspectors=[(person.pk, person.display_name) for person in inspectors],
    )


@staff_required("inspections.plan")
def visit_assign_view(request: SignedInRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(plan_id)
    form = _assign_form(request, plan)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        done = attempt(
            request,
            lambda: visit_assign(
                plan=plan,
                establishment_id=form.establishment_id,
                visit_type_code=values["visit_type"],
                inspector_id=values["inspector"],
                scheduled_on=values["scheduled_on"],
                assigned_by=request.user,
            ),
            form=form,
            success=_("The visit is assigned; the inspector sees it in their visits."),
        )
        if done.ok:
            return redirect("inspections:staff-plan", plan_id=plan.pk)
    return render(request, f"{T}visit_assign.html", {"plan": plan, "form": form})


@staff_required("inspections.view")
def visit_list_view(request: SignedInRequest) -> HttpResponse:
    """An inspector's own visits; a supervisor's every visit."""
    own = request.user.role == User.Role.INSPECTOR
    visits = visit_list_all_establishments(inspector_id=request.user.pk if own else None)
    page, query = page_with_query(request, visits, PER_PAGE)
    return render(request, f"{T}visit_list.html", {"page": page, "query": query, "own": own})


@staff_required("inspections.view")
def visit_detail_view(request: SignedInRequest, visit_id: int) -> HttpResponse:
    from inspections.views.findings import visit_page

    return visit_page(request, visit_or_404(visit_id), None)


@staff_required("inspections.plan")
@require_POST
def visit_cancel_view(request: SignedInRequest, visit_id: int) -> HttpResponse:
    """A supervisor cancels an assigned visit with the reason; a refusal changes nothing."""
    visit = visit_or_404(visit_id)
    form = ReasonForm(request.POST, prefix="cancel")
    attempt(
        request,
        lambda: visit_cancel(
            visit=visit,
            cancelled_by=request.user,
            reason=form.data.get(form.add_prefix("reason"), ""),
        ),
        success=_("The visit is cancelled; the inspector sees it in their visits."),
        refused=(ApplicationError, PermissionDeniedError),
    )
    return redirect("inspections:staff-visit", visit_id=visit.pk)
