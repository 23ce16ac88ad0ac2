"""Pages of fees and payments (under the language prefix). The gateway's callback and the G2G
revenue endpoint are machine endpoints, mounted without it (labor_portal/urls.py)."""

from django.urls import path

from core.ruleset_views import rule_set_urls
from payments import views
from payments.rule_family import PAYMENTS

app_name = "payments"

EMPLOYER = "employer/establishments/<int:establishment_id>/payments/"

urlpatterns = [
    path(f"{EMPLOYER}", views.invoice_list_view, name="employer-invoices"),
    path(
        f"{EMPLOYER}invoices/<int:invoice_id>/", views.invoice_detail_view, name="employer-invoice"
    ),
    path(f"{EMPLOYER}pay/", views.pay_view, name="employer-pay"),
    path(
        f"{EMPLOYER}return/<str:reference>/",
        views.payment_return_view,
        name="employer-payment-return",
    ),
    path(f"{EMPLOYER}receipts/<int:payment_id>/", views.receipt_view, name="employer-receipt"),
    path("receipts/<str:token>/", views.receipt_check_view, name="receipt-check"),
    path("staff/payments/revenue/", views.revenue_view, name="staff-revenue"),
    path(
        "staff/payments/revenue/export.csv",
        views.revenue_export_csv_view,
        name="staff-revenue-export-csv",
    ),
    path(
        "staff/payments/revenue/export.xlsx",
        views.revenue_export_xlsx_view,
        name="staff-revenue-export-xlsx",
    ),
    path("staff/payments/invoices/", views.staff_invoice_list_view, name="staff-invoices"),
    path(
        "staff/payments/invoices/<int:invoice_id>/",
        views.staff_invoice_view,
        name="staff-invoice",
    ),
    path(
        "staff/payments/invoices/<int:invoice_id>/refund/",
        views.staff_refund_request_view,
        name="staff-refund-request",
    ),
    path(
        "staff/payments/invoices/<int:invoice_id>/write-off/",
        views.staff_invoice_write_off_view,
        name="staff-invoice-write-off",
    ),
    path(
        "staff/payments/permits/<int:permit_id>/cancel-held/",
        views.staff_held_permit_cancel_view,
        name="staff-held-permit-cancel",
    ),
    path("staff/payments/refunds/", views.staff_refund_list_view, name="staff-refunds"),
    path(
        "staff/payments/refunds/<int:refund_id>/decide/",
        views.staff_refund_decide_view,
        name="staff-refund-decide",
    ),
    path(
        "staff/payments/reconciliation/",
        views.staff_reconciliation_view,
        name="staff-reconciliation",
    ),
    path(
        "staff/payments/reconciliation/run/",
        views.staff_reconcile_view,
        name="staff-reconcile",
    ),
    path(
        "staff/payments/counter-settlement/",
        views.staff_counter_settlement_view,
        name="staff-counter-settlement",
    ),
    path(
        "staff/payments/counter-settlement/import/",
        views.staff_counter_remittance_import_view,
        name="staff-counter-remittance-import",
    ),
    path(
        "staff/payments/cases/<int:case_id>/close/",
        views.staff_case_close_view,
        name="staff-case-close",
    ),
    *rule_set_urls(PAYMENTS, "staff/payments/rule-sets/"),
]
