"""Pages of fees and payments: the employer's invoices, checkout and receipts; the public check of
a receipt; finance staff's revenue, invoices, refunds and reconciliation."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import SignedInRequest
from core.access import staff_required
from core.forms import attempt
from core.http import private_page
from core.paging import page_with_query
from employers.access import employer_required
from employers.http import EmployerRequest
from employers.models import Service
from payments.forms import (
    HeldPermitCancelForm,
    NoteForm,
    PayForm,
    ReconcileForm,
    RefundRequestForm,
    RemittanceFileForm,
    RemittanceForm,
    RevenueFilterForm,
)
from payments.models import (
    CheckoutSession,
    CounterRemittance,
    FinanceCase,
    Invoice,
    Payment,
    Refund,
    rials,
)
from payments.receipts import receipt_pdf_response
from payments.revenue import revenue_totals_all_establishments, totals_of
from payments.selectors import (
    finance_case_list,
    invoice_get_for_establishment,
    invoice_list_for_establishment,
    invoices_all_establishments,
    outstanding_for_establishment,
    payment_for_receipt_token,
    reconciliation_run_list,
    refund_list_all_establishments,
)
from payments.services import checkout_start, invoice_write_off, session_refresh
from payments.services.checkout import REFERENCE
from payments.services.counter_settlement import (
    counter_remittance_record,
    counter_settlement_reconcile,
    counter_takings,
)
from payments.services.invoices import baisas_from_rials
from payments.services.reconciliation import finance_case_close, reconciliation_request
from payments.services.refunds import (
    held_permit_cancel_propose,
    refund_approve,
    refund_reject,
    refund_request,
)
from payments.services.remittance_import import COLUMNS as REMITTANCE_COLUMNS
from payments.services.remittance_import import RemittanceFileError, counter_remittances_import
from permits.selectors import permit_get_all_establishments

PER_PAGE = 25

# --- employer -------------------------------------------------------------------------------------


@employer_required(service=Service.PAYMENTS)
def invoice_list_view(request: EmployerRequest) -> HttpResponse:
    establishment = request.establishment
    invoices = invoice_list_for_establishment(establishment=establishment)
    page, query = page_with_query(request, invoices, PER_PAGE)
    context = {
        "establishment": establishment,
        "page": page,
        "query": query,
        "outstanding": rials(outstanding_for_establishment(establishment=establishment)),
    }
    return render(request, "payments/employer/invoice_list.html", context)


def _invoice_or_404(request: EmployerRequest, invoice_id: int) -> Invoice:
    try:
        return invoice_get_for_establishment(
            establishment=request.establishment, invoice_id=invoice_id
        )
    except Invoice.DoesNotExist:
        raise Http404 from None


@employer_required(service=Service.PAYMENTS)
def invoice_detail_view(request: EmployerRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice_or_404(request, invoice_id)
    context = {
        "establishment": request.establishment,
        "invoice": invoice,
        "lines": invoice.lines.all(),
        "fines": invoice.fines.order_by("fine_month"),
    }
    return render(request, "payments/employer/invoice_detail.html", context)


@employer_required(service=Service.PAYMENTS)
@require_POST
def pay_view(request: EmployerRequest) -> HttpResponse:
    """Start the hosted checkout of the invoices chosen, and send the payer to the gateway."""
    establishment = request.establishment
    back = reverse("payments:employer-invoices", args=[establishment.pk])
    payable = invoice_list_for_establishment(establishment=establishment).filter(
        status__in=Invoice.PAYABLE
    )
    choices = [(invoice.pk, invoice.number) for invoice in payable]
    form = PayForm(request.POST, choices=choices)
    if not form.is_valid():
        if request.POST.getlist("invoice"):
            messages.error(request, _("Only invoices waiting for payment can be paid."))
        else:
            messages.error(request, _("Select at least one invoice to pay."))
        return redirect(back)
    return_url = request.build_absolute_uri(
        reverse("payments:employer-payment-return", args=[establishment.pk, REFERENCE])
    )
    done = attempt(
        request,
        lambda: checkout_start(
            establishment=establishment,
            invoice_ids=form.cleaned_data["invoice"],
            user=request.user,
            success_url=return_url,
            cancel_url=return_url,
            currency=request.POST.get("currency", "OMR"),
        ),
    )
    if not done.ok or done.value is None:
        return redirect(back)
    _session, pay_url = done.value
    return HttpResponseRedirect(pay_url)


@employer_required(service=Service.PAYMENTS)
def payment_return_view(request: EmployerRequest, reference: str) -> HttpResponse:
    """Where the gateway sends the payer back. The page asks the gateway for the session's
    status (server to server): the browser's arrival here proves nothing."""
    establishment = request.establishment
    session = (
        CheckoutSession.objects.filter(establishment=establishment, client_reference=reference)
        .order_by("-created_at")
        .first()
    )
    if session is None:
        raise Http404
    session = session_refresh(session=session)
    payment = Payment.objects.filter(session=session).first()
    context = {"establishment": establishment, "session": session, "payment": payment}
    return render(request, "payments/employer/payment_return.html", context)


