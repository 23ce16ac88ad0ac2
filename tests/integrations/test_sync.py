"""The sync engine against the stub entities, on real PostgreSQL: counts, idempotence,
misbehaving entities, refused records."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from integrations.entities import Entity
from integrations.models import (
    RECORD_MODELS,
    InsuredEmployment,
    RejectedRecord,
    SyncRun,
    SyncSource,
)
from integrations.services import sync_run

pytestmark = pytest.mark.django_db

SI = Entity.SOCIAL_INSURANCE


def _watermark(entity: str = SI) -> str:
    return SyncSource.objects.get(entity=entity).watermark


def _row_versions() -> dict[int, int]:
    """Each row's physical version (xmin): unchanged when a row was not rewritten."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, xmin::text::bigint FROM integrations_insuredemployment")
        return dict(cursor.fetchall())


def _assert_matches_stub(stub, entity: str = SI) -> None:
    summary = stub.feed(entity).summary()
    model = RECORD_MODELS[entity]
    assert model.objects.count() == summary["count"]
    versions = sum(model.objects.values_list("source_version", flat=True))
    assert versions == summary["version_sum"]
    assert _watermark(entity) == str(summary["max_seq"])


class TestSyncRun:
    def test_first_sync_creates_every_record_and_moves_the_watermark(self, stub, waits):
        run = sync_run(entity=SI)

        assert run.status == SyncRun.Status.SUCCEEDED, run.failure_reason
        assert (run.fetched, run.created, run.updated, run.unchanged) == (3000, 3000, 0, 0)
        assert run.processed == 6
        assert run.watermark_from == "0"
        assert run.watermark_to == "3000"
        assert run.duration_seconds is not None
        _assert_matches_stub(stub)
        row = InsuredEmployment.objects.get(civil_id="60000000", month=datetime.date(2026, 8, 1))
        assert row.salary == Decimal(stub.world.social_insurance(0, 0)["salary"])
        assert SyncSource.objects.get(entity=SI).last_answered_at is not None

    def test_a_second_run_reads_only_what_changed(self, stub, waits):
        # given a synced feed in which 30 records then change
        sync_run(entity=SI)
        stub.tick({"entity": SI, "changes": 30})

        # when the next run comes
        run = sync_run(entity=SI)

        # then it fetched and updated those 30 only
        assert (run.fetched, run.created, run.updated, run.unchanged) == (30, 0, 30, 0)
        _assert_matches_stub(stub)

    def test_every_entity_syncs(self, stub, waits):
        for entity in Entity.values:
            run = sync_run(entity=entity)

            assert run.status == SyncRun.Status.SUCCEEDED, (entity, run.failure_reason)
            assert run.rejected == 0, list(RejectedRecord.objects.values("reason", "detail"))
            _assert_matches_stub(stub, entity)


class TestIdempotence:
    def test_reading_the_whole_feed_again_changes_nothing(self, stub, waits):
        # given a complete sync
        sync_run(entity=SI)
        before = _row_versions()

        # when the same pages are read again from the start
        again = sync_run(entity=SI, from_start=True)

        # then every record is counted unchanged and no row was rewritten
        assert (again.fetched, again.created, again.updated, again.unchanged) == (3000, 0, 0, 3000)
        assert _row_versions() == before

    def test_a_run_with_nothing_new_fetches_nothing(self, stub, waits):
        sync_run(entity=SI)

        run = sync_run(entity=SI)

        assert (run.fetched, run.created, run.updated) == (0, 0, 0)
        assert run.status == SyncRun.Status.SUCCEEDED


