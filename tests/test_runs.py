"""Background runs read their progress one way, and show it in one bar that the CSP allows."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.runs import percent
from employers.models import WorkforceImport
from jobseekers.models import RecommendationRun
from permits.models import BulkRenewal

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


def test_every_run_model_reads_an_empty_queued_run_as_zero_and_a_finished_one_as_hundred():
    queued = [
        WorkforceImport(status=WorkforceImport.Status.QUEUED, processed_rows=0, total_rows=0),
        BulkRenewal(status=BulkRenewal.Status.QUEUED),
        RecommendationRun(status=RecommendationRun.Status.QUEUED, vacancies_total=0),
    ]
    finished = [
        WorkforceImport(status=WorkforceImport.Status.DONE, processed_rows=0, total_rows=0),
        BulkRenewal(status=BulkRenewal.Status.FINISHED),
        RecommendationRun(status=RecommendationRun.Status.FINISHED, vacancies_total=0),
    ]
    assert [queued[0].percent_done, queued[1].percent_done, queued[2].percent] == [0, 0, 0]
    assert [finished[0].percent_done, finished[1].percent_done, finished[2].percent] == [
        100,
        100,
        100,
    ]


def test_no_template_sets_an_inline_style():
    offenders = [
        str(p.relative_to(ROOT))
        for p in [*ROOT.glob("*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]
        if 'style="' in p.read_text()
    ]
    assert not offenders, offenders
