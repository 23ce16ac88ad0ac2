"""The bilingual payment receipt as a PDF, with a QR code to its public check."""

from __future__ import annotations

import segno
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from core.pdf import render_pdf
from core.services import audit_record
from payments.models import Payment


def receipt_check_url(request: HttpRequest, payment: Payment) -> str:
    """The absolute address of the receipt's public check (in Arabic, the default)."""
    with translation.override("ar"):
        path = reverse("payments:receipt-check", args=[payment.receipt_token])
    return request.build_absolute_uri(path)


def receipt_context(*, payment: Payment, check_url: str) -> dict[str, object]:
    invoices = list(payment.invoices.prefetch_related("lines").order_by("pk"))
    return {
        "payment": payment,
        "invoices": invoices,
        "establishment": payment.establishment,
        "check_url": check_url,
        "qr": segno.make(check_url, error="m").svg_data_uri(scale=4, border=2),
    }


def receipt_pdf(*, payment: Payment, check_url: str) -> bytes:
    """Arabic and English side by side on one A4 page."""
    return render_pdf(
        "payments/receipt.html", receipt_context(payment=payment, check_url=check_url)
    )


def receipt_pdf_response(request: HttpRequest, payment: Payment) -> HttpResponse:
    """The receipt as a download, audited. The caller checked the user may see it."""
    pdf = receipt_pdf(payment=payment, check_url=receipt_check_url(request, payment))
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action="payments.receipt_downloaded",
        obj=payment,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{payment.receipt_number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
