"""Employer pages that change or move the workforce register: add and change an employee, end a
contract, import a file and follow it, export, and the import template.

Every view is wrapped by `employer_required` (the establishment comes from membership) and
fetches objects through establishment-scoped selectors, so another establishment's employee or
import answers 404 even under the representative's own establishment in the URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.forms import attempt
from core.paging import page_with_query
from employers.access import employer_required
from employers.exports import rejection_report_csv, template_csv, template_xlsx
from employers.forms import EmployeeForm, EndContractForm, WorkforceImportForm
from employers.http import EmployerRequest
from employers.imports import MAX_ROWS, WorkforceFileError
from employers.models import Employee, Service, WorkforceImport
from employers.selectors import (
    employee_list_for_establishment,
    workforce_import_list_for_establishment,
)
from employers.services import (
    ContractDatesError,
    EmployeeIdentityError,
    employee_create,
    employee_end_contract,
    employee_update,
    workforce_export_audit,
    workforce_import_create,
)
from employers.validators import COLUMNS, employee_as_row
from employers.views.downloads import (
    XLSX_TYPE,
    csv_download,
    register_csv_response,
    register_xlsx_response,
)
from taxonomy.selectors import unit_group_list

REJECTED_ROWS_SHOWN = 200


def _employee_or_404(request: EmployerRequest, employee_id: int) -> Employee:
    employees = employee_list_for_establishment(establishment=request.establishment)
    return get_object_or_404(employees, pk=employee_id)


def _import_or_404(request: EmployerRequest, import_id: int) -> WorkforceImport:
    imports = workforce_import_list_for_establishment(establishment=request.establishment)
    return get_object_or_404(imports, pk=import_id)


def _employee_form_page(
    request: EmployerRequest, form: EmployeeForm, employee: Employee | None
) -> HttpResponse:
    context = {
        "establishment": request.establishment,
        "form": form,
        "employee": employee,
        "unit_groups": unit_group_list(),
    }
    return render(request, "employers/employer/employee_form.html", context)


@employer_required(service=Service.WORKFORCE)
def employee_add_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    form = EmployeeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.employee_data is not None:
        data = form.employee_data
        done = attempt(
            request,
            lambda: employee_create(establishment=establishment, data=data, actor=request.user),
            form=form,
            refused=(EmployeeIdentityError,),
        )
        if done.ok and done.value is not None:
            employee = done.value
            messages.success(
                request, _("%(name)s is on the workforce register.") % {"name": employee.name}
            )
            return redirect(
                "employers:employer-employee",
                establishment_id=establishment.pk,
                employee_id=employee.pk,
            )
    return _employee_form_page(request, form, None)


@employer_required(service=Service.WORKFORCE)
def employee_edit_view(request: EmployerRequest, employee_id: int) -> HttpResponse:
    employee = _employee_or_404(request, employee_id)
    form = EmployeeForm(request.POST or None, initial=employee_as_row(employee))
    if request.method == "POST" and form.is_valid() and form.employee_data is not None:
        data = form.employee_data
        done = attempt(
            request,
            lambda: employee_update(employee=employee, data=data, actor=request.user),
            form=form,
            success=_("The changes are saved."),
            refused=(EmployeeIdentityError,),
        )
        if done.ok and done.value is not None:
            return redirect(
                "employers:employer-employee",
                establishment_id=done.value.establishment_id,
                employee_id=done.value.pk,
            )
    return _employee_form_page(request, form, employee)


@employer_required(service=Service.WORKFORCE)
def employee_end_contract_view(request: EmployerRequest, employee_id: int) -> HttpResponse:
    employee = _employee_or_404(request, employee_id)
    initial = {"contract_end": timezone.localdate().isoformat()}
    form = EndContractForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: employee_end_contract(
                employee=employee,
                contract_end=form.cleaned_data["contract_end"],
                actor=request.user,
            ),
            form=form,
            error_field="contract_end",
            refused=(ContractDatesError,),
        )
        if done.ok and done.value is not None:
            ended = done.value
            messages.success(
                request,
                _("The contract of %(name)s ends on %(date)s.")
                % {"name": ended.name, "date": ended.contract_end},
            )
            return redirect(
                "employers:employer-employee",
                establishment_id=ended.establishment_id,
                employee_id=ended.pk,
            )
    context = {"establishment": request.establishment, "employee": employee, "form": form}
    return render(request, "employers/employer/employee_end_contract.html", context)


@employer_required(service=Service.WORKFORCE)
def workforce_import_new_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    form = WorkforceImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        done = attempt(
            request,
            lambda: workforce_import_create(
                establishment=establishment,
                uploaded_by=request.user,
                original_filename=upload.name or "",
                content=upload.read(),
                language=translation.get_language() or "ar",
            ),
            form=form,
            error_field="file",
            refused=(WorkforceFileError,),
        )
        if done.ok and done.value is not None:
            return redirect(
                "employers:employer-workforce-import",
                establishment_id=establishment.pk,
                import_id=done.value.pk,
            )
    context = {
        "establishment": establishment,
        "form": form,
        "columns": COLUMNS,
        "max_rows": MAX_ROWS,
    }
    return render(request, "employers/employer/workforce_import_new.html", context)


@employer_required(service=Service.WORKFORCE)
def workforce_import_list_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    imports = workforce_import_list_for_establishment(establishment=establishment)
    page, query = page_with_query(request, imports, 25)
    context = {"establishment": establishment, "page": page, "query": query}
    return render(request, "employers/employer/workforce_import_list.html", context)


def _import_context(
    request: EmployerRequest, workforce_import: WorkforceImport
) -> dict[str, object]:
    return {
        "establishment": request.establishment,
        "import": workforce_import,
        "rejected_rows": workforce_import.rejected_rows[:REJECTED_ROWS_SHOWN],
        "rejected_rows_shown": REJECTED_ROWS_SHOWN,
    }


@employer_required(service=Service.WORKFORCE)
def workforce_import_detail_view(request: EmployerRequest, import_id: int) -> HttpResponse:
    workforce_import = _import_or_404(request, import_id)
    context = _import_context(request, workforce_import)
    return render(request, "employers/employer/workforce_import_detail.html", context)


@employer_required(service=Service.WORKFORCE)
def workforce_import_progress_view(request: EmployerRequest, import_id: int) -> HttpResponse:
    """The status panel alone, which htmx polls every second until the import has finished."""
    workforce_import = _import_or_404(request, import_id)
    context = _import_context(request, workforce_import)
    return render(request, "employers/employer/_workforce_import_progress.html", context)


@employer_required(service=Service.WORKFORCE)
def workforce_import_rejections_view(request: EmployerRequest, import_id: int) -> HttpResponse:
    workforce_import = _import_or_404(request, import_id)
    return csv_download(
        rejection_report_csv(workforce_import.rejected_rows),
        filename=f"workforce-import-{workforce_import.pk}-rejected-rows.csv",
    )


@employer_required(service=Service.WORKFORCE)
def workforce_export_csv_view(request: EmployerRequest) -> StreamingHttpResponse:
    establishment = request.establishment
    workforce_export_audit(establishment=establishment, actor=request.user, file_format="csv")
    return register_csv_response(establishment)


@employer_required(service=Service.WORKFORCE)
def workforce_export_xlsx_view(request: EmployerRequest) -> FileResponse:
    establishment = request.establishment
    workforce_export_audit(establishment=establishment, actor=request.user, file_format="xlsx")
    return register_xlsx_response(establishment)


@employer_required(service=Service.WORKFORCE)
def workforce_template_csv_view(request: EmployerRequest) -> HttpResponse:
    return csv_download(template_csv(), filename="workforce-template.csv")


@employer_required(service=Service.WORKFORCE)
def workforce_template_xlsx_view(request: EmployerRequest) -> FileResponse:
    return FileResponse(
        template_xlsx(),
        as_attachment=True,
        filename="workforce-template.xlsx",
        content_type=XLSX_TYPE,
    )
