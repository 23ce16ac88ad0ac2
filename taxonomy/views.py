"""Policy staff's pages for the skills list and its synonyms (there was no admin for them)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import staff_required
from core.forms import attempt
from core.paging import page_with_query
from taxonomy.forms import SkillForm, SkillLabelsForm, SynonymForm
from taxonomy.models import Synonym
from taxonomy.selectors import skill_by_code, skill_list, synonyms_for
from taxonomy.services import (
    skill_add,
    skill_relabel,
    skill_restore,
    skill_retire,
    synonym_add,
    synonym_remove,
)

PER_PAGE = 50
CURATE = "taxonomy.curate"


@staff_required(CURATE)
def skill_list_view(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    form = SkillForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = attempt(
                request,
                lambda: skill_add(actor=request.user, **form.cleaned_data),
                form=form,
                success=_("The skill is added."),
            )
            if done.ok and done.value is not None:
                return redirect("taxonomy:staff-skill", done.value.code)
        status = 400
    page, query = page_with_query(request, skill_list(search=search), PER_PAGE)
    context = {"page": page, "query": query, "search": search, "form": form}
    return render(request, "taxonomy/staff/skills.html", context, status=status)


@staff_required(CURATE)
def skill_view(request: HttpRequest, code: str) -> HttpResponse:
    skill = skill_by_code(code=code)
    if skill is None:
        raise Http404
    action = request.POST.get("action", "")
    labels_form = SkillLabelsForm(
        request.POST if action == "labels" else None,
        initial={"label_en": skill.label_en, "label_ar": skill.label_ar},
    )
    synonym_form = SynonymForm(request.POST if action == "synonym" else None)
    status = 200
    if request.method == "POST":
        form: Any = labels_form if action == "labels" else synonym_form
        if action in {"labels", "synonym"} and form.is_valid():
            if action == "labels":
                call: Any = lambda: skill_relabel(  # noqa: E731
                    skill=skill, actor=request.user, **form.cleaned_data
                )
                message = _("The labels are saved.")
            else:
                call = lambda: synonym_add(  # noqa: E731
                    kind="skill",
                    code=skill.code,
                    text=form.cleaned_data["text"],
                    actor=request.user,
                )
                message = _("The synonym is added: free text is resolved with it from now on.")
            done = attempt(request, call, form=form, success=message)
            if done.ok:
                return redirect("taxonomy:staff-skill", skill.code)
        status = 400
    context = {
        "skill": skill,
        "synonyms": synonyms_for(kind="skill", code=skill.code),
        "labels_form": labels_form,
        "synonym_form": synonym_form,
    }
    return render(request, "taxonomy/staff/skill.html", context, status=status)


@staff_required(CURATE)
@require_POST
def synonym_remove_view(request: HttpRequest, code: str, synonym_id: int) -> HttpResponse:
    synonym = get_object_or_404(Synonym, pk=synonym_id, kind="skill", code=code)
    attempt(
        request,
        lambda: synonym_remove(synonym=synonym, actor=request.user),
        success=_("The synonym is removed."),
    )
    return redirect("taxonomy:staff-skill", code)


@staff_required(CURATE)
@require_POST
def skill_retire_view(request: HttpRequest, code: str) -> HttpResponse:
    skill = skill_by_code(code=code)
    if skill is None:
        raise Http404
    if request.POST.get("action") == "restore":
        attempt(
            request,
            lambda: skill_restore(skill=skill, actor=request.user),
            success=_("The skill is offered again."),
        )
    else:
        attempt(
            request,
            lambda: skill_retire(skill=skill, actor=request.user),
            success=_("The skill is retired: free text no longer resolves to it."),
        )
    return redirect("taxonomy:staff-skill", code)
