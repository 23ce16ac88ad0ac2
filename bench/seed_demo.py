"""How fast seed_demo builds a register, against the physical floor of the same rows.

Baseline: COPY of the same employee rows into a bare table with no index or key (the
PERFORMANCE.md floor, 2.7 s for 2,000,000 rows). Measured: `employers.demo.seed_establishments`,
which writes establishments, employees, representatives and memberships with their keys,
constraints and indexes, idempotently. Prints rows per second and the ratio to the floor.

    .venv/bin/python -m bench.seed_demo --scale 20000
"""

from __future__ import annotations

import argparse
import io
import time


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=2000, help="establishments (Oman: 203,000)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args(argv)

    from bench.harness import setup_django, throwaway_database

    setup_django()
    from django.db import connection

    from employers import demo
    from employers.models import Employee

    with throwaway_database(keep=args.keep):
        activities = demo._activities()

        # measured: the real seeding path
        started = time.perf_counter()
        result = demo.seed_establishments(count=args.scale)
        seeded = time.perf_counter() - started

        # second run: finds everything, adds nothing
        started = time.perf_counter()
        again = demo.seed_establishments(count=args.scale)
        rerun = time.perf_counter() - started
        assert again.employees_created == 0
        assert again.establishments_created == 0

        # baseline: the same employee rows, generated the same way, COPY'd into a bare table
        rows = io.StringIO()
        ordered = sorted(activities, key=lambda a: a.code)
        for index in range(args.scale):
            establishment, headcount = demo._establishment(index, ordered)
            establishment.pk = index + 1
            for e in demo._employees(index, establishment, headcount):
                rows.write(
                    f"{index + 1}\t{e.civil_id or ''}\t{e.passport_number or ''}\t{e.name_ar}\t"
                    f"{e.name_en}\t{e.nationality}\t{e.occupation_code}\t{e.job_level}\t"
                    f"{e.monthly_salary}\t{e.contract_start}\n"
                )
        payload = rows.getvalue().encode()
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE bench_employee (establishment_id int, civil_id text, "
                "passport text, name_ar text, name_en text, nationality text, occupation text, "
                "job_level int, salary numeric, contract_start date)"
            )
            started = time.perf_counter()
            with cursor.copy("COPY bench_employee FROM STDIN") as copy:
                copy.write(payload)
            floor = time.perf_counter() - started

        employees = Employee.objects.count()

    figures = {
        "establishments": float(result.establishments_created),
        "employees": float(employees),
        "seed_seconds": seeded,
        "rerun_seconds": rerun,
        "copy_floor_seconds": floor,
        "ratio_to_floor": seeded / floor if floor else float("nan"),
    }
    print(
        f"seed_demo at scale {args.scale}: {result.establishments_created} establishments, "
        f"{employees} employees, {result.members_created} memberships"
    )
    print(f"  seed_establishments      {seeded:8.2f} s  ({employees / seeded:,.0f} employees/s)")
    print(f"  second run (idempotent)  {rerun:8.2f} s  (0 rows added)")
    print(f"  COPY floor, same rows    {floor:8.2f} s  ({employees / floor:,.0f} rows/s)")
    print(f"  ratio seed / floor       {figures['ratio_to_floor']:8.1f} x")
    return figures


if __name__ == "__main__":
    main()
