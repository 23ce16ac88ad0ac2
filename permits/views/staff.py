"""Ministry pages of work permits: the officer queue, the case page and its actions (assign,
request documents, recommend, decide with four eyes, suspend, reinstate), the documents and
the permit rule sets. Cross-establishment by design; every action goes through a service."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from accounts.models import User
from core.access import staff_required
from core.exceptions import ApplicationError
from core.forms import attempt
from core.models import AuditEvent
from core.paging import page_with_query
from core.private_files import private_file_path
from employers.models import Employee
from permits.forms.staff import (
    AssignForm,
    DecisionForm,
    DocumentRequestForm,
    QueueFilterForm,
    RecommendForm,
    ReinstateForm,
    SuspendForm,
)
from permits.models import Permit
from permits.presentation import check_rows
from permits.questions import held_cancel_proposal, medical_fitness
from permits.selectors import (
    QueueFilter,
    fee_band_for_permit,
    permit_document_get,
    permit_events,
    permit_get_all_establishments,
    permit_queue_all_establishments,
)
from permits.services import (
    permit_approve,
    permit_assign,
    permit_document_downloaded,
    permit_recommend,
    permit_reinstate,
    permit_reject,
    permit_request_documents,
    permit_suspend,
)
from taxonomy.models import Occupation
from taxonomy.selectors import occupation_titles

QUEUE_PAGE_SIZE = 25


def _permit_or_404(permit_id: int) -> Permit:
    permit = permit_get_all_establishments(permit_id=permit_id)
    if permit is None:
        raise Http404
    return permit


def _to_case(permit: Permit) -> HttpResponse:
    return redirect("permits:staff-case", permit_id=permit.pk)


def _form_errors_to_messages(request: HttpRequest, form: forms.Form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


# --- the queue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    permit: Permit
    occupation: Occupation | None
    failed_checks: int
    age_days: int


@staff_required("permits.work_queue")
def queue_view(request: SignedInRequest) -> HttpResponse:
    """Applications waiting for a decision, oldest first. An invalid filter is reported and the
    unfiltered queue shown, as on the other staff lists."""
    form = QueueFilterForm(request.GET or None)
    filters = form.queue_filter() if form.is_valid() else QueueFilter()
    permits = permit_queue_all_establishments(user=request.user, filters=filters)
    page, query = page_with_query(request, permits, QUEUE_PAGE_SIZE)
    titles = occupation_titles(codes={permit.occupation_code for permit in page.object_list})
    today = timezone.localdate()
    rows = [
        QueueRow(
            permit=permit,
            occupation=titles.get(permit.occupation_code),
            failed_checks=len(permit.failed_checks),
            age_days=(today - _local_date(permit.created_at)).days,
        )
        for permit in page.object_list
    ]
    context = {"form": form, "page": page, "query": query, "rows": rows}
    return render(request, "permits/staff/queue.html", context)


# --- the case -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    event: AuditEvent
    note: str


def _history(permit: Permit) -> list[HistoryRow]:
    """The permit's events, each with the note, reason or decision it recorded (if any)."""
    rows = []
    for event in permit_events(permit=permit).select_related("actor"):
        after = event.after if isinstance(event.after, dict) else {}
        note = after.get("note") or after.get("reason") or after.get("decision_reason") or ""
        rows.append(HistoryRow(event=event, note=str(note)))
    return rows


def _approve_label(permit: Permit, user: User) -> tuple[str, bool]:
    """The approve button's label, and whether this approver may press it (the proposer of an
    exception may not confirm it)."""
    if permit.checks_passed:
        return _("Approve and issue"), True
    if permit.override_requested_by_id is None:
        return _("Propose an exception"), True
    if permit.override_requested_by_id == user.pk:
        return _("Confirm the exception (second approver)"), False
    return _("Confirm the exception (second approver)"), True


