"""Compile locale/*/LC_MESSAGES/django.po to .mo with polib (no GNU gettext needed).

Run as `python -m labor_portal.compile_messages`. Fuzzy entries are left out, as msgfmt does.

In a worker's language (hi, bn, ur, ml, ta, fil) only the pages a worker uses are translated
(core.worker_languages); every other message is compiled as its English source, so a page no
worker needs reads in English there rather than in Arabic (Django's fallback to LANGUAGE_CODE).
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
WORKER_LANGUAGES = ("hi", "bn", "ur", "ml", "ta", "fil")


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    compiled = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        catalog = polib.pofile(str(po_path))
        for entry in catalog.fuzzy_entries():
            catalog.remove(entry)
        if po_path.parent.parent.name in WORKER_LANGUAGES:
            _english_where_untranslated(catalog)
        mo_path = po_path.with_suffix(".mo")
        catalog.save_as_mofile(str(mo_path))
        compiled.append(mo_path)
    return compiled


def _english_where_untranslated(catalog: polib.POFile) -> None:
    for entry in catalog:
        if entry.msgid_plural:
            if not any(entry.msgstr_plural.values()):
                forms = _plural_count(catalog)
                entry.msgstr_plural = {
                    i: entry.msgid if i == 0 else entry.msgid_plural for i in range(forms)
                }
        elif not entry.msgstr:
            entry.msgstr = entry.msgid


def _plural_count(catalog: polib.POFile) -> int:
    header = catalog.metadata.get("Plural-Forms", "nplurals=2;")
    try:
        return int(header.split("nplurals=")[1].split(";")[0])
    except (IndexError, ValueError):
        return 2


if __name__ == "__main__":
    paths = compile_all()
    sys.stdout.write(f"Compiled {len(paths)} message catalogues.\n")
