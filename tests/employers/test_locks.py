"""One owner for establishment locks: employers.locks takes them, in one order (ADR 0018)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from employers.locks import establishment_lock, establishments_lock
from tests.factories import EstablishmentFactory

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "core",
    "accounts",
    "taxonomy",
    "notifications",
    "employers",
    "omanization",
    "permits",
    "employment",
    "jobseekers",
    "integrations",
    "sanad",
    "labor_portal",
]
DIRECT_LOCK = re.compile(r"Establishment\.objects\s*\.\s*select_for_update")


def test_no_module_but_employers_locks_locks_establishment_rows():
    offenders = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and path != ROOT / "employers" / "locks.py"
        and DIRECT_LOCK.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == [], "lock establishments through employers.locks"


@pytest.mark.django_db
def test_establishment_lock_returns_the_locked_row(django_assert_num_queries):
    # given
    establishment = EstablishmentFactory()

    # when
    with django_assert_num_queries(1) as captured:
        locked = establishment_lock(establishment_id=establishment.pk)

    # then
    assert locked == establishment
    assert "FOR UPDATE" in captured.captured_queries[0]["sql"]


@pytest.mark.django_db
def test_establishments_are_locked_lowest_id_first(django_assert_num_queries):
    # given
    first, second = EstablishmentFactory(), EstablishmentFactory()

    # when
    with django_assert_num_queries(1) as captured:
        establishments_lock(establishment_ids=[second.pk, first.pk])

    # then
    sql = captured.captured_queries[0]["sql"]
    assert re.search(r"ORDER BY \S+ ASC FOR UPDATE$", sql), sql  # by the pk
