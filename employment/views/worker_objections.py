"""The worker's objection page, reached by the link in the notice SMS (no account needed).

The link carries an unguessable token. The page shows the case (employer, the reason or the
absence date, the last working day) and the objection window; while the window is open the
worker may write a statement, which `objection_file` records. The page is never cached or
indexed and sends no referrer, so the token does not leak. An unknown link is 404; a closed
window says so and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from core.exceptions import ApplicationError
from core.http import private_page
from employment.deadlines import objection_window
from employment.forms_cases import ObjectionForm
from employment.models import AbscondingReport, Termination
from employment.selectors.case_queue import case_get_by_objection_token, case_objection
from employment.services.cases import case_objection_window_days, objection_file

MAX_TOKEN = 64
TEMPLATE = "employment/cases/worker_objection.html"


def _reason_text(case: Termination) -> str:
    reason = case.rule_set.reason(case.reason_code) or {}
    arabic = (get_language() or "ar").startswith("ar")
    return reason.get("ar" if arabic else "en") or reason.get("en", "") or case.reason_code


@require_http_methods(["GET", "HEAD", "POST"])
def objection_view(request: HttpRequest, token: str) -> HttpResponse:
    case = case_get_by_objection_token(token=token[: MAX_TOKEN + 1])
    if case is None:
        return private_page(render(request, TEMPLATE, {"case": None}, status=404))
    window = objection_window(notice=case.notice_sms, days=case_objection_window_days(case))
    awaiting = case.status in (Termination.Status.NOTIFIED, AbscondingReport.Status.FILED)
    is_open = awaiting and window.is_open(timezone.now())
    form = ObjectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not is_open:
            status = 409  # the page below says why; nothing is written
        elif form.is_valid():
            kwargs: dict[str, Any] = (
                {"termination": case}
                if isinstance(case, Termination)
                else {"absconding_report": case}
            )
            try:
                objection_file(statement=form.cleaned_data["statement"], filed_via="link", **kwargs)
            except ApplicationError as error:
                form.add_error(None, error.message)
                status = 409
            else:
                return private_page(redirect(request.path))
        else:
            status = 400
    is_termination = isinstance(case, Termination)
    context = {
        "case": case,
        "is_termination": is_termination,
        "reason_text": _reason_text(case) if isinstance(case, Termination) else "",
        "last_working_day": (
            case.last_working_day if isinstance(case, Termination) else case.last_seen_on
        ),
        "window": window,
        "awaiting": awaiting,
        "is_open": is_open,
        "closed": awaiting and window.has_closed(timezone.now()),
        "objection": case_objection(case=case),
        "form": form,
    }
    return private_page(render(request, TEMPLATE, context, status=status))
