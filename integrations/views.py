"""Staff pages of the syncs with other entities: each entity's state, its runs and the records
it sent that were refused; pause, resume and re-run (POST forms, no JavaScript needed)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import SignedInRequest
from accounts.models import User
from core.access import staff_required
from core.forms import attempt
from core.paging import page_with_query
from integrations.entities import Entity
from integrations.forms import (
    CaseFilterForm,
    CaseResolveForm,
    RejectedFilterForm,
    SyncControlForm,
    SyncRunFilterForm,
)
from integrations.models import DataQualityCase
from integrations.reconciliation.selectors import (
    case_get_all_establishments,
    case_open_counts_by_kind,
    case_side_by_side,
    cases_all_establishments,
    reconciliation_runs_recent,
)
from integrations.reconciliation.services import (
    KEEP_OTHER,
    KEEP_PORTAL,
    CaseResolutionError,
    case_accept_source,
    case_dismiss,
    case_keep_portal,
    case_merge,
    reconciliation_run_request,
)
from integrations.selectors import rejected_records_all, sync_runs_all, sync_sources_overview
from integrations.services import (
    SyncControlError,
    sync_rerun_request,
    sync_source_pause,
    sync_source_resume,
)


@staff_required("integrations.view_syncs")
def sources_view(request: SignedInRequest) -> HttpResponse:
    context = {
        "sources": sync_sources_overview(),
        "can_operate": request.user.has_perm("integrations.operate_syncs"),
    }
    return render(request, "integrations/staff/sources.html", context)


@staff_required("integrations.view_syncs")
def runs_view(request: SignedInRequest) -> HttpResponse:
    form = SyncRunFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    runs = sync_runs_all(entity=filters.get("entity", ""), status=filters.get("status", ""))
    page, query = page_with_query(request, runs, 50)
    return render(
        request, "integrations/staff/runs.html", {"form": form, "page": page, "query": query}
    )


@staff_required("integrations.view_records")
def rejected_view(request: SignedInRequest) -> HttpResponse:
    form = RejectedFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    records = rejected_records_all(
        entity=filters.get("entity", ""),
        run_id=filters.get("run"),
        reason=filters.get("reason", ""),
    )
    page, query = page_with_query(request, records, 25)
    return render(
        request, "integrations/staff/rejected.html", {"form": form, "page": page, "query": query}
    )


def _control(request: HttpRequest, action: Callable[[str, User, bool], str]) -> HttpResponse:
    form = SyncControlForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the entities."))
        return redirect("integrations:staff-sources")
    entity = form.cleaned_data["entity"]
    done = attempt(
        request,
        lambda: action(entity, request.user, form.cleaned_data["from_start"]),  # type: ignore[arg-type]
        refused=(SyncControlError,),
    )
    if done.ok and done.value is not None:
        messages.success(request, done.value)  # the service says what it did
    return redirect("integrations:staff-sources")


def _label(entity: str) -> str:
    return str(Entity(entity).label)


@staff_required("integrations.operate_syncs")
@require_POST
def pause_view(request: SignedInRequest) -> HttpResponse:
    def pause(entity: str, actor: User, _from_start: bool) -> str:
        sync_source_pause(entity=entity, actor=actor)
        return _("The sync of %(entity)s is paused.") % {"entity": _label(entity)}

    return _control(request, pause)


@staff_required("integrations.operate_syncs")
@require_POST
def resume_view(request: SignedInRequest) -> HttpResponse:
    def resume(entity: str, actor: User, _from_start: bool) -> str:
        sync_source_resume(entity=entity, actor=actor)
        return _("The sync of %(entity)s is resumed.") % {"entity": _label(entity)}

    return _control(request, resume)


@staff_required("integrations.operate_syncs")
@require_POST
def rerun_view(request: SignedInRequest) -> HttpResponse:
    def rerun(entity: str, actor: User, from_start: bool) -> str:
        sync_rerun_request(entity=entity, actor=actor, from_start=from_start)
        return _("A run of %(entity)s is queued.") % {"entity": _label(entity)}

    return _control(request, rerun)


# --- data-quality cases --------------------------------------------------------------------------

# Which buttons each kind offers (the service refuses the others anyway).
CASE_ACTIONS: dict[str, tuple[str, ...]] = {
    DataQualityCase.Kind.DUPLICATE_PERSON: ("merge_portal", "merge_other", "dismiss"),
}
DEFAULT_ACTIONS = ("accept_source", "keep_portal", "dismiss")


def _case_labels(case: DataQualityCase) -> tuple[str, str]:
    """Headings of the two columns of the case page."""
    if case.kind == DataQualityCase.Kind.DUPLICATE_PERSON:
        second = (
            _("Second record (register)")
            if case.other_employee_id
            else _("Second record (social insurance)")
        )
        return second, _("First record (register)")
    return (
        str(Entity(case.source_entity).label) if case.source_entity else _("Entity"),
        _("Portal"),
    )


@staff_required("integrations.view_cases")
def cases_view(request: SignedInRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = cases_all_establishments(
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
        entity=filters.get("entity", ""),
        cr_number=filters.get("cr_number", ""),
    )
    page, query = page_with_query(request, cases, 50)
    open_counts = case_open_counts_by_kind()
    context = {
        "form": form,
        "page": page,
        "query": query,
        "open_counts": [
            (kind, label, open_counts.get(kind, 0)) for kind, label in DataQualityCase.Kind.choices
        ],
        "runs": reconciliation_runs_recent(limit=3),
        "can_run": request.user.has_perm("integrations.run_reconciliation"),
    }
    return render(request, "integrations/staff/cases.html", context)


@staff_required("integrations.view_cases")
def case_detail_view(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = case_get_all_establishments(case_id=case_id)
    if case is None:
        raise Http404
    left, right = _case_labels(case)
    actions = CASE_ACTIONS.get(case.kind, DEFAULT_ACTIONS)
    context = {
        "case": case,
        "side_by_side": case_side_by_side(case=case, left_label=left, right_label=right),
        "actions": [(value, label) for value, label in CaseResolveForm.ACTIONS if value in actions],
        "form": CaseResolveForm(),
        "can_work": request.user.has_perm("integrations.work_cases")
        and case.status == DataQualityCase.Status.OPEN,
    }
    return render(request, "integrations/staff/case_detail.html", context)


@staff_required("integrations.work_cases")
@require_POST
def case_resolve_view(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = case_get_all_establishments(case_id=case_id)
    if case is None:
        raise Http404
    form = CaseResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the decisions."))
        return redirect("integrations:staff-case", case_id=case.pk)
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    actor: User = request.user

    def resolve() -> None:
        if action == "accept_source":
            case_accept_source(case=case, actor=actor, note=note)
        elif action == "keep_portal":
            case_keep_portal(case=case, actor=actor, note=note)
        elif action in {"merge_portal", "merge_other"}:
            keep = KEEP_PORTAL if action == "merge_portal" else KEEP_OTHER
            case_merge(case=case, actor=actor, keep=keep, note=note)
        else:
            case_dismiss(case=case, actor=actor, reason=note)

    attempt(request, resolve, success=_("The case is closed."), refused=(CaseResolutionError,))
    return redirect("integrations:staff-case", case_id=case.pk)


@staff_required("integrations.run_reconciliation")
@require_POST
def reconcile_view(request: SignedInRequest) -> HttpResponse:
    reconciliation_run_request(actor=request.user)
    messages.success(request, _("A reconciliation run is queued."))
    return redirect("integrations:staff-cases")
