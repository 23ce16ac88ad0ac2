"""`manage.py recompute_omanization [--as-of YYYY-MM-DD]`: every establishment, one statement."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omanization.models import ComplianceRun
from omanization.services import RuleSetError, compliance_recompute


class Command(BaseCommand):
    help = (
        "Recompute the Omanization compliance of every establishment under the rule set in "
        "force on the date (today by default), and record which statuses changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            run = compliance_recompute(
                trigger=ComplianceRun.Trigger.COMMAND, as_of=options["as_of"]
            )
        except RuleSetError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{run.total} establishments on {run.as_of} under {run.rule_set}: "
            f"{run.compliant} compliant, {run.non_compliant} not compliant, "
            f"{run.changed} changed, in {run.duration_seconds:.2f} s"
        )
