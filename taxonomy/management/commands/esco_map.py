"""Rebuild `taxonomy/data/esco_synonyms.csv` from ESCO's CSV downloads (see taxonomy.esco).

    python manage.py esco_map --occupations occupations_en.csv \\
        --skills transversalSkillsCollection_en.csv ictSkillsCollection_en.csv

Then a data migration reloads the shipped synonyms (`taxonomy.loading.load_synonyms`).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from taxonomy.esco import esco_synonyms, write_esco_synonyms
from taxonomy.loading import ESCO_SYNONYMS_CSV
from taxonomy.resolve import taxonomy_from_files


class Command(BaseCommand):
    help = "Map ESCO's occupation and skill labels onto the taxonomy as English synonyms."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--occupations", type=Path, help="ESCO occupations_en.csv")
        parser.add_argument("--skills", type=Path, nargs="*", default=[], help="ESCO skill CSVs")
        parser.add_argument("--out", type=Path, default=ESCO_SYNONYMS_CSV)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = esco_synonyms(
                occupations=options["occupations"],
                skills=options["skills"],
                taxonomy=taxonomy_from_files(esco=False),
            )
            write_esco_synonyms(rows, options["out"])
        except (OSError, KeyError, UnicodeDecodeError) as error:
            raise CommandError(
                _("Cannot read the ESCO files: %(error)s") % {"error": error}
            ) from None
        counts = Counter(row["kind"] for row in rows)
        self.stdout.write(json.dumps({"synonyms": len(rows), **counts}))
