"""Pareto-optimal points: the maxima of a set of vectors, maximising every column.

For two columns, sort by the first (descending, ties by the second) and keep a point when
its second value beats every point before it: the classic scan of Kung, Luccio &
Preparata (1975), "On finding the maxima of a set of vectors", *JACM* 22(4), O(n log n).
For three or more columns, points sorted lexicographically can only be dominated by
points before them; blocks of points are tested against the frontier found so far with
vectorised comparisons (the block-nested-loop skyline of Börzsönyi, Kossmann & Stocker
2001, "The skyline operator", ICDE). The bargain engine's frontier merging and the
simulation's offer menus both use it.
"""

from __future__ import annotations

import numpy as np

#: Comparisons per block in the N-dimensional filter (bounds memory).
_BLOCK_BUDGET = 4_000_000


class WorkBudgetExceeded(Exception):
    """A filter given a work budget (:func:`pareto_within`) would have exceeded it."""


def pareto_indices(points: np.ndarray) -> np.ndarray:
    """Indices of the Pareto-optimal rows of ``points`` (maximising every column).

    Rows with identical values are reported once. The result is ordered by the first
    column descending (ties: following columns descending).
    """
    return pareto_within(points, None)


def pareto_work(n_points: int, n_front: float, n_columns: int) -> float:
    """The work (element comparisons) the filter needs for ``n_points`` rows of
    ``n_columns`` columns whose frontier has about ``n_front`` points: linear-logarithmic
    for one or two columns, about ``n_points * n_front * n_columns`` beyond."""
    n = max(float(n_points), 1.0)
    if n_columns <= 2:
        return n * max(np.log2(n), 1.0)
    return n * max(float(n_front), 1.0) * n_columns


def pareto_within(points: np.ndarray, budget: float | None) -> np.ndarray:
    """:func:`pareto_indices` that stops with :class:`WorkBudgetExceeded` as soon as the
    comparisons it has made (counted as block rows x frontier rows x columns) pass
    ``budget`` (``None``: no limit). One or two columns are never refused: their scan is
    O(n log n)."""
    pts = np.asarray(points, dtype=float)
    n, d = pts.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if d == 1:
        return np.array([int(np.argmax(pts[:, 0]))], dtype=np.int64)
    if d == 2:
        order = np.lexsort((-pts[:, 1], -pts[:, 0]))
        b = pts[order, 1]
        best_before = np.maximum.accumulate(b)
        keep = np.empty(n, dtype=bool)
        keep[0] = True
        keep[1:] = b[1:] > best_before[:-1]
        return order[keep]
    order = np.lexsort(tuple(-pts[:, c] for c in range(d - 1, -1, -1)))
    sp = pts[order]
    distinct = np.ones(n, dtype=bool)
    distinct[1:] = np.any(sp[1:] != sp[:-1], axis=1)
    sp, order = sp[distinct], order[distinct]
    front = np.zeros((0, d))
    kept: list[np.ndarray] = []
    start = 0
    n = sp.shape[0]
    work = 0.0
    while start < n:
        block = max(1, min(4096, _BLOCK_BUDGET // max(1, front.shape[0])))
        blk = sp[start : start + block]
        work += float(blk.shape[0]) * float(front.shape[0] + blk.shape[0]) * d
        if budget is not None and work > budget:
            raise WorkBudgetExceeded(f"more than {budget:.3g} comparisons")
        idx = np.arange(start, start + blk.shape[0])
        if front.shape[0]:
            ge = np.ones((blk.shape[0], front.shape[0]), dtype=bool)
            gt = np.zeros((blk.shape[0], front.shape[0]), dtype=bool)
            for c in range(d):
                fc = front[None, :, c]
                bc = blk[:, None, c]
                ge &= fc >= bc
                gt |= fc > bc
            alive = ~np.any(ge & gt, axis=1)
            blk, idx = blk[alive], idx[alive]
        if blk.shape[0] > 1:
            ge = np.ones((blk.shape[0], blk.shape[0]), dtype=bool)
            gt = np.zeros((blk.shape[0], blk.shape[0]), dtype=bool)
            for c in range(d):
                ge &= blk[None, :, c] >= blk[:, None, c]
                gt |= blk[None, :, c] > blk[:, None, c]
            alive = ~np.any(ge & gt, axis=1)
            blk, idx = blk[alive], idx[alive]
        if blk.shape[0]:
            front = np.concatenate([front, blk])
            kept.append(idx)
        start += block
    return order[np.concatenate(kept)] if kept else np.zeros(0, dtype=np.int64)
