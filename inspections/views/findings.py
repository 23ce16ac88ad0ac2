"""The inspector's capture of findings (the phone's form posts here, online or replayed from its
queue once back online) and the desk decision on each finding: confirm (a violation) or
dismiss. A request asking for JSON (the phone's script) gets JSON back: 201 for a finding
written now, 200 for a replay of one already written, 400 with the errors for a refusal."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from core.access import staff_required
from core.exceptions import ApplicationError, PermissionDeniedError
from core.forms import attempt
from inspections.forms import FindingForm, ReasonForm, ReportForm
from inspections.models import Finding, Visit
from inspections.selectors import finding_with_photo, visit_findings
from inspections.services.findings import finding_confirm, finding_dismiss, finding_record
from inspections.services.reports import visit_report
from inspections.views.photo import photo_response
from inspections.views.visits import visit_or_404

T = "inspections/staff/"
REFUSED = (ApplicationError, PermissionDeniedError)


def finding_form(visit: Visit, data: object = None, files: object = None) -> FindingForm:
    """The capture form of `visit`, with a fresh reference for a finding started now."""
    items = [(item.code, item.text) for item in visit.visit_type.items.all()]
    return FindingForm(
        data,
        files,
        items=items,
        initial={"client_id": uuid.uuid4(), "workers_concerned": 1},
    )


def visit_page(request: SignedInRequest, visit: Visit, form: FindingForm | None) -> HttpResponse:
    """The visit's page, with the capture form for its inspector while it is in the field."""
    is_inspector = visit.inspector_id == request.user.pk
    if form is None and is_inspector and visit.status in Visit.IN_THE_FIELD:
        form = finding_form(visit)
    context = {
        "visit": visit,
        "items": list(visit.visit_type.items.all()),
        "findings": visit_findings(visit=visit),
        "is_inspector": is_inspector,
        "form": form,
        "reason_form": ReasonForm(),
        "cancel_form": ReasonForm(prefix="cancel") if visit.can_cancel else None,
        "report_form": ReportForm()
        if is_inspector and visit.status in Visit.IN_THE_FIELD
        else None,
    }
    return render(request, f"{T}visit_detail.html", context)


def _wants_json(request: SignedInRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@staff_required("inspections.inspect")
def finding_record_view(request: SignedInRequest, visit_id: int) -> HttpResponse:
    """GET: the visit's page with its capture form (where the form lives). POST: capture."""
    visit = visit_or_404(visit_id)
    if request.method != "POST":
        return visit_page(request, visit, None)
    form = finding_form(visit, request.POST, request.FILES)
    done = None
    if form.is_valid():
        values = form.cleaned_data
        done = attempt(
            request,
            lambda: finding_record(
                visit=visit,
                recorded_by=request.user,
                client_id=values["client_id"],
                item_code=values["item"],
                observed_on=values["observed_on"],
                workers_concerned=values["workers_concerned"],
                note=values["note"],
                photo=values["photo"],
            ),
            form=form,
            refused=REFUSED,
        )
    if _wants_json(request):
        if done is not None and done.ok and done.value is not None:
            finding, created = done.value
            return JsonResponse(
                {"finding": finding.pk, "created": created}, status=201 if created else 200
            )
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    if done is not None and done.ok:
        return redirect("inspections:staff-visit", visit_id=visit.pk)
    return visit_page(request, visit, form)


def _finding_or_404(visit: Visit, finding_id: int) -> Finding:
    finding = visit_findings(visit=visit).filter(pk=finding_id).first()
    if finding is None:
        raise Http404
    return finding


@staff_required("inspections.inspect")
@require_POST
def finding_confirm_view(request: SignedInRequest, visit_id: int, finding_id: int) -> HttpResponse:
    visit = visit_or_404(visit_id)
    finding = _finding_or_404(visit, finding_id)
    attempt(
        request,
        lambda: finding_confirm(finding=finding, confirmed_by=request.user),
        success=_("The finding is confirmed: the violation was recorded and the employer told."),
        refused=REFUSED,
    )
    return redirect("inspections:staff-visit", visit_id=visit.pk)


@staff_required("inspections.inspect")
@require_POST
def finding_dismiss_view(request: SignedInRequest, visit_id: int, finding_id: int) -> HttpResponse:
    visit = visit_or_404(visit_id)
    finding = _finding_or_404(visit, finding_id)
    form = ReasonForm(request.POST)
    attempt(
        request,
        lambda: finding_dismiss(
            finding=finding,
            dismissed_by=request.user,
            reason=form.data.get("reason", ""),
        ),
        success=_("The finding is dismissed."),
        refused=REFUSED,
    )
    return redirect("inspections:staff-visit", visit_id=visit.pk)


@staff_required("inspections.inspect")
@require_POST
def visit_report_view(request: SignedInRequest, visit_id: int) -> HttpResponse:
    visit = visit_or_404(visit_id)
    form = ReportForm(request.POST)
    attempt(
        request,
        lambda: visit_report(
            visit=visit, reported_by=request.user, summary=form.data.get("summary", "")
        ),
        success=_("The report is sent; the employer was told by SMS."),
        refused=REFUSED,
    )
    return redirect("inspections:staff-visit", visit_id=visit.pk)


@staff_required("inspections.view")
def finding_photo_view(request: SignedInRequest, visit_id: int, finding_id: int) -> HttpResponse:
    """The photo of a finding, to whoever may see the visit (never a public media URL)."""
    visit = visit_or_404(visit_id)
    finding = finding_with_photo(visit=visit, finding_id=finding_id)
    if finding is None:
        raise Http404
    return photo_response(finding)