class TestMisbehavingEntities:
    def test_duplicates_in_a_page_are_counted_and_stored_once(self, stub, waits):
        stub.control({"entity": SI, "modes": {"duplicate_every": 7}})

        run = sync_run(entity=SI)

        assert run.duplicates == 3000 // 7
        assert run.fetched == 3000 + 3000 // 7
        assert run.created == 3000
        _assert_matches_stub(stub)

    def test_records_out_of_order_end_the_same(self, stub, waits):
        stub.control({"entity": SI, "modes": {"out_of_order": True}})

        run = sync_run(entity=SI)

        assert run.created == 3000
        _assert_matches_stub(stub)

    def test_a_record_changed_twice_between_syncs_keeps_its_last_version(self, stub, waits):
        # given a synced feed, then a record changed twice, and a source that reports both
        # changes, the newer one first
        sync_run(entity=SI)
        stub.tick({"entity": SI, "indices": [4], "times": 2})
        stub.control({"entity": SI, "modes": {"serve_stale": True, "out_of_order": True}})

        # when the next run reads them
        run = sync_run(entity=SI)

        # then the record holds its second change
        row = InsuredEmployment.objects.get(civil_id="60000001", month=datetime.date(2026, 9, 1))
        assert row.source_version == 2
        assert row.salary == Decimal(stub.world.social_insurance(4, 2)["salary"])
        assert (run.fetched, run.updated, run.duplicates) == (2, 1, 1)

    def test_an_older_version_never_overwrites_a_newer_one(self, stub, waits):
        # given a record synced at version 1
        stub.tick({"entity": SI, "indices": [0]})
        sync_run(entity=SI)

        # when the feed is read again serving every stale entry (version 0 of the record)
        stub.control({"entity": SI, "modes": {"serve_stale": True}})
        run = sync_run(entity=SI, from_start=True)

        # then the record stays at version 1
        assert run.updated == 0
        row = InsuredEmployment.objects.get(civil_id="60000000", month=datetime.date(2026, 8, 1))
        assert row.source_version == 1

    def test_slow_answers_only_take_longer(self, stub, waits):
        stub.control({"entity": SI, "faults": [{"kind": "slow", "seconds": 0.3, "count": 2}]})

        run = sync_run(entity=SI)

        assert run.status == SyncRun.Status.SUCCEEDED
        assert run.retries == 0
        _assert_matches_stub(stub)

    @pytest.mark.parametrize(
        ("fault", "expected_waits"),
        [
            ({"kind": "500", "count": 2}, [0.5, 1.0]),
            ({"kind": "503", "count": 1}, [0.5]),
            ({"kind": "429", "retry_after": 7, "count": 1}, [7.0]),
            ({"kind": "timeout", "seconds": 2.5, "count": 1}, [0.5]),
            ({"kind": "truncated", "count": 1}, [0.5]),
            ({"kind": "garbage", "count": 1}, [0.5]),
            ({"kind": "reset", "count": 1}, [0.5]),
        ],
        ids=["500", "503", "429", "timeout", "truncated", "garbage", "reset"],
    )
    def test_a_transient_failure_is_retried_with_backoff_and_loses_nothing(
        self, stub, waits, fault, expected_waits
    ):
        # given an entity that fails the third page request this way
        stub.control({"entity": SI, "faults": [{**fault, "after": 2}]})

        # when a run meets it
        run = sync_run(entity=SI)

        # then the run waited as the backoff says (429: what Retry-After asked) and finished
        assert waits == expected_waits
        assert run.retries == len(expected_waits)
        assert run.status == SyncRun.Status.SUCCEEDED, run.failure_reason
        assert run.created == 3000
        _assert_matches_stub(stub)

    def test_a_cut_off_page_commits_nothing_of_itself(self, stub, waits, settings):
        settings.INTEGRATIONS_MAX_ATTEMPTS = 1
        stub.control({"entity": SI, "faults": [{"kind": "truncated", "after": 1}]})

        run = sync_run(entity=SI)

        assert run.status == SyncRun.Status.FAILED
        assert "cut off" in run.failure_reason or "held" in run.failure_reason
        assert InsuredEmployment.objects.count() == 500
        assert _watermark() == "500"