@staff_required("permits.work_queue")
def case_view(request: SignedInRequest, permit_id: int) -> HttpResponse:
    permit = _permit_or_404(permit_id)
    user: User = request.user
    can_decide = user.has_perm("permits.decide")
    waiting = permit.status in Permit.QUEUE or permit.status == Permit.Status.DOCUMENTS_REQUESTED
    approve_label, may_approve = _approve_label(permit, user)
    occupation = occupation_titles(codes={permit.occupation_code}).get(permit.occupation_code)
    context = {
        "fee_band": fee_band_for_permit(permit=permit),
        "permit": permit,
        "medical": medical_fitness.ask(
            nationality=permit.nationality, passport_number=permit.passport_number
        ),
        "occupation": occupation,
        "job_level": Employee.JobLevel(permit.job_level).label,
        "checks": check_rows(permit),
        "documents": permit.documents.all(),
        "document_requests": permit.document_requests.select_related("requested_by"),
        "history": _history(permit),
        "can_assign": waiting,
        "can_request_documents": permit.can_transition_to(Permit.Status.DOCUMENTS_REQUESTED),
        "can_recommend": permit.status in Permit.QUEUE,
        "can_decide": can_decide and waiting,
        "can_approve": permit.status in Permit.QUEUE and may_approve,
        "approve_label": approve_label,
        "is_proposer": permit.override_requested_by_id == user.pk,
        "can_suspend": can_decide and permit.can_transition_to(Permit.Status.SUSPENDED),
        "can_reinstate": can_decide and permit.status == Permit.Status.SUSPENDED,
        **_held_cancel_context(permit),
        # Several forms on one page: each gets its own element ids.
        "assign_form": AssignForm(
            user=user, initial={"officer": permit.assigned_to_id}, auto_id="assign_%s"
        ),
        "document_form": DocumentRequestForm(auto_id="document_%s"),
        "recommend_form": RecommendForm(auto_id="recommend_%s"),
        "decision_form": DecisionForm(auto_id="decision_%s"),
        "suspend_form": SuspendForm(auto_id="suspend_%s"),
        "reinstate_form": ReinstateForm(auto_id="reinstate_%s"),
    }
    return render(request, "permits/staff/case.html", context)


def _held_cancel_context(permit: Permit) -> dict[str, object]:
    """A permit held at payment: whether its cancellation with a refund of its fee may be
    proposed here, and the proposal waiting (payments answers)."""
    held = permit.status == Permit.Status.APPROVED and permit.issue_held_at is not None
    return {"held_cancel": held_cancel_proposal.ask(permit=permit) if held else None}


# --- actions --------------------------------------------------------------------------------


def _case_action(
    request: SignedInRequest,
    permit_id: int,
    form: forms.Form,
    act: Callable[[Permit, dict[str, Any]], object],
    success: Callable[[Permit, dict[str, Any]], str],
) -> HttpResponse:
    """A staff POST on a case: the bound `form`'s errors as messages, else `act` (the service,
    from the case and the cleaned data) with its `success` message or its refusal; back to the
    case either way."""
    permit = _permit_or_404(permit_id)
    if not form.is_valid():
        _form_errors_to_messages(request, form)
        return _to_case(permit)
    data = form.cleaned_data
    attempt(
        request,
        lambda: act(permit, data),
        success=success(permit, data),
        refused=(ApplicationError,),
    )
    return _to_case(permit)


@staff_required("permits.work_queue")
@require_POST
def assign_view(request: SignedInRequest, permit_id: int) -> HttpResponse:
    return _case_action(
        request,
        permit_id,
        AssignForm(request.POST, user=request.user),
        lambda permit, data: permit_assign(
            permit=permit, officer=data["officer"], assigned_by=request.user
        ),
        lambda permit, data: (
            _("Case %(number)s is assigned to %(name)s.")
            % {"number": permit.number, "name": data["officer"].display_name}
        ),
    )


