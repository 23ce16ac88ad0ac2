"""Background runs read their progress one way, and show it in one bar that the CSP allows."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps

from core.runs import (
    BackgroundRun,
    percent,
    run_fail,
    run_progress,
    run_start,
    run_succeed,
    runs_fail_interrupted,
)
from permits.models import BulkRenewal
from tests.factories import BulkRenewalFactory

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("processed", "total", "succeeded", "expected"),
    [
        (0, 0, False, 0),  # an empty run not finished: nothing done yet
        (0, 0, True, 100),  # an empty run that succeeded: all there was is done
        (1, 3, False, 33),
        (3, 3, False, 100),
        (2, 3, True, 100),
        (5, 3, False, 100),
    ],
)
def test_one_definition_of_how_far_a_run_has_come(processed, total, succeeded, expected):
    assert percent(processed=processed, total=total, succeeded=succeeded) == expected


def _run_models() -> list[type[BackgroundRun]]:
    return [m for m in apps.get_models() if issubclass(m, BackgroundRun)]


def test_the_background_runs_share_one_run_model():
    assert {m._meta.label for m in _run_models()} == {
        "accounts.DataExport",
        "employers.WorkforceImport",
        "permits.BulkRenewal",
        "jobseekers.RecommendationRun",
        "integrations.SyncRun",
        "integrations.ReconciliationRun",
        "omanization.ComplianceRun",
        "employment.WageProtectionRun",
        "payments.ReconciliationRun",
        "workstatus.RecomputeRun",
        "lmi.RollupRun",
        "inspections.InspectionPlan",
        "notifications.BroadcastRun",
    }


@pytest.mark.parametrize("model", _run_models(), ids=lambda m: m._meta.label)
def test_every_run_model_reads_an_empty_queued_run_as_zero_and_a_finished_one_as_hundred(model):
    assert model(status=BackgroundRun.Status.QUEUED).percent == 0
    assert model(status=BackgroundRun.Status.RUNNING, processed=1, total=4).percent == 25
    assert model(status=BackgroundRun.Status.SUCCEEDED).percent == 100
    assert model(status=BackgroundRun.Status.FAILED, processed=1, total=2).percent == 50
    assert "2" in model(processed=2, total=5).progress_text


def test_only_the_shared_partial_polls_for_progress():
    polling = [
        str(p.relative_to(ROOT))
        for p in [*ROOT.glob("*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]
        if 'hx-trigger="every' in p.read_text()
    ]
    assert polling == ["templates/_run_progress.html"]


@pytest.mark.django_db
class TestLifecycle:
    @pytest.fixture
    def queued(self):
        return BulkRenewalFactory.create()

    def test_a_queued_run_starts_once_and_a_restart_carries_on(self, queued):
        started = run_start(BulkRenewal, queued.pk)
        assert started is not None
        assert started.status == BackgroundRun.Status.RUNNING
        assert started.started_at is not None
        assert run_start(BulkRenewal, queued.pk) is not None  # the worker restarted
        assert run_start(BulkRenewal, queued.pk, resume=False) is None

    def test_progress_is_written_only_while_running(self, queued):
        assert run_progress(BulkRenewal, queued.pk, processed=1) == 0
        run_start(BulkRenewal, queued.pk)
        assert run_progress(BulkRenewal, queued.pk, processed=1) == 1
        run_succeed(BulkRenewal, queued.pk)
        assert run_progress(BulkRenewal, queued.pk, processed=2) == 0
        queued.refresh_from_db()
        assert (queued.status, queued.processed, queued.percent) == ("succeeded", 1, 100)
        assert queued.finished_at is not None

    def test_the_one_failure_path_keeps_the_reason_and_never_reopens_a_finished_run(self, queued):
        run_start(BulkRenewal, queued.pk)
        assert run_fail(BulkRenewal, queued.pk, "x" * 5000) == 1
        queued.refresh_from_db()
        assert queued.status == "failed"
        assert len(queued.failure_reason) == 2000
        assert run_succeed(BulkRenewal, queued.pk) == 0
        assert run_fail(BulkRenewal, queued.pk, "again") == 0
        queued.refresh_from_db()
        assert queued.status == "failed"
        assert queued.failure_reason == "x" * 2000

    def test_a_finished_run_does_not_start_again(self, queued):
        run_start(BulkRenewal, queued.pk)
        run_succeed(BulkRenewal, queued.pk)
        assert run_start(BulkRenewal, queued.pk) is None

    def test_runs_a_dead_worker_left_are_failed_in_one_update(self, queued):
        run_start(BulkRenewal, queued.pk)
        BulkRenewalFactory.create()
        done = BulkRenewalFactory.create()
        run_start(BulkRenewal, done.pk)
        run_succeed(BulkRenewal, done.pk)

        assert runs_fail_interrupted(BulkRenewal.objects.all(), "worker died") == 2
        assert sorted(BulkRenewal.objects.values_list("status", flat=True)) == [
            "failed",
            "failed",
            "succeeded",
        ]


def test_no_template_sets_an_inline_style():
    offenders = [
        str(p.relative_to(ROOT))
        for p in [*ROOT.glob("*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]
        if 'style="' in p.read_text()
    ]
    assert not offenders, offenders