class TestOutage:
    def test_an_outage_fails_the_run_with_its_reason_and_the_next_run_resumes(self, stub, waits):
        # given an entity that goes down after two pages, for longer than the retries last
        stub.control({"entity": SI, "faults": [{"kind": "503", "after": 2, "count": 3}]})

        # when a run meets the outage
        failed = sync_run(entity=SI)

        # then it tried 3 times with growing waits, and failed saying why
        assert failed.status == SyncRun.Status.FAILED
        assert waits == [0.5, 1.0]
        assert failed.retries == 2
        assert "503" in failed.failure_reason
        assert "after 3 attempts" in failed.failure_reason
        assert failed.created == 1000
        assert _watermark() == "1000"

        # when the entity is back and the next run comes
        resumed = sync_run(entity=SI)

        # then it asked from the watermark and everything arrived once
        asked = [r["cursor"] for r in stub.requests if r["outcome"] == "ok"]
        assert asked[2] == 1000
        assert resumed.status == SyncRun.Status.SUCCEEDED
        assert resumed.created == 2000
        _assert_matches_stub(stub)

    def test_an_unreachable_entity_fails_the_run(self, stub, waits, settings):
        settings.INTEGRATIONS_STUB_URL = "http://127.0.0.1:1"

        run = sync_run(entity=SI)

        assert run.status == SyncRun.Status.FAILED
        assert "EntityUnavailable" in run.failure_reason
        assert len(waits) == 2


class TestRefusedRecords:
    def test_bad_records_are_refused_one_by_one_and_kept_for_staff(self, stub, waits, settings):
        # given an entity that breaks every 10th record in one of seven ways
        settings.INTEGRATIONS_REJECTED_PAYLOAD_CHARS = 500
        stub.control({"entity": SI, "modes": {"malformed_every": 10}})

        # when a run reads the feed
        run = sync_run(entity=SI)

        # then the 300 bad records are refused, each with its reason, and the rest stored
        assert run.status == SyncRun.Status.SUCCEEDED
        assert run.rejected == 300
        assert run.created == 2700
        assert InsuredEmployment.objects.count() == 2700
        reasons = set(RejectedRecord.objects.values_list("reason", flat=True))
        assert reasons == {
            RejectedRecord.Reason.WRONG_TYPE,
            RejectedRecord.Reason.TOO_LONG,
            RejectedRecord.Reason.MARKUP,
            RejectedRecord.Reason.MISSING,
            RejectedRecord.Reason.NOT_JSON,
            RejectedRecord.Reason.NOT_AN_OBJECT,
            RejectedRecord.Reason.INVALID,
        }
        # the oversized one is kept cut to the limit, with its real size
        oversized = RejectedRecord.objects.filter(reason=RejectedRecord.Reason.TOO_LONG).first()
        assert len(oversized.raw_payload) == 500
        assert oversized.payload_size > 50_000
        # nothing of a refused record reached the table
        assert not InsuredEmployment.objects.filter(insured_name__contains="<").exists()
        assert not InsuredEmployment.objects.filter(insured_name__startswith="AAAA").exists()
        # and the watermark went past them: they are not fetched again
        assert _watermark() == "3000"

    def test_a_refused_record_that_the_entity_corrects_is_stored(self, stub, waits):
        # given a record refused for script in its name
        stub.inject(
            {"entity": SI, "put": [{"index": 5, "fields": {"insured_name": "<script>x</script>"}}]}
        )
        sync_run(entity=SI)
        assert RejectedRecord.objects.filter(reason=RejectedRecord.Reason.MARKUP).count() == 1

        # when the entity corrects it
        stub.inject({"entity": SI, "put": [{"index": 5, "fields": {"insured_name": "Salim"}}]})
        run = sync_run(entity=SI)

        # then it is stored
        assert run.created == 1
        assert InsuredEmployment.objects.filter(insured_name="Salim").count() == 1
