"""The no-objection record (NOC) as a bilingual PDF with a QR code to its public check, and
what that check may show."""

from __future__ import annotations

import datetime

import segno
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.pdf import render_pdf
from core.services import audit_record
from employment.models import Resignation
from employment.selectors.resignations import noc_is_usable


def noc_verification_url(request: HttpRequest, resignation: Resignation) -> str:
    with translation.override("ar"):
        path = reverse("employment:verify-noc", args=[resignation.noc_token])
    return request.build_absolute_uri(path)


def noc_public_state(resignation: Resignation, on: datetime.date) -> tuple[bool, str]:
    """(usable for a transfer today, a sentence saying why) for the public check."""
    if noc_is_usable(resignation, on=on):
        return True, _(
            "Valid: a new employer may ask to transfer the worker's permit until %(date)s."
        ) % {"date": resignation.noc_valid_until.isoformat() if resignation.noc_valid_until else ""}
    if resignation.noc_transfer_id is not None:
        return False, _("Used: a transfer has been requested with this record.")
    return False, _("Not valid: the record lapsed on %(date)s.") % {
        "date": resignation.noc_valid_until.isoformat() if resignation.noc_valid_until else ""
    }


def noc_pdf_response(request: HttpRequest, resignation: Resignation) -> HttpResponse:
    """The record as a download, audited. The caller checked the reader may see it (the worker
    or a member of the establishment) and that the resignation was accepted."""
    verify_url = noc_verification_url(request, resignation)
    pdf = render_pdf(
        "employment/noc.html",
        {
            "resignation": resignation,
            "employee": resignation.employee,
            "establishment": resignation.establishment,
            "verify_url": verify_url,
            "qr": segno.make(verify_url, error="m").svg_data_uri(scale=4, border=2),
            "issued_on": timezone.localdate(resignation.answered_at)
            if resignation.answered_at
            else None,
        },
    )
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action="employment.noc_downloaded",
        obj=resignation,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{resignation.noc_number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
