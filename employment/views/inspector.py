"""Ministry pages of labour violations: the list of every establishment's violations, the
inspector's record form, and one violation with the employer's answer and the decision
(confirm or cancel, with a reason). Cross-establishment by design; every write is a service."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from accounts.models import User
from core.access import staff_required
from core.exceptions import ApplicationError, PermissionDeniedError
from core.forms import attempt
from core.paging import page_with_query
from employment.forms import ViolationDecisionForm, ViolationFilterForm, ViolationRecordForm
from employment.models import Violation
from employment.selectors.violations import (
    ViolationFilter,
    violation_events,
    violation_get_all_establishments,
    violation_list_all_establishments,
)
from employment.services.violations import (
    violation_cancel,
    violation_confirm,
    violation_record,
)

PER_PAGE = 25


def _violation_or_404(violation_id: int) -> Violation:
    violation = violation_get_all_establishments(violation_id=violation_id)
    if violation is None:
        raise Http404
    return violation


@staff_required("employment.view_violations")
def violation_list_view(request: SignedInRequest) -> HttpResponse:
    """Every establishment's violations, newest observation first. An invalid filter is
    reported and the unfiltered list shown, as on the other staff lists."""
    form = ViolationFilterForm(request.GET or None)
    filters = form.violation_filter() if form.is_valid() else ViolationFilter()
    page, query = page_with_query(
        request, violation_list_all_establishments(filters=filters), PER_PAGE
    )
    context = {"form": form, "page": page, "query": query}
    return render(request, "employment/staff/violation_list.html", context)


@staff_required("employment.record_violations")
def violation_record_view(request: SignedInRequest) -> HttpResponse:
    form = ViolationRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        done = attempt(
            request,
            lambda: violation_record(
                establishment=form.establishment,
                inspector=request.user,
                violation_type_code=values["violation_type"],
                observed_on=values["observed_on"],
                workers_concerned=values["workers_concerned"],
                evidence=values["evidence"],
            ),
            form=form,
            # a ViolationError goes on the field it names; the refusal of a non-inspector is
            # shown above the form, not a 403
            refused=(ApplicationError, PermissionDeniedError),
        )
        violation = done.value
        if done.ok and violation is not None:
            messages.success(
                request,
                _("Violation recorded against %(establishment)s. The representatives were told.")
                % {"establishment": violation.establishment.name},
            )
            return redirect("employment:staff-violation", violation_id=violation.pk)
    return render(request, "employment/staff/violation_record.html", {"form": form})


@staff_required("employment.view_violations")
def violation_detail_view(request: SignedInRequest, violation_id: int) -> HttpResponse:
    violation = _violation_or_404(violation_id)
    user: User = request.user
    can_decide = user.has_perm("employment.decide_violations")
    context = {
        "violation": violation,
        "history": violation_events(violation=violation).select_related("actor"),
        "can_confirm": can_decide
        and Violation.Status.CONFIRMED in Violation.TRANSITIONS[violation.status],
        "can_cancel": can_decide
        and Violation.Status.CANCELLED in Violation.TRANSITIONS[violation.status],
        "can_settle": user.has_perm("employment.settle_fines")
        and violation.status != Violation.Status.CANCELLED,
        "confirm_form": ViolationDecisionForm(auto_id="confirm_%s"),
        "cancel_form": ViolationDecisionForm(auto_id="cancel_%s"),
    }
    return render(request, "employment/staff/violation_detail.html", context)


def _decide(request: HttpRequest, violation_id: int, *, confirm: bool) -> HttpResponse:
    violation = _violation_or_404(violation_id)
    form = ViolationDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("employment:staff-violation", violation_id=violation.pk)
    service = violation_confirm if confirm else violation_cancel
    attempt(
        request,
        lambda: service(
            violation=violation,
            decided_by=request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
        ),
        success=_("Violation confirmed.") if confirm else _("Violation cancelled."),
        # the service's refusal of another role is shown, not a 403
        refused=(ApplicationError, PermissionDeniedError),
    )
    return redirect("employment:staff-violation", violation_id=violation.pk)


@staff_required("employment.decide_violations")
@require_POST
def violation_confirm_view(request: SignedInRequest, violation_id: int) -> HttpResponse:
    return _decide(request, violation_id, confirm=True)


@staff_required("employment.decide_violations")
@require_POST
def violation_cancel_view(request: SignedInRequest, violation_id: int) -> HttpResponse:
    return _decide(request, violation_id, confirm=False)
