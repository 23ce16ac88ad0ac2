"""Small-cell suppression: for random tables, no hidden figure can be recovered from what is
published (checked here independently, by the rank of the published system with and without the
hidden figure), and no published count is small; a dataset that fails the check is withheld."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lmi import suppression
from lmi.suppression import Suppression, Table

THRESHOLD = 10


def published_system(table: Table, hidden: Suppression) -> np.ndarray:
    """Every published figure as a row of coefficients over the body's cells."""
    rows, cols = table.shape
    equations = []
    for i in range(rows):
        for j in range(cols):
            if not hidden.cells[i][j]:
                e = np.zeros(rows * cols)
                e[i * cols + j] = 1
                equations.append(e)
    for i in range(rows):
        if not hidden.rows[i]:
            e = np.zeros(rows * cols)
            e[i * cols : (i + 1) * cols] = 1
            equations.append(e)
    for j in range(cols):
        if not hidden.columns[j]:
            e = np.zeros(rows * cols)
            e[j::cols] = 1
            equations.append(e)
    if not hidden.total:
        equations.append(np.ones(rows * cols))
    return np.array(equations).reshape(len(equations), rows * cols)


def recoverable(system: np.ndarray, figure: np.ndarray) -> bool:
    """A figure is recoverable when adding it to the published system does not raise its rank
    (it is a combination of what is published)."""
    if system.shape[0] == 0:
        return False
    return np.linalg.matrix_rank(np.vstack([system, figure])) == np.linalg.matrix_rank(system)


def hidden_vectors(table: Table, hidden: Suppression) -> list[np.ndarray]:
    return [vector for _name, vector in suppression.hidden_figures(table.shape, hidden)]


counts = st.integers(min_value=0, max_value=40) | st.sampled_from([0, 1, 2, 5, 9, 10, 11])
tables = st.integers(1, 6).flatmap(
    lambda rows: st.integers(1, 6).flatmap(
        lambda cols: st.lists(
            st.lists(counts, min_size=cols, max_size=cols), min_size=rows, max_size=rows
        )
    )
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=tables)
def test_no_suppressed_count_is_recoverable_and_none_published_is_small(cells):
    table = Table(cells=cells)

    hidden = suppression.protect(table, threshold=THRESHOLD)

    system = published_system(table, hidden)
    for vector in hidden_vectors(table, hidden):
        assert not recoverable(system, vector)
    rows, cols = table.shape
    for i in range(rows):
        for j in range(cols):
            if not hidden.cells[i][j]:
                assert not 0 < cells[i][j] < THRESHOLD
    for i, total in enumerate(table.row_totals()):
        assert hidden.rows[i] or not 0 < total < THRESHOLD
    for j, total in enumerate(table.column_totals()):
        assert hidden.columns[j] or not 0 < total < THRESHOLD
    assert hidden.total or not 0 < table.total() < THRESHOLD
    assert suppression.check(table, hidden, threshold=THRESHOLD).passed


money = st.sampled_from([Decimal(0), Decimal("50.5"), Decimal(200), Decimal(1000)])
shares = st.sampled_from([Decimal("0.3"), Decimal("0.9"), Decimal(1)])


@settings(max_examples=150, deadline=None)
@given(
    data=st.integers(1, 5).flatmap(
        lambda rows: st.integers(1, 5).flatmap(
            lambda cols: st.lists(
                st.lists(st.tuples(money, shares), min_size=cols, max_size=cols),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_dominated_money_totals_are_hidden_and_not_recoverable(data):
    cells = [[v for v, _s in row] for row in data]
    tops = [[v * s for v, s in row] for row in data]
    table = Table(cells=cells, money=True, top_two=tops)

    hidden = suppression.protect(table, threshold=THRESHOLD, dominance_percent=85)

    system = published_system(table, hidden)
    for vector in hidden_vectors(table, hidden):
        assert not recoverable(system, vector)
    for i, row in enumerate(data):
        for j, (value, share) in enumerate(row):
            if value > 0 and share > Decimal("0.85"):
                assert hidden.cells[i][j]


def test_a_lone_small_cell_in_a_row_gets_a_partner():
    table = Table(cells=[[3, 50, 60], [40, 45, 70]])

    hidden = suppression.protect(table, threshold=THRESHOLD)

    assert hidden.cells[0][0]
    assert sum(hidden.cells[0]) >= 2  # a partner in its row
    assert sum(row[0] for row in hidden.cells) >= 2  # and in its column
    assert suppression.check(table, hidden, threshold=THRESHOLD).passed


def test_primary_suppression_alone_fails_the_check():
    table = Table(cells=[[3, 50], [40, 45]])
    hidden = suppression.primary(table, threshold=THRESHOLD)

    result = suppression.check(table, hidden, threshold=THRESHOLD)

    assert not result.passed
    assert "cell (1, 1)" in result.determined[0]


def test_a_published_small_count_fails_the_check():
    table = Table(cells=[[3, 50], [40, 45]])
    nothing = Suppression(
        cells=[[False, False], [False, False]], rows=[False] * 2, columns=[False] * 2
    )

    result = suppression.check(table, nothing, threshold=THRESHOLD)

    assert result.small_published == ["cell (1, 1)"]


@pytest.mark.parametrize("shape", [(1, 1), (1, 4), (4, 1)])
def test_thin_tables_hide_their_totals_too(shape):
    rows, cols = shape
    table = Table(cells=[[5] * cols for _ in range(rows)])

    hidden = suppression.protect(table, threshold=THRESHOLD)

    assert suppression.check(table, hidden, threshold=THRESHOLD).passed
