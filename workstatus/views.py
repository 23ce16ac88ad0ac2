"""Pages of the worker status codes: the worker's own code and QR, the employer's list and
downloads, the scanner page (inspectors, worksite supervisors, accommodation guards) and the
staff counts and history search."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from accounts.http import SignedInRequest
from core.access import staff_required
from core.forms import attempt
from core.worker_languages import worker_page
from employers.access import employer_required
from employers.exports import csv_lines
from employers.http import EmployerRequest
from employers.models import Employee, Service
from employment.views.my_employment import prove_identity_page
from workstatus import selectors, services, tokens
from workstatus.access import may_see_worker_codes
from workstatus.forms import FindingForm, ScanForm
from workstatus.models import ScanLog
from workstatus.reasons import COMPONENTS, reason_for
from workstatus.rules import can_report_findings

QR_REFRESH_SECONDS = 30


# --- the worker -------------------------------------------------------------------------------


def _explained(status: Any) -> list[dict[str, Any]]:
    return [
        {"code": code, "label": reason_for(code).label, "todo": reason_for(code).todo}
        for code in (status.reasons if status else [])
    ]


@worker_page("workstatus/my_status.html", modules=("workstatus.reasons",), own_module=False)
@login_required
def my_status_view(request: SignedInRequest) -> HttpResponse:
    """The worker's code, reasons and what to do, and a QR that changes every half minute."""
    person = request.user
    if not person.identity_proven:
        return prove_identity_page(request)
    rows = []
    for employee in selectors.employees_of_person(user=person):
        status = selectors.status_for_employee(employee_id=employee.pk)
        qr = ""
        if status is not None:
            token = tokens.token_for(employee.pk)
            url = request.build_absolute_uri(f"{reverse('workstatus:scanner')}?t={token}")
            qr = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
        rows.append(
            {
                "employee": employee,
                "status": status,
                "reasons": _explained(status),
                "components": [(c, getattr(status, c, "")) for c in COMPONENTS],
                "qr": qr,
            }
        )
    context = {"rows": rows, "refresh": QR_REFRESH_SECONDS}
    response = render(request, "workstatus/my_status.html", context)
    response["Cache-Control"] = "no-store"
    return response


# --- the employer -----------------------------------------------------------------------------


def _employer_rows(request: EmployerRequest) -> list[dict[str, Any]]:
    if not may_see_worker_codes(user=request.user, establishment=request.establishment):
        raise Http404
    only_red = request.GET.get("only") == "red"
    return list(
        selectors.statuses_for_establishment(establishment=request.establishment, only_red=only_red)
    )


@employer_required(service=Service.WORKFORCE)
def employer_list_view(request: EmployerRequest) -> HttpResponse:
    rows = _employer_rows(request)
    for row in rows:
        row["reasons"] = _explained(row["status"])
    context = {
        "establishment": request.establishment,
        "rows": rows,
        "only_red": request.GET.get("only") == "red",
        "red": sum(1 for r in rows if not r["status"].is_green),
    }
    return render(request, "workstatus/employer_list.html", context)


EXPORT_COLUMNS = (
    "passport_number",
    "nationality",
    "name_ar",
    "name_en",
    "overall",
    "work",
    "health",
    "residency",
    "reasons",
    "computed_at",
)


def _export_rows(rows: list[dict[str, Any]]) -> Iterator[list[str]]:
    yield list(EXPORT_COLUMNS)
    for row in rows:
        employee, status = row["employee"], row["status"]
        yield [
            employee.passport_number or "",
            employee.nationality,
            employee.name_ar,
            employee.name_en,
            status.overall,
            status.work,
            status.health,
            status.residency,
            " ".join(status.reasons),
            timezone.localtime(status.computed_at).isoformat(timespec="minutes"),
        ]


def _filename(request: EmployerRequest, extension: str) -> str:
    day = timezone.localdate().isoformat()
    return f"worker-codes-{request.establishment.cr_number}-{day}.{extension}"


