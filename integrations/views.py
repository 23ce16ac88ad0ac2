"""Staff pages of the syncs with other entities: each entity's state, its runs and the records
it sent that were refused; pause, resume and re-run (POST forms, no JavaScript needed)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import staff_required
from accounts.models import User
from core.paging import page_with_query
from integrations.entities import Entity
from integrations.forms import RejectedFilterForm, SyncControlForm, SyncRunFilterForm
from integrations.selectors import rejected_records_all, sync_runs_all, sync_sources_overview
from integrations.services import (
    SyncControlError,
    sync_rerun_request,
    sync_source_pause,
    sync_source_resume,
)


@staff_required("integrations.view_syncs")
def sources_view(request: HttpRequest) -> HttpResponse:
    context = {
        "sources": sync_sources_overview(),
        "can_operate": request.user.has_perm("integrations.operate_syncs"),
    }
    return render(request, "integrations/staff/sources.html", context)


@staff_required("integrations.view_syncs")
def runs_view(request: HttpRequest) -> HttpResponse:
    form = SyncRunFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    runs = sync_runs_all(entity=filters.get("entity", ""), status=filters.get("status", ""))
    page, query = page_with_query(request, runs, 50)
    return render(
        request, "integrations/staff/runs.html", {"form": form, "page": page, "query": query}
    )


@staff_required("integrations.view_syncs")
def rejected_view(request: HttpRequest) -> HttpResponse:
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
    try:
        done = action(entity, request.user, form.cleaned_data["from_start"])  # type: ignore[arg-type]
    except SyncControlError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("integrations:staff-sources")


def _label(entity: str) -> str:
    return str(Entity(entity).label)


@staff_required("integrations.operate_syncs")
@require_POST
def pause_view(request: HttpRequest) -> HttpResponse:
    def pause(entity: str, actor: User, _from_start: bool) -> str:
        sync_source_pause(entity=entity, actor=actor)
        return _("The sync of %(entity)s is paused.") % {"entity": _label(entity)}

    return _control(request, pause)


@staff_required("integrations.operate_syncs")
@require_POST
def resume_view(request: HttpRequest) -> HttpResponse:
    def resume(entity: str, actor: User, _from_start: bool) -> str:
        sync_source_resume(entity=entity, actor=actor)
        return _("The sync of %(entity)s is resumed.") % {"entity": _label(entity)}

    return _control(request, resume)


@staff_required("integrations.operate_syncs")
@require_POST
def rerun_view(request: HttpRequest) -> HttpResponse:
    def rerun(entity: str, actor: User, from_start: bool) -> str:
        sync_rerun_request(entity=entity, actor=actor, from_start=from_start)
        return _("A run of %(entity)s is queued.") % {"entity": _label(entity)}

    return _control(request, rerun)
