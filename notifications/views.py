"""Pages of the SMS ledger: a person's own messages; the staff ledger and template editor."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_POST

from core.access import staff_required
from core.forms import attempt
from core.paging import page_with_query
from core.worker_languages import worker_page
from notifications.broadcasts import (
    broadcast_audience,
    broadcast_decide,
    broadcast_save,
    broadcast_submit,
    broadcast_texts,
    broadcast_withdraw,
)
from notifications.forms import (
    BroadcastDecisionForm,
    BroadcastForm,
    SmsLedgerFilterForm,
    SmsTemplateForm,
)
from notifications.models import Broadcast, SmsTemplate, SmsTemplateChange
from notifications.segments import segment_describe
from notifications.selectors import (
    broadcast_latest_run,
    broadcast_statistics,
    broadcasts_all,
    sms_delivery_by_template,
    sms_messages_all,
    sms_messages_for_person,
    sms_templates_all,
)
from notifications.services import (
    TemplateChangeRefusedError,
    sms_template_change_decide,
    sms_template_save,
)

if TYPE_CHECKING:
    # The configured user model (AUTH_USER_MODEL), named without importing the app above.
    from django.contrib.auth.models import _User as User

    class StaffRequest(HttpRequest):
        """A staff member's request (`staff_required` has checked it): its user is a User."""

        user: User

else:
    StaffRequest = HttpRequest


@worker_page("notifications/my_messages.html")
@login_required
def my_messages_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(sms_messages_for_person(person=request.user), 25).get_page(  # type: ignore[arg-type]
        request.GET.get("page")
    )
    return render(request, "notifications/my_messages.html", {"page": page})


@staff_required("notifications.view_sms_ledger")
def ledger_view(request: HttpRequest) -> HttpResponse:
    form = SmsLedgerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    template = filters.get("template")
    ledger = sms_messages_all(
        person=(filters.get("person") or "").strip(),
        template_code=template.code if template else "",
        status=filters.get("status", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page, query = page_with_query(request, ledger, 50)
    since = timezone.now() - datetime.timedelta(days=30)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "delivery": sms_delivery_by_template(since=since),
    }
    return render(request, "notifications/staff/ledger.html", context)


@staff_required("notifications.edit_sms_templates")
def template_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "notifications/staff/template_list.html", {"templates": sms_templates_all()}
    )


def _preview(template: SmsTemplate) -> dict[str, str]:
    """Every text (Arabic, English and any worker language) with each placeholder shown as
    ‹name›; an error message where a text cannot render."""
    sample = {name: f"‹{name}›" for name in template.placeholders}
    preview = {}
    languages = ["ar", "en", *sorted(template.worker_bodies or {})]
    for language in languages:
        with override(language):
            try:
                preview[language] = template.text_for(language).format(**sample)
            except (KeyError, ValueError, IndexError):
                preview[language] = _("This text cannot be shown: check its placeholders.")
    return preview


@staff_required("notifications.edit_sms_templates")
def template_edit_view(request: HttpRequest, template_id: int | None = None) -> HttpResponse:
    instance = get_object_or_404(SmsTemplate, pk=template_id) if template_id else SmsTemplate()
    form = SmsTemplateForm(request.POST or None, instance=instance)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = _preview(form.instance)
        else:
            try:
                saved = sms_template_save(template=form.instance, actor=request.user)  # type: ignore[arg-type]
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    target = field if field in form.fields else None
                    if field == "placeholders":
                        target = "placeholders_text"
                    elif field == "sensitive_placeholders":
                        target = "sensitive_text"
                    for error in errors:
                        form.add_error(target, error)
            else:
                if isinstance(saved, SmsTemplateChange):
                    messages.success(
                        request,
                        _(
                            "The change to %(code)s waits for a second approver: it applies "
                            "when a different person confirms it."
                        )
                        % {"code": instance.code},
                    )
                    return redirect("notifications:staff-template-edit", instance.pk)
                messages.success(
                    request, _("The template %(code)s is saved.") % {"code": saved.code}
                )
                return redirect("notifications:staff-templates")
    elif request.method == "GET" and instance.pk:
        preview = _preview(instance)
    pending = (
        SmsTemplateChange.objects.filter(template=instance, status=SmsTemplateChange.Status.PENDING)
        .select_related("proposed_by")
        .first()
        if instance.pk
        else None
    )
    context = {"form": form, "template": instance, "preview": preview, "pending": pending}
    if getattr(request, "htmx", False) and "preview" in request.POST:
        return render(request, "notifications/staff/_preview.html", context)
    return render(request, "notifications/staff/template_edit.html", context)


@staff_required("notifications.edit_sms_templates")
@require_POST
def template_change_decide_view(request: HttpRequest, change_id: int) -> HttpResponse:
    """A second staff member applies or refuses a pending change to a security template."""
    change = get_object_or_404(SmsTemplateChange, pk=change_id)
    approve = request.POST.get("decision") == "apply"
    try:
        sms_template_change_decide(change=change, actor=request.user, approve=approve)  # type: ignore[arg-type]
    except TemplateChangeRefusedError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The change is applied.") if approve else _("The change is refused."),
        )
    return redirect("notifications:staff-template-edit", change.template_id)


# --- broadcasts -----------------------------------------------------------------------------


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
    context |= {
        "segment": segment_describe(broadcast.segment),
        "audience": audience,
        "preview": _broadcast_preview(broadcast, audience.by_language if audience else {}),
        "statistics": broadcast_statistics(broadcast=broadcast),
        "language_names": dict(settings.LANGUAGES),
        "is_author": broadcast.created_by_id == user.pk,
        "may_compose": user.has_perm("notifications.compose_broadcasts"),
        "may_decide": user.has_perm("notifications.approve_broadcasts")
        and broadcast.created_by_id != user.pk,
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
