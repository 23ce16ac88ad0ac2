"""Pages anyone may open without signing in: the check of a permit certificate (its QR code),
and the worker's consent to a transfer (the link in their SMS).

Both are reached by an unguessable token in the address. They show only what the reader needs,
are never cached or indexed, and send no referrer, so the token does not leak to other sites.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import private_page
from permits.models import PermitTransfer
from permits.selectors import (
    permit_get_by_token_all_establishments,
    today,
    transfer_get_by_token,
)
from permits.services import PermitError, permit_transfer_answer
from permits.verification import public_state
from taxonomy.selectors import occupation_titles

MAX_TOKEN = 64


def _occupation_title(code: str) -> str:
    occupation = occupation_titles(codes={code}).get(code)
    return occupation.title if occupation else ""


@require_http_methods(["GET", "HEAD"])
def verify_permit_view(request: HttpRequest, token: str) -> HttpResponse:
    """Whether the permit behind a certificate is valid today, with the worker's name, the
    occupation, the employer, the number and the dates: nothing else (no passport, nationality,
    birth date, salary or registration number)."""
    permit = permit_get_by_token_all_establishments(token=token[: MAX_TOKEN + 1])
    if permit is None:
        return private_page(
            render(request, "permits/public/verify.html", {"permit": None}, status=404)
        )
    valid, statement = public_state(permit, today())
    context = {
        "permit": permit,
        "valid": valid,
        "statement": statement,
        "occupation_title": _occupation_title(permit.occupation_code),
        "employer_name": permit.establishment.name,
    }
    return private_page(render(request, "permits/public/verify.html", context))


@require_http_methods(["GET", "HEAD", "POST"])
def transfer_consent_view(request: HttpRequest, token: str) -> HttpResponse:
    """The worker agrees to or declines a new employer's request to take over their permit.

    GET shows the request (or its outcome once answered); POST records the answer and comes
    back here. An unknown link is 404; an expired or answered one says so and changes nothing.
    """
    transfer = transfer_get_by_token(token=token[: MAX_TOKEN + 1])
    if transfer is None:
        return private_page(
            render(request, "permits/public/transfer_consent.html", {"transfer": None}, status=404)
        )
    error = ""
    status = 200
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        if answer not in {"agree", "decline"}:
            error, status = _("Choose Agree or Decline."), 400
        else:
            try:
                permit_transfer_answer(token=transfer.consent_token, agree=answer == "agree")
            except PermitError as exc:
                error, status = exc.message, 409
            except ValidationError as exc:
                error, status = " ".join(exc.messages), 409
            else:
                return private_page(redirect(request.path))
            transfer.refresh_from_db()
    expired = (
        transfer.status == PermitTransfer.Status.AWAITING_CONSENT
        and transfer.expires_at <= timezone.now()
    )
    context = {
        "transfer": transfer,
        "error": error,
        "expired": expired or transfer.status == PermitTransfer.Status.EXPIRED,
        "awaiting": transfer.status == PermitTransfer.Status.AWAITING_CONSENT and not expired,
        "permit_number": transfer.permit.number,
        "current_employer": transfer.permit.establishment.name,
        "new_employer": transfer.to_establishment.name,
        "occupation_title": _occupation_title(transfer.occupation_code),
        "new_permit": transfer.new_permit,
    }
    return private_page(
        render(request, "permits/public/transfer_consent.html", context, status=status)
    )
