"""Exact Pareto frontiers: by filtering points, and by merging factor frontiers.

**Filtering.** For two parties, sort the points by the first utility (descending, ties by
the second) and keep a point when its second utility beats every point before it: the
classic maxima-of-a-point-set scan (Kung, Luccio & Preparata 1975, "On finding the maxima
of a set of vectors", *JACM* 22(4)), O(n log n). For N >= 3 parties, points sorted
lexicographically can only be dominated by points before them; blocks of points are tested
against the frontier found so far with vectorised comparisons (the block-nested-loop
skyline of Börzsönyi, Kossmann & Stocker 2001, "The skyline operator", ICDE).

**Merging.** With additive utilities the utility vector of an outcome is a sum over
independent factors, so the feasible set is a Minkowski sum ``A (+) B``, and
``PF(A (+) B) = PF(PF(A) (+) PF(B))``: a point dominated within one factor stays
dominated whatever the others add. The frontier is therefore built factor by factor,
pruning after each merge, never enumerating the product space (the same argument as
multi-objective dynamic programming / the Pareto-optimal "combination" of Kung et al.).
Back-pointers recover the outcome of every frontier point. Points with identical utility
vectors are kept once. All comparisons are exact floating-point comparisons; the sums are
formed in factor order, exactly as a brute-force evaluation does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from standoff.engines.bargain.factors import Factor, assemble

#: Comparisons per block in the N-dimensional filter (bounds memory).
_BLOCK_BUDGET = 4_000_000


def pareto_indices(points: np.ndarray) -> np.ndarray:
    """Indices of the Pareto-optimal rows of ``points`` (maximising every column).

    Rows with identical values are reported once. The result is ordered by the first
    column descending (ties: following columns descending).
    """
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
    while start < n:
        block = max(1, min(4096, _BLOCK_BUDGET // max(1, front.shape[0])))
        blk = sp[start : start + block]
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


@dataclass(frozen=True)
class Frontier:
    """The Pareto frontier: one row per distinct Pareto-optimal utility vector.

    ``utilities[j]`` are the parties' utilities at point ``j``; ``codes[j]`` one outcome
    achieving them. Rows are ordered by the first party's utility, descending.
    """

    utilities: np.ndarray  # (m, n_parties)
    codes: np.ndarray  # (m, n_issues)

    @property
    def size(self) -> int:
        return int(self.utilities.shape[0])


def merged_frontier(factors: Sequence[Factor], n_issues: int) -> Frontier:
    """The exact Pareto frontier of a sum of factors (see the module docstring)."""
    first = factors[0]
    local = pareto_indices(first.utils)
    pts = first.utils[local]
    rows_first = local
    steps: list[tuple[np.ndarray, np.ndarray]] = []
    for f in factors[1:]:
        loc = pareto_indices(f.utils)
        add = f.utils[loc]
        p = add.shape[0]
        cand = (pts[:, None, :] + add[None, :, :]).reshape(-1, pts.shape[1])
        keep = pareto_indices(cand)
        steps.append((keep // p, loc[keep % p]))
        pts = cand[keep]
    # back-track the factor rows of every frontier point
    m = pts.shape[0]
    rows = np.zeros((m, len(factors)), dtype=np.int64)
    cur = np.arange(m)
    for s in range(len(steps) - 1, -1, -1):
        parent, opt = steps[s]
        rows[:, s + 1] = opt[cur]
        cur = parent[cur]
    rows[:, 0] = rows_first[cur]
    order = np.lexsort(tuple(-pts[:, c] for c in range(pts.shape[1] - 1, -1, -1)))
    return Frontier(utilities=pts[order], codes=assemble(factors, rows[order], n_issues))
