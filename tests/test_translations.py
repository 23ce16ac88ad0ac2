"""Every string shown to users has an Arabic translation, and the catalogue is up to date.

The catalogue check extracts the project's strings afresh (makemessages, in a copy of the
sources) and compares them with locale/ar: a new `gettext`/`{% translate %}` string that was not
added and translated fails here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
AR_PO = ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = [
    "taxonomy",
    "labor_portal",
    "core",
    "accounts",
    "employers",
    "permits",
    "employment",
    "jobseekers",
    "omanization",
    "integrations",
    "notifications",
    "sanad",
    "workstatus",
    "lmi",
    "payments",
    "inspections",
    "accommodation",
    "templates",
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}|%[sd]")


def _catalogue() -> polib.POFile:
    return polib.pofile(str(AR_PO))


def test_every_arabic_entry_is_translated_and_not_fuzzy():
    catalogue = _catalogue()
    missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]

    assert not missing, f"untranslated Arabic strings: {missing[:20]}"
    assert not fuzzy, f"fuzzy Arabic strings: {fuzzy[:20]}"


def test_arabic_translations_keep_their_placeholders():
    wrong = []
    for entry in _catalogue():
        if entry.msgid_plural:
            expected = sorted(PLACEHOLDER.findall(entry.msgid_plural))
            forms = entry.msgstr_plural.values()
        else:
            expected = sorted(PLACEHOLDER.findall(entry.msgid))
            forms = [entry.msgstr]
        wrong.extend(entry.msgid for form in forms if sorted(PLACEHOLDER.findall(form)) != expected)
    assert not wrong, f"placeholders differ in: {wrong[:10]}"


def test_arabic_translations_are_in_arabic():
    latin_only = [
        e.msgid for e in _catalogue() if e.msgstr and not re.search(r"[\u0600-\u06FF]", e.msgstr)
    ]
    assert not latin_only, f"Arabic msgstr without Arabic letters: {latin_only[:10]}"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_catalogue_holds_every_string_in_the_code(tmp_path):
    # given a copy of the sources with an empty locale folder
    for name in SOURCE_DIRS:
        if (ROOT / name).exists():
            shutil.copytree(
                ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
            )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale").mkdir()

    # when the strings are extracted afresh
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "ar",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=120,
        env={
            "DJANGO_SETTINGS_MODULE": "labor_portal.settings.test",
            "PATH": "/usr/bin:/bin",
            "EMBEDDED_PG_DATA": str(ROOT / ".data" / "postgres"),
            "PYTHONPATH": str(tmp_path),
        },
    )
    fresh = polib.pofile(str(tmp_path / "locale" / "ar" / "LC_MESSAGES" / "django.po"))

    # then each of them is in the committed catalogue, translated
    committed = {(e.msgctxt, e.msgid): e for e in _catalogue()}
    absent = [e.msgid for e in fresh if (e.msgctxt, e.msgid) not in committed]
    untranslated = [
        e.msgid
        for e in fresh
        if (e.msgctxt, e.msgid) in committed and not committed[(e.msgctxt, e.msgid)].translated()
    ]
    assert not absent, (
        f"strings missing from locale/ar (run ./scripts/messages --update): {absent[:20]}"
    )
    assert not untranslated, f"strings without an Arabic translation: {untranslated[:20]}"
