"""Ministry pages of Omanization rule sets: policy staff draft, preview and publish them.
Cross-establishment by design."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import staff_required
from core.forms import form_add_service_errors
from omanization.forms import RuleSetForm, TargetForm
from omanization.models import RuleSet, Target
from omanization.selectors import (
    rule_set_impact_all_establishments,
    rule_set_in_force,
    rule_set_latest_published,
    rule_set_list,
    target_list_for_rule_set,
    today,
)
from omanization.services import (
    RULE_FIELDS,
    RuleSetError,
    rule_set_create_draft,
    rule_set_discard,
    rule_set_publish,
    rule_set_update_draft,
    target_delete,
    target_save,
    validate_publishable,
)


@staff_required("omanization.view_rule_sets")
def rule_set_list_view(request: HttpRequest) -> HttpResponse:
    context = {"rule_sets": rule_set_list(), "in_force": rule_set_in_force(on=today())}
    return render(request, "omanization/staff/rule_set_list.html", context)


@staff_required("omanization.edit_rule_sets")
def rule_set_create_view(request: HttpRequest) -> HttpResponse:
    """A new draft starts as a copy of the latest published rule set, targets included."""
    source = rule_set_latest_published()
    initial = {name: getattr(source, name) for name in RULE_FIELDS} if source else {}
    if source:
        initial["name"] = ""
        initial["effective_from"] = None
    form = RuleSetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draft = rule_set_create_draft(
                created_by=request.user,  # type: ignore[arg-type]
                copy_from=source,
                **{name: form.cleaned_data[name] for name in RULE_FIELDS},
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved. Adjust its targets, then preview."))
            return redirect("omanization:staff-rule-set", rule_set_id=draft.pk)
    return render(request, "omanization/staff/rule_set_form.html", {"form": form, "source": source})


@staff_required("omanization.view_rule_sets")
def rule_set_detail_view(request: HttpRequest, rule_set_id: int) -> HttpResponse:
    rule_set = get_object_or_404(RuleSet, pk=rule_set_id)
    can_edit = rule_set.is_editable and request.user.has_perm("omanization.edit_rule_sets")
    form = RuleSetForm(instance=rule_set) if can_edit else None
    target_form = TargetForm() if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if "save_rules" in request.POST:
            form = RuleSetForm(request.POST, instance=RuleSet.objects.get(pk=rule_set.pk))
            if form.is_valid():
                try:
                    rule_set_update_draft(
                        rule_set=rule_set,
                        updated_by=request.user,  # type: ignore[arg-type]
                        **{name: form.cleaned_data[name] for name in RULE_FIELDS},
                    )
                except ValidationError as exc:
                    form_add_service_errors(form, exc)
                except RuleSetError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, _("The figures are saved."))
                    return redirect("omanization:staff-rule-set", rule_set_id=rule_set.pk)
        elif "save_target" in request.POST:
            target_form = TargetForm(request.POST)
            if target_form.is_valid():
                try:
                    target_save(
                        rule_set=rule_set,
                        actor=request.user,  # type: ignore[arg-type]
                        **target_form.cleaned_data,
                    )
                except ValidationError as exc:
                    form_add_service_errors(target_form, exc)
                except RuleSetError as exc:
                    target_form.add_error(None, exc.message)
                else:
                    messages.success(request, _("The target is saved."))
                    return redirect("omanization:staff-rule-set", rule_set_id=rule_set.pk)
    publishable_error = None
    if rule_set.is_editable:
        try:
            validate_publishable(rule_set)
        except RuleSetError as exc:
            publishable_error = exc.message
    context = {
        "rule_set": rule_set,
        "targets": target_list_for_rule_set(rule_set=rule_set),
        "form": form,
        "target_form": target_form,
        "can_edit": can_edit,
        "publishable_error": publishable_error,
    }
    return render(request, "omanization/staff/rule_set_detail.html", context)


@staff_required("omanization.view_rule_sets")
def rule_set_impact_view(request: HttpRequest, rule_set_id: int) -> HttpResponse:
    rule_set = get_object_or_404(RuleSet, pk=rule_set_id, status=RuleSet.Status.DRAFT)
    impact = rule_set_impact_all_establishments(draft=rule_set)
    context = {"rule_set": rule_set, "impact": impact}
    if getattr(request, "htmx", False):
        return render(request, "omanization/staff/_impact.html", context)
    return render(request, "omanization/staff/impact.html", context)


@staff_required("omanization.edit_rule_sets")
@require_POST
def rule_set_publish_view(request: HttpRequest, rule_set_id: int) -> HttpResponse:
    rule_set = get_object_or_404(RuleSet, pk=rule_set_id)
    try:
        published = rule_set_publish(rule_set=rule_set, published_by=request.user)  # type: ignore[arg-type]
    except RuleSetError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Rule set v%(version)s is published. It takes effect on %(date)s.")
            % {"version": published.version, "date": published.effective_from},
        )
    return redirect("omanization:staff-rule-set", rule_set_id=rule_set.pk)


@staff_required("omanization.edit_rule_sets")
@require_POST
def rule_set_discard_view(request: HttpRequest, rule_set_id: int) -> HttpResponse:
    rule_set = get_object_or_404(RuleSet, pk=rule_set_id)
    try:
        rule_set_discard(rule_set=rule_set, actor=request.user)  # type: ignore[arg-type]
    except RuleSetError as exc:
        messages.error(request, exc.message)
        return redirect("omanization:staff-rule-set", rule_set_id=rule_set.pk)
    messages.success(request, _("The draft is deleted."))
    return redirect("omanization:staff-rule-sets")


@staff_required("omanization.edit_rule_sets")
@require_POST
def target_delete_view(request: HttpRequest, rule_set_id: int, target_id: int) -> HttpResponse:
    target = get_object_or_404(Target, pk=target_id, rule_set_id=rule_set_id)
    try:
        target_delete(target=target, actor=request.user)  # type: ignore[arg-type]
    except RuleSetError as exc:
        messages.error(request, exc.message)
    return redirect("omanization:staff-rule-set", rule_set_id=rule_set_id)
