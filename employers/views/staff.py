"""Ministry staff pages about establishments. Cross-establishment by design."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.decorators import staff_required
from core.paging import page_with_query
from employers.forms import EstablishmentDirectoryFilterForm
from employers.models import Establishment
from employers.selectors import (
    establishment_get_all_establishments,
    establishment_list_all_establishments,
    headcount_for_establishment,
    membership_list_for_establishment,
    workforce_statistics_by_activity_all_establishments,
    workforce_statistics_by_governorate_all_establishments,
)


@staff_required("employers.view_establishment_directory")
def directory_view(request: HttpRequest) -> HttpResponse:
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


@staff_required("employers.view_establishment_directory")
def establishment_view(request: HttpRequest, establishment_id: int) -> HttpResponse:
    try:
        establishment = establishment_get_all_establishments(establishment_id=establishment_id)
    except Establishment.DoesNotExist:
        raise Http404 from None
    context = {
        "establishment": establishment,
        "headcount": headcount_for_establishment(establishment=establishment),
        "memberships": membership_list_for_establishment(establishment=establishment),
    }
    return render(request, "employers/staff/establishment.html", context)


@staff_required("employers.view_statistics")
def statistics_view(request: HttpRequest) -> HttpResponse:
    context = {
        "by_governorate": workforce_statistics_by_governorate_all_establishments(),
        "by_activity": workforce_statistics_by_activity_all_establishments(),
    }
    return render(request, "employers/staff/statistics.html", context)