@employer_required(service=Service.PAYMENTS)
def receipt_view(request: EmployerRequest, payment_id: int) -> HttpResponse:
    payment = get_object_or_404(
        Payment.objects.filter(establishment=request.establishment), pk=payment_id
    )
    return receipt_pdf_response(request, payment)


# --- public -------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def receipt_check_view(request: HttpRequest, token: str) -> HttpResponse:
    """Whether a receipt is genuine: its number, amount, date and what it paid; nothing else."""
    payment = payment_for_receipt_token(token=token)
    if payment is None:
        return private_page(
            render(request, "payments/public/receipt_check.html", {"payment": None}, status=404)
        )
    invoices = list(payment.invoices.order_by("pk"))
    refunded = any(invoice.status == Invoice.Status.REFUNDED for invoice in invoices)
    context = {"payment": payment, "invoices": invoices, "refunded": refunded}
    return private_page(render(request, "payments/public/receipt_check.html", context))


# --- staff: revenue -----------------------------------------------------------------------------


def _revenue(request: HttpRequest) -> tuple[RevenueFilterForm, str, list[Any]]:
    form = RevenueFilterForm(request.GET or None)
    by, date_from, date_to = "fee_type", None, None
    if form.is_valid():
        by = form.cleaned_data["by"] or "fee_type"
        date_from = form.cleaned_data["date_from"]
        date_to = form.cleaned_data["date_to"]
    rows = revenue_totals_all_establishments(by=by, date_from=date_from, date_to=date_to)
    return form, by, rows


@staff_required("payments.view_revenue")
def revenue_view(request: HttpRequest) -> HttpResponse:
    form, by, rows = _revenue(request)
    context = {
        "form": form,
        "by": by,
        "rows": rows,
        "totals": totals_of(rows),
        "query": request.GET.urlencode(),
    }
    return render(request, "payments/staff/revenue.html", context)


EXPORT_HEADERS = (
    "key",
    "label",
    "invoices",
    "collected_baisas",
    "outstanding_baisas",
    "written_off_baisas",
    "refunded_baisas",
)


def _export_rows(rows: list[Any]) -> list[list[object]]:
    return [[getattr(row, name) for name in EXPORT_HEADERS] for row in rows]


@staff_required("payments.view_revenue")
def revenue_export_csv_view(request: HttpRequest) -> HttpResponse:
    _form, by, rows = _revenue(request)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([by, *EXPORT_HEADERS[1:]])
    writer.writerows(_export_rows(rows))
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="revenue-{by}.csv"'
    return response


