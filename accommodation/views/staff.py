"""The staff worklist: sites with more residents than beds, declarations no operator has
answered, and workers whose three records disagree."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from accommodation import selectors
from accounts.http import StaffRequest
from core.access import staff_required


@staff_required("accommodation.view_worklist")
def worklist_view(request: StaffRequest) -> HttpResponse:
    context = {
        "over_capacity": selectors.sites_over_capacity_all_operators(),
        "unconfirmed": selectors.unconfirmed_declarations_all_operators(),
        "mismatches": selectors.mismatches_all_operators(),
    }
    return render(request, "accommodation/staff_worklist.html", context)
