"""Exact solutions by one pass over every admissible package, without the frontier.

When the multi-party frontier is too large to merge but the admissible packages are few
enough to visit (:mod:`standoff.engines.bargain.cost`), the solutions the brief needs are
found exactly by a chunked, vectorised pass over the product of the factors: the zone of
agreement is counted, and the Nash point, the maximum total utility and the egalitarian
point are the best packages by their criteria (over the zone, or over every package
when the zone is empty, as in :mod:`standoff.engines.bargain.solutions`).

Each criterion is strictly increasing in every party's utility (the Nash product inside
the zone, the sum, and -- among its maximisers -- the smallest gain once ties are broken
as below), so its best package is Pareto-optimal and its value is the one the frontier
method finds. Ties are broken as there: the lexicographically largest utility vector
(the frontier is listed in that order), so the utilities reported are identical; the
package is one of those achieving them. Utilities are summed in factor order, exactly
as the frontier merge and a brute-force evaluation sum them.

Kalai-Smorodinsky is not found this way: its criterion (the spread of normalised gains)
is not monotone, so a dominated package could win, and it is left out (the result says
so).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from standoff.engines.bargain.factors import Factor
from standoff.engines.bargain.solutions import ZONE_MARGIN

#: Packages evaluated together (bounds memory: chunk x parties floats).
CHUNK = 500_000


@dataclass
class _Best:
    score: float = -math.inf
    utilities: tuple[float, ...] = ()
    rows: np.ndarray | None = None

    def offer(self, score: np.ndarray, utils: np.ndarray, rows: np.ndarray, mask: np.ndarray) -> None:
        if not mask.any():
            return
        s = np.where(mask, score, -np.inf)
        top = float(s.max())
        if top < self.score:
            return
        tied = np.flatnonzero(s == top)
        order = np.lexsort(tuple(-utils[tied, c] for c in range(utils.shape[1] - 1, -1, -1)))
        j = int(tied[order[0]])
        cand = tuple(float(x) for x in utils[j])
        if top > self.score or cand > self.utilities:
            self.score, self.utilities, self.rows = top, cand, rows[j].copy()


@dataclass(frozen=True)
class Enumerated:
    """Factor rows of each solution (``None`` where it does not exist) and the zone's size."""

    zone_size: int
    nash: np.ndarray | None
    max_welfare: np.ndarray
    egalitarian: np.ndarray


def solve_by_enumeration(factors: Sequence[Factor], reservations: np.ndarray) -> Enumerated:
    """The zone's size and the Nash, utilitarian and egalitarian packages (module docstring)."""
    d = np.asarray(reservations, dtype=float)
    sizes = [f.size for f in factors]
    n = math.prod(sizes)
    nash, w_zone, w_all, e_zone, e_all = _Best(), _Best(), _Best(), _Best(), _Best()
    count = 0
    for start in range(0, n, CHUNK):
        stop = min(n, start + CHUNK)
        idx = np.unravel_index(np.arange(start, stop), sizes)
        u = np.zeros((stop - start, d.shape[0]))
        for f, r in zip(factors, idx, strict=True):
            u += f.utils[r]
        rows = np.stack(idx, axis=1)
        gains = u - d[None, :]
        zone = np.all(u > d[None, :] + ZONE_MARGIN, axis=1)
        count += int(np.count_nonzero(zone))
        everywhere = np.ones(zone.shape[0], dtype=bool)
        welfare = u.sum(axis=1)
        least = gains.min(axis=1)
        nash.offer(np.prod(gains, axis=1), u, rows, zone)
        w_zone.offer(welfare, u, rows, zone)
        e_zone.offer(least, u, rows, zone)
        w_all.offer(welfare, u, rows, everywhere)
        e_all.offer(least, u, rows, everywhere)
    open_ = count > 0
    welfare_best = (w_zone if open_ else w_all).rows
    egal_best = (e_zone if open_ else e_all).rows
    assert welfare_best is not None and egal_best is not None
    return Enumerated(zone_size=count, nash=nash.rows if open_ else None, max_welfare=welfare_best,
                      egalitarian=egal_best)
