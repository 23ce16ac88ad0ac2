"""Requests to correct personal data: the person's page, and the officers' queue."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.corrections import CorrectionError, correction_decide, correction_request
from accounts.http import SignedInRequest, StaffRequest
from accounts.models import CorrectionRequest
from core.access import staff_required
from core.forms import attempt
from core.personal_data import correctable, correctable_fields


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=gettext_lazy("What is wrong"), choices=())
    requested_value = forms.CharField(label=gettext_lazy("The correct value"), max_length=300)
    reason = forms.CharField(
        label=gettext_lazy("Why the value held is wrong"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=gettext_lazy("For example: my passport spells my name this way."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["field"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c.code, str(c.label)) for c in correctable_fields()]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("accept", gettext_lazy("Correct it")), ("refuse", gettext_lazy("Refuse"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Reason told to the person"), max_length=500, required=False
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_corrections_view(request: SignedInRequest) -> HttpResponse:
    form = CorrectionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: correction_request(person=request.user, **form.cleaned_data),
            form=form,  # on the field the refusal names
            success=_("Your request is sent. The ministry tells you the outcome by text message."),
            refused=(CorrectionError,),
        )
        if done.ok:
            return redirect("accounts:my-corrections")
        status = 400
    elif request.method == "POST":
        status = 400
    rows = [
        (item, correctable(item.field))
        for item in CorrectionRequest.objects.filter(person=request.user).order_by("-created_at")[
            :20
        ]
    ]
    current = {c.code: c.current(request.user) for c in correctable_fields()}
    return render(
        request,
        "accounts/my_corrections.html",
        {"form": form, "rows": rows, "current": current, "fields": correctable_fields()},
        status=status,
    )


@staff_required("accounts.decide_corrections")
def staff_corrections_view(request: StaffRequest) -> HttpResponse:
    waiting = CorrectionRequest.objects.filter(
        status=CorrectionRequest.Status.SUBMITTED
    ).select_related("person")
    page = Paginator(waiting.order_by("created_at", "id"), 25).get_page(request.GET.get("page"))
    return render(request, "accounts/staff/corrections.html", {"page": page})


@staff_required("accounts.decide_corrections")
@require_http_methods(["GET", "HEAD", "POST"])
def staff_correction_view(request: StaffRequest, correction_id: int) -> HttpResponse:
    item = get_object_or_404(
        CorrectionRequest.objects.select_related("person", "decided_by"), pk=correction_id
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: correction_decide(
                request=item,
                actor=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            ),
            form=form,
            success=_("The decision is recorded and the person is told."),
            refused=(CorrectionError,),
        )
        if done.ok:
            return redirect("accounts:staff-corrections")
    return render(
        request,
        "accounts/staff/correction.html",
        {"item": item, "target": correctable(item.field), "form": form},
    )
