"""The employer's pages of terminations and absconding reports: its lists, the filing forms for
one employee of the register, and one case with the worker's notice and window.

Every view is wrapped by `employer_required` (the establishment comes from membership). The
employee and the cases are fetched through establishment-scoped querysets, so another
establishment's employee or case answers 404 even under the representative's own
establishment in the URL. The services hold the rules; the forms check the shape only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.forms import attempt
from core.paging import page_with_query
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Employee, Establishment, Service
from employers.selectors import employee_list_for_establishment
from employment.forms_cases import AbscondingReportForm, TerminationForm
from employment.models import WorkerNotice
from employment.selectors.case_queue import Case, case_events, case_notice, case_objection
from employment.selectors.cases import (
    absconding_report_list_for_establishment,
    termination_list_for_establishment,
)
from employment.services.absconding import absconding_report_file
from employment.services.terminations import termination_file

PER_PAGE = 25


def _establishment(request: EmployerRequest) -> Establishment:
    return request.establishment


def _employee_or_404(request: EmployerRequest, employee_id: int) -> Employee:
    employees = employee_list_for_establishment(establishment=_establishment(request))
    return get_object_or_404(employees, pk=employee_id)


def _case_context(case: Case) -> dict[str, Any]:
    notice = case_notice(case=case)
    return {
        "case": case,
        "notice": notice,
        "window": notice.window,
        "objection": case_objection(case=case),
        "history": case_events(case=case).select_related("actor"),
    }


def _scoped(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.select_related("employee", "rule_set", "notice")


def _told(request: HttpRequest, notice: WorkerNotice | None, filed: str) -> None:
    """Say what was filed and whether the worker was told (verified numbers only)."""
    status = notice.status if notice is not None else ""
    if status == WorkerNotice.Status.SENT:
        messages.success(
            request,
            filed + " " + _("The worker was told by text message at their verified numbers."),
        )
    elif status == WorkerNotice.Status.PENDING:
        messages.warning(
            request,
            filed
            + " "
            + _(
                "The civil registry cannot be asked just now: the notice to the worker is "
                "pending and will be sent when it answers. The objection period has not started."
            ),
        )
    else:
        messages.warning(
            request,
            filed
            + " "
            + _(
                "The worker has no verified number (civil registry or own proven account): "
                "nobody was told, the objection period has not started, and the ministry will "
                "contact the worker."
            ),
        )


@employer_required(service=Service.CONTRACTS)
def termination_list_view(request: EmployerRequest) -> HttpResponse:
    establishment = _establishment(request)
    page, query = page_with_query(
        request, termination_list_for_establishment(establishment=establishment), PER_PAGE
    )
    context = {"establishment": establishment, "page": page, "query": query}
    return render(request, "employment/cases/termination_list.html", context)


@employer_required(service=Service.CONTRACTS)
def termination_file_view(request: EmployerRequest, employee_id: int) -> HttpResponse:
    establishment = _establishment(request)
    employee = _employee_or_404(request, employee_id)
    form = TerminationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        done = attempt(
            request,
            lambda: termination_file(
                employee=employee,
                filed_by=request.user,
                reason_code=values["reason_code"],
                details=values["details"],
                notice_days=values["notice_days"],
                notice_given_on=values["notice_given_on"],
                improvement_started_on=values["improvement_started_on"],
            ),
            form=form,
        )
        termination = done.value
        if done.ok and termination is not None:
            if termination.status == termination.Status.COMMITTEE:
                messages.success(
                    request,
                    _(
                        "The termination was filed. An economic dismissal waits for the "
                        "ministry's committee."
                    ),
                )
            else:
                _told(request, termination.notice, _("The termination was filed."))
            return redirect(
                "employment:employer-termination",
                establishment_id=establishment.pk,
                termination_id=termination.pk,
            )
    context = {"establishment": establishment, "employee": employee, "form": form}
    return render(request, "employment/cases/termination_file.html", context)


@employer_required(service=Service.CONTRACTS)
def termination_detail_view(request: EmployerRequest, termination_id: int) -> HttpResponse:
    establishment = _establishment(request)
    termination = get_object_or_404(
        _scoped(termination_list_for_establishment(establishment=establishment)),
        pk=termination_id,
    )
    reason = termination.rule_set.reason(termination.reason_code)
    context = {
        "establishment": establishment,
        "reason": reason,
        **_case_context(termination),
    }
    return render(request, "employment/cases/termination_detail.html", context)


@employer_required(service=Service.CONTRACTS)
def absconding_list_view(request: EmployerRequest) -> HttpResponse:
    establishment = _establishment(request)
    page, query = page_with_query(
        request, absconding_report_list_for_establishment(establishment=establishment), PER_PAGE
    )
    context = {"establishment": establishment, "page": page, "query": query}
    return render(request, "employment/cases/absconding_list.html", context)


@employer_required(service=Service.CONTRACTS)
def absconding_file_view(request: EmployerRequest, employee_id: int) -> HttpResponse:
    establishment = _establishment(request)
    employee = _employee_or_404(request, employee_id)
    form = AbscondingReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        done = attempt(
            request,
            lambda: absconding_report_file(
                employee=employee,
                filed_by=request.user,
                last_seen_on=values["last_seen_on"],
                salary_paid_until=values["salary_paid_until"],
                salary_evidence=values["salary_evidence"],
                details=values["details"],
            ),
            form=form,
        )
        report = done.value
        if done.ok and report is not None:
            _told(request, report.notice, _("The absconding report was filed."))
            return redirect(
                "employment:employer-absconding-report",
                establishment_id=establishment.pk,
                report_id=report.pk,
            )
    context = {"establishment": establishment, "employee": employee, "form": form}
    return render(request, "employment/cases/absconding_file.html", context)


@employer_required(service=Service.CONTRACTS)
def absconding_detail_view(request: EmployerRequest, report_id: int) -> HttpResponse:
    establishment = _establishment(request)
    report = get_object_or_404(
        _scoped(absconding_report_list_for_establishment(establishment=establishment)),
        pk=report_id,
    )
    context = {"establishment": establishment, **_case_context(report)}
    return render(request, "employment/cases/absconding_detail.html", context)
