"""What the employer's permit pages share: the establishment and user of the request, scoped
lookups that answer 404, occupation titles for a page, and service errors on a form."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from employers.http import EmployerRequest
from employers.models import Employee, Establishment
from permits.models import BulkRenewal, Permit
from permits.selectors import (
    bulk_renewal_get_for_establishment,
    permit_get_for_establishment,
    permit_rule_set_in_force,
)
from taxonomy.selectors import occupation_titles

logger = logging.getLogger(__name__)

PER_PAGE = 25
WORKLIST_PER_PAGE = 100
OUTCOMES_PER_PAGE = 100
DEFAULT_RENEWAL_WEEKS = 12


# --- helpers --------------------------------------------------------------------------------


def _establishment(request: EmployerRequest) -> Establishment:
    return request.establishment


def _user(request: EmployerRequest) -> User:
    return request.user


def _permit_or_404(request: EmployerRequest, permit_id: int) -> Permit:
    permit = permit_get_for_establishment(
        establishment=_establishment(request), permit_id=permit_id
    )
    if permit is None:
        raise Http404
    return permit


def _bulk_or_404(request: EmployerRequest, bulk_id: int) -> BulkRenewal:
    bulk = bulk_renewal_get_for_establishment(
        establishment=_establishment(request), bulk_id=bulk_id
    )
    if bulk is None:
        raise Http404
    return bulk


def _permit_post(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """POST only, like `require_POST`, but checked after the permit is found: another
    establishment's permit answers 404 whatever the method, exactly as a missing one does."""

    @wraps(view)
    def wrapper(request: EmployerRequest, permit_id: int, **kwargs: Any) -> HttpResponse:
        permit = _permit_or_404(request, permit_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, permit, **kwargs)

    return wrapper


def _to_detail(permit: Permit, anchor: str = "") -> HttpResponse:
    url = reverse(
        "permits:employer-permit",
        kwargs={"establishment_id": permit.establishment_id, "permit_id": permit.pk},
    )
    return redirect(f"{url}#{anchor}" if anchor else url)


def _titles(codes: Iterable[str]) -> dict[str, str]:
    """Occupation titles in the reader's language, in one query for a page of rows."""
    return {
        code: occupation.title for code, occupation in occupation_titles(codes=set(codes)).items()
    }


def _add_service_errors(form: Any, error: ValidationError) -> None:
    """A service's ValidationError on the form: on the field it names when the form has it and
    has no error there already (a date the form could not read is not 'missing' twice), else
    above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, problems in error.message_dict.items():
        if name in form.fields:
            if name not in form.errors:
                form.add_error(name, problems)
        else:
            form.add_error(None, problems)


def _job_level_label(level: int) -> str:
    return str(dict(Employee.JobLevel.choices).get(level, ""))


def _renewal_weeks() -> int:
    rule_set = permit_rule_set_in_force(on=timezone.localdate())
    return rule_set.renewal_window_weeks if rule_set else DEFAULT_RENEWAL_WEEKS
