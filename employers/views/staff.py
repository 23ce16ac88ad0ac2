"""Ministry staff pages about establishments. Cross-establishment by design."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from core.access import staff_required
from core.forms import attempt
from core.paging import page_with_query
from employers.disputes import claim_dispute_decide
from employers.forms import (
    ClaimDisputeDecisionForm,
    EstablishmentDirectoryFilterForm,
    WorkforceSearchForm,
)
from employers.models import ClaimDispute, Establishment
from employers.selectors import (
    Worklist,
    claim_dispute_get_all_establishments,
    claim_disputes_open_all_establishments,
    employee_list_for_establishment,
    establishment_get_all_establishments,
    establishment_list_all_establishments,
    headcount_for_establishment,
    membership_history_all,
    membership_list_for_establishment,
    owners_of,
    registry_worklist_all_establishments,
    workforce_statistics_by_activity_all_establishments,
    workforce_statistics_by_governorate_all_establishments,
)
from employers.services import workforce_export_audit
from employers.views.downloads import register_csv_response, register_xlsx_response


@staff_required("employers.view_establishment_directory")
def directory_view(request: SignedInRequest) -> HttpResponse:
    form = EstablishmentDirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    establishments = establishment_list_all_establishments(
        search=filters.get("q", ""),
        governorate=filters.get("governorate", ""),
        status=filters.get("status", ""),
    )
    page, query = page_with_query(request, establishments, 25)
    context = {"form": form, "page": page, "query": query}
    return render(request, "employers/staff/directory.html", context)


def _establishment_or_404(establishment_id: int) -> Establishment:
    try:
        return establishment_get_all_establishments(establishment_id=establishment_id)
    except Establishment.DoesNotExist:
        raise Http404 from None


@staff_required("employers.view_establishment_directory")
def establishment_view(request: SignedInRequest, establishment_id: int) -> HttpResponse:
    establishment = _establishment_or_404(establishment_id)
    search_form = WorkforceSearchForm(request.GET or None)
    search = search_form.cleaned_data.get("q", "") if search_form.is_valid() else ""
    employees = employee_list_for_establishment(establishment=establishment, search=search)
    page, query = page_with_query(request, employees, 25)
    context = {
        "establishment": establishment,
        "headcount": headcount_for_establishment(establishment=establishment),
        "memberships": membership_list_for_establishment(establishment=establishment),
        "form": search_form,
        "page": page,
        "query": query,
    }
    return render(request, "employers/staff/establishment.html", context)


# core.access types views as returning HttpResponse; a download streams.
@staff_required("employers.view_establishment_directory")  # type: ignore[arg-type]
def workforce_export_csv_view(
    request: SignedInRequest, establishment_id: int
) -> StreamingHttpResponse:
    establishment = _establishment_or_404(establishment_id)
    workforce_export_audit(establishment=establishment, actor=request.user, file_format="csv")
    return register_csv_response(establishment)


@staff_required("employers.view_establishment_directory")  # type: ignore[arg-type]
def workforce_export_xlsx_view(request: SignedInRequest, establishment_id: int) -> FileResponse:
    establishment = _establishment_or_404(establishment_id)
    workforce_export_audit(establishment=establishment, actor=request.user, file_format="xlsx")
    return register_xlsx_response(establishment)


@staff_required("employers.view_statistics")
def statistics_view(request: SignedInRequest) -> HttpResponse:
    context = {
        "by_governorate": workforce_statistics_by_governorate_all_establishments(),
        "by_activity": workforce_statistics_by_activity_all_establishments(),
    }
    return render(request, "employers/staff/statistics.html", context)


WORKLISTS = {
    Worklist.UNCLAIMED: gettext_lazy("No administrator has claimed it"),
    Worklist.UNREACHABLE: gettext_lazy("The registry names no owner or signatory"),
    Worklist.NO_CHAMBER: gettext_lazy("No valid chamber of commerce membership"),
}


@staff_required("employers.view_establishment_directory")
def registry_worklist_view(request: SignedInRequest) -> HttpResponse:
    """Establishments from the commerce registry that need the ministry: unclaimed, naming no
    one reachable, or without a valid chamber membership."""
    kind = request.GET.get("kind", Worklist.UNCLAIMED)
    if kind not in WORKLISTS:
        kind = Worklist.UNCLAIMED
    establishments = registry_worklist_all_establishments(kind=kind)
    page, query = page_with_query(request, establishments, 25)
    context = {
        "kind": kind,
        "worklists": list(WORKLISTS.items()),
        "disputes_open": claim_disputes_open_all_establishments().count(),
        "page": page,
        "query": query,
        "title": WORKLISTS[kind],
    }
    return render(request, "employers/staff/registry_worklist.html", context)


@staff_required("employers.view_establishment_directory")
def representatives_history_view(request: SignedInRequest, establishment_id: int) -> HttpResponse:
    """Who acted for the establishment, and every change to it (claims, appointments,
    acceptances, suspensions, removals, the registry's)."""
    establishment = _establishment_or_404(establishment_id)
    memberships = membership_list_for_establishment(establishment=establishment)
    events = membership_history_all(establishment=establishment)
    context = {
        "establishment": establishment,
        "memberships": memberships,
        "events": events,
        "owners": owners_of(establishment=establishment),
        "headcount": headcount_for_establishment(establishment=establishment),
    }
    return render(request, "employers/staff/representatives_history.html", context)


@staff_required("employers.view_establishment_directory")
def claim_dispute_list_view(request: SignedInRequest) -> HttpResponse:
    """The registry worklist's disputed claims: open disputes of who administers an
    establishment, oldest first."""
    page, query = page_with_query(request, claim_disputes_open_all_establishments(), 25)
    context = {
        "kind": "disputed",
        "worklists": list(WORKLISTS.items()),
        "page": page,
        "query": query,
    }
    return render(request, "employers/staff/claim_disputes.html", context)


def _dispute_or_404(dispute_id: int) -> ClaimDispute:
    try:
        return claim_dispute_get_all_establishments(dispute_id=dispute_id)
    except ClaimDispute.DoesNotExist:
        raise Http404 from None


def _dispute_page(
    request: SignedInRequest, dispute: ClaimDispute, form: ClaimDisputeDecisionForm
) -> HttpResponse:
    context = {
        "dispute": dispute,
        "establishment": dispute.establishment,
        "owners": owners_of(establishment=dispute.establishment),
        "memberships": membership_list_for_establishment(establishment=dispute.establishment),
        "headcount": headcount_for_establishment(establishment=dispute.establishment),
        "form": form,
        "may_decide": request.user.has_perm("employers.decide_claim_disputes"),
    }
    return render(request, "employers/staff/claim_dispute.html", context)


@staff_required("employers.view_establishment_directory")
def claim_dispute_view(request: SignedInRequest, dispute_id: int) -> HttpResponse:
    return _dispute_page(request, _dispute_or_404(dispute_id), ClaimDisputeDecisionForm())


@staff_required("employers.decide_claim_disputes")
@require_POST
def claim_dispute_decide_view(request: SignedInRequest, dispute_id: int) -> HttpResponse:
    """Record the decision, then back to the dispute's page (a refusal is a message there)."""
    dispute = _dispute_or_404(dispute_id)
    form = ClaimDisputeDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("employers:staff-claim-dispute", dispute_id=dispute.pk)
    done = attempt(
        request,
        lambda: claim_dispute_decide(
            dispute=dispute,
            officer=request.user,
            uphold=form.cleaned_data["decision"] == "uphold",
            note=form.cleaned_data["note"],
        ),
        success=_("The dispute is decided; the person and the administrators are told."),
    )
    if done.ok:
        return redirect("employers:staff-claim-disputes")
    return redirect("employers:staff-claim-dispute", dispute_id=dispute.pk)
