"""The signed-in person's own employment timeline (a citizen or resident with a civil ID)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from employment.selectors.resignations import employments_for_person
from employment.selectors.timeline import employment_timeline_for_person


@login_required
def my_employment_view(request: HttpRequest) -> HttpResponse:
    person = request.user
    context = {
        "entries": employment_timeline_for_person(person=person),  # type: ignore[arg-type]
        "can_resign": employments_for_person(person=person).exists(),  # type: ignore[arg-type]
    }
    return render(request, "employment/my_employment.html", context)
