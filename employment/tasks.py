"""Tasks of the employment app. Thin: one service call each (beat: labor_portal/celery.py)."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def cases_close_expired_windows_task() -> dict[str, int]:
    """Uphold the terminations and absconding reports whose objection window closed without an
    objection, in batches until none is left. Safe to run twice: each case moves once."""
    from employment.services.cases import cases_close_expired_windows

    total = {"terminations": 0, "absconding_reports": 0}
    while True:
        counts = cases_close_expired_windows()
        for key, value in counts.items():
            total[key] += value
        if not any(counts.values()):
            return total


@shared_task(ignore_result=True)
def contract_offers_expire_task() -> int:
    """Expire the contract offers nobody answered in time (the worker hears nothing more; the
    employer's page says so). Safe to run twice."""
    from employment.selectors.contracts import contract_offers_past_their_date
    from employment.services.contracts import contract_expire_if_due

    expired = 0
    for contract in contract_offers_past_their_date()[:5000]:
        contract_expire_if_due(contract=contract)
        expired += 1
    return expired


@shared_task(ignore_result=True)
def contracts_end_past_their_date_task() -> int:
    """Contracts in force past their end date become ENDED, in batches until none is left."""
    from employment.services.contracts import contracts_end_past_their_date

    total = 0
    while ended := contracts_end_past_their_date():
        total += ended
    return total


@shared_task(ignore_result=True)
def resignations_nightly_task() -> dict[str, int]:
    """Resignations left unanswered past their deadline are accepted, contracts of workers past
    their last working day end, and unused no-objection records past their validity lapse
    (cancelling the worker's permit with that employer). Each step is safe to re-run."""
    from employment.services.resignations import (
        nocs_lapse,
        resignations_accept_unanswered,
        resignations_end_contracts,
    )

    total = {"accepted": 0, "contracts_ended": 0, "nocs_lapsed": 0}
    while accepted := resignations_accept_unanswered():
        total["accepted"] += accepted
    while ended := resignations_end_contracts():
        total["contracts_ended"] += ended
    while lapsed := nocs_lapse():
        total["nocs_lapsed"] += lapsed
    return total


@shared_task(ignore_result=True)
def worker_notices_retry_task() -> dict[str, int]:
    """Send what a civil registry outage held back: notices to workers (legal notices,
    decisions, receipts) and contract offer codes left PENDING. Each goes out once the registry
    answers; a run that still meets the outage stops and the next run tries again. Safe to run
    twice: a notice or an offer leaves PENDING once."""
    from employment.services.contracts import contract_offers_retry
    from employment.services.notices import worker_notices_retry

    return {"notices": worker_notices_retry(), "offers": contract_offers_retry()}


@shared_task(ignore_result=True)
def wage_protection_run_task(run_id: int) -> None:
    """Process one queued wage protection check (staff asked for it). Safe to run twice: a
    finished run is left as it is."""
    from employment.services.wage_protection import wage_protection_run_process

    wage_protection_run_process(run_id=run_id)


@shared_task(ignore_result=True)
def wage_protection_monthly_task() -> int | None:
    """The monthly check of the salary month whose pay-by date has passed (beat: the 15th).
    Re-running it changes nothing."""
    from employment.services.wage_protection import wage_protection_monthly

    run = wage_protection_monthly()
    return run.pk if run is not None else None
