"""What is wrong with an uploaded CSV file's header row, in the words every import uses."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def header_problems(names: Sequence[str], columns: Sequence[str]) -> list[str]:
    """The header's missing, unknown and repeated columns (`names` already stripped and in
    lower case), one translated sentence each; empty when the header is right."""
    expected = set(columns)
    missing = [column for column in columns if column not in names]
    unknown = [name or _("(empty)") for name in names if name not in expected]
    repeated = sorted({name for name in names if name in expected and names.count(name) > 1})
    problems = []
    if missing:
        problems.append(
            ngettext("Missing column: %(columns)s.", "Missing columns: %(columns)s.", len(missing))
            % {"columns": ", ".join(missing)}
        )
    if unknown:
        problems.append(
            ngettext("Unknown column: %(columns)s.", "Unknown columns: %(columns)s.", len(unknown))
            % {"columns": ", ".join(unknown)}
        )
    if repeated:
        problems.append(
            ngettext(
                "Column written more than once: %(columns)s.",
                "Columns written more than once: %(columns)s.",
                len(repeated),
            )
            % {"columns": ", ".join(repeated)}
        )
    return problems
