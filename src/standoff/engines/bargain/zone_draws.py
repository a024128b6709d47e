"""Is there a zone of agreement in each draw? Exact, over many draws at once.

Two parties with additive utilities (pair terms fuse their two issues into one factor)
have a zone of agreement in a draw when some admissible package gives each party more
than its no-deal value (by :data:`~standoff.engines.bargain.solutions.ZONE_MARGIN`).
Deciding that exactly per draw from the Pareto frontier costs a frontier per draw;
instead, most draws are decided by certificates, computed issue by issue for every draw
at once (the Lagrangian relaxation of the two-constraint feasibility problem; e.g.
Fisher 1981, "The Lagrangian relaxation method for solving integer programming
problems", *Management Science* 27(1)):

* for any weight ``lam`` in [0, 1], if ``max_o lam (A(o) - a) + (1 - lam) (B(o) - b) < 0``
  the zone is empty (a package in the zone would make the sum non-negative);
* if the maximising package of some ``lam`` gives both parties more than their no-deal
  values, the zone is open.

The few draws that no certificate decides are settled by enumerating the admissible
packages for those draws only, or, when they are too many to enumerate (many issues), by
the exact two-party Pareto frontier of each such draw, merged factor by factor (a zone
exists exactly when some frontier point beats both no-deal values). Every answer is
therefore exact.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from standoff.core.pareto import pareto_indices
from standoff.core.space import ENUMERATION_LIMIT
from standoff.engines.bargain.factors import issue_components
from standoff.engines.bargain.solutions import ZONE_MARGIN
from standoff.scenario.case import UtilityDraws

#: Weights of the Lagrangian certificates.
LAMBDAS = np.linspace(0.0, 1.0, 33)
#: Draws evaluated together when enumerating (bounds memory).
CHUNK = 256


def _factor(u: UtilityDraws, issues: list[int], sizes: tuple[int, ...], D: int) -> np.ndarray:
    """The party's utility contribution of every option combination of a factor, ``(D, K)``."""
    grids = np.indices([sizes[i] for i in issues]).reshape(len(issues), -1)
    total = np.zeros((D, grids.shape[1]))
    for pos, i in enumerate(issues):
        contrib = u.weights[i][:, None] * u.values[i] + u.offsets[i]
        total = total + np.broadcast_to(contrib, (max(contrib.shape[0], 1), sizes[i]))[:, grids[pos]]
    for p in u.pairs:
        if p.i in issues and p.j in issues:
            total = total + p.table[:, grids[issues.index(p.i)], grids[issues.index(p.j)]]
    return np.broadcast_to(total, (D, grids.shape[1]))


def zone_open(utilities: tuple[UtilityDraws, UtilityDraws], reservations: tuple[np.ndarray, np.ndarray],
              forbidden: tuple[Sequence[np.ndarray], Sequence[np.ndarray]], sizes: tuple[int, ...],
              draws: int) -> np.ndarray:
    """Per draw, whether a zone of agreement exists (module docstring). ``forbidden[p][i]``
    masks the options party ``p`` rules out on issue ``i`` (as the caller decides which
    red lines hold)."""
    D = draws
    pairs = [(p.i, p.j) for u in utilities for p in u.pairs]
    comps = issue_components(len(sizes), pairs)
    fa, fb, allowed = [], [], []
    for comp in comps:
        grids = np.indices([sizes[i] for i in comp]).reshape(len(comp), -1)
        ok = np.ones(grids.shape[1], dtype=bool)
        for p in range(2):
            for pos, i in enumerate(comp):
                ok &= ~np.asarray(forbidden[p][i], dtype=bool)[grids[pos]]
        if not ok.any():
            return np.zeros(D, dtype=bool)
        fa.append(_factor(utilities[0], comp, sizes, D)[:, ok])
        fb.append(_factor(utilities[1], comp, sizes, D)[:, ok])
        allowed.append(np.flatnonzero(ok))
    ra = np.broadcast_to(reservations[0], (D,)) + ZONE_MARGIN
    rb = np.broadcast_to(reservations[1], (D,)) + ZONE_MARGIN
    # -- certificates
    empty = np.zeros(D, dtype=bool)
    open_ = np.zeros(D, dtype=bool)
    for lam in LAMBDAS:
        bound = -lam * ra - (1.0 - lam) * rb
        got_a = np.zeros(D)
        got_b = np.zeros(D)
        for a, b in zip(fa, fb, strict=True):
            score = lam * a + (1.0 - lam) * b
            k = np.argmax(score, axis=1)
            bound = bound + score[np.arange(D), k]
            got_a = got_a + a[np.arange(D), k]
            got_b = got_b + b[np.arange(D), k]
        empty |= bound < 0
        open_ |= (got_a > ra) & (got_b > rb)
    result = open_ & ~empty
    todo = np.flatnonzero(~open_ & ~empty)
    if todo.size == 0:
        return result
    # -- the rest, exactly: enumerate the admissible packages for these draws only
    n = int(np.prod([x.shape[1] for x in fa], dtype=np.float64))
    if n > ENUMERATION_LIMIT:
        for r in todo:
            result[r] = _frontier_open([a[r] for a in fa], [b[r] for b in fb], ra[r], rb[r])
        return result
    idx = np.indices([x.shape[1] for x in fa]).reshape(len(fa), -1)
    for start in range(0, todo.size, CHUNK):
        rows = todo[start : start + CHUNK]
        ua = np.zeros((rows.size, n))
        ub = np.zeros((rows.size, n))
        for f, (a, b) in enumerate(zip(fa, fb, strict=True)):
            ua += a[rows][:, idx[f]]
            ub += b[rows][:, idx[f]]
        result[rows] = ((ua > ra[rows, None]) & (ub > rb[rows, None])).any(axis=1)
    return result


def _frontier_open(fa: Sequence[np.ndarray], fb: Sequence[np.ndarray], ra: float, rb: float) -> bool:
    """One draw, exactly: merge the two parties' factor frontiers (sums in factor order, as
    the enumeration sums them) and look for a frontier point beating both values."""
    pts = np.stack([fa[0], fb[0]], axis=1)
    pts = pts[pareto_indices(pts)]
    for a, b in zip(fa[1:], fb[1:], strict=True):
        add = np.stack([a, b], axis=1)
        add = add[pareto_indices(add)]
        cand = (pts[:, None, :] + add[None, :, :]).reshape(-1, 2)
        pts = cand[pareto_indices(cand)]
    return bool(np.any((pts[:, 0] > ra) & (pts[:, 1] > rb)))
