"""The bilingual work permit certificate as a PDF, with a QR code to its public check."""

from __future__ import annotations

import segno
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from core.pdf import render_pdf
from core.services import audit_record
from permits.models import Permit
from taxonomy.selectors import occupation_titles


def verification_url(request: HttpRequest, permit: Permit) -> str:
    """The absolute address of the permit's public check (in Arabic, the default)."""
    with translation.override("ar"):
        path = reverse("permits:verify-permit", args=[permit.certificate_token])
    return request.build_absolute_uri(path)


def certificate_context(*, permit: Permit, verify_url: str) -> dict[str, object]:
    """What the certificate template prints (separate from rendering, so it can be checked)."""
    occupation = occupation_titles(codes={permit.occupation_code}).get(permit.occupation_code)
    return {
        "permit": permit,
        "establishment": permit.establishment,
        "occupation_title_ar": occupation.title_ar if occupation else "",
        "occupation_title_en": occupation.title_en if occupation else "",
        "verify_url": verify_url,
        "qr": segno.make(verify_url, error="m").svg_data_uri(scale=4, border=2),
    }


def certificate_pdf(*, permit: Permit, verify_url: str) -> bytes:
    """Render the certificate: Arabic and English side by side on one A4 page."""
    return render_pdf(
        "permits/certificate.html", certificate_context(permit=permit, verify_url=verify_url)
    )


def certificate_pdf_response(request: HttpRequest, permit: Permit) -> HttpResponse:
    """The certificate as a download, audited. The caller has already checked that the user
    may see this permit (a member of its establishment, or staff)."""
    pdf = certificate_pdf(permit=permit, verify_url=verification_url(request, permit))
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action="permits.certificate_downloaded",
        obj=permit,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{permit.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