@staff_required("payments.view_revenue")
def revenue_export_xlsx_view(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook

    _form, by, rows = _revenue(request)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "revenue"
    sheet.append([by, *EXPORT_HEADERS[1:]])
    for row in _export_rows(rows):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="revenue-{by}.xlsx"'
    return response


# --- staff: invoices and refunds ----------------------------------------------------------------


@staff_required("payments.work_finance")
def staff_invoice_list_view(request: HttpRequest) -> HttpResponse:
    invoices = invoices_all_establishments()
    search = (request.GET.get("q") or "").strip()[:40]
    if search:
        invoices = invoices.filter(number__iexact=search) | invoices.filter(
            establishment__cr_number=search
        )
    page, query = page_with_query(request, invoices, PER_PAGE)
    return render(
        request,
        "payments/staff/invoice_list.html",
        {"page": page, "query": query, "search": search},
    )


@staff_required("payments.work_finance")
def staff_invoice_view(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = get_object_or_404(invoices_all_establishments(), pk=invoice_id)
    context = {
        "invoice": invoice,
        "lines": invoice.lines.all(),
        "refunds": invoice.refunds.select_related("requested_by", "approved_by"),
        "refund_form": RefundRequestForm(),
        "note_form": NoteForm(),
    }
    return render(request, "payments/staff/invoice_detail.html", context)


@staff_required("payments.work_finance")
@require_POST
def staff_refund_request_view(request: SignedInRequest, invoice_id: int) -> HttpResponse:
    invoice = get_object_or_404(invoices_all_establishments(), pk=invoice_id)
    form = RefundRequestForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: refund_request(
                invoice=invoice,
                requested_by=request.user,
                reason=form.cleaned_data["reason"],
                explanation=form.cleaned_data["explanation"],
                amount_baisas=form.cleaned_data["amount_baisas"],
            ),
            success=_("The refund is recorded."),
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("payments:staff-invoice", invoice_id=invoice.pk)


@staff_required("payments.work_finance")
@require_POST
def staff_held_permit_cancel_view(request: SignedInRequest, permit_id: int) -> HttpResponse:
    """From the permit's case page: propose to cancel a permit held at payment and refund its
    fee (above the refund threshold a second approver approves the refund on the refunds
    page); back to the case page."""
    permit = permit_get_all_establishments(permit_id=permit_id)
    if permit is None:
        raise Http404
    back = redirect("permits:staff-case", permit_id=permit.pk)
    form = HeldPermitCancelForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return back
    done = attempt(
        request,
        lambda: held_permit_cancel_propose(
            permit=permit, proposed_by=request.user, reason=form.cleaned_data["reason"]
        ),
    )
    refund = done.value
    if not done.ok or refund is None:
        return back
    if refund.status == Refund.Status.COMPLETED:
        messages.success(
            request,
            _("Permit %(number)s is cancelled and its fee refunded; the payer is told by SMS.")
            % {"number": permit.number},
        )
    elif refund.status == Refund.Status.REQUESTED:
        messages.success(
            request,
            _(
                "The cancellation of permit %(number)s is proposed: a second approver must "
                "approve its refund; the permit is cancelled once the fee is refunded."
            )
            % {"number": permit.number},
        )
    else:
        messages.error(
            request,
            _("The gateway did not refund the fee: permit %(number)s is not cancelled.")
            % {"number": permit.number},
        )
    return back


@staff_required("payments.work_finance")
@require_POST
def staff_invoice_write_off_view(request: SignedInRequest, invoice_id: int) -> HttpResponse:
    invoice = get_object_or_404(invoices_all_establishments(), pk=invoice_id)
    attempt(
        request,
        lambda: invoice_write_off(
            invoice=invoice, actor=request.user, reason=request.POST.get("note", "")
        ),
        success=_("The invoice is written off."),
    )
    return redirect("payments:staff-invoice", invoice_id=invoice.pk)


@staff_required("payments.work_finance")
def staff_refund_list_view(request: HttpRequest) -> HttpResponse:
    page, query = page_with_query(request, refund_list_all_establishments(), PER_PAGE)
    return render(request, "payments/staff/refund_list.html", {"page": page, "query": query})


@staff_required("payments.approve_refunds")
@require_POST
def staff_refund_decide_view(request: SignedInRequest, refund_id: int) -> HttpResponse:
    refund = get_object_or_404(Refund, pk=refund_id)
    if request.POST.get("decision") == "approve":
        attempt(
            request,
            lambda: refund_approve(refund=refund, approver=request.user),
            success=_("The refund is approved."),
        )
    else:
        attempt(
            request,
            lambda: refund_reject(
                refund=refund, approver=request.user, note=request.POST.get("note", "")
            ),
            success=_("The refund is rejected."),
        )
    return redirect("payments:staff-refunds")


# --- staff: reconciliation ----------------------------------------------------------------------


@staff_required("payments.work_finance")
def staff_reconciliation_view(request: HttpRequest) -> HttpResponse:
    cases = finance_case_list()
    page, query = page_with_query(request, cases, PER_PAGE)
    context = {
        "runs": reconciliation_run_list()[:10],
        "page": page,
        "query": query,
        "form": ReconcileForm(
            initial={"settlement_date": timezone.localdate() - datetime.timedelta(days=1)}
        ),
        "open_count": cases.filter(status=FinanceCase.Status.OPEN).count(),
    }
    return render(request, "payments/staff/reconciliation.html", context)


@staff_required("payments.work_finance")
@require_POST
def staff_reconcile_view(request: SignedInRequest) -> HttpResponse:
    form = ReconcileForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: reconciliation_request(
                on=form.cleaned_data["settlement_date"], requested_by=request.user
            ),
            success=_("The reconciliation is started."),
        )
    else:
        messages.error(request, _("Enter the settlement date."))
    return redirect("payments:staff-reconciliation")


@staff_required("payments.work_finance")
@require_POST
def staff_case_close_view(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = get_object_or_404(FinanceCase, pk=case_id)
    attempt(
        request,
        lambda: finance_case_close(
            case=case,
            actor=request.user,
            resolve=request.POST.get("decision") == "resolve",
            note=request.POST.get("note", ""),
        ),
        success=_("The case is closed."),
    )
    return redirect("payments:staff-reconciliation")


# --- staff: Sanad centres' daily counter settlement -----------------------------------------------


@staff_required("payments.work_finance")
@require_http_methods(["GET", "POST"])
def staff_counter_settlement_view(request: SignedInRequest) -> HttpResponse:
    """Enter what a Sanad centre remitted for a day; reconcile a day's counter payments."""
    from sanad.models import ServiceCentre

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    form = RemittanceForm(initial={"day": yesterday})
    day_form = ReconcileForm(request.GET or None, initial={"settlement_date": yesterday})
    day = day_form.cleaned_data["settlement_date"] if day_form.is_valid() else yesterday
    if request.method == "POST" and request.POST.get("action") == "reconcile":
        day_form = ReconcileForm(request.POST)
        if day_form.is_valid():
            on = day_form.cleaned_data["settlement_date"]
            opened = counter_settlement_reconcile(on=on)
            messages.success(
                request,
                _("The counter settlement of %(day)s is reconciled: %(count)s new cases.")
                % {"day": on.isoformat(), "count": opened},
            )
            return redirect(
                f"{reverse('payments:staff-counter-settlement')}?settlement_date={on.isoformat()}"
            )
        messages.error(request, _("Enter the settlement date."))
    elif request.method == "POST":
        form = RemittanceForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if attempt(
                request,
                lambda: counter_remittance_record(
                    centre=data["centre"],
                    day=data["day"],
                    amount_baisas=baisas_from_rials(data["amount"]),
                    entered_by=request.user,
                    bank_reference=data["bank_reference"],
                ),
                form=form,
                success=_("The remittance is recorded."),
            ).ok:
                return redirect(
                    f"{reverse('payments:staff-counter-settlement')}"
                    f"?settlement_date={data['day'].isoformat()}"
                )
    taken = counter_takings(on=day)
    remitted = {r.centre_id: r for r in CounterRemittance.objects.filter(day=day)}
    centres = ServiceCentre.objects.filter(pk__in=set(taken) | set(remitted)).order_by("name_en")
    rows = [
        {
            "centre": centre,
            "recorded": rials(taken.get(centre.pk, (0, 0))[0]),
            "count": taken.get(centre.pk, (0, 0))[1],
            "remitted": rials(remitted[centre.pk].amount_baisas) if centre.pk in remitted else "",
            "differs": taken.get(centre.pk, (0, 0))[0]
            != (remitted[centre.pk].amount_baisas if centre.pk in remitted else 0),
        }
        for centre in centres
    ]
    cases = FinanceCase.objects.filter(
        kind__in=[FinanceCase.Kind.COUNTER_NOT_REMITTED, FinanceCase.Kind.COUNTER_OVER_REMITTED],
        status=FinanceCase.Status.OPEN,
    )
    context = {
        "form": form,
        "day_form": ReconcileForm(initial={"settlement_date": day}),
        "day": day,
        "rows": rows,
        "open_cases": cases.count(),
    }
    return render(request, "payments/staff/counter_settlement.html", context)


@staff_required("payments.work_finance")
@require_http_methods(["GET", "POST"])
def staff_counter_remittance_import_view(request: SignedInRequest) -> HttpResponse:
    """Import the bank's daily file of Sanad centres' remittances: each wrong row with its
    reason, the right ones recorded, each day of the file reconciled."""
    form = RemittanceFileForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        done = attempt(
            request,
            lambda: counter_remittances_import(content=upload.read(), entered_by=request.user),
            form=form,
            error_field="file",
            refused=(RemittanceFileError,),
        )
        result = done.value if done.ok else None
    context = {"form": form, "result": result, "columns": REMITTANCE_COLUMNS}
    return render(request, "payments/staff/counter_remittance_import.html", context)
