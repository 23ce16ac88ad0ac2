"""The signed-in person's own employment timeline (a citizen or resident with a civil ID)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from employment.selectors.timeline import employment_timeline_for_person


@login_required
def my_employment_view(request: HttpRequest) -> HttpResponse:
    entries = employment_timeline_for_person(person=request.user)  # type: ignore[arg-type]
    return render(request, "employment/my_employment.html", {"entries": entries})
