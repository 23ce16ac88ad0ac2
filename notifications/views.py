"""Pages of the SMS ledger: a person's own messages; the staff ledger and template editor."""

from __future__ import annotations

import datetime

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
from core.paging import page_with_query
from core.worker_languages import worker_page
from notifications.forms import SmsLedgerFilterForm, SmsTemplateForm
from notifications.models import SmsTemplate, SmsTemplateChange
from notifications.selectors import (
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
