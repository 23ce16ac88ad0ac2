"""Statistical disclosure control for the open data (DOMAIN.md section 11): primary and
complementary cell suppression of a two-way table published with its row totals, column totals
and grand total, and the release check that proves every hidden figure undetermined.

The method (also shown to the public on the open data page):

1. **Primary suppression.** A count from 1 to `threshold - 1` is hidden, in the body of the table
   and in its totals (a zero names no one and is shown). A money total is hidden when one or two
   establishments hold more than `dominance_percent` of it (the (2, k) dominance rule; a total
   from one or two establishments is always hidden). For a row or column total of money the
   share of its two largest contributors is bounded from above by the sum of its cells' own
   two-largest sums, so a total is hidden whenever it might be dominated.
2. **Complementary suppression.** Totals let a lone hidden cell be recovered by subtraction, so
   more cells are hidden: while the check below finds a hidden figure that the published figures
   determine, the smallest published cell in the same row or column is hidden too (a total only
   when the row or column has no published cell left). This always ends: with everything hidden,
   nothing is determined.
3. **The release check.** The published figures are written as a linear system over the cells
   of the body: one equation per published cell (x = its value) and one per published total
   (the sum of its cells = the total). A hidden figure (a cell, or a hidden total, a sum of
   cells) is determined exactly when its coefficient vector lies in the row space of that
   system, that is, when it is orthogonal to every vector of the system's null space. The check
   computes the null space (singular value decomposition) and proves, for each hidden figure,
   that some null-space direction changes it: the published figures then fit more than one
   value of it. A dataset is released only when the check proves this for every hidden figure
   and no published count is from 1 to `threshold - 1`.

This is the linear check of the issue; it does not bound a hidden cell by the fact that counts
are not negative (the interval a determined attacker could narrow it to), which the Eurostat
handbook's protection intervals add.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

TOLERANCE = 1e-9
# Candidates tried, best first, for the one whose hiding unpins a determined figure (each try
# is a decomposition of the published system); past them, the best is hidden and the loop goes on.
TRIALS = 4

Number = int | float | Decimal


@dataclass
class Table:
    """A two-way table with its totals. `cells[i][j]` is the body; `top_two[i][j]` (money
    tables only) the sum of the two largest establishments' contributions to the cell."""

    cells: list[list[Number]]
    money: bool = False
    top_two: list[list[Number]] | None = None

    @property
    def shape(self) -> tuple[int, int]:
        rows = len(self.cells)
        return rows, (len(self.cells[0]) if rows else 0)

    def row_totals(self) -> list[Number]:
        return [sum(row, Decimal(0) if self.money else 0) for row in self.cells]

    def column_totals(self) -> list[Number]:
        rows, cols = self.shape
        zero: Number = Decimal(0) if self.money else 0
        return [sum((self.cells[i][j] for i in range(rows)), zero) for j in range(cols)]

    def total(self) -> Number:
        return sum(self.row_totals(), Decimal(0) if self.money else 0)


@dataclass
class Suppression:
    """Which figures are hidden: the body (`cells[i][j]`), the row totals, the column totals and
    the grand total; and which of them were hidden by the primary rule."""

    cells: list[list[bool]]
    rows: list[bool]
    columns: list[bool]
    total: bool = False
    primary: set[tuple[str, int, int]] = field(default_factory=set)

    @property
    def count(self) -> int:
        return sum(map(sum, self.cells)) + sum(self.rows) + sum(self.columns) + int(self.total)


@dataclass(frozen=True)
class CheckResult:
    determined: list[str]
    small_published: list[str]

    @property
    def passed(self) -> bool:
        return not self.determined and not self.small_published

    def report(self) -> str:
        if self.passed:
            return "Every hidden figure is undetermined by the published figures."
        lines = [f"determined by the published figures: {d}" for d in self.determined]
        lines += [f"published although small: {s}" for s in self.small_published]
        return "\n".join(lines)


def _small(value: Number, threshold: int) -> bool:
    return 0 < value < threshold


def _dominated(value: Number, top_two: Number, percent: int) -> bool:
    if value <= 0:
        return False
    return Decimal(str(top_two)) * 100 > Decimal(str(value)) * percent


