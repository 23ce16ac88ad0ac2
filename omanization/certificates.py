"""The bilingual compliance certificate as a PDF, with a QR code to its public check."""

from __future__ import annotations

import segno
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from core.pdf import render_pdf
from omanization.models import ComplianceCertificate


def verification_url(request: HttpRequest, certificate: ComplianceCertificate) -> str:
    """The absolute address of the certificate's public check (in Arabic, the default)."""
    with translation.override("ar"):
        path = reverse("omanization:verify-certificate", args=[certificate.token])
    return request.build_absolute_uri(path)


def certificate_pdf(*, certificate: ComplianceCertificate, verify_url: str) -> bytes:
    """Render the certificate (Arabic and English on one page)."""
    qr = segno.make(verify_url, error="m").svg_data_uri(scale=4, border=2)
    return render_pdf(
        "omanization/certificate.html",
        {"certificate": certificate, "verify_url": verify_url, "qr": qr},
    )


def certificate_pdf_response(
    request: HttpRequest, certificate: ComplianceCertificate
) -> HttpResponse:
    pdf = certificate_pdf(
        certificate=certificate, verify_url=verification_url(request, certificate)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
