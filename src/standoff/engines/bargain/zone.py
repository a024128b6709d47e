"""The size of the zone of possible agreement: how many packages every party prefers to
no deal (Raiffa 1982, ch. 4), counted exactly.

Up to :data:`COUNT_LIMIT` feasible outcomes the count is a chunked, vectorised pass over
the product of the factors. Beyond it, for two parties, the factors are split into two
halves whose partial sums ``L`` and ``R`` are enumerated separately ("meet in the
middle", Horowitz & Sahni 1974, "Computing partitions with applications to the knapsack
problem", *JACM* 21(2)); the count of pairs with ``L_a + R_a > d_a`` and
``L_b + R_b > d_b`` is a two-dimensional dominance count, done by sorting ``R`` on ``a``
and counting, block by block, the ``b`` values above each threshold (sorted blocks and
binary search, O(n sqrt(n) log n) in vectorised numpy). Larger problems get ``None``: the
zone's emptiness is still decided exactly from the frontier.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from standoff.engines.bargain.factors import Factor, _product
from standoff.engines.bargain.solutions import ZONE_MARGIN

#: Feasible outcomes counted by direct enumeration.
COUNT_LIMIT = 20_000_000
#: Two-party spaces above this size are counted by meet-in-the-middle.
MITM_FROM = 200_000
#: Largest half enumerated by the meet-in-the-middle count.
HALF_LIMIT = 3_000_000
_CHUNK = 1_000_000


def _sums(factors: Sequence[Factor], start: int, stop: int) -> np.ndarray:
    """Utility sums over rows ``start:stop`` of the factors' product (row-major)."""
    sizes = [f.size for f in factors]
    idx = np.unravel_index(np.arange(start, stop), sizes)
    total = np.zeros((stop - start, factors[0].utils.shape[1]))
    for f, r in zip(factors, idx, strict=True):
        total += f.utils[r]
    return total


def _enumerated_sums(factors: Sequence[Factor]) -> np.ndarray:
    return _sums(factors, 0, math.prod(f.size for f in factors))


def _halves(sizes: Sequence[int]) -> tuple[int, int]:
    nl = nr = 1
    for m in sorted(sizes, reverse=True):
        if nl <= nr:
            nl *= m
        else:
            nr *= m
    return nl, nr


def count_work(sizes: Sequence[int], parties: int) -> float | None:
    """The work (additions and comparisons) :func:`count_zone` needs for factors of
    ``sizes`` rows and ``parties`` parties, estimated before the work; ``None`` when it
    would not count (the space is too large)."""
    n = math.prod(sizes)
    if parties == 2 and n > MITM_FROM and len(sizes) > 1:
        nl, nr = _halves(sizes)
        if max(nl, nr) <= HALF_LIMIT:
            return 2.0 * (nl + nr) * max(math.log2(max(nl, nr)), 1.0) + nl * math.sqrt(nr) * 2.0
    if n <= COUNT_LIMIT:
        return float(n) * len(sizes) * parties
    return None


def count_zone(factors: Sequence[Factor], reservations: Sequence[float] | np.ndarray) -> int | None:
    """Number of feasible outcomes with ``u_i > d_i + ZONE_MARGIN`` for every party, or
    ``None`` when the space is too large to count exactly."""
    d = np.asarray(reservations, dtype=float) + ZONE_MARGIN
    n = math.prod(f.size for f in factors)
    if d.shape[0] == 2 and n > MITM_FROM and len(factors) > 1:
        mitm = _meet_in_the_middle(factors, d)
        if mitm is not None:
            return mitm
    if n <= COUNT_LIMIT:
        count = 0
        for start in range(0, n, _CHUNK):
            s = _sums(factors, start, min(n, start + _CHUNK))
            count += int(np.count_nonzero(np.all(s > d[None, :], axis=1)))
        return count
    return None


def _meet_in_the_middle(factors: Sequence[Factor], d: np.ndarray) -> int | None:
    # balance the two halves by the product of their sizes
    order = sorted(range(len(factors)), key=lambda i: -factors[i].size)
    left: list[Factor] = []
    right: list[Factor] = []
    nl = nr = 1
    for i in order:
        if nl <= nr:
            left.append(factors[i])
            nl *= factors[i].size
        else:
            right.append(factors[i])
            nr *= factors[i].size
    if max(nl, nr) > HALF_LIMIT:
        return None
    L = _enumerated_sums(left)
    R = _enumerated_sums(right)
    return _dominance_count(L, R, d)


def _dominance_count(L: np.ndarray, R: np.ndarray, d: np.ndarray) -> int:
    """Pairs (x in L, y in R) with ``R_a[y] > d_a - L_a[x]`` and ``R_b[y] > d_b - L_b[x]``."""
    order = np.argsort(-R[:, 0], kind="stable")
    ra, rb = R[order, 0], R[order, 1]
    ta = d[0] - L[:, 0]
    tb = d[1] - L[:, 1]
    # number of R points with a > ta: a prefix of the a-descending order
    prefix = np.searchsorted(-ra, -ta, side="left")
    block = max(1, int(math.sqrt(len(ra))))
    total = np.zeros(len(L), dtype=np.int64)
    for start in range(0, len(ra), block):
        stop = min(len(ra), start + block)
        sb = np.sort(rb[start:stop])
        full = prefix >= stop
        if full.any():
            total[full] += (stop - start) - np.searchsorted(sb, tb[full], side="right")
        part = (prefix > start) & (prefix < stop)
        qs = np.flatnonzero(part)
        if qs.size:
            seg = rb[start:stop]
            cols = np.arange(stop - start)
            hit = (seg[None, :] > tb[qs, None]) & (cols[None, :] < (prefix[qs] - start)[:, None])
            total[qs] += hit.sum(axis=1)
    return int(total.sum())


def zone_outcomes(factors: Sequence[Factor], reservations: Sequence[float] | np.ndarray,
                  limit: int = COUNT_LIMIT) -> np.ndarray | None:
    """Factor rows of every zone outcome (for small spaces), or ``None`` if too large."""
    n = math.prod(f.size for f in factors)
    if n > limit:
        return None
    d = np.asarray(reservations, dtype=float) + ZONE_MARGIN
    s = _enumerated_sums(factors)
    hit = np.flatnonzero(np.all(s > d[None, :], axis=1))
    return _product([np.arange(f.size) for f in factors])[hit] if hit.size else np.zeros((0, len(factors)), dtype=np.int64)