def primary(table: Table, *, threshold: int, dominance_percent: int = 85) -> Suppression:
    rows, cols = table.shape
    if table.money:
        top = table.top_two or [[0] * cols for _ in range(rows)]

        def hide(value: Number, top_two: Number) -> bool:
            return _dominated(value, top_two, dominance_percent)

        cells = [[hide(table.cells[i][j], top[i][j]) for j in range(cols)] for i in range(rows)]
        row_top = [
            min(sum(top[i], Decimal(0)), Decimal(str(rt)))
            for i, rt in enumerate(table.row_totals())
        ]
        col_top = [
            min(sum((top[i][j] for i in range(rows)), Decimal(0)), Decimal(str(ct)))
            for j, ct in enumerate(table.column_totals())
        ]
        row_hidden = [hide(rt, row_top[i]) for i, rt in enumerate(table.row_totals())]
        col_hidden = [hide(ct, col_top[j]) for j, ct in enumerate(table.column_totals())]
        all_top = min(sum(row_top, Decimal(0)), Decimal(str(table.total())))
        total_hidden = hide(table.total(), all_top)
    else:
        cells = [[_small(table.cells[i][j], threshold) for j in range(cols)] for i in range(rows)]
        row_hidden = [_small(v, threshold) for v in table.row_totals()]
        col_hidden = [_small(v, threshold) for v in table.column_totals()]
        total_hidden = _small(table.total(), threshold)
    found = Suppression(cells=cells, rows=row_hidden, columns=col_hidden, total=total_hidden)
    found.primary = (
        {("cell", i, j) for i in range(rows) for j in range(cols) if cells[i][j]}
        | {("row", i, -1) for i in range(rows) if row_hidden[i]}
        | {("column", -1, j) for j in range(cols) if col_hidden[j]}
        | ({("total", -1, -1)} if total_hidden else set())
    )
    return found


def _system(shape: tuple[int, int], hidden: Suppression) -> np.ndarray:
    """The coefficient matrix of what is published, over the body's cells (row-major)."""
    rows, cols = shape
    n = rows * cols
    equations: list[np.ndarray] = []
    for i in range(rows):
        for j in range(cols):
            if not hidden.cells[i][j]:
                unit = np.zeros(n)
                unit[i * cols + j] = 1.0
                equations.append(unit)
    for i in range(rows):
        if not hidden.rows[i]:
            equations.append(_row_vector(shape, i))
    for j in range(cols):
        if not hidden.columns[j]:
            equations.append(_column_vector(shape, j))
    if not hidden.total:
        equations.append(np.ones(n))
    if not equations:
        return np.zeros((0, n))
    return np.vstack(equations)


def _row_vector(shape: tuple[int, int], i: int) -> np.ndarray:
    rows, cols = shape
    vector = np.zeros(rows * cols)
    vector[i * cols : (i + 1) * cols] = 1.0
    return vector


def _column_vector(shape: tuple[int, int], j: int) -> np.ndarray:
    rows, cols = shape
    vector = np.zeros(rows * cols)
    vector[j::cols] = 1.0
    return vector


def null_space(system: np.ndarray, n: int) -> np.ndarray:
    """An orthonormal basis (as columns) of the vectors x with system @ x = 0."""
    if system.shape[0] == 0:
        return np.eye(n)
    _u, singular, vh = np.linalg.svd(system, full_matrices=True)
    rank = int((singular > TOLERANCE * max(1.0, float(singular.max(initial=0.0)))).sum())
    return vh[rank:].T


def hidden_figures(shape: tuple[int, int], hidden: Suppression) -> list[tuple[str, np.ndarray]]:
    rows, cols = shape
    found: list[tuple[str, np.ndarray]] = []
    for i in range(rows):
        for j in range(cols):
            if hidden.cells[i][j]:
                unit = np.zeros(rows * cols)
                unit[i * cols + j] = 1.0
                found.append((f"cell ({i + 1}, {j + 1})", unit))
    found += [(f"row total {i + 1}", _row_vector(shape, i)) for i in range(rows) if hidden.rows[i]]
    found += [
        (f"column total {j + 1}", _column_vector(shape, j))
        for j in range(cols)
        if hidden.columns[j]
    ]
    if hidden.total:
        found.append(("grand total", np.ones(rows * cols)))
    return found


def determined(shape: tuple[int, int], hidden: Suppression) -> list[str]:
    """The hidden figures that the published ones determine (an empty list: none)."""
    rows, cols = shape
    if rows * cols == 0:
        return []
    basis = null_space(_system(shape, hidden), rows * cols)
    found = []
    for name, vector in hidden_figures(shape, hidden):
        if basis.shape[1] == 0 or np.abs(vector @ basis).max() <= 1e-7:
            found.append(name)
    return found