@employer_required(service=Service.WORKFORCE)
def employer_csv_view(request: EmployerRequest) -> StreamingHttpResponse:
    rows = _employer_rows(request)
    response = StreamingHttpResponse(
        csv_lines(_export_rows(rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "csv")}"'
    return response


@employer_required(service=Service.WORKFORCE)
def employer_xlsx_view(request: EmployerRequest) -> FileResponse:
    from employers.exports import spreadsheet_safe

    rows = _employer_rows(request)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Worker codes"))
    for line in _export_rows(rows):
        sheet.append([spreadsheet_safe(str(cell)) for cell in line])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=_filename(request, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# --- the scanner ------------------------------------------------------------------------------


def scanner_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Inspectors, worksite supervisors and accommodation guards (staff pass the second factor
    first); anyone else 403, anonymous visitors sign in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(user, "needs_second_factor", False) and not user.is_verified():  # type: ignore[attr-defined]
            return redirect(f"{reverse('accounts:two-factor')}?next={request.path}")
        if not user.has_perm("workstatus.scan"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _check(request: SignedInRequest, *, token: str, number: str, place: str) -> Any:
    """Check one worker and log the scan: one statement (the indexed lookup and the INSERT).
    The answer shows only the code, name and employer."""
    user = request.user
    if not token:
        return services.scan_check(
            scanned_by=user, method=ScanLog.Method.NUMBER, place=place, permit_number=number
        )
    try:
        employee_id = tokens.employee_id_from(token)
    except tokens.TokenExpired:
        return services.scan_record(
            scanned_by=user, method=ScanLog.Method.QR, place=place, result="expired"
        )
    except tokens.TokenInvalid:
        return services.scan_record(
            scanned_by=user, method=ScanLog.Method.QR, place=place, result="invalid"
        )
    return services.scan_check(
        scanned_by=user, method=ScanLog.Method.QR, place=place, employee_id=employee_id
    )


def _answer_page(request: SignedInRequest, answer: Any, place: str) -> HttpResponse:
    """The answer of a check on a page of its own, without the site's chrome (no menus, no
    forms library, no list of earlier checks): it is what a supervisor's phone opens from every
    QR at a gate, so it is kept to the answer, the inspector's finding form and a way back."""
    finding_form = None
    # the rule itself, not has_perm: for a role it refuses, has_perm would go on to ask the
    # permission tables (two queries) on every scan of a red worker
    if answer.result == "red" and can_report_findings(request.user):
        finding_form = FindingForm(initial={"scan_id": answer.scan_id, "place": place})
    context = {"answer": answer, "finding_form": finding_form}
    response = render(request, "workstatus/scanner_answer.html", context)
    response["Cache-Control"] = "no-store"
    return response


@scanner_required
def scanner_view(request: SignedInRequest) -> HttpResponse:
    """Scan a QR (its link opens this page with `t`: the answer alone) or type a permit number
    (the answer, then the form again)."""
    place = request.session.get("workstatus_place", "")
    token = request.GET.get("t", "")
    if request.method != "POST" and token:
        return _answer_page(request, _check(request, token=token, number="", place=place), place)
    form = ScanForm(request.POST or None, initial={"place": place})
    if request.method == "POST" and form.is_valid():
        place = form.cleaned_data["place"]
        request.session["workstatus_place"] = place
        answer = _check(
            request,
            token=form.cleaned_data["token"],
            number=form.cleaned_data["permit_number"],
            place=place,
        )
        return _answer_page(request, answer, place)
    context = {"form": form, "recent": selectors.scans_by(user=request.user, limit=10)}
    response = render(request, "workstatus/scanner.html", context)
    response["Cache-Control"] = "no-store"
    return response


@scanner_required
@require_POST
def finding_view(request: SignedInRequest) -> HttpResponse:
    """An inspector reports the red worker of one of their own scans as a finding."""
    if not request.user.has_perm("workstatus.report_findings"):
        raise PermissionDenied
    form = FindingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The finding was not reported: give the worksite."))
        return redirect("workstatus:scanner")
    scan = ScanLog.objects.filter(
        pk=form.cleaned_data["scan_id"], scanned_by=request.user, employee_id__isnull=False
    ).first()
    if scan is None:
        raise Http404
    employee = Employee.objects.get(pk=int(scan.employee_id or 0))
    attempt(
        request,
        lambda: services.finding_report(
            inspector=request.user,
            employee=employee,
            place=form.cleaned_data["place"],
            note=form.cleaned_data["note"],
            scan_id=scan.pk,
        ),
        success=_("The finding is reported."),
    )
    return redirect("workstatus:scanner")


# --- staff ------------------------------------------------------------------------------------

COUNT_KINDS = {
    "code": _("code"),
    "reason": _("reason"),
    "sector": _("sector"),
    "governorate": _("governorate"),
}


@staff_required("workstatus.view_counts")
def staff_counts_view(request: SignedInRequest) -> HttpResponse:
    by = request.GET.get("by", "code")
    if by not in COUNT_KINDS:
        by = "code"
    rows = selectors.counts(by=by)
    if by == "reason":
        for row in rows:
            row["label"] = reason_for(row["key"]).label
    context = {
        "by": by,
        "kinds": [
            ("code", _("Code")),
            ("reason", _("Reason")),
            ("sector", _("Sector")),
            ("governorate", _("Governorate")),
        ],
        "rows": rows,
        "can_history": request.user.has_perm("workstatus.view_history"),
        "can_recompute": request.user.has_perm("workstatus.recompute"),
        "last_run": services.RecomputeRun.objects.order_by("-created_at").first(),
    }
    return render(request, "workstatus/staff_counts.html", context)


@staff_required("workstatus.recompute")
@require_POST
def staff_recompute_view(request: SignedInRequest) -> HttpResponse:
    from workstatus.tasks import recompute_all_task

    recompute_all_task.delay("staff")
    messages.success(request, _("The recompute of every worker's code has started."))
    return redirect("workstatus:staff-counts")


@staff_required("workstatus.view_history")
def staff_history_view(request: SignedInRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:60]
    workers = selectors.search_workers(query=query) if query else []
    results = []
    for worker in workers[:10]:
        history = [
            {"change": change, "explained": [reason_for(code).label for code in change.reasons]}
            for change in selectors.history_for_employee(employee_id=worker.pk)[:20]
        ]
        results.append(
            {
                "employee": worker,
                "status": selectors.status_for_employee(employee_id=worker.pk),
                "history": history,
            }
        )
    context = {"query": query, "results": results}
    return render(request, "workstatus/staff_history.html", context)


@employer_required(service=Service.WORKFORCE)
def employer_declaration_view(request: EmployerRequest, employee_id: int) -> HttpResponse:
    """The employer declares a foreign worker's accommodation address and worksite."""
    from django.shortcuts import get_object_or_404

    from workstatus.forms import DeclarationForm
    from workstatus.models import Declaration

    if not may_see_worker_codes(user=request.user, establishment=request.establishment):
        raise Http404
    employee = get_object_or_404(
        Employee.objects.exclude(nationality=Employee.OMANI),
        pk=employee_id,
        establishment=request.establishment,
    )
    current = Declaration.objects.filter(employee=employee).first()
    initial = {"address": current.address, "worksite": current.worksite} if current else {}
    form = DeclarationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.declaration_save(
                employee=employee,
                address=form.cleaned_data["address"],
                worksite=form.cleaned_data["worksite"],
                declared_by=request.user,
            ),
            form=form,
            success=_("The declaration is saved; the worker's code is recomputed."),
        )
        if done.ok:
            return redirect(
                "workstatus:employer-worker-codes", establishment_id=request.establishment.pk
            )
    context = {"establishment": request.establishment, "employee": employee, "form": form}
    return render(request, "workstatus/employer_declaration.html", context)
