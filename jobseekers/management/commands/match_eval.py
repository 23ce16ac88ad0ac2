"""Rank a JSONL dataset with the project's matcher and a Jaccard baseline; print the figures.

    python manage.py match_eval --dataset FILE.jsonl --k 20

The last line printed is JSON: recall@k and nDCG@k of both, counts, unresolved terms. A
malformed line is reported with its number (on stderr) and skipped; a file that cannot be
read, or holds no vacancy or no jobseeker, ends the command with an error and exit status 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jobseekers.matching.dataset import DatasetError, map_dataset, read_dataset
from jobseekers.matching.evaluation import evaluate
from taxonomy.selectors import taxonomy_from_database

MAX_REPORTED = 20


class Command(BaseCommand):
    help = "Evaluate matching on a JSONL dataset of vacancies, jobseekers and known good matches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dataset", required=True, type=Path, help="JSONL file")
        parser.add_argument("--k", type=int, default=20, help="length of each ranking")

    def handle(self, *args: Any, **options: Any) -> None:
        k: int = options["k"]
        if k < 1:
            raise CommandError(_("--k must be at least 1."))
        try:
            raw = read_dataset(Path(options["dataset"]))
        except DatasetError as error:
            raise CommandError(_("Cannot read the dataset: %(error)s") % {"error": error}) from None
        for number, message in raw.problems[:MAX_REPORTED]:
            self.stderr.write(
                _("line %(number)d skipped: %(message)s") % {"number": number, "message": message}
            )
        if len(raw.problems) > MAX_REPORTED:
            self.stderr.write(
                _("%(count)d more lines skipped.") % {"count": len(raw.problems) - MAX_REPORTED}
            )
        if not raw.vacancies or not raw.jobseekers:
            raise CommandError(_("The dataset holds no vacancy or no jobseeker to rank."))
        taxonomy = taxonomy_from_database()
        dataset = map_dataset(raw, taxonomy)
        for _number, message in dataset.problems[len(raw.problems) :][:MAX_REPORTED]:
            self.stderr.write(_("skipped: %(message)s") % {"message": message})
        figures = evaluate(dataset=dataset, taxonomy=taxonomy, k=k)
        self.stdout.write(
            _("%(vacancies)d vacancies, %(jobseekers)d jobseekers, %(pairs)d known good matches.")
            % {
                "vacancies": figures["vacancies"],
                "jobseekers": figures["jobseekers"],
                "pairs": figures["relevant_pairs"],
            }
        )
        resolution = figures["resolution"]
        self.stdout.write(
            _(
                "Skill phrases: %(exact)d exact, %(fuzzy)d fuzzy, %(similar)d similar (counted "
                "in part), %(none)d not resolved."
            )
            % resolution
        )
        self.stdout.write(json.dumps(figures, ensure_ascii=False))
