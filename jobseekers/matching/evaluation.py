"""`match_eval`'s computation: rank a mapped dataset with the matcher and the Jaccard baseline
in the same run, and score both against the known good matches."""

from __future__ import annotations

import time
from typing import Any

from jobseekers.matching import rules
from jobseekers.matching.baseline import jaccard_top_k
from jobseekers.matching.dataset import MappedDataset
from jobseekers.matching.engine import MatchIndex
from jobseekers.matching.metrics import evaluate_rankings, evaluate_slice
from taxonomy.resolve import Taxonomy


def evaluate(*, dataset: MappedDataset, taxonomy: Taxonomy, k: int) -> dict[str, Any]:
    """Figures for the last line of `match_eval` (and the benchmark)."""
    started = time.perf_counter()
    index = MatchIndex(
        jobseekers=dataset.jobseekers, vacancies=dataset.vacancies, taxonomy=taxonomy
    )
    matcher = {r.subject_id: r.ids for r in index.rank_all_vacancies(k=k)}
    matcher_seconds = time.perf_counter() - started

    started = time.perf_counter()
    tops = jaccard_top_k(
        vacancy_terms=dataset.vacancy_terms, jobseeker_terms=dataset.jobseeker_terms, k=k
    )
    jobseeker_ids = [j.id for j in dataset.jobseekers]
    baseline = {
        v.id: tuple(jobseeker_ids[i] for i in top)
        for v, top in zip(dataset.vacancies, tops, strict=True)
    }
    baseline_seconds = time.perf_counter() - started

    ours = evaluate_rankings(matcher, dataset.relevant, k)
    theirs = evaluate_rankings(baseline, dataset.relevant, k)
    slices = {}
    for name, members in sorted(dataset.slices.items()):
        mine = evaluate_slice(matcher, dataset.relevant, members, k)
        base = evaluate_slice(baseline, dataset.relevant, members, k)
        slices[name] = {
            "pairs": int(mine["pairs"]),
            f"recall@{k}": round(mine["recall"], 4),
            f"ndcg@{k}": round(mine["ndcg"], 4),
            f"baseline_recall@{k}": round(base["recall"], 4),
        }
    return {
        "k": k,
        f"recall@{k}": round(ours["recall"], 4),
        f"ndcg@{k}": round(ours["ndcg"], 4),
        f"baseline_recall@{k}": round(theirs["recall"], 4),
        f"baseline_ndcg@{k}": round(theirs["ndcg"], 4),
        "vacancies": len(dataset.vacancies),
        "jobseekers": len(dataset.jobseekers),
        "relevant_pairs": sum(len(v) for v in dataset.relevant.values()),
        "judged_vacancies": sum(1 for v in dataset.relevant.values() if v),
        "unresolved": dataset.unresolved,
        "resolution": dataset.resolution,
        "slices": slices,
        "skipped_lines": len(dataset.problems),
        "matcher_seconds": round(matcher_seconds, 3),
        "baseline_seconds": round(baseline_seconds, 3),
        "matcher_version": rules.MATCHER_VERSION,
        "rules_version": rules.RULES_VERSION,
    }
