"""Two yardsticks computed in the same run as the matcher.

* `jaccard_top_k`: the plain skill-overlap baseline of `match_eval`: the Jaccard similarity of
  the two lists of skills as written (case and spacing folded, nothing else), which is what a
  portal without a taxonomy could do. Occupation, education, experience and place are ignored.
* `overlap_floor_top_k`: the speed floor of the benchmark: the number of shared skill codes by
  one sparse product, top k per vacancy (PERFORMANCE.md measured 3.7 s at national scale).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

_BLOCK = 512


def _incidence(
    rows: Sequence[Sequence[str] | frozenset[str]], vocabulary: dict[str, int]
) -> sp.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    for terms in rows:
        indices.extend(sorted({vocabulary.setdefault(t, len(vocabulary)) for t in terms}))
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.ones(len(indices)), np.asarray(indices, dtype=np.int32), np.asarray(indptr)),
        shape=(len(rows), max(len(vocabulary), 1)),
    )


def _top_k_rows(scores: sp.csr_matrix, k: int) -> list[npt.NDArray[np.int64]]:
    tops = []
    for row in range(scores.shape[0]):
        lo, hi = scores.indptr[row], scores.indptr[row + 1]
        values, columns = scores.data[lo:hi], scores.indices[lo:hi]
        if len(values) > k:
            keep = np.argpartition(-values, k - 1)[:k]
            values, columns = values[keep], columns[keep]
        order = np.lexsort((columns, -values))
        tops.append(columns[order].astype(np.int64))
    return tops


def plain_terms(texts: Sequence[str]) -> frozenset[str]:
    """Skills as written, folded only for case and spacing."""
    return frozenset(" ".join(t.casefold().split()) for t in texts if t and t.strip())


def jaccard_top_k(
    *, vacancy_terms: Sequence[frozenset[str]], jobseeker_terms: Sequence[frozenset[str]], k: int
) -> list[npt.NDArray[np.int64]]:
    """For each vacancy, the indexes of the k jobseekers with the highest Jaccard similarity
    of skill terms (pairs sharing no term are never ranked)."""
    vocabulary: dict[str, int] = {}
    jobseekers = _incidence(jobseeker_terms, vocabulary)
    vacancies = _incidence(vacancy_terms, vocabulary)
    width = max(len(vocabulary), 1)
    jobseekers.resize((jobseekers.shape[0], width))
    vacancies.resize((vacancies.shape[0], width))
    j_sizes = np.asarray(jobseekers.sum(axis=1)).ravel()
    v_sizes = np.asarray(vacancies.sum(axis=1)).ravel()
    j_t = jobseekers.T.tocsr()
    tops: list[npt.NDArray[np.int64]] = []
    for start in range(0, vacancies.shape[0], _BLOCK):
        shared = (vacancies[start : start + _BLOCK] @ j_t).tocsr()
        rows = np.repeat(np.arange(shared.shape[0]), np.diff(shared.indptr)) + start
        shared.data = shared.data / (v_sizes[rows] + j_sizes[shared.indices] - shared.data)
        tops.extend(_top_k_rows(shared, k))
    return tops


def overlap_floor_top_k(
    *,
    vacancy_skills: Sequence[frozenset[str]],
    jobseeker_skills: Sequence[frozenset[str]],
    k: int,
) -> list[npt.NDArray[np.int64]]:
    """For each vacancy, the k jobseekers sharing the most skill codes: one sparse product a
    block at a time and a partial sort per row, nothing else."""
    vocabulary: dict[str, int] = {}
    jobseekers = _incidence(jobseeker_skills, vocabulary)
    vacancies = _incidence(vacancy_skills, vocabulary)
    width = max(len(vocabulary), 1)
    jobseekers.resize((jobseekers.shape[0], width))
    vacancies.resize((vacancies.shape[0], width))
    j_t = jobseekers.T.tocsr()
    tops: list[npt.NDArray[np.int64]] = []
    for start in range(0, vacancies.shape[0], _BLOCK):
        tops.extend(_top_k_rows((vacancies[start : start + _BLOCK] @ j_t).tocsr(), k))
    return tops