def check(table: Table, hidden: Suppression, *, threshold: int) -> CheckResult:
    """The release check: no hidden figure determined, no small count published."""
    small: list[str] = []
    if not table.money:
        rows, cols = table.shape
        small += [
            f"cell ({i + 1}, {j + 1})"
            for i in range(rows)
            for j in range(cols)
            if not hidden.cells[i][j] and _small(table.cells[i][j], threshold)
        ]
        small += [
            f"row total {i + 1}"
            for i, v in enumerate(table.row_totals())
            if not hidden.rows[i] and _small(v, threshold)
        ]
        small += [
            f"column total {j + 1}"
            for j, v in enumerate(table.column_totals())
            if not hidden.columns[j] and _small(v, threshold)
        ]
        if not hidden.total and _small(table.total(), threshold):
            small.append("grand total")
    return CheckResult(determined=determined(table.shape, hidden), small_published=small)


def _parse(name: str) -> tuple[str, int, int]:
    if name.startswith("cell"):
        i, j = name[name.index("(") + 1 : name.index(")")].split(", ")
        return "cell", int(i) - 1, int(j) - 1
    if name.startswith("row total"):
        return "row", int(name.rsplit(" ", 1)[1]) - 1, -1
    if name.startswith("column total"):
        return "column", -1, int(name.rsplit(" ", 1)[1]) - 1
    return "total", -1, -1


def _candidates(table: Table, hidden: Suppression, kind: str, i: int, j: int) -> list[tuple]:
    """The published figures that may unpin a determined hidden one, best first: cells of its
    row and column (the smallest first, a zero last: it hides nothing), then totals."""
    rows, cols = table.shape
    cells: set[tuple[int, int]] = set()
    if kind in {"cell", "row"}:
        cells |= {(i, c) for c in range(cols)}
    if kind in {"cell", "column"}:
        cells |= {(r, j) for r in range(rows)}
    if kind == "total" or (kind in {"row", "column"} and not cells - _hidden_cells(hidden)):
        cells = {(r, c) for r in range(rows) for c in range(cols)}
    found: list[tuple] = sorted(
        (
            ((table.cells[r][c] == 0, table.cells[r][c], r, c), ("cell", r, c))
            for r, c in cells
            if not hidden.cells[r][c]
        ),
        key=lambda x: x[0],
    )
    totals: list[tuple] = []
    if kind in {"cell", "row"} or kind == "total":
        totals += [("row", r, -1) for r in range(rows) if not hidden.rows[r]]
    if kind in {"cell", "column"} or kind == "total":
        totals += [("column", -1, c) for c in range(cols) if not hidden.columns[c]]
    if not hidden.total:
        totals.append(("total", -1, -1))
    if kind == "cell":  # its own row's and column's totals first
        totals.sort(key=lambda t: (t != ("row", i, -1) and t != ("column", -1, j),))
    # last: any other published total (a row total may be pinned through the column totals)
    totals += [
        t
        for t in [("row", r, -1) for r in range(rows) if not hidden.rows[r]]
        + [("column", -1, c) for c in range(cols) if not hidden.columns[c]]
        if t not in totals
    ]
    return [figure for _key, figure in found] + totals


def _hidden_cells(hidden: Suppression) -> set[tuple[int, int]]:
    return {
        (r, c) for r, row in enumerate(hidden.cells) for c, is_hidden in enumerate(row) if is_hidden
    }


def _hide(hidden: Suppression, figure: tuple[str, int, int], value: bool = True) -> None:
    kind, r, c = figure
    if kind == "cell":
        hidden.cells[r][c] = value
    elif kind == "row":
        hidden.rows[r] = value
    elif kind == "column":
        hidden.columns[c] = value
    else:
        hidden.total = value


def complementary(table: Table, hidden: Suppression) -> Suppression:
    """Hide more figures until no hidden one is determined (step 2 of the method): for the first
    determined figure, the first of the best TRIALS candidates whose hiding unpins it, else the
    best candidate.
    Each round hides one more figure, so this ends (with everything hidden, nothing is
    determined)."""
    while True:
        found = determined(table.shape, hidden)
        if not found:
            return hidden
        target = _parse(found[0])
        candidates = _candidates(table, hidden, *target)
        chosen = candidates[0]
        for figure in candidates[:TRIALS]:
            _hide(hidden, figure)
            still = found[0] in determined(table.shape, hidden)
            _hide(hidden, figure, False)
            if not still:
                chosen = figure
                break
        _hide(hidden, chosen)


def protect(table: Table, *, threshold: int, dominance_percent: int = 85) -> Suppression:
    """Primary, then complementary suppression."""
    return complementary(
        table, primary(table, threshold=threshold, dominance_percent=dominance_percent)
    )
