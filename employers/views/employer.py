"""Pages of an employer representative. Every one is scoped to a member establishment."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.http import SignedInRequest
from core.paging import page_with_query
from employers.access import ANY_SERVICE, employer_required, employer_role_required
from employers.http import EmployerRequest
from employers.models import Service
from employers.selectors import (
    employee_list_for_establishment,
    establishment_list_with_headcount_for_member,
    headcount_for_establishment,
    membership_list_for_establishment,
    owners_of,
)


@employer_role_required(service=ANY_SERVICE)
def establishment_list_view(request: SignedInRequest) -> HttpResponse:
    establishments = establishment_list_with_headcount_for_member(user=request.user)
    return render(
        request, "employers/employer/establishment_list.html", {"establishments": establishments}
    )


@employer_required(service=ANY_SERVICE)
def establishment_detail_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    context = {
        "establishment": establishment,
        "headcount": headcount_for_establishment(establishment=establishment),
        "owners": owners_of(establishment=establishment),
    }
    return render(request, "employers/employer/establishment_detail.html", context)


@employer_required(service=Service.WORKFORCE)
def workforce_list_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    search = request.GET.get("q", "").strip()[:100]
    employees = employee_list_for_establishment(establishment=establishment, search=search)
    page, query = page_with_query(request, employees, 25)
    context = {"establishment": establishment, "page": page, "search": search, "query": query}
    template = "employers/employer/workforce_list.html"
    if getattr(request, "htmx", False):
        template = "employers/employer/_workforce_table.html"
    return render(request, template, context)


@employer_required(service=Service.WORKFORCE)
def employee_detail_view(request: EmployerRequest, employee_id: int) -> HttpResponse:
    establishment = request.establishment
    employee = get_object_or_404(
        employee_list_for_establishment(establishment=establishment), pk=employee_id
    )
    context = {"establishment": establishment, "employee": employee}
    return render(request, "employers/employer/employee_detail.html", context)


@employer_required(service=Service.REPRESENTATIVES)
def membership_list_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    memberships = membership_list_for_establishment(establishment=establishment)
    context = {"establishment": establishment, "memberships": memberships, "manage": True}
    return render(request, "employers/employer/membership_list.html", context)
