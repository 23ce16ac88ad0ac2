"""Background runs (workforce imports, bulk renewals, recommendation runs, syncs,
reconciliations): one definition of how far a run has come, and one progress bar
(templates/_progress_bar.html, a <progress> element: no inline style, which the CSP blocks).

    percent(processed=..., total=..., succeeded=...)

A run that finished successfully reads 100 whatever its counts (an empty run that succeeded has
done all there was); any other run reads the share of its items processed, rounded down, and an
empty run that has not finished reads 0. A failed run keeps the share it reached.
"""

from __future__ import annotations


def percent(*, processed: int, total: int, succeeded: bool) -> int:
    if succeeded:
        return 100
    if total <= 0:
        return 0
    return max(0, min(100, 100 * processed // total))
