"""Ranking quality against known good matches: recall@k and nDCG@k (binary relevance).

Both are averaged over the vacancies that have at least one known good match; a vacancy
without one says nothing about a ranking."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def recall_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Share of the known good matches found in the first k."""
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def ndcg_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Discounted gain of the good matches in the first k, over the best achievable."""
    if not relevant:
        return 0.0
    gain = sum(1.0 / math.log2(i + 2) for i, item in enumerate(ranked[:k]) if item in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return gain / ideal


def evaluate_rankings(
    rankings: Mapping[str, Sequence[str]], relevant: Mapping[str, set[str]], k: int
) -> dict[str, float]:
    """Mean recall@k and nDCG@k over the vacancies in `relevant` (missing ranking = empty)."""
    judged = [v for v, items in relevant.items() if items]
    if not judged:
        return {"recall": 0.0, "ndcg": 0.0}
    recall = sum(recall_at_k(rankings.get(v, ()), relevant[v], k) for v in judged)
    ndcg = sum(ndcg_at_k(rankings.get(v, ()), relevant[v], k) for v in judged)
    return {"recall": recall / len(judged), "ndcg": ndcg / len(judged)}


def evaluate_slice(
    rankings: Mapping[str, Sequence[str]],
    relevant: Mapping[str, set[str]],
    members: set[str],
    k: int,
) -> dict[str, float]:
    """Recall@k and nDCG@k counting only the good matches whose jobseeker is in `members`
    (Arabic phrases, misspelled phrases, missing occupation...). The other good matches are
    taken out of each ranking first, so a slice is not marked down for the rest being found."""
    sliced = {v: items & members for v, items in relevant.items()}
    others = {v: items - members for v, items in relevant.items()}
    trimmed = {
        v: [item for item in rankings.get(v, ()) if item not in others.get(v, ())] for v in sliced
    }
    figures = evaluate_rankings(trimmed, sliced, k)
    figures["pairs"] = float(sum(len(items) for items in sliced.values()))
    return figures
