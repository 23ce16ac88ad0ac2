"""The sync engine against the stub entities, on real PostgreSQL: counts, idempotence,
misbehaving entities, refused records."""

from __future__ import annotations

import pytest

from integrations.models import InsuredEmployment, SyncRun, SyncSource
from integrations.services import sync_run

pytestmark = pytest.mark.django_db


def test_first_sync_creates_every_record_and_moves_the_watermark(stub, waits):
    run = sync_run(entity="social_insurance")

    assert run.status == SyncRun.Status.SUCCEEDED, run.failure_reason
    assert (run.fetched, run.created, run.updated, run.unchanged) == (3000, 3000, 0, 0)
    assert InsuredEmployment.objects.count() == 3000
    assert SyncSource.objects.get(entity="social_insurance").watermark == "3000"
