"""Staff pages of accommodation: the worklist (sites with more residents than beds,
declarations no operator has answered, and workers whose three records disagree), and the
register of accommodation operators (register, suspend, reactivate)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accommodation import selectors, services_operators
from accommodation.forms import OperatorForm, OperatorStatusForm
from accommodation.models import Operator
from accounts.http import StaffRequest
from core.access import staff_required
from core.exceptions import ApplicationError
from core.forms import attempt


@staff_required("accommodation.view_worklist")
def worklist_view(request: StaffRequest) -> HttpResponse:
    context = {
        "over_capacity": selectors.sites_over_capacity_all_operators(),
        "unconfirmed": selectors.unconfirmed_declarations_all_operators(),
        "mismatches": selectors.mismatches_all_operators(),
    }
    return render(request, "accommodation/staff_worklist.html", context)


@staff_required("accommodation.view_operators")
def operators_view(request: StaffRequest) -> HttpResponse:
    search = request.GET.get("q", "")[:100]
    page = Paginator(selectors.operators_all(search=search), 50).get_page(request.GET.get("page"))
    return render(request, "accommodation/staff/operators.html", {"page": page, "search": search})


@staff_required("accommodation.manage_operators")
def operator_register_view(request: StaffRequest) -> HttpResponse:
    form = OperatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services_operators.operator_register(by=request.user, **form.cleaned_data),
            form=form,
            success=_("The operator is registered."),
            refused=(ValidationError, ApplicationError),
        )
        if done.ok and done.value is not None:
            return redirect("accommodation:staff-operator", operator_id=done.value.pk)
    return render(request, "accommodation/staff/operator_register.html", {"form": form})


@staff_required("accommodation.view_operators")
def operator_view(request: StaffRequest, operator_id: int) -> HttpResponse:
    operator = get_object_or_404(Operator.objects.select_related("establishment"), pk=operator_id)
    context = {
        "operator": operator,
        "sites": selectors.sites_for_operator(operator=operator),
        "status_form": OperatorStatusForm(),
        "may_manage": request.user.has_perm("accommodation.manage_operators"),
    }
    return render(request, "accommodation/staff/operator.html", context)


@staff_required("accommodation.manage_operators")
@require_POST
def operator_status_view(request: StaffRequest, operator_id: int) -> HttpResponse:
    operator = get_object_or_404(Operator, pk=operator_id)
    form = OperatorStatusForm(request.POST)
    status = request.POST.get("status", Operator.Status.SUSPENDED)
    if status not in Operator.Status.values:
        raise Http404
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    attempt(
        request,
        lambda: services_operators.operator_set_status(
            operator=operator, status=status, by=request.user, reason=reason
        ),
        success=(
            _("The operator is suspended.")
            if status == Operator.Status.SUSPENDED
            else _("The operator is active again.")
        ),
    )
    return redirect("accommodation:staff-operator", operator_id=operator.pk)
