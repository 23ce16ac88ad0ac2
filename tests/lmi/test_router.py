"""Rollup reads go to the read replica when one is configured; everything else, and every
write, to the primary; without a replica (the embedded default) reads stay on the primary."""

from __future__ import annotations

from types import SimpleNamespace

from lmi.models import Course, Fact, Release
from lmi.routers import RollupReadRouter
from permits.models import Permit


def configured(monkeypatch, *aliases: str) -> None:
    """The router sees these database aliases (Django's own settings stay as they are)."""
    monkeypatch.setattr("lmi.routers.settings", SimpleNamespace(DATABASES=dict.fromkeys(aliases)))


def test_rollup_reads_go_to_the_replica_when_there_is_one(monkeypatch):
    configured(monkeypatch, "default", "replica")
    router = RollupReadRouter()

    assert router.db_for_read(Fact) == "replica"
    assert router.db_for_read(Release) == "replica"
    assert router.db_for_read(Course) is None
    assert router.db_for_read(Permit) is None
    assert router.db_for_write(Fact) == "default"
    assert router.allow_migrate("replica", "lmi") is False


def test_without_a_replica_rollup_reads_stay_on_the_primary(monkeypatch):
    configured(monkeypatch, "default")

    assert RollupReadRouter().db_for_read(Fact) == "default"
