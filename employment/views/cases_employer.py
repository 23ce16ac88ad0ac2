"""The employer's pages of terminations and absconding reports: its lists, the filing forms for
one employee of the register, and one case with the worker's notice and window.

Every view is wrapped by `employer_required` (the establishment comes from membership). The
employee and the cases are fetched through establishment-scoped querysets, so another
establishment's employee or case answers 404 even under the representative's own
establishment in the URL. The services hold the rules; the forms check the shape only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import attempt
from core.paging import page_with_query
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Employee, Establishment, Service
from employers.selectors import employee_list_for_establishment
from employment.forms_cases import AbscondingReportForm, TerminationForm
from employment.models import AbscondingReport, Termination, WorkerNotice
from employment.selectors.case_queue import Case, case_events, case_notice, case_objection
from employment.selectors.cases import (
    absconding_report_list_for_establishment,
    termination_list_for_establishment,
)
from employment.services.absconding import absconding_report_file
from employment.services.terminations import termination_file

PER_PAGE = 25
# the kind of case a page files: a termination or an absconding report
C = TypeVar("C", Termination, AbscondingReport)


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


def _case_list(request: EmployerRequest, cases: QuerySet[Any], template: str) -> HttpResponse:
    """One page of the establishment's cases of one kind."""
    page, query = page_with_query(request, cases, PER_PAGE)
    context = {"establishment": _establishment(request), "page": page, "query": query}
    return render(request, template, context)


def _case_file(
    request: EmployerRequest,
    employee_id: int,
    *,
    form_class: type[forms.Form],
    file: Callable[..., C],
    said: Callable[[C], None],
    template: str,
    detail: str,
    id_name: str,
) -> HttpResponse:
    """The form of one kind of case for one employee of the register. The form's fields are the
    keyword arguments of the service `file` (with the employee and who files); `said(case)`
    says what happened, and the case's page (`detail`, the case's id as `id_name`) follows."""
    establishment = _establishment(request)
    employee = _employee_or_404(request, employee_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        done = attempt(
            request,
            lambda: file(employee=employee, filed_by=request.user, **values),
            form=form,
        )
        case = done.value
        if done.ok and case is not None:
            said(case)
            kwargs = {"establishment_id": establishment.pk, id_name: case.pk}
            return redirect(reverse(detail, kwargs=kwargs))
    context = {"establishment": establishment, "employee": employee, "form": form}
    return render(request, template, context)


def _case_detail(
    request: EmployerRequest,
    cases: QuerySet[Any],
    case_id: int,
    template: str,
    more: Callable[[Any], dict[str, Any]] = lambda case: {},
) -> HttpResponse:
    """One case of the establishment (404 for another's), its notice, window and history."""
    case = get_object_or_404(_scoped(cases), pk=case_id)
    context = {"establishment": _establishment(request), **more(case), **_case_context(case)}
    return render(request, template, context)


@employer_required(service=Service.CONTRACTS)
def termination_list_view(request: EmployerRequest) -> HttpResponse:
    terminations = termination_list_for_establishment(establishment=_establishment(request))
    return _case_list(request, terminations, "employment/cases/termination_list.html")


def _termination_said(request: EmployerRequest, termination: Termination) -> None:
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


@employer_required(service=Service.CONTRACTS)
def termination_file_view(request: EmployerRequest, employee_id: int) -> HttpResponse:
    return _case_file(
        request,
        employee_id,
        form_class=TerminationForm,
        file=termination_file,
        said=lambda case: _termination_said(request, case),
        template="employment/cases/termination_file.html",
        detail="employment:employer-termination",
        id_name="termination_id",
    )


@employer_required(service=Service.CONTRACTS)
def termination_detail_view(request: EmployerRequest, termination_id: int) -> HttpResponse:
    return _case_detail(
        request,
        termination_list_for_establishment(establishment=_establishment(request)),
        termination_id,
        "employment/cases/termination_detail.html",
        more=lambda termination: {"reason": termination.rule_set.reason(termination.reason_code)},
    )


@employer_required(service=Service.CONTRACTS)
def absconding_list_view(request: EmployerRequest) -> HttpResponse:
    reports = absconding_report_list_for_establishment(establishment=_establishment(request))
    return _case_list(request, reports, "employment/cases/absconding_list.html")


@employer_required(service=Service.CONTRACTS)
def absconding_file_view(request: EmployerRequest, employee_id: int) -> HttpResponse:
    return _case_file(
        request,
        employee_id,
        form_class=AbscondingReportForm,
        file=absconding_report_file,
        said=lambda report: _told(request, report.notice, _("The absconding report was filed.")),
        template="employment/cases/absconding_file.html",
        detail="employment:employer-absconding-report",
        id_name="report_id",
    )


@employer_required(service=Service.CONTRACTS)
def absconding_detail_view(request: EmployerRequest, report_id: int) -> HttpResponse:
    return _case_detail(
        request,
        absconding_report_list_for_establishment(establishment=_establishment(request)),
        report_id,
        "employment/cases/absconding_detail.html",
    )
