"""Thin tasks of payments (each calls one service). Scheduled in labor_portal/celery.py."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def reconcile_task(run_id: int) -> None:
    from payments.services.reconciliation import reconcile

    reconcile(run_id=run_id)


@shared_task(acks_late=True)
def daily_payments_task() -> None:
    """Every night: late fines, invoices for counter fees and fines, sessions whose callback
    never came, paid permits held by a failing check, and the reconciliation of yesterday's
    settlement file."""
    import datetime

    from django.utils import timezone

    from payments.services import (
        late_fine_sweep,
        paid_permits_issue_sweep,
        sessions_refresh_waiting,
    )
    from payments.services.reconciliation import invoices_from_other_acts, reconciliation_request

    today = timezone.localdate()
    late_fine_sweep(on=today)
    invoices_from_other_acts(on=today)
    sessions_refresh_waiting()
    paid_permits_issue_sweep()
    reconciliation_request(on=today - datetime.timedelta(days=1), requested_by=None)
