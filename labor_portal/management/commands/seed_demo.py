"""Build realistic demo data at a chosen scale. Idempotent: a second run adds nothing twice.

Each app contributes its part (accounts.demo, employers.demo); later issues add theirs here.
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Create demo accounts for every role and demo establishments with their workforce."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=40,
            help="Number of establishments (default 40; Oman has about 203,000).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SETTINGS_MODULE.endswith(".production") and not settings.DEBUG:
            raise CommandError("seed_demo does not run with production settings.")
        scale = options["scale"]
        if scale < 3:
            raise CommandError(
                "--scale must be at least 3 (the demo employers need 3 establishments)."
            )

        from accommodation.demo import seed_accommodation
        from accounts.demo import (
            DEMO_ACCOUNTS,
            DEMO_PASSPORT_DIRECTORATE_KEY,
            DEMO_PASSWORD,
            seed_demo_accounts,
            seed_demo_api_client,
        )
        from employers.demo import seed_demo_memberships, seed_establishments
        from employment.demo import seed_employment
        from jobseekers.demo import seed_jobseekers
        from omanization.demo import seed_omanization
        from payments.demo import seed_payments
        from permits.demo import seed_permits
        from permits.models import Permit
        from sanad.demo import seed_sanad
        from workstatus.demo import seed_workstatus

        started = time.perf_counter()
        users, accounts_created = seed_demo_accounts()
        result = seed_establishments(count=scale)
        memberships = seed_demo_memberships(
            employer=users["employer"], other_employer=users["employer2"]
        )
        omanization = seed_omanization(policy=users["policy"])
        api_key = seed_demo_api_client(user=users["tenderboard"])
        passport_key = seed_demo_api_client(
            user=users["passport"],
            key=DEMO_PASSPORT_DIRECTORATE_KEY,
            name="Passport and Residence Directorate (demo)",
            scopes=("permits:read", "permits:visa-write", "departures:write"),
        )
        permits = seed_permits()
        employment = seed_employment(jobseeker=users["jobseeker"])
        jobseekers = seed_jobseekers(jobseeker=users["jobseeker"])
        seed_sanad(clerk=users["sanad"], approver=users["approver"])
        seed_payments(employer=users["employer"])
        # last: the full recompute reads the permits, registers and feeds seeded above
        codes = seed_workstatus()
        # after the register entries of the permit holders: the demo resident's room
        housing = seed_accommodation(operator_user=users["dormitory"], employer=users["employer"])
        elapsed = time.perf_counter() - started

        self.stdout.write(
            f"Demo data ready in {elapsed:.1f} s: {accounts_created} accounts, "
            f"{result.establishments_created} establishments, "
            f"{result.employees_created} employees, "
            f"{result.members_created + memberships} memberships created; "
            f"{omanization.rule_sets_published} Omanization rule sets published, "
            f"{omanization.establishments_assessed} establishments assessed; "
            f"{permits.created} work permits ({permits.issued} issued, "
            f"{permits.queued} in the officer queue); "
            f"{employment.resignations_created} resignation waiting for the demo employer; "
            f"{jobseekers.vacancies_created} vacancies, "
            f"{jobseekers.applications_created} application; "
            f"status codes for {codes.workers} foreign workers ({codes.green} green, "
            f"{codes.red} red); accommodation site {housing.site.name} with "
            f"{housing.rooms} rooms."
        )
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            role = account.role or "superuser"
            self.stdout.write(f"  {account.username:<12} {role}")
        self.stdout.write(
            "Staff (officer, approver, policy, analyst, inspector, admin) set up an "
            "authenticator app on first sign-in by scanning a QR code; employers' "
            "representatives (employer, employer2) and the Sanad clerk (sanad) do so before "
            "acting for an establishment or at the counter, or sign in with the national "
            "digital identity as their person (civil IDs 90000002, 90000003, 90000009)."
        )
        if housing.resident_number:
            self.stdout.write(
                f"The demo resident (resident number {housing.resident_number}) lives in room "
                f"A-101 of {housing.site.name}: signed in, he scans the room's code (the "
                "dormitory operator prints the block's QR sheet) to check in."
            )
        base = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
        self.stdout.write("")
        self.stdout.write("Tender board API (demo key, scope omanization:read):")
        self.stdout.write(
            f'  curl -H "Authorization: Api-Key {api_key}" {base}/api/v1/g2g/omanization/1000000/'
        )
        self.stdout.write(
            "Passport directorate API (demo key, scopes permits:read, permits:visa-write, "
            "departures:write):"
        )
        example = (
            Permit.objects.order_by("id").values_list("number", flat=True).first()
            or "WP2026000000001"
        )
        self.stdout.write(
            f'  curl -H "Authorization: Api-Key {passport_key}" '
            f"{base}/api/v1/g2g/permits/{example}/"
        )
