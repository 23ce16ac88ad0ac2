"""Payments at scale, each against a floor measured in the same run.

1. Reconciliation: a ledger of N gateway payments received on one day, and the gateway's
   settlement file for the day (CSV) that lacks a `--fraction` of them (recorded, not settled)
   and holds as many the ledger lacks (settled, not recorded). The portal's reconciliation
   (COPY into a staging table, the joins, a case per difference, the day recorded as settled
   with the file's digest; only payments settled another day than received get the day)
   against the plain SQL of the same comparison: the same COPY, then one anti-join each way and
   one join (the floor). Every planted difference must be found.
2. Confirmations: M checkout sessions waiting, each confirmed by its gateway callback end to end
   (a signed JSON POST through Django's request handling, the signature checked, the session
   and invoice locked, the payment and receipt written, audited), against a direct update of
   the same rows (one transaction per confirmation: insert the payment, update the session and
   the invoice, with plain SQL).

    .venv/bin/python -m bench.payments --scale 1000000 --callbacks 10000
The last line printed is JSON: {"payments", "planted_each_way", "found_not_settled",
"found_not_recorded", "reconcile_s", "baseline_s", "ratio_reconcile", "callbacks",
"callbacks_s", "direct_s", "ratio_callbacks", "callbacks_per_s", "ratio", "goal_met"}.
Goal: both ratios within 3.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import time
from typing import Any

GOAL = 3.0
DAY = datetime.date(2026, 11, 30)


def _ledger(*, payments: int) -> None:
    """N gateway payments received at noon (Muscat) on DAY, straight with SQL."""
    from django.db import connection

    with connection.cursor() as sql:
        sql.execute(
            """
            INSERT INTO payments_payment (gateway_reference, amount_baisas, currency, source,
                received_at, receipt_number, receipt_token, created_at, updated_at)
            SELECT 'pay_' || i, 1000 + (i %% 500) * 10, 'OMR', 'callback',
                   TIMESTAMPTZ '2026-11-30 12:00:00+04', 'RCTB' || i, 'tok' || i, now(), now()
            FROM generate_series(0, %(n)s - 1) AS i
            """,
            {"n": payments},
        )
        sql.execute("ANALYZE payments_payment")


def _settlement(*, payments: int, every: int) -> tuple[str, int, int]:
    """The file: every payment but each `every`-th, plus one unknown per `every`."""
    out = io.StringIO()
    out.write("kind,reference,client_reference,session_id,amount,currency\n")
    missing = 0
    for i in range(payments):
        if i % every == 0:
            missing += 1
            continue
        out.write(f"payment,pay_{i},,s{i},{1000 + (i % 500) * 10},OMR\n")
    extra = 0
    for j in range(0, payments, every):
        out.write(f"payment,pay_extra_{j},CHK-unknown-{j},x{j},1000,OMR\n")
        extra += 1
    return out.getvalue(), missing, extra


BASELINE = [
    # recorded, not settled
    """SELECT count(*) FROM payments_payment p
       WHERE NOT EXISTS (SELECT 1 FROM bench_staging s WHERE s.reference = p.gateway_reference)""",
    # settled, not recorded
    """SELECT count(*) FROM bench_staging s
       WHERE NOT EXISTS (SELECT 1 FROM payments_payment p
                         WHERE p.gateway_reference = s.reference)""",
    # matched with equal amounts
    """SELECT count(*) FROM bench_staging s
       JOIN payments_payment p ON p.gateway_reference = s.reference
       WHERE s.amount = p.amount_baisas""",
]


def _baseline(text: str) -> tuple[float, list[int]]:
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as sql:
        sql.execute(
            "CREATE TEMP TABLE bench_staging (kind text, reference text, client_reference text,"
            " session_id text, amount bigint, currency text) ON COMMIT DROP"
        )
        with sql.copy("COPY bench_staging FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            copy.write(text)
        sql.execute("ANALYZE bench_staging")
        counts = []
        for query in BASELINE:
            sql.execute(query)
            counts.append(int(sql.fetchone()[0]))
    return time.perf_counter() - started, counts


def _reconcile(text: str) -> tuple[float, Any]:
    from core.runs import run_start
    from payments.models import ReconciliationRun
    from payments.services.reconciliation import reconcile_text

    run = ReconciliationRun.objects.create(settlement_date=DAY)
    started_run = run_start(ReconciliationRun, run.pk)
    assert started_run is not None
    started = time.perf_counter()
    finished = reconcile_text(run=started_run, text=text)
    return time.perf_counter() - started, finished


# --- confirmations -----------------------------------------------------------------------------


def _sessions(*, count: int, prefix: str) -> None:
    """`count` open invoices of one establishment, each in a waiting checkout session."""
    from django.db import connection

    from employers.models import EconomicActivity, Establishment

    activity, _created = EconomicActivity.objects.get_or_create(
        code="4711", defaults={"name_ar": "تجارة", "name_en": "Retail"}
    )
    shop, _created = Establishment.objects.get_or_create(
        cr_number="9900001",
        defaults={
            "name_ar": "منشأة",
            "name_en": "Establishment",
            "activity": activity,
            "governorate": "muscat",
            "registered_on": datetime.date(2020, 1, 1),
        },
    )
    from accounts.models import User

    payer, _created = User.objects.get_or_create(
        username="bench-payer", defaults={"role": User.Role.EMPLOYER}
    )
    with connection.cursor() as sql:
        sql.execute(
            """
            INSERT INTO payments_invoice (number, establishment_id, fee_type, status,
                amount_baisas, currency, issued_on, due_on, status_reason, governorate,
                activity_code, nationality, created_at, updated_at)
            SELECT %(p)s || 'INV' || i, %(shop)s, 'data_change', 'open', 5000, 'OMR',
                   DATE '2026-11-01', DATE '2026-12-01', '', 'muscat', '4711', 'IND', now(), now()
            FROM generate_series(0, %(n)s - 1) AS i
            """,
            {"p": prefix, "shop": shop.pk, "n": count},
        )
        sql.execute(
            """
            INSERT INTO payments_checkoutsession (client_reference, gateway_session_id,
                establishment_id, created_by_id, status, amount_baisas, created_at, updated_at)
            SELECT %(p)s || 'CHK' || i, %(p)s || 'sess' || i, %(shop)s, %(payer)s, 'created',
                   5000, now(), now()
            FROM generate_series(0, %(n)s - 1) AS i
            """,
            {"p": prefix, "shop": shop.pk, "payer": payer.pk, "n": count},
        )
        sql.execute(
            """
            INSERT INTO payments_checkoutsession_invoices (checkoutsession_id, invoice_id)
            SELECT c.id, v.id FROM payments_checkoutsession c
            JOIN payments_invoice v ON v.number = %(p)s || 'INV' ||
                 substring(c.client_reference from length(%(p)s || 'CHK') + 1)
            WHERE c.client_reference LIKE %(p)s || 'CHK%%'
            """,
            {"p": prefix},
        )
        for table in ("payments_invoice", "payments_checkoutsession"):
            sql.execute(f"ANALYZE {table}")
        sql.execute("ANALYZE payments_checkoutsession_invoices")


def _callbacks(*, count: int, prefix: str) -> float:
    """Post `count` signed callbacks through the portal's WSGI application (the callback's
    middleware chain, the URL resolver, the view), as gunicorn would hand them over; seconds
    taken."""
    import io
    import sys

    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    from labor_portal.handlers import application_for
    from payments.gateway.signature import sign

    handler = application_for(WSGIHandler())
    statuses: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], *_exc: Any) -> Any:
        statuses.append(status)
        return lambda _data: None

    bodies = []
    for i in range(count):
        event = {
            "event_type": "checkout.completed",
            "data": {
                "session_id": f"{prefix}sess{i}",
                "client_reference_id": f"{prefix}CHK{i}",
                "payment_status": "paid",
                "total_amount": 5000,
                "currency": "OMR",
                "invoice": f"{prefix}pay{i}",
            },
        }
        bodies.append(json.dumps(event).encode())
    started = time.perf_counter()
    for body in bodies:
        timestamp = str(int(time.time()))
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/payments/gateway/callback/",
            "QUERY_STRING": "",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_THAWANI_SIGNATURE": sign(
                secret=settings.PAYMENT_WEBHOOK_SECRET, body=body, timestamp=timestamp
            ),
            "HTTP_THAWANI_TIMESTAMP": timestamp,
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        response = handler(environ, start_response)
        for _chunk in response:
            pass
        response.close()
    took = time.perf_counter() - started
    assert set(statuses) == {"204 No Content"}, set(statuses)
    return took


def _direct(*, count: int, prefix: str) -> float:
    """The same rows written directly, one transaction per confirmation."""
    from django.db import connection, transaction

    with connection.cursor() as sql:
        sql.execute(
            "SELECT c.id, i.invoice_id FROM payments_checkoutsession c "
            "JOIN payments_checkoutsession_invoices i ON i.checkoutsession_id = c.id "
            "WHERE c.client_reference LIKE %s ORDER BY c.id",
            [f"{prefix}CHK%"],
        )
        rows = sql.fetchall()
    assert len(rows) == count
    started = time.perf_counter()
    for n, (session_id, invoice_id) in enumerate(rows):
        with transaction.atomic(), connection.cursor() as sql:
            sql.execute(
                "INSERT INTO payments_payment (gateway_reference, session_id, amount_baisas,"
                " currency, source, received_at, receipt_number, receipt_token, created_at,"
                " updated_at) VALUES (%s, %s, 5000, 'OMR', 'callback', now(), %s, %s, now(),"
                " now()) RETURNING id",
                [f"{prefix}pay{n}", session_id, f"{prefix}R{n}", f"{prefix}T{n}"],
            )
            payment_id = sql.fetchone()[0]
            sql.execute(
                "UPDATE payments_checkoutsession SET status = 'paid', updated_at = now()"
                " WHERE id = %s",
                [session_id],
            )
            sql.execute(
                "UPDATE payments_invoice SET status = 'paid', payment_id = %s, paid_at = now(),"
                " updated_at = now() WHERE id = %s",
                [payment_id, invoice_id],
            )
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=1_000_000, help="payments in the ledger")
    parser.add_argument("--fraction", type=float, default=0.01, help="differences each way")
    parser.add_argument("--callbacks", type=int, default=10_000, help="confirmations")
    args = parser.parse_args(argv)

    from bench.harness import setup_django, throwaway_database

    setup_django()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    # persistent connections, as in production (PERFORMANCE.md: 8 times the throughput)
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 600
    every = max(2, round(1 / args.fraction))
    with throwaway_database():
        from payments.models import FinanceCase, Payment
        from payments.selectors import payments_settled_on

        started = time.perf_counter()
        _ledger(payments=args.scale)
        text, missing, extra = _settlement(payments=args.scale, every=every)
        took = time.perf_counter() - started
        print(f"ledger of {args.scale:,} payments and its file in {took:.1f} s")
        baseline_s, counts = _baseline(text)
        reconcile_s, run = _reconcile(text)
        kind = FinanceCase.Kind
        found_not_settled = FinanceCase.objects.filter(kind=kind.RECORDED_NOT_SETTLED).count()
        found_not_recorded = FinanceCase.objects.filter(kind=kind.SETTLED_NOT_RECORDED).count()
        settled = payments_settled_on(on=DAY).count()
        assert counts == [missing, extra, args.scale - missing], counts
        assert found_not_settled == missing, (found_not_settled, missing)
        assert found_not_recorded == extra, (found_not_recorded, extra)
        assert settled == args.scale - missing

        _sessions(count=args.callbacks, prefix="a")
        _sessions(count=args.callbacks, prefix="b")
        callbacks_s = _callbacks(count=args.callbacks, prefix="a")
        direct_s = _direct(count=args.callbacks, prefix="b")
        confirmed = Payment.objects.filter(gateway_reference__startswith="apay").count()
        assert confirmed == args.callbacks, confirmed

        ratio_reconcile = reconcile_s / max(baseline_s, 1e-6)
        ratio_callbacks = callbacks_s / max(direct_s, 1e-6)
        figures: dict[str, Any] = {
            "payments": args.scale,
            "planted_each_way": missing,
            "found_not_settled": found_not_settled,
            "found_not_recorded": found_not_recorded,
            "matched": run.matched,
            "reconcile_s": round(reconcile_s, 3),
            "baseline_s": round(baseline_s, 3),
            "ratio_reconcile": round(ratio_reconcile, 2),
            "callbacks": args.callbacks,
            "callbacks_s": round(callbacks_s, 3),
            "direct_s": round(direct_s, 3),
            "ratio_callbacks": round(ratio_callbacks, 2),
            "callbacks_per_s": round(args.callbacks / max(callbacks_s, 1e-6)),
            "ratio": round(max(ratio_reconcile, ratio_callbacks), 2),
            "goal_met": max(ratio_reconcile, ratio_callbacks) <= GOAL,
        }
        print(
            f"reconcile {reconcile_s:.2f} s vs floor {baseline_s:.2f} s "
            f"(ratio {ratio_reconcile:.2f}); {args.callbacks:,} callbacks {callbacks_s:.2f} s "
            f"vs direct {direct_s:.2f} s (ratio {ratio_callbacks:.2f})"
        )
        print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
