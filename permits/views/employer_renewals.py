"""The employer's renewal worklist (permits ending within the renewal window) and bulk
renewals with their progress and each permit's outcome."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import attempt
from core.paging import page_with_query
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Service
from permits.models import BulkRenewal
from permits.selectors import (
    permit_list_for_establishment,
    renewal_worklist_for_establishment,
)
from permits.services import (
    PermitError,
    bulk_renewal_create,
)
from permits.services.renewals import BULK_RENEWAL_MAX
from permits.views.employer_common import (
    OUTCOMES_PER_PAGE,
    WORKLIST_PER_PAGE,
    _bulk_or_404,
    _establishment,
    _renewal_weeks,
    _titles,
    _user,
)


@employer_required(service=Service.PERMITS)
def renewal_worklist_view(request: EmployerRequest) -> HttpResponse:
    establishment = _establishment(request)
    weeks = _renewal_weeks()
    permits = renewal_worklist_for_establishment(establishment=establishment, weeks=weeks)
    page, _query = page_with_query(request, permits, WORKLIST_PER_PAGE)
    shown = list(page.object_list)
    titles = _titles(permit.occupation_code for permit in shown)
    context = {
        "establishment": establishment,
        "page": page,
        "query": "",
        "rows": [(permit, titles.get(permit.occupation_code, "")) for permit in shown],
        "weeks": weeks,
        "select_all": request.GET.get("select") == "all",
        "bulk_max": BULK_RENEWAL_MAX,
    }
    return render(request, "permits/employer/renewal_worklist.html", context)


def _ids(values: Iterable[str]) -> list[int]:
    return [int(value) for value in values if value.strip().isdigit()]


@employer_required(service=Service.PERMITS)
@require_POST
def bulk_renewal_create_view(request: EmployerRequest) -> HttpResponse:
    establishment = _establishment(request)
    if request.POST.get("scope") == "all":
        worklist = renewal_worklist_for_establishment(
            establishment=establishment, weeks=_renewal_weeks()
        )
        # one more than allowed, so that the service refuses a list that is too long
        permit_ids = list(worklist.values_list("pk", flat=True)[: BULK_RENEWAL_MAX + 1])
    else:
        permit_ids = _ids(request.POST.getlist("permit"))
    done = attempt(
        request,
        lambda: bulk_renewal_create(
            establishment=establishment,
            requested_by=_user(request),
            permit_ids=permit_ids,
            language=translation.get_language() or "ar",
        ),
        refused=(PermitError,),
    )
    if not done.ok or done.value is None:
        return redirect("permits:employer-renewals", establishment_id=establishment.pk)
    return redirect(
        "permits:employer-bulk-renewal-detail",
        establishment_id=establishment.pk,
        bulk_id=done.value.pk,
    )


def outcome_labels() -> dict[str, str]:
    return {
        "renewed": _("Renewed"),
        "review": _("Sent to an officer"),
        "refused": _("Not renewed"),
    }


def _bulk_context(request: EmployerRequest, bulk: BulkRenewal) -> dict[str, object]:
    establishment = _establishment(request)
    context: dict[str, object] = {"establishment": establishment, "bulk": bulk}
    if not bulk.is_finished:
        return context
    labels = outcome_labels()
    outcome = request.GET.get("outcome", "")
    if outcome not in labels:
        outcome = ""
    rows = [row for row in bulk.outcomes if not outcome or row.get("outcome") == outcome]
    page, query = page_with_query(request, rows, OUTCOMES_PER_PAGE)
    new_numbers = {row["new_number"] for row in page.object_list if row.get("new_number")}
    new_ids = dict(
        permit_list_for_establishment(establishment=establishment)
        .filter(number__in=new_numbers)
        .values_list("number", "pk")
    )
    context.update(
        {
            "page": page,
            "query": query,
            "outcome": outcome,
            "outcome_choices": labels,
            "outcomes": [
                {
                    **row,
                    "label": labels.get(row.get("outcome", ""), row.get("outcome", "")),
                    "new_permit_id": new_ids.get(row.get("new_number", "")),
                }
                for row in page.object_list
            ],
        }
    )
    return context


@employer_required(service=Service.PERMITS)
def bulk_renewal_detail_view(request: EmployerRequest, bulk_id: int) -> HttpResponse:
    bulk = _bulk_or_404(request, bulk_id)
    return render(
        request, "permits/employer/bulk_renewal_detail.html", _bulk_context(request, bulk)
    )


@employer_required(service=Service.PERMITS)
def bulk_renewal_progress_view(request: EmployerRequest, bulk_id: int) -> HttpResponse:
    """The progress panel alone, which htmx polls every second until the job has finished."""
    bulk = _bulk_or_404(request, bulk_id)
    return render(
        request, "permits/employer/_bulk_renewal_progress.html", _bulk_context(request, bulk)
    )
