"""The ranker: top-k candidates for a vacancy, top-k vacancies for a jobseeker, in bulk or on
demand, with scores equal to `explain.explain_match` and explanations built for the top-k only.

How it stays near the speed of a plain skill-overlap product (PERFORMANCE.md: 3.7 s for 6,500
vacancies × 100,000 jobseekers in scipy) while scoring every factor exactly:

1. Candidate generation by two inverted indexes: jobseekers whose occupation shares the
   vacancy's ISCO sub-major group (an array per 2-digit prefix), and jobseekers who hold at
   least one required skill (the sparse product of the vacancies' required skills by the
   jobseekers' skills; that product *is* the floor). In bulk the product runs a block of
   vacancies at a time over the residents of their governorate only (the first location
   tier; movers, the second, are skipped), and over everyone only for a vacancy whose
   residents cannot fill its top k.
2. Every factor of the first group is scored with numpy, and the k-th best score `t` taken.
3. A candidate of the second group outside the first cannot score more than its required-skill
   share plus all the optional, education, experience and location weight plus a major-group
   occupation proximity (0.1): only those whose bound beats `t` are scored.
4. Anyone in neither group scores at most that same bound with no required skill; if `t` does
   not beat it (a rare occupation, a vacancy with no skills), every jobseeker is scored.

So the top-k is exactly the top-k of scoring everyone; it is only cheaper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

try:  # the kernel behind scipy's sparse × dense product, without a matrix built per slice
    from scipy.sparse._sparsetools import csr_matvecs as _csr_matvecs
except ImportError:  # pragma: no cover (a scipy that moved it: the public product instead)
    _csr_matvecs = None

from jobseekers.matching import rules
from jobseekers.matching.explain import Explanation, explain_match, vacancy_skill_sets
from jobseekers.matching.records import JobseekerRecord, VacancyRecord
from taxonomy.resolve import Taxonomy

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_W = rules.WEIGHTS
_CONTEXT_WEIGHT = _W[rules.EDUCATION] + _W[rules.EXPERIENCE] + _W[rules.LOCATION]
# Best possible score of a pair outside the vacancy's sub-major group, without its required
# skills: optional skills, education, experience and location at full value, major group only.
_OUTSIDE_BOUND = _W[rules.OPTIONAL_SKILLS] + _CONTEXT_WEIGHT + _W[rules.OCCUPATION] * 0.1
# The most the tiers add in each location tier (`rules.order_bonus`): an upper bound of anyone
# not yet scored is their score's bound plus the one of their tier (`rules.BEST_ORDER` for a
# resident).
_AWAY_ORDER = rules.REQUIREMENTS_TIER + rules.LOCAL_TIE
_MOVER_ORDER = rules.TIER_STEP * rules.MOVER + _AWAY_ORDER
# A bound equal to the k-th key may still tie with it and win on index: such candidates are
# scored too, with room for rounding (far below rules.LOCAL_TIE).
_SLACK = 1e-12
_MAX_OCCUPATIONS = 5  # a stated code and the unit groups the skills point to (dataset.py)
# The arrays of factor values carry one more column: what the tiers add to the score for
# ordering (`rules.order_bonus`); a Ranking shows the six factors only.
_ORDER = len(rules.FACTORS)
_COLUMNS = _ORDER + 1
_BLOCK = 512
_EMPTY: IntArray = np.empty(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Ranking:
    """The top-k of one vacancy (candidates) or of one jobseeker (vacancies), best first.

    `factor_values[i]` holds the six factor values of the i-th result in `rules.FACTORS`
    order; `explanations()` builds the readable explanation of each result, on request, so a
    bulk run pays for explanations only where they are stored or shown."""

    subject_id: str
    ids: tuple[str, ...]
    scores: tuple[float, ...]
    factor_values: FloatArray
    _explain: Callable[[int], Explanation]

    def explanations(self) -> list[Explanation]:
        return [self._explain(i) for i in range(len(self.ids))]


@dataclass(frozen=True, slots=True)
class _VacancyFeatures:
    record: VacancyRecord
    required: FloatArray  # 1/|R| on each required skill column
    optional: FloatArray  # 1/|O| on each optional skill column
    skill_columns: FloatArray  # the two side by side, shape (skills, 2)
    has_required: bool
    occupation: str
    education: int  # rank, or the "unknown" row
    years_min: float
    governorate: int


@dataclass(frozen=True, slots=True)
class _Slice:
    """The arrays of a set of jobseekers, gathered once (a sub-major group is reused by every
    vacancy in it, which is most of the cost of scoring avoided)."""

    ix: IntArray
    # one row per jobseeker of the slice: each skill's weight, as the three arrays of a CSR
    # matrix (a scipy matrix built for each small slice cost more in checks than the product)
    skill_indptr: npt.NDArray[np.integer]
    skill_indices: npt.NDArray[np.integer]
    skill_data: FloatArray
    occupations: npt.NDArray[np.int32]  # one column when nobody in the slice has a second
    scales: FloatArray  # how much each occupation's proximity counts (given or inferred)
    ranks: npt.NDArray[np.int8]
    years: FloatArray  # 0 where unknown (see years_known)
    years_known: npt.NDArray[np.bool_]
    governorates: npt.NDArray[np.int8]
    willing: npt.NDArray[np.bool_]


class MatchIndex:
    """Jobseekers and vacancies turned into arrays once; rank many times.

    Build one per batch run (or per process, refreshed when profiles change). Records whose
    codes the taxonomy does not know are kept; unknown skill codes are ignored."""

    def __init__(
        self,
        *,
        jobseekers: Sequence[JobseekerRecord],
        vacancies: Sequence[VacancyRecord] = (),
        taxonomy: Taxonomy,
    ) -> None:
        self.taxonomy = taxonomy
        self.jobseekers = list(jobseekers)
        self.vacancies = list(vacancies)
        self.skill_index = {code: i for i, code in enumerate(sorted(taxonomy.skills))}
        self.occupation_codes = sorted(taxonomy.occupations)
        self.occupation_index = {code: i for i, code in enumerate(self.occupation_codes)}
        self._none_occupation = len(self.occupation_codes)
        self._education_ranks = {
            code: rank for code, (rank, _en, _ar) in taxonomy.education.items()
        }
        self._unknown_rank = len(self._education_ranks)
        self.governorate_codes = sorted(taxonomy.governorates)
        self.governorate_index = {code: i for i, code in enumerate(self.governorate_codes)}
        self._unknown_governorate = len(self.governorate_codes)
        self._proximity = self._build_proximity_table()
        self._education_table = self._build_education_table()
        self._location_table = self._build_location_table()
        self._build_jobseeker_arrays()
        self._vacancy_features = [self._features(v) for v in self.vacancies]

    # -- building ------------------------------------------------------------------------------

    def _build_education_table(self) -> FloatArray:
        size = self._unknown_rank + 1
        table = np.empty((size, size))
        for required in range(size):
            for rank in range(size):
                table[required, rank] = rules.education_value(
                    None if required == self._unknown_rank else required,
                    None if rank == self._unknown_rank else rank,
                )
        return table

    def _build_location_table(self) -> FloatArray:
        size = self._unknown_governorate + 1
        table = np.empty((size, size))
        codes: list[str | None] = [*self.governorate_codes, None]
        for i, vacancy_gov in enumerate(codes):
            neighbours = self.taxonomy.neighbours.get(vacancy_gov or "", frozenset())
            for j, gov in enumerate(codes):
                table[i, j] = rules.location_value(
                    vacancy_gov, gov, willing_to_relocate=False, neighbours=neighbours
                )
        return table

    def _skill_matrix(self, jobseekers: Iterable[JobseekerRecord], rows: int) -> sp.csr_matrix:
        """One row per jobseeker: each skill's weight (evidence, or similarity) in its column."""
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        index = self.skill_index
        for j in jobseekers:
            if not j.verified and not j.similar:  # the common case: claimed skills only
                columns = sorted(index[s] for s in j.skills if s in index)
                indices.extend(columns)
                data.extend([rules.CLAIMED_SKILL] * len(columns))
            else:
                known = sorted((index[s], w) for s, w in j.skill_weights().items() if s in index)
                indices.extend(column for column, _w in known)
                data.extend(w for _c, w in known)
            indptr.append(len(indices))
        return sp.csr_matrix(
            (
                np.asarray(data, dtype=np.float64),
                np.asarray(indices, dtype=np.int32),
                np.asarray(indptr, dtype=np.int64),
            ),
            shape=(rows, len(self.skill_index)),
        )

    def _build_jobseeker_arrays(self) -> None:
        n = len(self.jobseekers)
        self.J = self._skill_matrix(self.jobseekers, n)
        self.J_T = self.J.T.tocsr()
        # Jobseekers share a handful of occupation readings: each distinct one is worked out
        # once (`_occupation_row`), and the arrays are filled from lists in one go.
        rows: dict[tuple[Any, ...], tuple[tuple[int, ...], tuple[float, ...], frozenset[str]]] = {}
        members: dict[tuple[Any, ...], list[int]] = {}
        occupation_rows = []
        scale_rows = []
        for i, j in enumerate(self.jobseekers):
            key = (j.occupations, j.inferred_occupation, j.stated_occupations, j.guess_fits)
            row = rows.get(key)
            if row is None:
                row = rows[key] = self._occupation_row(j)
                members[key] = []
            members[key].append(i)
            occupation_rows.append(row[0])
            scale_rows.append(row[1])
        by_prefix: dict[str, list[int]] = {}
        for key, ix in members.items():
            for prefix in rows[key][2]:
                by_prefix.setdefault(prefix, []).extend(ix)
        occupations = np.array(occupation_rows, dtype=np.int32).reshape(n, _MAX_OCCUPATIONS)
        scales = np.array(scale_rows, dtype=np.float64).reshape(n, _MAX_OCCUPATIONS)
        education_ranks, unknown_rank = self._education_ranks, self._unknown_rank
        ranks = np.fromiter(
            (education_ranks.get(j.education or "", unknown_rank) for j in self.jobseekers),
            dtype=np.int8,
            count=n,
        )
        years = np.fromiter(
            (np.nan if j.years_experience is None else j.years_experience for j in self.jobseekers),
            dtype=np.float64,
            count=n,
        )
        governorate_index, unknown_governorate = self.governorate_index, self._unknown_governorate
        governorates = np.fromiter(
            (
                governorate_index.get(j.governorate or "", unknown_governorate)
                for j in self.jobseekers
            ),
            dtype=np.int8,
            count=n,
        )
        willing = np.fromiter((j.willing_to_relocate for j in self.jobseekers), dtype=bool, count=n)
        self._occupations = occupations
        self._scales = scales
        self._by_prefix = {
            p: np.sort(np.asarray(ix, dtype=np.int64)) for p, ix in by_prefix.items()
        }
        self._ranks = ranks
        self._years = years
        self._governorates = governorates
        self._willing = willing
        self._in_group = np.zeros(n, dtype=bool)
        self._ring_cache: dict[str, list[tuple[IntArray, float]]] = {}
        self._split_cache: dict[tuple[str, int], list[tuple[_Slice, IntArray, float]]] = {}
        self._others_cache: dict[tuple[str, int, int], _Slice] = {}
        self._home_cache: dict[int, npt.NDArray[np.int8]] = {}
        self._everyone = self._slice(np.arange(n))

    def _occupation_row(
        self, j: JobseekerRecord
    ) -> tuple[tuple[int, ...], tuple[float, ...], frozenset[str]]:
        """A jobseeker's occupation columns (each code's index), how much each counts
        (`JobseekerRecord.occupation_scales`, worked out once per distinct reading now that
        readings are shared), and the prefixes the rings find them by."""
        scales = [rules.INFERRED_OCCUPATION] * _MAX_OCCUPATIONS
        given = j.occupation_scales()[:_MAX_OCCUPATIONS]
        scales[: len(given)] = given
        codes = j.occupations
        columns = [self._none_occupation] * _MAX_OCCUPATIONS
        keys: set[str] = set()
        for slot, code in enumerate(codes[:_MAX_OCCUPATIONS]):
            columns[slot] = self.occupation_index.get(code, self._none_occupation)
            for length in range(1, min(len(code), 3) + 1):
                keys.add(code[:length])
            if 0 < len(code) <= 2:
                keys.add("short:" + code)
        return tuple(columns), tuple(scales), frozenset(keys)

    def _features(self, vacancy: VacancyRecord) -> _VacancyFeatures:
        required, optional, _from_occupation = vacancy_skill_sets(vacancy, self.taxonomy)
        size = len(self.skill_index)
        required_vector = np.zeros(size)
        optional_vector = np.zeros(size)
        if required:
            required_vector[[self.skill_index[s] for s in required if s in self.skill_index]] = (
                1.0 / len(required)
            )
        if optional:
            optional_vector[[self.skill_index[s] for s in optional if s in self.skill_index]] = (
                1.0 / len(optional)
            )
        return _VacancyFeatures(
            record=vacancy,
            required=required_vector,
            optional=optional_vector,
            skill_columns=np.column_stack((required_vector, optional_vector)),
            has_required=bool(required),
            occupation=vacancy.occupation or "",
            education=self._education_ranks.get(vacancy.education_min or "", self._unknown_rank),
            years_min=float(vacancy.years_min or 0.0),
            governorate=self.governorate_index.get(
                vacancy.governorate or "", self._unknown_governorate
            ),
        )

    def _proximity_row(self, code: str) -> FloatArray:
        """Proximity of `code` to every occupation group (and 0 to "none")."""
        index = self.occupation_index.get(code)
        if index is None:
            return np.array(
                [rules.occupation_proximity(code, other) for other in self.occupation_codes] + [0.0]
            )
        return self._proximity[index]

    def _build_proximity_table(self) -> FloatArray:
        """`rules.occupation_proximity` between every pair of groups, by array arithmetic
        (620 × 620), with a last row and column of zeros for "no occupation"."""
        codes = self.occupation_codes
        size = len(codes)
        digits = np.full((size, 4), -1, dtype=np.int8)
        for i, code in enumerate(codes):
            digits[i, : len(code)] = [int(c) for c in code]
        lengths = np.array([len(c) for c in codes])
        equal = digits[:, None, :] == digits[None, :, :]
        common = np.cumprod(equal, axis=2).sum(axis=2)
        shorter = np.minimum(lengths[:, None], lengths[None, :])
        compatible = common >= shorter
        same = np.zeros(5)
        for length, value in rules.SAME_OR_COMPATIBLE.items():
            same[length] = value
        prefix = np.zeros(5)
        for length, value in rules.COMMON_PREFIX.items():
            prefix[length] = value
        table = np.zeros((size + 1, size + 1))
        table[:size, :size] = np.where(compatible, same[shorter], prefix[np.minimum(common, 3)])
        return table

    # -- scoring -------------------------------------------------------------------------------

    def _members(self, key: str) -> IntArray:
        return self._by_prefix.get(key, _EMPTY)

    def _tier(self, code: str, level: int) -> IntArray:
        """Jobseekers whose occupation is as close to `code` as its first `level` digits, or
        closer: the same group at that level, or a partial code compatible with `code`."""
        parts = [self._members(code[:level])]
        parts += [self._members("short:" + code[:length]) for length in range(1, min(level, 3))]
        found = [p for p in parts if len(p) > 0]
        if not found:
            return _EMPTY
        return np.unique(np.concatenate(found)) if len(found) > 1 else found[0]

    def _rings(self, code: str) -> list[tuple[IntArray, float]]:
        """Candidate rings around an occupation, nearest first, each with the highest
        occupation proximity anyone outside it (and outside the rings before) can have."""
        if not code:
            return []
        cached = self._ring_cache.get(code[:3])
        if cached is not None:
            return cached
        levels = [3, 2] if len(code) >= 3 else [len(code)]
        outside = {3: rules.COMMON_PREFIX[2], 2: rules.COMMON_PREFIX[1], 1: 0.0}
        rings = []
        previous = _EMPTY
        for level in levels:
            members = self._tier(code, level)
            ring = np.setdiff1d(members, previous, assume_unique=True) if len(previous) else members
            rings.append((ring, outside[level]))
            previous = members
        self._ring_cache[code[:3]] = rings
        return rings

    def _resident_rings(self, code: str, governorate: int) -> list[tuple[_Slice, IntArray, float]]:
        """The rings of `code` split by location tier for a vacancy in `governorate`: the
        residents' slice (scored first), the others' indexes (scored only when the residents
        do not fill the top k), and the proximity outside the ring."""
        key = (code[:3], governorate)
        cached = self._split_cache.get(key)
        if cached is None:
            home = self._tiers(governorate) == rules.RESIDENT
            cached = [
                (self._slice(ring[home[ring]]), ring[~home[ring]], outside)
                for ring, outside in self._rings(code)
            ]
            self._split_cache[key] = cached
        return cached

    def _others_slice(self, code: str, governorate: int, position: int, ix: IntArray) -> _Slice:
        key = (code[:3], governorate, position)
        cached = self._others_cache.get(key)
        if cached is None:
            cached = self._others_cache[key] = self._slice(ix)
        return cached

    def _slice(self, ix: IntArray) -> _Slice:
        # the skills of rows `ix` gathered with plain numpy (scipy's fancy row indexing costs
        # more in checks than in work at these sizes)
        starts = self.J.indptr[ix]
        lengths = self.J.indptr[ix + 1] - starts
        total = int(lengths.sum())
        ends = np.cumsum(lengths)
        offsets = np.arange(total) - np.repeat(ends - lengths, lengths)
        positions = np.repeat(starts, lengths) + offsets
        indices = self.J.indices[positions]
        occupations = self._occupations[ix]
        if (occupations[:, 1:] == self._none_occupation).all():
            occupations = occupations[:, :1]
        scales = self._scales[ix, : occupations.shape[1]]
        years = self._years[ix]
        known = ~np.isnan(years)
        return _Slice(
            ix=ix,
            skill_indptr=np.concatenate(([0], ends)).astype(indices.dtype),
            skill_indices=indices,
            skill_data=self.J.data[positions],
            occupations=occupations,
            scales=scales,
            ranks=self._ranks[ix],
            years=np.where(known, np.maximum(years, 0.0), 0.0),
            years_known=known,
            governorates=self._governorates[ix],
            willing=self._willing[ix],
        )

    def _score(self, f: _VacancyFeatures, c: _Slice) -> FloatArray:
        """The six factor values of each jobseeker of the slice and their order bonus (the
        tiers, `rules.order_bonus`), shape (len(c.ix), 7)."""
        values = np.empty((len(c.ix), _COLUMNS))
        # required and optional shares in one sparse product
        values[:, 1:3] = self._skill_product(c, f.skill_columns)
        if f.has_required:
            values[:, 1] = rules.required_skills_value(values[:, 1])
        else:
            values[:, 1] = 1.0
        self._context(
            f,
            values,
            occupations=c.occupations,
            scales=c.scales,
            ranks=c.ranks,
            years=c.years,
            years_known=c.years_known,
            governorates=c.governorates,
            willing=c.willing,
        )
        return values

    def _skill_product(self, c: _Slice, columns: FloatArray) -> FloatArray:
        """The slice's skill rows × `columns` (skills × 2): what `csr_matrix @ columns` gives,
        by the same kernel and in the same order of sums."""
        rows, (size, width) = len(c.ix), columns.shape
        if _csr_matvecs is None:
            matrix = sp.csr_matrix((c.skill_data, c.skill_indices, c.skill_indptr), (rows, size))
            return np.asarray(matrix @ columns)
        out = np.zeros((rows, width))
        _csr_matvecs(
            rows,
            size,
            width,
            c.skill_indptr,
            c.skill_indices,
            c.skill_data,
            np.ascontiguousarray(columns).ravel(),
            out.ravel(),
        )
        return out

    def _context(
        self,
        f: _VacancyFeatures,
        values: FloatArray,
        *,
        occupations: npt.NDArray[np.int32],
        scales: FloatArray,
        ranks: npt.NDArray[np.int8],
        years: FloatArray,
        years_known: npt.NDArray[np.bool_],
        governorates: npt.NDArray[np.int8],
        willing: npt.NDArray[np.bool_],
    ) -> None:
        """Fill every column of `values` but the two skill shares: occupation, education,
        experience, location, and the order bonus."""
        proximity = self._proximity_row(f.occupation)
        # a code given counts in full, one inferred from the skills at INFERRED_OCCUPATION
        if occupations.shape[1] == 1:
            values[:, 0] = proximity[occupations[:, 0]] * scales[:, 0]
        else:
            values[:, 0] = (proximity[occupations] * scales).max(axis=1)
        values[:, 3] = self._education_table[f.education][ranks]
        if f.years_min > 0:
            below = (rules.EXPERIENCE_BELOW_SCALE / f.years_min) * years
            values[:, 4] = np.where(
                years_known, np.where(years >= f.years_min, 1.0, below), rules.UNKNOWN
            )
        else:
            values[:, 4] = 1.0
        location = self._location_table[f.governorate][governorates]
        if f.governorate != self._unknown_governorate:
            location = np.where(willing, np.maximum(location, rules.WILLING_TO_RELOCATE), location)
            local = governorates == f.governorate
            tier = np.where(local, rules.RESIDENT, np.where(willing, rules.MOVER, rules.AWAY))
        else:
            local = np.ones(len(values), dtype=bool)
            tier = np.full(len(values), rules.RESIDENT)
        values[:, 5] = location
        values[:, _ORDER] = _order_bonus(values, tier, local)

    def _bound(self, f: _VacancyFeatures, ix: IntArray, shares: FloatArray) -> FloatArray:
        """The best ranking key each of `ix` could have, without gathering their skills: every
        factor exact (their required-skill `shares` known) but the other useful skills, taken
        in full. Cheaper than scoring; far tighter than a bound shared by all."""
        values = np.empty((len(ix), _COLUMNS))
        values[:, 1] = rules.required_skills_value(shares)
        values[:, 2] = 1.0
        years = self._years[ix]
        known = ~np.isnan(years)
        self._context(
            f,
            values,
            occupations=self._occupations[ix],
            scales=self._scales[ix],
            ranks=self._ranks[ix],
            years=np.where(known, np.maximum(years, 0.0), 0.0),
            years_known=known,
            governorates=self._governorates[ix],
            willing=self._willing[ix],
        )
        return values[:, :_ORDER] @ self._WEIGHT_VECTOR + values[:, _ORDER]

    _WEIGHT_VECTOR = np.array([_W[name] for name in rules.FACTORS])

    def _top(
        self, candidates: IntArray, values: FloatArray, k: int
    ) -> tuple[IntArray, FloatArray, FloatArray]:
        """The k best by `rules.ranking_key` (tiers, then score, then locals), best first;
        returns their indexes, scores and values (with the order column)."""
        scores = values[:, :_ORDER] @ self._WEIGHT_VECTOR
        keys = scores + values[:, _ORDER]
        keep = np.arange(len(scores))
        if len(scores) > k:
            # every key equal to the k-th is kept, so ties are settled by index below and not
            # by where argpartition happened to put them
            kth = keys[np.argpartition(-keys, k - 1)[k - 1]]
            keep = np.flatnonzero(keys >= kth)
        # best first; equal keys in index order, so a run is reproducible
        order = keep[np.lexsort((candidates[keep], -keys[keep]))][:k]
        return candidates[order], scores[order], values[order]

    @staticmethod
    def _kth_key(scores: FloatArray, values: FloatArray, k: int) -> float:
        if len(scores) < k:
            return -np.inf
        return float(scores[-1] + values[-1, _ORDER])

    def _rank_features(
        self,
        f: _VacancyFeatures,
        k: int,
        home_shares: tuple[IntArray, FloatArray] | None = None,
    ) -> tuple[IntArray, FloatArray, FloatArray]:
        """The exact top k of one vacancy (see the module's docstring). `home_shares`: the
        jobseekers of the vacancy's first location tier holding one of its required skills,
        and their required-skill shares, when the caller computed them in bulk."""
        n = len(self.jobseekers)
        if not f.has_required or n <= k:
            return self._top(self._everyone.ix, self._score(f, self._everyone), k)
        # each jobseeker's location tier is known without scoring: the bound of each unscored
        # jobseeker carries the tiers' bonus of their own location tier
        tiers = self._tiers(f.governorate)
        home = tiers == rules.RESIDENT
        scored = self._in_group
        # The jobseekers holding a required skill, and the bound of each, are needed only
        # when the k-th best so far could be beaten by someone outside the rings scored: most
        # vacancies fill their top k from their own sub-major group with scores no outsider can
        # reach, and then the product of the vacancy's skills with everyone's (as costly as
        # the floor itself) is never computed.
        skill_candidates = _EMPTY
        skill_bound = np.empty(0)
        computed = False
        skill_shares = np.empty(0)

        def tighter(ix: IntArray, shares: FloatArray, threshold: float) -> IntArray:
            # those who pass the shared bound, then their own (`_bound`)
            return ix[self._bound(f, ix, shares) + _SLACK >= threshold]

        def outsiders(lift: float, threshold: float) -> IntArray:
            nonlocal skill_candidates, skill_bound, skill_shares, computed
            best_outside = _W[rules.REQUIRED_SKILLS] + _OUTSIDE_BOUND + lift
            if threshold >= best_outside + rules.BEST_ORDER:
                return _EMPTY  # not even a holder of every required skill, at home, could
            residents_only = threshold >= best_outside + _MOVER_ORDER
            if residents_only and home_shares is not None and not computed:
                # only residents can still beat the k-th (the bulk product skipped the others)
                ix, shares = home_shares
                bound = (
                    _W[rules.REQUIRED_SKILLS] * rules.required_skills_value(shares)
                    + _OUTSIDE_BOUND
                    + rules.BEST_ORDER
                )
                keep = (bound + lift + _SLACK >= threshold) & ~scored[ix]
                return tighter(ix[keep], shares[keep], threshold)
            if not computed:
                shares = self.J @ f.required
                skill_candidates = np.flatnonzero(shares)
                skill_shares = shares[skill_candidates]
                skill_bound = (
                    _W[rules.REQUIRED_SKILLS] * rules.required_skills_value(skill_shares)
                    + _OUTSIDE_BOUND
                    + _AWAY_ORDER
                    + rules.TIER_STEP * tiers[skill_candidates]
                )
                computed = True
            keep = (skill_bound + lift + _SLACK >= threshold) & ~scored[skill_candidates]
            return tighter(skill_candidates[keep], skill_shares[keep], threshold)

        best = (_EMPTY, np.empty(0), np.empty((0, _COLUMNS)))
        touched: list[IntArray] = []
        done = False

        def add(ix: IntArray, part: _Slice | None = None) -> None:
            nonlocal best
            if not len(ix):
                return
            scored[ix] = True
            touched.append(ix)
            best = self._merge(best, ix, self._score(f, part or self._slice(ix)), k)

        def add_slice(part: _Slice) -> None:
            members = part.ix[~scored[part.ix]] if touched else part.ix
            add(members, part if len(members) == len(part.ix) else None)

        occupation_lift = 0.0
        rings = self._resident_rings(f.occupation, f.governorate) if f.occupation else []
        for position, (ring, others, proximity_outside) in enumerate(rings):
            add_slice(ring)
            # the ring's movers and others only when one of them could still beat the k-th
            # (fewer than k residents so far): most vacancies skip them
            if len(others) and self._kth_key(best[1], best[2], k) <= (1.0 + _MOVER_ORDER + _SLACK):
                add_slice(self._others_slice(f.occupation, f.governorate, position, others))
            # the best anyone not yet scored can do: their required-skill share plus every
            # other factor in full, with the occupation proximity outside this ring
            occupation_lift = _W[rules.OCCUPATION] * (proximity_outside - 0.1)
            add(outsiders(occupation_lift, self._kth_key(best[1], best[2], k)))
            if self._kth_key(best[1], best[2], k) > (
                _OUTSIDE_BOUND + occupation_lift + rules.BEST_ORDER
            ):
                done = True
                break
        if not done and touched:
            # fewer than k residents near the occupation: score every other resident, then
            # those outside whose bound can still beat the k-th; every mover too when a mover
            # holding none of the required skills still could (fewer than k residents at all)
            add(np.flatnonzero(home & ~scored))
            add(outsiders(occupation_lift, self._kth_key(best[1], best[2], k)))
            if self._kth_key(best[1], best[2], k) <= (
                _OUTSIDE_BOUND + occupation_lift + _MOVER_ORDER
            ):
                add(np.flatnonzero((tiers == rules.MOVER) & ~scored))
                add(outsiders(occupation_lift, self._kth_key(best[1], best[2], k)))
            done = self._kth_key(best[1], best[2], k) > (
                _OUTSIDE_BOUND + occupation_lift + _AWAY_ORDER
            )
        for members in touched:
            scored[members] = False
        if not done:
            return self._top(self._everyone.ix, self._score(f, self._everyone), k)
        return best

    def _tiers(self, governorate: int) -> npt.NDArray[np.int8]:
        """Each jobseeker's location tier for a vacancy in `governorate` (`rules.location_tier`):
        RESIDENT living there (everyone, for a vacancy that names no place), MOVER elsewhere or
        not saying where and willing to move, AWAY the others."""
        cached = self._home_cache.get(governorate)
        if cached is None:
            n = len(self.jobseekers)
            if governorate == self._unknown_governorate:
                cached = np.full(n, rules.RESIDENT, dtype=np.int8)
            else:
                cached = np.where(
                    self._governorates == governorate,
                    rules.RESIDENT,
                    np.where(self._willing, rules.MOVER, rules.AWAY),
                ).astype(np.int8)
            self._home_cache[governorate] = cached
        return cached

    def _merge(
        self,
        best: tuple[IntArray, FloatArray, FloatArray],
        ix: IntArray,
        values: FloatArray,
        k: int,
    ) -> tuple[IntArray, FloatArray, FloatArray]:
        if len(best[0]) == 0:
            return self._top(ix, values, k)
        return self._top(np.concatenate([best[0], ix]), np.concatenate([best[2], values]), k)

    def _ranking(
        self, vacancy: VacancyRecord, result: tuple[IntArray, FloatArray, FloatArray]
    ) -> Ranking:
        ix, scores, values = result
        chosen = [self.jobseekers[i] for i in ix.tolist()]

        def explain(position: int) -> Explanation:
            return explain_match(
                vacancy=vacancy, jobseeker=chosen[position], taxonomy=self.taxonomy
            )

        return Ranking(
            subject_id=vacancy.id,
            ids=tuple(j.id for j in chosen),
            scores=tuple(scores.tolist()),
            factor_values=values[:, :_ORDER],
            _explain=explain,
        )

    # -- public --------------------------------------------------------------------------------

    def candidates_for(self, vacancy: VacancyRecord, *, k: int = 20) -> Ranking:
        """The k best jobseekers for one vacancy (on demand; the vacancy need not be indexed)."""
        return self._ranking(vacancy, self._rank_features(self._features(vacancy), k))

    def rank_all_vacancies(
        self, *, k: int = 20, progress: Callable[[int, int], None] | None = None
    ) -> list[Ranking]:
        """The k best jobseekers for every indexed vacancy, in vacancy order.

        The required-skill product runs a block of vacancies at a time (bounded memory);
        `progress(done, total)` is called after each block, for a progress bar."""
        total = len(self.vacancies)
        results: list[Ranking | None] = [None] * total
        by_governorate: dict[int, list[int]] = {}
        for position, f in enumerate(self._vacancy_features):
            by_governorate.setdefault(f.governorate, []).append(position)
        done = 0
        # The required-skill product runs only over the residents of each governorate (the
        # first location tier): once a vacancy's k-th best is a resident, no mover and nobody
        # else can reach the top k, so the movers are skipped. A vacancy whose residents do not
        # fill its top k computes its own product over everyone, on request.
        for governorate, positions in sorted(by_governorate.items()):
            home_ix = np.flatnonzero(self._tiers(governorate) == rules.RESIDENT)
            home_skills = self.J[home_ix].T.tocsr()
            for start in range(0, len(positions), _BLOCK):
                chunk = positions[start : start + _BLOCK]
                block = [self._vacancy_features[p] for p in chunk]
                required = sp.csr_matrix(np.vstack([f.required for f in block]))
                shares = (required @ home_skills).tocsr()
                for row, f in enumerate(block):
                    lo, hi = shares.indptr[row], shares.indptr[row + 1]
                    result = self._rank_features(
                        f, k, home_shares=(home_ix[shares.indices[lo:hi]], shares.data[lo:hi])
                    )
                    results[positions[start + row]] = self._ranking(f.record, result)
                done += len(block)
                if progress is not None:
                    progress(done, total)
        return [r for r in results if r is not None]

    def vacancies_for(self, jobseeker: JobseekerRecord, *, k: int = 20) -> Ranking:
        """The k best indexed vacancies for one jobseeker, by the same score."""
        m = len(self._vacancy_features)
        if m == 0:
            return Ranking(jobseeker.id, (), (), np.empty((0, 6)), lambda i: _no_explanation())
        if not hasattr(self, "_vacancy_required"):
            self._build_vacancy_arrays()
        skills = np.zeros(len(self.skill_index))
        for code, weight in jobseeker.skill_weights().items():
            if code in self.skill_index:
                skills[self.skill_index[code]] = weight
        values = np.empty((m, _COLUMNS))
        codes = [
            (c, scale)
            for c, scale in zip(
                jobseeker.occupations[:_MAX_OCCUPATIONS],
                jobseeker.occupation_scales(),
                strict=False,
            )
            if c
        ]
        if codes:
            values[:, 0] = np.max(
                [self._proximity_row(c)[self._vacancy_occupations] * scale for c, scale in codes],
                axis=0,
            )
        else:
            values[:, 0] = 0.0
        values[:, 1] = np.where(
            self._vacancy_has_required,
            rules.required_skills_value(self._vacancy_required @ skills),
            1.0,
        )
        values[:, 2] = self._vacancy_optional @ skills
        rank = self._education_ranks.get(jobseeker.education or "", self._unknown_rank)
        values[:, 3] = self._education_table[self._vacancy_ranks, rank]
        minimum = self._vacancy_years
        years = jobseeker.years_experience
        if years is None:
            values[:, 4] = np.where(minimum > 0, rules.UNKNOWN, 1.0)
        else:
            below = rules.EXPERIENCE_BELOW_SCALE * max(years, 0.0) / np.maximum(minimum, 1e-9)
            values[:, 4] = np.where((minimum <= 0) | (years >= minimum), 1.0, below)
        gov = self.governorate_index.get(jobseeker.governorate or "", self._unknown_governorate)
        location = self._location_table[self._vacancy_governorates, gov]
        if jobseeker.willing_to_relocate:
            known = self._vacancy_governorates != self._unknown_governorate
            location = np.where(known, np.maximum(location, rules.WILLING_TO_RELOCATE), location)
        values[:, 5] = location
        local = (self._vacancy_governorates == gov) | (
            self._vacancy_governorates == self._unknown_governorate
        )
        # someone who has not said they would move sees the vacancies where they live first
        # (rules.ranking_key), then the others; in each, those whose minimums they meet first;
        # for someone who would move every vacancy is in the first tier (rules.own_list_tier)
        tier = np.where(local | jobseeker.willing_to_relocate, rules.RESIDENT, rules.AWAY)
        values[:, _ORDER] = _order_bonus(values, tier, local)
        ix, scores, top_values = self._top(np.arange(m), values, k)
        chosen = [self.vacancies[i] for i in ix]

        def explain(position: int) -> Explanation:
            return explain_match(
                vacancy=chosen[position], jobseeker=jobseeker, taxonomy=self.taxonomy
            )

        return Ranking(
            subject_id=jobseeker.id,
            ids=tuple(v.id for v in chosen),
            scores=tuple(float(s) for s in scores),
            factor_values=top_values[:, :_ORDER],
            _explain=explain,
        )

    def _build_vacancy_arrays(self) -> None:
        features = self._vacancy_features
        self._vacancy_required = sp.csr_matrix(np.vstack([f.required for f in features]))
        self._vacancy_optional = sp.csr_matrix(np.vstack([f.optional for f in features]))
        self._vacancy_has_required = np.array([f.has_required for f in features])
        self._vacancy_occupations = np.array(
            [self.occupation_index.get(f.occupation, self._none_occupation) for f in features]
        )
        self._vacancy_ranks = np.array([f.education for f in features])
        self._vacancy_years = np.array([f.years_min for f in features])
        self._vacancy_governorates = np.array([f.governorate for f in features])


def _order_bonus(
    values: FloatArray, tier: npt.NDArray[np.integer], local: npt.NDArray[np.bool_]
) -> FloatArray:
    """`rules.order_bonus` of each row of factor values, with its location tier."""
    return (
        rules.TIER_STEP * tier
        + rules.REQUIREMENTS_TIER
        * ((values[:, 3] >= rules.UNKNOWN) & (values[:, 4] >= rules.UNKNOWN))
        + rules.LOCAL_TIE * local
    )


def _no_explanation() -> Explanation:
    raise IndexError("no result")
