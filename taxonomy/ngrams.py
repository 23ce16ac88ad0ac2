"""Character n-gram similarity: the resolver's last resort for text no synonym spells.

Why n-grams and not an edit distance: people misspell a letter or two, run words together,
split them with hyphens, swap their order and add endings ("weldings", "اللحامات"). A phrase
and its misspelling still share most of their three-letter pieces in either script, so the
cosine of their piece vectors stays high where a whole-string ratio falls below any safe
cut-off. Pieces are weighted by rarity (idf), so a shared "ing" or "ال" counts for little.

`NgramIndex.nearest` answers one text; `NgramIndex.nearest_many` answers thousands in blocks
of one sparse product each (a bulk import or `match_eval`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

N = 3
_BLOCK = 2048


def grams(key: str) -> Counter[str]:
    """The three-letter pieces of `key` (already normalised), spaces removed and the phrase
    padded, so that "air conditioning", "air-conditioning" and "airconditioning" share all
    but a few pieces."""
    text = " " + key.replace(" ", "") + " "
    if len(text) < N:
        return Counter({text: 1})
    return Counter(text[i : i + N] for i in range(len(text) - N + 1))


class NgramIndex:
    """The choices (keys with the code each names), as unit-length idf-weighted vectors."""

    def __init__(self, keys: Sequence[str], codes: Sequence[str]) -> None:
        self.codes = list(codes)
        counted = [grams(k) for k in keys]
        vocabulary: dict[str, int] = {}
        frequency: Counter[str] = Counter()
        for found in counted:
            frequency.update(found.keys())
            for gram in found:
                vocabulary.setdefault(gram, len(vocabulary))
        total = max(len(keys), 1)
        self.vocabulary = vocabulary
        self.idf = np.ones(len(vocabulary))
        for gram, column in vocabulary.items():
            self.idf[column] = math.log((total + 1) / (frequency[gram] + 1)) + 1.0
        # a piece no choice has is as informative as the rarest known one
        self.unknown_idf = float(self.idf.max()) if len(vocabulary) else 1.0
        self.matrix = self._vectors(counted)

    def _vectors(self, counted: Sequence[Counter[str]]) -> sp.csr_matrix:
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for found in counted:
            norm = 0.0
            row: dict[int, float] = {}
            for gram, count in found.items():
                column = self.vocabulary.get(gram)
                weight = count * (self.idf[column] if column is not None else self.unknown_idf)
                norm += weight * weight
                if column is not None:
                    row[column] = weight
            scale = 1.0 / math.sqrt(norm) if norm else 0.0
            for column in sorted(row):
                indices.append(column)
                data.append(row[column] * scale)
            indptr.append(len(indices))
        return sp.csr_matrix(
            (np.asarray(data), np.asarray(indices, dtype=np.int32), np.asarray(indptr)),
            shape=(len(counted), max(len(self.vocabulary), 1)),
        )

    def nearest_many(
        self, keys: Sequence[str]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """For each key the position of the nearest choice and the cosine (0 to 1)."""
        positions = np.zeros(len(keys), dtype=np.int64)
        scores = np.zeros(len(keys))
        if not self.codes:
            return positions, scores
        transposed = self.matrix.T.tocsr()
        for start in range(0, len(keys), _BLOCK):
            block = self._vectors([grams(k) for k in keys[start : start + _BLOCK]])
            product = (block @ transposed).toarray()
            best = product.argmax(axis=1)
            positions[start : start + len(best)] = best
            scores[start : start + len(best)] = product[np.arange(len(best)), best]
        return positions, scores

    def nearest(self, key: str) -> tuple[str, float] | None:
        """The code of the nearest choice and the cosine, or None when nothing shares a piece."""
        positions, scores = self.nearest_many([key])
        if not self.codes or scores[0] <= 0:
            return None
        return self.codes[int(positions[0])], float(scores[0])