@staff_required("permits.work_queue")
@require_POST
def request_documents_view(request: SignedInRequest, permit_id: int) -> HttpResponse:
    return _case_action(
        request,
        permit_id,
        DocumentRequestForm(request.POST),
        lambda permit, data: permit_request_documents(
            permit=permit, officer=request.user, kind=data["kind"], note=data["note"]
        ),
        lambda _permit, _data: _(
            "The employer is asked by SMS for the document; the case waits for it."
        ),
    )


@staff_required("permits.work_queue")
@require_POST
def recommend_view(request: SignedInRequest, permit_id: int) -> HttpResponse:
    return _case_action(
        request,
        permit_id,
        RecommendForm(request.POST),
        lambda permit, data: permit_recommend(
            permit=permit,
            officer=request.user,
            recommendation=data["recommendation"],
            note=data["note"],
        ),
        lambda _permit, _data: _("Your recommendation is recorded for the approver."),
    )


@staff_required("permits.decide")
@require_POST
def decide_view(request: SignedInRequest, permit_id: int) -> HttpResponse:
    """Approve or reject. Where a check failed, the first approval only proposes an exception
    and a second, different approver confirms it (the service enforces the four eyes)."""
    permit = _permit_or_404(permit_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        _form_errors_to_messages(request, form)
        return _to_case(permit)
    approver: User = request.user
    reason = form.cleaned_data["reason"]
    decide = permit_approve if form.cleaned_data["decision"] == "approve" else permit_reject
    done = attempt(
        request,
        lambda: decide(permit=permit, approver=approver, reason=reason),
        refused=(ApplicationError,),
    )
    decided = done.value
    if not done.ok or decided is None:
        return _to_case(permit)
    if decided.status in Permit.QUEUE:
        messages.success(
            request,
            _(
                "The exception is proposed for permit %(number)s: a second approver must "
                "confirm it before the permit is issued."
            )
            % {"number": decided.number},
        )
    elif decided.status == Permit.Status.REJECTED:
        messages.success(
            request,
            _("Permit %(number)s is rejected; the employer and the worker are told by SMS.")
            % {"number": decided.number},
        )
    else:
        messages.success(
            request,
            _(
                "Permit %(number)s is approved and issued; the employer and the worker are told "
                "by SMS."
            )
            % {"number": decided.number},
        )
    return _to_case(permit)


@staff_required("permits.decide")
@require_POST
def suspend_view(request: SignedInRequest, permit_id: int) -> HttpResponse:
    return _case_action(
        request,
        permit_id,
        SuspendForm(request.POST),
        lambda permit, data: permit_suspend(
            permit=permit, suspended_by=request.user, reason=data["reason"]
        ),
        lambda permit, _data: _("Permit %(number)s is suspended.") % {"number": permit.number},
    )


@staff_required("permits.decide")
@require_POST
def reinstate_view(request: SignedInRequest, permit_id: int) -> HttpResponse:
    return _case_action(
        request,
        permit_id,
        ReinstateForm(request.POST),
        lambda permit, data: permit_reinstate(
            permit=permit, reinstated_by=request.user, reason=data["reason"]
        ),
        lambda permit, _data: _("Permit %(number)s is valid again.") % {"number": permit.number},
    )


# --- documents ------------------------------------------------------------------------------


# core.access types views as returning HttpResponse; a download streams.
@staff_required("permits.work_queue")  # type: ignore[arg-type]
def document_download_view(
    request: SignedInRequest, permit_id: int, document_id: int
) -> FileResponse:
    """A stored document of this permit, as an attachment (never rendered by the browser)."""
    permit = permit_get_all_establishments(permit_id=permit_id)
    document = permit_document_get(permit=permit, document_id=document_id) if permit else None
    if document is None:
        raise Http404
    try:
        handle = private_file_path(document.stored_path).open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    permit_document_downloaded(document=document, actor=request.user)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
