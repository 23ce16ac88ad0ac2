"""The one staff journey for every rule family (ADR 0021): list the sets, draft from the latest,
edit the figures and lines, see the impact, publish for a later date or, with a second
approver, for today. Each family's app mounts these pages under its own URL namespace with
`rule_set_urls(FAMILY, "staff/<family>/rule-sets/")`. Cross-establishment by design.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import rulesets
from core.access import staff_required
from core.dated import in_force_on
from core.forms import attempt
from core.rulesets import APPROVE_TODAY_PERMISSION, DatedRuleSet, RuleFamily


def _name(family: RuleFamily[Any], page: str) -> str:
    return f"{family.namespace}:{page}"


def _detail(family: RuleFamily[Any], rule_set_id: int) -> HttpResponse:
    return redirect(_name(family, "staff-rule-set"), rule_set_id=rule_set_id)


def _get(family: RuleFamily[Any], rule_set_id: int, **filters: Any) -> Any:
    return get_object_or_404(family.model, pk=rule_set_id, **filters)


def _list(request: HttpRequest, family: RuleFamily[Any]) -> HttpResponse:
    rule_sets = list(family.rows().order_by("status", "-effective_from", "-id"))
    context: dict[str, Any] = {
        "family": family,
        "rule_sets": rule_sets,
        "in_force": in_force_on(family.rows(), on=rulesets.today()),
        "can_edit": request.user.has_perm(family.edit_permission),
        "summary": family.summary(rule_sets) if family.summary else None,
    }
    return render(request, "rulesets/list.html", context)


def _create(request: HttpRequest, family: RuleFamily[Any]) -> HttpResponse:
    """A new draft starts as a copy of the latest published set, lines included."""
    source = rulesets.latest_published(family)
    initial = {name: getattr(source, name) for name in family.fields} if source else {}
    if source:
        initial.update(name="", effective_from=None)
        if "name_ar" in initial:
            initial["name_ar"] = ""
    form = family.form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: rulesets.draft_create(
                family,
                created_by=request.user,
                copy_from=source,
                **{name: form.cleaned_data[name] for name in family.fields},
            ),
            form=form,
            success=_("The draft is saved. Adjust its figures and lines, then see the impact."),
        )
        if done.ok and done.value is not None:
            return _detail(family, done.value.pk)
    context = {"family": family, "form": form, "source": source}
    return render(request, "rulesets/form.html", context)


def _detail_page(request: HttpRequest, family: RuleFamily[Any], rule_set_id: int) -> HttpResponse:
    rule_set = _get(family, rule_set_id)
    user = request.user
    can_edit = rule_set.is_editable and user.has_perm(family.edit_permission)
    form = family.form(instance=rule_set) if can_edit else None
    lines = family.lines
    line_form = lines.form() if can_edit and lines is not None else None
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if "save_rules" in request.POST:
            form = family.form(request.POST, instance=family.rows().get(pk=rule_set.pk))
            if form.is_valid():
                done = attempt(
                    request,
                    lambda: rulesets.draft_update(
                        family,
                        rule_set=rule_set,
                        updated_by=user,
                        **{name: form.cleaned_data[name] for name in family.fields},
                    ),
                    form=form,
                    success=_("The figures are saved."),
                )
                if done.ok:
                    return _detail(family, rule_set.pk)
        elif lines is not None and ("save_line" in request.POST or "save_target" in request.POST):
            line_form = lines.form(request.POST)
            if line_form.is_valid():
                done = attempt(
                    request,
                    lambda: rulesets.line_save(
                        family, rule_set=rule_set, actor=user, **line_form.cleaned_data
                    ),
                    form=line_form,
                    success=_("The line is saved."),
                )
                if done.ok:
                    return _detail(family, rule_set.pk)
    why_not = None
    may_publish = may_ask_today = may_publish_today = False
    if rule_set.is_editable:
        try:
            rulesets.validate_publishable(family, rule_set, by=user)
        except rulesets.RuleSetError as exc:
            why_not = exc.message
        else:
            today = rule_set.effective_from == rulesets.today()
            may_publish = can_edit and not today
            may_publish_today = today and user.has_perm(APPROVE_TODAY_PERMISSION)
        may_ask_today = (
            can_edit
            and rule_set.effective_from == rulesets.today()
            and rule_set.today_requested_by_id is None
        )
    context = {
        "family": family,
        "rule_set": rule_set,
        "lines": (
            getattr(rule_set, lines.related_name).select_related(*lines.select_related)
            if lines is not None
            else None
        ),
        "form": form,
        "line_form": line_form,
        "can_edit": can_edit,
        "why_not": why_not,
        "may_publish": may_publish,
        "may_ask_today": may_ask_today,
        "may_publish_today": may_publish_today,
        "changes": rulesets.changes_from_latest(family, rule_set) if rule_set.is_editable else [],
    }
    return render(request, "rulesets/detail.html", context)


def _impact(request: HttpRequest, family: RuleFamily[Any], rule_set_id: int) -> HttpResponse:
    rule_set = _get(family, rule_set_id, status=DatedRuleSet.Status.DRAFT)
    context: dict[str, Any] = {
        "family": family,
        "rule_set": rule_set,
        "changes": rulesets.changes_from_latest(family, rule_set),
        **(family.impact(rule_set) if family.impact else {}),
    }
    if getattr(request, "htmx", False):
        return render(request, "rulesets/_impact.html", context)
    return render(request, "rulesets/impact.html", context)


def _publish(request: HttpRequest, family: RuleFamily[Any], rule_set_id: int) -> HttpResponse:
    """Policy staff publish for a later date; for today, a holder of the same-day approval who
    is not the one who asked for it (the service checks the second part)."""
    rule_set = _get(family, rule_set_id)
    today = rule_set.is_editable and rule_set.effective_from == rulesets.today()
    if not request.user.has_perm(APPROVE_TODAY_PERMISSION if today else family.edit_permission):
        raise PermissionDenied
    done = attempt(
        request,
        lambda: rulesets.publish(family, rule_set=rule_set, published_by=request.user),
    )
    if done.ok and done.value is not None:
        messages.success(
            request,
            _("Rule set v%(version)s is published. It takes effect on %(date)s.")
            % {"version": done.value.version, "date": done.value.effective_from},
        )
    return _detail(family, rule_set.pk)


def _ask_today(request: HttpRequest, family: RuleFamily[Any], rule_set_id: int) -> HttpResponse:
    rule_set = _get(family, rule_set_id)
    attempt(
        request,
        lambda: rulesets.request_today(family, rule_set=rule_set, requested_by=request.user),
        success=_(
            "Same-day publication asked for. Another approver must now open this draft and "
            "publish it."
        ),
    )
    return _detail(family, rule_set.pk)


def _discard(request: HttpRequest, family: RuleFamily[Any], rule_set_id: int) -> HttpResponse:
    rule_set = _get(family, rule_set_id)
    done = attempt(
        request,
        lambda: rulesets.draft_discard(family, rule_set=rule_set, actor=request.user),
        success=_("The draft is deleted."),
    )
    if not done.ok:
        return _detail(family, rule_set.pk)
    return redirect(_name(family, "staff-rule-sets"))


def _line_delete(
    request: HttpRequest, family: RuleFamily[Any], rule_set_id: int, line_id: int
) -> HttpResponse:
    rule_set = _get(family, rule_set_id)
    attempt(
        request,
        lambda: rulesets.line_delete(
            family, rule_set=rule_set, line_id=line_id, actor=request.user
        ),
    )
    return _detail(family, rule_set_id)


def rule_set_urls(family: RuleFamily[Any], prefix: str) -> list[URLPattern]:
    """The family's staff pages, named staff-rule-sets, staff-rule-set-create, staff-rule-set,
    -impact, -publish, -publish-today-request, -discard and -line-delete in the family's
    namespace. Reading needs the family's view permission; writing its edit permission; the
    second approval of a same-day publication `core.approve_rules_today`."""
    view, edit = family.view_permission, family.edit_permission

    def bind(handler: Any, permission: str, *, post: bool = False) -> Any:
        def page(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            return handler(request, family, **kwargs)

        page.__name__ = page.__qualname__ = f"{family.slug}_{handler.__name__.strip('_')}"
        page.__doc__ = handler.__doc__
        page.__module__ = handler.__module__
        wrapped = require_POST(page) if post else page
        return staff_required(permission)(wrapped)

    one = f"{prefix}<int:rule_set_id>/"
    return [
        path(prefix, bind(_list, view), name="staff-rule-sets"),
        path(f"{prefix}new/", bind(_create, edit), name="staff-rule-set-create"),
        path(one, bind(_detail_page, view), name="staff-rule-set"),
        path(f"{one}impact/", bind(_impact, view), name="staff-rule-set-impact"),
        # Publishing: policy staff for a later date; for today the second approver, whom the
        # service checks is not the one who asked (both hold the approval permission).
        path(f"{one}publish/", bind(_publish, view, post=True), name="staff-rule-set-publish"),
        path(
            f"{one}publish-today/",
            bind(_ask_today, edit, post=True),
            name="staff-rule-set-publish-today-request",
        ),
        path(f"{one}discard/", bind(_discard, edit, post=True), name="staff-rule-set-discard"),
        *(
            [
                path(
                    f"{one}lines/<int:line_id>/delete/",
                    bind(_line_delete, edit, post=True),
                    name="staff-rule-set-line-delete",
                )
            ]
            if family.lines is not None
            else []  # a family whose sets are figures only has no lines to delete
        ),
    ]
