"""The public check of a compliance certificate (anyone holding the PDF or its QR code)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from omanization.selectors import certificate_get_by_token, compliance_for_establishment, today


def verify_certificate_view(request: HttpRequest, token: str) -> HttpResponse:
    certificate = certificate_get_by_token(token=token[:100])
    context: dict[str, object] = {"certificate": certificate}
    if certificate is not None:
        expired = certificate.valid_until < today()
        live = compliance_for_establishment(establishment=certificate.establishment)
        context.update(expired=expired, valid=not expired and live is not None and live.compliant)
    response = render(
        request, "omanization/verify.html", context, status=200 if certificate else 404
    )
    response["Referrer-Policy"] = "no-referrer"
    return response
