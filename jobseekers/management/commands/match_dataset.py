"""Write a synthetic matching dataset (JSONL) for `match_eval` and the benchmark.

python manage.py match_dataset --out FILE.jsonl --vacancies 650 --jobseekers 10000 --seed 1
python manage.py match_dataset --out FILE.jsonl --phrasing second   # the second generator
python manage.py match_dataset --out FILE.jsonl --phrasing third    # the third (held out)
python manage.py match_dataset --out FILE.jsonl --phrasing fourth   # the fourth (held out)
python manage.py match_dataset --out FILE.jsonl --phrasing fifth    # the fifth (held out)
python manage.py match_dataset --out FILE.jsonl --phrasing sixth    # the sixth (held out)
python manage.py match_dataset --out FILE.jsonl --phrasing seventh  # the seventh (held out)
python manage.py match_dataset --out FILE.jsonl --phrasing eighth   # the eighth (held out)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jobseekers.matching.dataset import write_dataset
from taxonomy.selectors import taxonomy_from_database


class Command(BaseCommand):
    help = "Generate a noisy matching dataset with known good matches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="JSONL file to write")
        parser.add_argument("--vacancies", type=int, default=650)
        parser.add_argument("--jobseekers", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--phrasing",
            choices=["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"],
            default="first",
            help=(
                "first: jobseekers.matching.dataset; second: jobseekers.matching.phrasing; "
                "third: jobseekers.matching.phrasing_c; fourth: jobseekers.matching.phrasing_d; "
                "fifth: jobseekers.matching.phrasing_e; sixth: jobseekers.matching.phrasing_f; "
                "seventh: jobseekers.matching.phrasing_g; eighth: jobseekers.matching.phrasing_h"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["vacancies"] < 1 or options["jobseekers"] < 1:
            raise CommandError(_("--vacancies and --jobseekers must be at least 1."))
        try:
            counts = write_dataset(
                path=Path(options["out"]),
                vacancies=options["vacancies"],
                jobseekers=options["jobseekers"],
                seed=options["seed"],
                taxonomy=taxonomy_from_database(),
                phrasing=options["phrasing"],
            )
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s")
                % {"path": options["out"], "error": error.strerror or error}
            ) from None
        self.stdout.write(json.dumps(counts))
