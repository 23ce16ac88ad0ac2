"""The signed-in person's own employment timeline (a citizen or resident with a civil ID).

Nothing of an employment is shown to an account whose civil ID is not proven (an account that
typed someone's number must not read that person's record): such an account is asked to prove
who it is first, through the national identity provider or a code to the civil registry's
mobile (`accounts:prove`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.http import SignedInRequest
from accounts.proofs import step_up_url
from core.worker_languages import worker_page
from employment.selectors.resignations import employments_for_person
from employment.selectors.timeline import employment_timeline_for_person

PROVE_TEMPLATE = "employment/worker/prove_identity.html"


def prove_identity_page(request: HttpRequest, *, status: int = 200) -> HttpResponse:
    """The page that asks the person to prove who they are, and back here afterwards."""
    context = {"prove_url": step_up_url(request.get_full_path(), act="identity")}
    return render(request, PROVE_TEMPLATE, context, status=status)


def identity_proven_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view runs only for an account whose civil ID is proven; any other account gets the
    prove-who-you-are page (403) and nothing is read or changed."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "identity_proven", False):
            return prove_identity_page(request, status=403)
        return view(request, *args, **kwargs)

    return wrapper


@worker_page("employment/my_employment.html", PROVE_TEMPLATE)
@login_required
def my_employment_view(request: SignedInRequest) -> HttpResponse:
    person = request.user
    if not person.identity_proven:
        return prove_identity_page(request)
    context = {
        "entries": employment_timeline_for_person(person=person),
        "can_resign": employments_for_person(person=person).exists(),
    }
    return render(request, "employment/my_employment.html", context)
