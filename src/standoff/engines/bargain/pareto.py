"""Exact Pareto frontiers by merging factor frontiers (filtering a point set is
:func:`standoff.core.pareto.pareto_indices`).

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

from standoff.core.pareto import pareto_within, pareto_work
from standoff.engines.bargain.factors import Factor, assemble


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


def merged_frontier(factors: Sequence[Factor], n_issues: int, *, budget: float | None = None) -> Frontier:
    """The exact Pareto frontier of a sum of factors (see the module docstring).

    With a ``budget`` (element comparisons, as counted by
    :func:`standoff.core.pareto.pareto_within`) the merge stops with
    :class:`~standoff.core.pareto.WorkBudgetExceeded` once it has spent it: the guard
    behind the cost estimate of :mod:`standoff.engines.bargain.cost`, so that a frontier
    that grows faster than expected ends the exact attempt instead of running for hours.
    """
    left = budget

    def filtered(points: np.ndarray) -> np.ndarray:
        nonlocal left
        keep = pareto_within(points, left)
        if left is not None:
            left -= pareto_work(points.shape[0], keep.shape[0], points.shape[1])
        return keep

    first = factors[0]
    local = filtered(first.utils)
    pts = first.utils[local]
    rows_first = local
    steps: list[tuple[np.ndarray, np.ndarray]] = []
    for f in factors[1:]:
        loc = filtered(f.utils)
        add = f.utils[loc]
        p = add.shape[0]
        cand = (pts[:, None, :] + add[None, :, :]).reshape(-1, pts.shape[1])
        keep = filtered(cand)
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
