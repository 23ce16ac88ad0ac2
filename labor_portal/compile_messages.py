"""Compile locale/*/LC_MESSAGES/django.po to .mo with polib (no GNU gettext needed).

Run as `python -m labor_portal.compile_messages`. Fuzzy entries are left out, as msgfmt does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    compiled = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        catalog = polib.pofile(str(po_path))
        for entry in catalog.fuzzy_entries():
            catalog.remove(entry)
        mo_path = po_path.with_suffix(".mo")
        catalog.save_as_mofile(str(mo_path))
        compiled.append(mo_path)
    return compiled


if __name__ == "__main__":
    paths = compile_all()
    sys.stdout.write(f"Compiled {len(paths)} message catalogues.\n")
