"""The employer's accommodation page: each foreign worker's declared room, declaring one
worker, importing a file of declarations (all rows or none, each row's errors listed), and
operating the establishment's own accommodation."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accommodation import imports, selectors, services
from accommodation.forms import DeclarationForm, ImportForm
from core.forms import attempt
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Employee, Service


def _foreign_workers(request: EmployerRequest) -> list[Employee]:
    return list(
        Employee.objects.filter(establishment=request.establishment)
        .exclude(nationality=Employee.OMANI)
        .order_by("name_en", "pk")
    )


def _page(request: EmployerRequest, **context: object) -> dict[str, object]:
    return {
        "establishment": request.establishment,
        "declarations": selectors.declarations_for_establishment(
            establishment=request.establishment
        ),
        "operates": hasattr(request.establishment, "accommodation_operator"),
        "form": DeclarationForm(employees=_foreign_workers(request)),
        "import_form": ImportForm(),
        **context,
    }


@employer_required(service=Service.WORKFORCE)
def accommodation_view(request: EmployerRequest) -> HttpResponse:
    return render(request, "accommodation/employer.html", _page(request))


@employer_required(service=Service.WORKFORCE)
def declare_view(request: EmployerRequest) -> HttpResponse:
    form = DeclarationForm(request.POST or None, employees=_foreign_workers(request))
    if request.method == "POST" and form.is_valid():
        employee = form.employees[form.cleaned_data["employee"]]
        done = attempt(
            request,
            lambda: services.declaration_save(
                employee=employee, room=form.cleaned_data["room_obj"], declared_by=request.user
            ),
            form=form,
            success=_("The accommodation is declared; the worker's code is recomputed."),
        )
        if done.ok:
            return redirect(
                "accommodation:employer-accommodation", establishment_id=request.establishment.pk
            )
    return render(
        request,
        "accommodation/employer.html",
        _page(request, form=form),
        status=400 if request.method == "POST" else 200,
    )


@employer_required(service=Service.WORKFORCE)
def import_view(request: EmployerRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: imports.declarations_import(
                establishment=request.establishment,
                data=form.cleaned_data["file"].read(imports.MAX_BYTES + 1),
                by=request.user,
            ),
            form=form,
            error_field="file",
        )
        result = done.value
        if result is not None and not result.errors:
            messages.success(
                request,
                _("%(n)s declarations are saved.") % {"n": result.declared},
            )
            return redirect(
                "accommodation:employer-accommodation", establishment_id=request.establishment.pk
            )
        if result is not None:
            return render(
                request,
                "accommodation/employer.html",
                _page(request, import_form=form, row_errors=result.errors),
                status=400,
            )
    return render(
        request,
        "accommodation/employer.html",
        _page(request, import_form=form),
        status=400 if request.method == "POST" else 200,
    )


@employer_required(service=Service.WORKFORCE)
@require_POST
def operate_view(request: EmployerRequest) -> HttpResponse:
    """The establishment operates the accommodation of its own workers."""
    services.operator_for_establishment_create(establishment=request.establishment, by=request.user)
    messages.success(
        request, _("Your establishment now operates its own accommodation: register its sites.")
    )
    return redirect("accommodation:operator-sites")
