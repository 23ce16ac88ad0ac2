"""The employer's Omanization pages: status and what it needs, what-if, projection, certificates.

Every view is scoped to a member establishment by `employer_required`.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import attempt
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Service
from omanization.certificates import certificate_pdf_response
from omanization.compliance import Hire
from omanization.forms import EndingForm, HireForm, HireFormSet, ProjectionForm
from omanization.questions import pending_hires
from omanization.selectors import (
    certificate_list_for_establishment,
    compliance_for_establishment,
    compliance_history_for_establishment,
    compliance_latest_for_establishment,
    compliance_projection,
    compliance_what_if,
    employee_choices_for_what_if,
    employee_contract_end_list_for_establishment,
    rule_set_in_force,
    today,
)
from omanization.services import CertificateError, certificate_issue


def _partial_or_page(request: HttpRequest, page: str, partial: str, context: dict) -> HttpResponse:
    if getattr(request, "htmx", False):
        return render(request, partial, context)
    return render(request, page, context)


@employer_required(service=Service.OMANIZATION)
def compliance_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    result = compliance_for_establishment(establishment=establishment)
    context = {
        "establishment": establishment,
        "result": result,
        "rule_set": rule_set_in_force(on=today()),
        "latest": compliance_latest_for_establishment(establishment=establishment),
        "history": compliance_history_for_establishment(establishment=establishment)[:10],
        "certificates": certificate_list_for_establishment(establishment=establishment)[:5],
        "projection_form": ProjectionForm(initial={"on": today() + datetime.timedelta(days=90)}),
    }
    return render(request, "omanization/employer/compliance.html", context)


@employer_required(service=Service.OMANIZATION)
def what_if_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    employees = employee_choices_for_what_if(establishment=establishment)
    data = request.POST if request.method == "POST" else None
    formset = HireFormSet(data, prefix="hire")
    ending_form = EndingForm(data, employees=employees)
    result = before = None
    if data is not None and formset.is_valid() and ending_form.is_valid():
        hires = [
            Hire(
                national=form.cleaned_data["kind"] == HireForm.KIND_OMANI,
                job_level=form.cleaned_data["job_level"],
                monthly_salary=form.cleaned_data["monthly_salary"],
                count=form.cleaned_data["count"],
                is_full_time=form.cleaned_data["is_full_time"],
                has_disability=form.cleaned_data["has_disability"],
            )
            for form in formset.forms
            if form.cleaned_data
        ]
        ending_ids = [employee.pk for employee in ending_form.cleaned_data["ending"]]
        before = compliance_for_establishment(establishment=establishment)
        result = compliance_what_if(
            establishment=establishment, hires=hires, ending_employee_ids=ending_ids
        )
    context = {
        "establishment": establishment,
        "formset": formset,
        "ending_form": ending_form,
        "result": result,
        "before": before,
        "submitted": data is not None,
    }
    return _partial_or_page(
        request,
        "omanization/employer/what_if.html",
        "omanization/employer/_what_if_result.html",
        context,
    )


@employer_required(service=Service.OMANIZATION)
def projection_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    form = ProjectionForm(request.GET or None)
    projection = None
    ending = None
    if form.is_valid():
        on = form.cleaned_data["on"]
        # Workers of approved permits not yet on the register, and applications waiting for a
        # decision, join the projection as foreign hires.
        projection = compliance_projection(
            establishment=establishment,
            on=on,
            pending_hires=pending_hires.ask(establishment=establishment),
        )
        ending = employee_contract_end_list_for_establishment(
            establishment=establishment, before=on
        )[:50]
    context = {
        "establishment": establishment,
        "form": form,
        "projection": projection,
        "ending": ending,
        "today": today(),
    }
    return _partial_or_page(
        request,
        "omanization/employer/projection.html",
        "omanization/employer/_projection_result.html",
        context,
    )


@employer_required(service=Service.OMANIZATION)
@require_POST
def certificate_issue_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    done = attempt(
        request,
        lambda: certificate_issue(establishment=establishment, issued_by=request.user),
        refused=(CertificateError,),
    )
    if done.ok and done.value is not None:
        messages.success(
            request,
            _("Certificate %(number)s is issued. Download it below.")
            % {"number": done.value.number},
        )
    return redirect(reverse("omanization:employer-compliance", args=[establishment.pk]))


@employer_required(service=Service.OMANIZATION)
def certificate_pdf_view(request: EmployerRequest, certificate_id: int) -> HttpResponse:
    establishment = request.establishment
    certificate = get_object_or_404(
        certificate_list_for_establishment(establishment=establishment), pk=certificate_id
    )
    return certificate_pdf_response(request, certificate)
