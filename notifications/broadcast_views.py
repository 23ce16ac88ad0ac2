"""Staff pages of broadcasts to workers: compose, count and preview, submit, decide (four
eyes), and follow the send and its delivery (notifications.broadcasts). Staff only: no worker
page names this module, so its messages need Arabic, not the workers' languages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import staff_required
from core.forms import attempt
from core.paging import page_with_query
from notifications.broadcasts import (
    broadcast_audience,
    broadcast_decide,
    broadcast_resume,
    broadcast_save,
    broadcast_submit,
    broadcast_texts,
    broadcast_withdraw,
)
from notifications.forms import BroadcastDecisionForm, BroadcastForm
from notifications.models import Broadcast
from notifications.segments import segment_describe
from notifications.selectors import (
    broadcast_latest_run,
    broadcast_statistics,
    broadcasts_all,
)

if TYPE_CHECKING:
    # The configured user model (AUTH_USER_MODEL), named without importing the app above.
    from django.contrib.auth.models import _User as User

    class StaffRequest(HttpRequest):
        """A staff member's request (`staff_required` has checked it): its user is a User."""

        user: User

else:
    StaffRequest = HttpRequest


@staff_required("notifications.view_broadcasts")
def broadcast_list_view(request: StaffRequest) -> HttpResponse:
    page, query = page_with_query(request, broadcasts_all(), 25)
    return render(
        request, "notifications/staff/broadcast_list.html", {"page": page, "query": query}
    )


@staff_required("notifications.compose_broadcasts")
def broadcast_edit_view(request: StaffRequest, broadcast_id: int | None = None) -> HttpResponse:
    """Compose a broadcast, or change a draft; saving shows its count and preview."""
    instance = get_object_or_404(Broadcast, pk=broadcast_id) if broadcast_id else Broadcast()
    editable = not instance.pk or (
        instance.status in Broadcast.EDITABLE and instance.created_by_id == request.user.pk
    )
    form = BroadcastForm(request.POST or None, instance=instance)
    if not editable:
        # shown, not changed: the service would refuse it (only its author, only a draft)
        for field in form.fields.values():
            field.disabled = True
        messages.warning(request, _("Only its author may change a broadcast, and only a draft."))
    elif request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: broadcast_save(broadcast=form.instance, actor=request.user),
            form=form,
            success=_("The draft is saved: check the count and the preview, then submit it."),
        )
        if done.ok and done.value is not None:
            return redirect("notifications:staff-broadcast", done.value.pk)
    return render(
        request,
        "notifications/staff/broadcast_edit.html",
        {"form": form, "broadcast": instance, "editable": editable},
    )


def _broadcast_preview(
    broadcast: Broadcast, by_language: dict[str, int]
) -> list[dict[str, object]]:
    """Each language the messages go in: its name, the text as sent, how many get it."""
    names = dict(settings.LANGUAGES)
    texts = broadcast_texts(broadcast=broadcast)
    rows: list[dict[str, object]] = []
    for code, _name in settings.LANGUAGES:
        sent, text = texts[code]
        if sent != code:
            continue
        rows.append(
            {
                "code": code,
                "name": names[code],
                "text": text,
                "count": by_language.get(code, 0),
                "rtl": code in settings.LANGUAGES_BIDI,
            }
        )
    return rows


@staff_required("notifications.view_broadcasts")
def broadcast_detail_view(request: StaffRequest, broadcast_id: int) -> HttpResponse:
    broadcast = get_object_or_404(broadcasts_all(), pk=broadcast_id)
    run = broadcast_latest_run(broadcast=broadcast)
    context: dict[str, object] = {"broadcast": broadcast, "run": run}
    if getattr(request, "htmx", False) and run is not None and "progress" in request.GET:
        return render(request, "notifications/staff/_broadcast_progress.html", context)
    audience = None
    if broadcast.status in {Broadcast.Status.DRAFT, Broadcast.Status.SUBMITTED}:
        audience = broadcast_audience(broadcast=broadcast)
    user = request.user
    statistics = broadcast_statistics(broadcast=broadcast)
    # before the send, the count the segment gives now; after it, the rows in the ledger
    by_language = (
        audience.by_language
        if audience is not None
        else {row.language: row.queued for row in statistics if row.language}
    )
    context |= {
        "segment": segment_describe(broadcast.segment),
        "audience": audience,
        "preview": _broadcast_preview(broadcast, by_language),
        "statistics": statistics,
        "language_names": dict(settings.LANGUAGES),
        "is_author": broadcast.created_by_id == user.pk,
        "may_compose": user.has_perm("notifications.compose_broadcasts"),
        "may_decide": user.has_perm("notifications.approve_broadcasts")
        and broadcast.created_by_id != user.pk,
        # a send that failed (or never started) can be started again by policy staff
        "may_resume": user.has_perm("notifications.compose_broadcasts")
        and broadcast.status == Broadcast.Status.APPROVED
        and (run is None or run.failed),
        "decision_form": BroadcastDecisionForm(),
    }
    return render(request, "notifications/staff/broadcast_detail.html", context)


@staff_required("notifications.compose_broadcasts")
@require_POST
def broadcast_submit_view(request: StaffRequest, broadcast_id: int) -> HttpResponse:
    broadcast = get_object_or_404(broadcasts_all(), pk=broadcast_id)
    attempt(
        request,
        lambda: broadcast_submit(broadcast=broadcast, actor=request.user),
        success=_("The broadcast waits for a second approver."),
    )
    return redirect("notifications:staff-broadcast", broadcast.pk)


@staff_required("notifications.compose_broadcasts")
@require_POST
def broadcast_withdraw_view(request: StaffRequest, broadcast_id: int) -> HttpResponse:
    broadcast = get_object_or_404(broadcasts_all(), pk=broadcast_id)
    attempt(
        request,
        lambda: broadcast_withdraw(broadcast=broadcast, actor=request.user),
        success=_("The broadcast is withdrawn."),
    )
    return redirect("notifications:staff-broadcast", broadcast.pk)


@staff_required("notifications.approve_broadcasts")
@require_POST
def broadcast_decide_view(request: StaffRequest, broadcast_id: int) -> HttpResponse:
    """A second staff member approves (the send starts in the background) or refuses."""
    broadcast = get_object_or_404(broadcasts_all(), pk=broadcast_id)
    form = BroadcastDecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    approve = request.POST.get("decision") == "approve"
    attempt(
        request,
        lambda: broadcast_decide(
            broadcast=broadcast, actor=request.user, approve=approve, note=note
        ),
        success=(
            _("The broadcast is approved: its messages are being queued.")
            if approve
            else _("The broadcast is refused.")
        ),
    )
    return redirect("notifications:staff-broadcast", broadcast.pk)


@staff_required("notifications.compose_broadcasts")
@require_POST
def broadcast_resume_view(request: StaffRequest, broadcast_id: int) -> HttpResponse:
    """Policy staff start a failed send again: only the recipients not yet queued get a
    message."""
    broadcast = get_object_or_404(broadcasts_all(), pk=broadcast_id)
    attempt(
        request,
        lambda: broadcast_resume(broadcast=broadcast, actor=request.user),
        success=_("The send is resumed: the messages not yet queued are being queued."),
    )
    return redirect("notifications:staff-broadcast", broadcast.pk)
