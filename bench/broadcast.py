"""A broadcast to a segment of a million workers: selected and queued into the SMS ledger,
against a plain INSERT ... SELECT of the same rows, in the same run.

Builds establishments with `--scale` foreign workers in all (default 1,100,000: a segment of
about 1,000,000 in Muscat and the rest elsewhere), every worker with the civil registry's kept
mobile, a third also with their own proven account in one of the eight languages (some with
alerts off), all by set-based SQL in a throwaway database. Then, in the same run:

* queue: `notifications.broadcasts.broadcast_send` for an approved alert to the workers of
  Muscat (texts in Arabic, English, Hindi and Urdu): the segment is selected (population,
  filter, one row per mobile, opt-outs, language) and written into the ledger with its
  idempotency keys, in one INSERT ... SELECT;
* floor: the same rows (numbers, languages, texts, keys) written again by one plain
  INSERT ... SELECT from the ledger into the ledger itself (same partitions, indexes and WAL; no
  selection, no keys), rolled back;
* rerun: the send again, which must write nothing.

The last line is JSON: workers, queued, queue_s, floor_s, ratio (queue / floor; goal 2).

    .venv/bin/python -m bench.broadcast                 # a segment of a million
    .venv/bin/python -m bench.broadcast --scale 5000    # a quick run
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

NATIONAL_WORKERS = 1_100_000
PER_ESTABLISHMENT = 20


def _seed(workers: int) -> int:
    """Establishments (nine in ten in Muscat), `workers` foreign workers with the registry's
    mobile, and a proven account for a third of them."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from employers.demo import _activities

    activity = _activities()[0].pk
    establishments = max(1, workers // PER_ESTABLISHMENT)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.21)")
        cursor.execute(
            """
            INSERT INTO employers_establishment
                (created_at, updated_at, cr_number, name_ar, name_en, activity_id, governorate,
                 size_class, status, permits_barred, bar_reason, registered_on)
            SELECT now(), now(), (4000000 + i)::text, 'منشأة ' || i, 'Establishment ' || i,
                   %(activity)s, CASE WHEN i %% 11 = 0 THEN 'dhofar' ELSE 'muscat' END,
                   'small', 'active', false, '', DATE '2020-01-01'
            FROM generate_series(1, %(n)s) i
            """,
            {"activity": activity, "n": establishments},
        )
        cursor.execute(
            """
            INSERT INTO employers_employee
                (created_at, updated_at, establishment_id, civil_id, passport_number, name_ar,
                 name_en, nationality, occupation_code, job_level, monthly_salary, is_full_time,
                 has_disability, contract_start, contract_end)
            SELECT now(), now(), est.id, (30000000 + g)::text, 'B' || g, 'عامل', 'Worker',
                   (ARRAY['IND', 'BGD', 'PAK', 'PHL'])[1 + g %% 4], '7112', 4, 200, true, false,
                   DATE '2024-01-01', NULL
            FROM generate_series(1, %(n)s) g
            JOIN employers_establishment est
              ON est.cr_number = (4000000 + 1 + (g - 1) %% %(e)s)::text
            """,
            {"n": workers, "e": establishments},
        )
        cursor.execute(
            """
            INSERT INTO accounts_registryrecord
                (civil_id, mobile, name_ar, name_en, nationality, date_of_birth, fetched_at)
            SELECT civil_id, '+9689' || lpad(id::text, 7, '0'), '', '', nationality, NULL, now()
            FROM employers_employee
            """
        )
        # a proven account for a third: its own mobile, one of the eight languages
        fields = [f for f in User._meta.concrete_fields if f.column != "id"]
        own: dict[str, str] = {
            "username": "'w' || e.id",
            "role": "'jobseeker'",
            "civil_id": "e.civil_id",
            "mobile": "'+9687' || lpad(e.id::text, 7, '0')",
            "preferred_language": (
                "(ARRAY['ar', 'en', 'hi', 'bn', 'ur', 'ml', 'ta', 'fil'])[1 + e.id % 8]"
            ),
            "sms_alerts_opt_out": "e.id % 13 = 0",
            "mobile_verified_at": "now()",
            "identity_proven_at": "now()",
        }
        columns: list[str] = []
        values: list[str] = []
        params: list[Any] = []
        now = timezone.now()
        for f in fields:
            columns.append(str(f.column))
            if f.name in own:
                values.append(own[f.name].replace("%", "%%"))
            elif f.name == "password":
                values.append("%s")
                params.append(make_password(None))
            elif f.name in {"date_joined"}:
                values.append("%s")
                params.append(now)
            else:
                values.append("%s")
                params.append(f.get_db_prep_save(f.get_default(), connection))
        cursor.execute(
            f"INSERT INTO {User._meta.db_table} ({', '.join(columns)}) "  # nosec B608
            f"SELECT {', '.join(values)} FROM employers_employee e WHERE e.id %% 3 = 0",
            params,
        )
        for table in ("employers_employee", "accounts_registryrecord", User._meta.db_table):
            cursor.execute(f"ANALYZE {table}")
        cursor.execute("SELECT count(*) FROM employers_employee")
        return int(cursor.fetchone()[0])


def _floor(broadcast_id: int) -> float:
    """Seconds to write the broadcast's rows again by one plain INSERT ... SELECT into the
    ledger itself (same table, partitions, indexes and WAL; rolled back afterwards)."""
    from django.db import connection, transaction

    class _RollBackError(Exception):
        pass

    elapsed = 0.0
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
            started = time.perf_counter()
            cursor.execute(
                """
                INSERT INTO notifications_smsmessage
                    (public_id, created_at, updated_at, recipient_id, to_number, template_id,
                     category, language, rendered_text, body_to_send, idempotency_key, status,
                     error_code, attempts, next_attempt_at, needs_reconciliation, broadcast_id)
                SELECT gen_random_uuid(), now(), now(), recipient_id, to_number, template_id,
                       category, language, rendered_text, '', 'floor:' || idempotency_key,
                       status, '', 0, next_attempt_at, false, NULL
                FROM notifications_smsmessage WHERE broadcast_id = %s
                """,
                [broadcast_id],
            )
            elapsed = time.perf_counter() - started
            raise _RollBackError
    except _RollBackError:
        pass
    return elapsed


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=NATIONAL_WORKERS, help="workers in all")
    args = parser.parse_args(argv)

    from bench.harness import setup_django, throwaway_database

    setup_django()
    from django.db import connection, transaction
    from django.db.models import Count
    from django.utils import timezone

    from labor_portal.celery import app

    # the relay's nudge is published to an in-memory broker nobody consumes: what is measured
    # is selecting and queueing the messages, not sending them
    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"  # type: ignore[misc]

    from accounts.models import User
    from notifications.broadcasts import broadcast_audience, broadcast_queue, broadcast_send
    from notifications.models import Broadcast, SmsMessage

    with throwaway_database():
        started = time.perf_counter()
        workers = _seed(args.scale)
        print(f"seeded {workers} workers in {time.perf_counter() - started:.1f} s")
        author = User.objects.create(username="bench-policy", role=User.Role.POLICY)
        approver = User.objects.create(username="bench-approver", role=User.Role.APPROVER)
        # created approved directly: the four-eyes steps are not what is measured
        broadcast = Broadcast.objects.create(
            title="Heat wave",
            kind=Broadcast.Kind.ALERT,
            body_ar="تنبيه: موجة حر، لا عمل في الظهيرة.",
            body_en="Alert: heat wave, no work at midday.",
            worker_bodies={"hi": "चेतावनी: लू, दोपहर में काम नहीं।", "ur": "انتباہ: لو۔"},
            segment={"governorate": ["muscat"]},
            status=Broadcast.Status.APPROVED,
            created_by=author,
            decided_by=approver,
            decided_at=timezone.now(),
        )
        expected = broadcast_audience(broadcast=broadcast).recipients
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")

        t0 = time.perf_counter()
        queued = broadcast_send(broadcast_id=broadcast.pk)
        queue_s = time.perf_counter() - t0
        assert queued == expected, f"queued {queued}, the segment counted {expected}"
        languages = dict(
            SmsMessage.objects.filter(broadcast=broadcast)
            .order_by()
            .values_list("language")
            .annotate(n=Count("id"))
        )

        floor_s = _floor(broadcast.pk)

        # the statement itself again (as a send whose run was retried): the keys refuse it all
        t0 = time.perf_counter()
        with transaction.atomic():
            rerun = broadcast_queue(broadcast=Broadcast.objects.get(pk=broadcast.pk))
        rerun_s = time.perf_counter() - t0
        assert rerun == 0, "a second send wrote messages"
        assert SmsMessage.objects.filter(broadcast=broadcast).count() == queued

    figures: dict[str, Any] = {
        "workers": workers,
        "queued": queued,
        "languages": languages,
        "queue_s": round(queue_s, 2),
        "floor_s": round(floor_s, 2),
        "ratio": round(queue_s / floor_s, 2) if floor_s else None,
        "rerun_s": round(rerun_s, 2),
    }
    print(
        f"{queued} messages queued from {workers} workers in {figures['queue_s']} s; a plain "
        f"INSERT ... SELECT of the same rows {figures['floor_s']} s (ratio {figures['ratio']}x, "
        f"goal 2x); a second send wrote nothing in {figures['rerun_s']} s"
    )
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
