"""The bargaining answers by optimisation over the additive structure, without the frontier.

For problems whose frontier cannot be listed (:mod:`standoff.engines.bargain.cost`), the
answers the brief needs are found by optimisation over the factors (each package is one
row per factor; a party's utility is the sum of its rows' contributions). Every answer
says whether it is proven or a declared approximation, and the approximations carry an
error bound.

**Weighted-sum maximisers.** For weights ``lam >= 0`` the package maximising
``sum_p lam_p u_p`` is found factor by factor (each factor's best row). With every
weight positive it is Pareto-optimal over all admissible packages.

**Zone of agreement** (every ``u_p > r_p``, ``r_p`` the no-deal value plus
:data:`~standoff.engines.bargain.solutions.ZONE_MARGIN`):

* *empty, proven by a certificate*: for weights on the simplex, if
  ``max_o sum_p lam_p (u_p(o) - r_p) < 0`` no package is in the zone (a package in it
  would make the sum positive). The maximum is separable, so the certificate is checked
  exactly, factor by factor (the Lagrangian relaxation: Fisher 1981, "The Lagrangian
  relaxation method for solving integer programming problems", *Management Science*
  27(1)); the best weights are the dual of the linear relaxation below;
* *open, proven by a package*: one package with every ``u_p > r_p``, found by coordinate
  ascent on ``min_p (u_p - r_p)`` (one factor's row at a time) from the maximisers of the
  certificates' weights and the rounded relaxation;
* otherwise *decided by branch and bound*: the mixed-integer programme
  ``max t`` s.t. ``u_p(o) - r_p >= t`` (HiGHS through :func:`scipy.optimize.milp`, time
  limit :data:`MILP_SECONDS`); a package it finds is checked as above; its bound proves
  the zone empty when it lies below ``-``:data:`TOLERANCE`. A zone that none of these
  decides is reported as not found, *not proven*.

The linear relaxation ``max t`` over the convex hull of the packages (each factor's row
replaced by a mixture of its rows) also bounds the egalitarian value from above.

**Nash point.** The Nash product of the convex hull bounds the discrete one from above.
The hull's Nash point is found by Frank-Wolfe iterations (Frank & Wolfe 1956, *Naval
Research Logistics Quarterly* 3): at ``x`` the direction is the weighted-sum maximiser
with weights ``1 / (x_p - d_p)`` -- at the optimum the hull's Nash point is supported by
exactly those weights -- and each step's duality gap gives the bound: for any
``x > d``, ``max_o sum_p log(u_p(o) - d_p) <= sum_p (log(x_p - d_p) - 1) +
max_o sum_p (u_p(o) - d_p) / (x_p - d_p)`` (concavity of the logarithm), the maximum again
separable. Every vertex the iterations visit is a package; the best of them in the zone is
polished by local search (one factor's row, then two factors' rows at a time). The result
reports the Nash product ``P`` found and the bound ``B``: the exact Nash product lies in
``[P, B]``, and ``1 - P / B`` is the relative error bound (0: proven optimal).

**Maximum total utility**: over every package it is the weighted maximiser with equal
weights (exact); over the zone, when that one is not in it, local search within the zone
from the Nash package, bounded by the linear relaxation over the hull.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from standoff.engines.bargain.factors import Factor
from standoff.engines.bargain.solutions import ZONE_MARGIN

#: A certificate or a bound must clear zero by this much to prove a zone empty (it
#: absorbs rounding in sums of a few thousand utilities on a 0-1 scale).
TOLERANCE = 1e-9
#: Frank-Wolfe iterations for the Nash point of the convex hull (each costs one pass over
#: the factors' rows).
FW_ITERATIONS = 400
#: Time limit of the branch-and-bound zone test, in seconds.
MILP_SECONDS = 5.0
#: Largest number of factor rows the linear and mixed-integer programmes are built for.
PROGRAMME_ROWS = 200_000
#: Largest number of row pairs a two-factor move of the local search may try.
PAIR_MOVES = 100_000
#: Admissible packages drawn to estimate the share of the zone.
SAMPLE = 32_768


@dataclass(frozen=True)
class ZoneTest:
    """Whether some package beats every no-deal value, and how that is known.

    ``how``: ``certificate`` (empty, by a Lagrangian certificate), ``package`` (open: a
    package in the zone was found), ``branch_and_bound`` (empty: the branch-and-bound
    bound is below zero), ``not_found`` (no package found and no proof: a declared
    approximation), ``too_large`` (the programmes were not built and no package found).
    """

    empty: bool
    proven: bool
    how: str
    witness: np.ndarray | None  # factor rows of a package in the zone
    maximin: np.ndarray  # factor rows of the best min_p (u_p - r_p) found
    maximin_value: float  # its min_p (u_p - d_p)
    maximin_bound: float | None  # upper bound of max min_p (u_p - d_p) (linear relaxation)
    weights: np.ndarray | None  # the certificate's weights (the relaxation's dual)


@dataclass(frozen=True)
class Found:
    """A package found by optimisation, its criterion value and an upper bound of the best."""

    rows: np.ndarray
    value: float
    bound: float

    @property
    def proven(self) -> bool:
        return self.bound <= self.value + 1e-12 * max(1.0, abs(self.value))


@dataclass
class _Problem:
    factors: Sequence[Factor]
    d: np.ndarray
    stacked: np.ndarray = field(init=False)  # (rows, parties)
    sizes: np.ndarray = field(init=False)
    offsets: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.stacked = np.vstack([f.utils for f in self.factors])
        self.sizes = np.array([f.size for f in self.factors])
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)])

    @property
    def parties(self) -> int:
        return int(self.d.shape[0])

    def utilities(self, rows: np.ndarray) -> np.ndarray:
        """A package's utilities, summed in factor order (as brute force sums them)."""
        u = np.zeros(self.parties)
        for f, r in zip(self.factors, rows, strict=True):
            u = u + f.utils[int(r)]
        return u

    def best(self, lam: np.ndarray) -> tuple[np.ndarray, float]:
        """The weighted-sum maximiser's rows (the first best row of each factor) and
        ``max_o lam . u(o)``."""
        s = self.stacked @ lam
        top = np.maximum.reduceat(s, self.offsets[:-1])
        hit = np.flatnonzero(s == np.repeat(top, self.sizes))
        seg = np.searchsorted(self.offsets, hit, side="right") - 1
        _, first = np.unique(seg, return_index=True)
        return (hit[first] - self.offsets[:-1]).astype(np.int64), float(top.sum())


def weighted_best(factors: Sequence[Factor], weights: np.ndarray) -> np.ndarray:
    """Factor rows of the package maximising ``sum_p weights_p u_p``."""
    return _Problem(factors, np.zeros(factors[0].utils.shape[1])).best(np.asarray(weights, dtype=float))[0]


def certificate_value(factors: Sequence[Factor], weights: np.ndarray, targets: np.ndarray) -> float:
    """``max_o sum_p w_p (u_p(o) - targets_p)``, exactly (separable); below zero (with
    non-negative weights, not all zero) it proves that no package beats every target."""
    w = np.asarray(weights, dtype=float)
    return sum(float((f.utils @ w).max()) for f in factors) - float(w @ targets)


# -- the linear relaxation ----------------------------------------------------------------

def _maximin_relaxation(pb: _Problem, targets: np.ndarray) -> tuple[float, np.ndarray, np.ndarray] | None:
    """``max t`` s.t. hull point ``- targets >= t``: value, dual weights, mixture."""
    from scipy.optimize import linprog

    n = pb.stacked.shape[0]
    if n > PROGRAMME_ROWS:
        return None
    N, F = pb.parties, len(pb.factors)
    c = np.zeros(n + 1)
    c[-1] = -1.0
    a_ub = np.hstack([-pb.stacked.T, np.ones((N, 1))])
    a_eq = np.zeros((F, n + 1))
    for k in range(F):
        a_eq[k, pb.offsets[k]:pb.offsets[k + 1]] = 1.0
    bounds = [(0.0, None)] * n + [(None, None)]
    res = linprog(c, A_ub=a_ub, b_ub=-targets, A_eq=a_eq, b_eq=np.ones(F), bounds=bounds, method="highs")
    if res.status != 0:
        return None
    lam = np.maximum(-np.asarray(res.ineqlin.marginals, dtype=float), 0.0)
    if lam.sum() <= 0:
        lam = np.full(N, 1.0 / N)
    return float(-res.fun), lam / lam.sum(), np.asarray(res.x[:n])


def _rounded(pb: _Problem, mixture: np.ndarray) -> np.ndarray:
    return np.array([int(np.argmax(mixture[pb.offsets[k]:pb.offsets[k + 1]])) for k in range(len(pb.factors))],
                    dtype=np.int64)


# -- local search -----------------------------------------------------------------------

Score = Callable[[np.ndarray], np.ndarray]


def _ascend(pb: _Problem, rows: np.ndarray, score: Score, *, pairs: bool = False,
            sweeps: int = 50) -> tuple[np.ndarray, float]:
    """Coordinate ascent: change one factor's row (and, with ``pairs``, two factors' rows)
    whenever that raises ``score`` (a function of an ``(m, parties)`` utility array that
    returns ``(m,)`` scores, ``-inf`` where a package is not allowed)."""
    rows = rows.copy()
    u = pb.utilities(rows)
    cur = float(score(u[None, :])[0])
    for _ in range(sweeps):
        improved = False
        for k, f in enumerate(pb.factors):
            cand = (u - f.utils[rows[k]])[None, :] + f.utils
            s = score(cand)
            j = int(np.argmax(s))
            if s[j] > cur:
                rows[k], cur, improved = j, float(s[j]), True
                u = pb.utilities(rows)
        if pairs and not improved:
            for a in range(len(pb.factors)):
                fa = pb.factors[a]
                for b in range(a + 1, len(pb.factors)):
                    fb = pb.factors[b]
                    if fa.size * fb.size > PAIR_MOVES:
                        continue
                    base = u - fa.utils[rows[a]] - fb.utils[rows[b]]
                    cand = (base[None, None, :] + fa.utils[:, None, :] + fb.utils[None, :, :]).reshape(-1, pb.parties)
                    s = score(cand)
                    j = int(np.argmax(s))
                    if s[j] > cur:
                        rows[a], rows[b] = divmod(j, fb.size)
                        cur, improved = float(s[j]), True
                        u = pb.utilities(rows)
        if not improved:
            break
    return rows, float(score(pb.utilities(rows)[None, :])[0])


def _min_gain(targets: np.ndarray) -> Score:
    def score(u: np.ndarray) -> np.ndarray:
        g = u - targets[None, :]
        return g.min(axis=1) + 1e-12 * g.sum(axis=1) / g.shape[1]
    return score


def _log_nash(d: np.ndarray) -> Score:
    def score(u: np.ndarray) -> np.ndarray:
        g = u - d[None, :]
        ok = np.all(g > ZONE_MARGIN, axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(ok, np.log(np.where(ok[:, None], g, 1.0)).sum(axis=1), -np.inf)
    return score


# -- the zone ---------------------------------------------------------------------------

def zone_test(factors: Sequence[Factor], reservations: np.ndarray, *, milp_seconds: float = MILP_SECONDS) -> ZoneTest:
    """Is some package better than no deal for every party? (module docstring)"""
    pb = _Problem(factors, np.asarray(reservations, dtype=float))
    d = pb.d
    targets = d + ZONE_MARGIN
    relax = _maximin_relaxation(pb, targets)
    proof = relax is not None and certificate_value(factors, relax[1], targets) < -TOLERANCE
    lam, bound, best_rows, best = _maximin(pb, relax, ZONE_MARGIN, stop=-math.inf if proof else ZONE_MARGIN)
    if proof:
        return ZoneTest(True, True, "certificate", None, best_rows, best, bound, lam)
    if best > ZONE_MARGIN:
        return ZoneTest(False, True, "package", best_rows, best_rows, best, bound, lam)
    if relax is None:
        return ZoneTest(True, False, "too_large", None, best_rows, best, None, None)
    return _branch_and_bound(pb, targets, best_rows, best, bound, lam, milp_seconds)


def maximin(factors: Sequence[Factor], reservations: np.ndarray) -> Found:
    """The egalitarian package, ``max_o min_p (u_p(o) - d_p)``, by the search of
    :func:`zone_test` (no branch and bound), bounded by the linear relaxation."""
    pb = _Problem(factors, np.asarray(reservations, dtype=float))
    relax = _maximin_relaxation(pb, pb.d)
    _, bound, rows, value = _maximin(pb, relax, 0.0, stop=math.inf)
    return Found(rows, value, value if bound is None else max(bound, value))


def _maximin(pb: _Problem, relax: tuple[float, np.ndarray, np.ndarray] | None, shift: float, *,
             stop: float) -> tuple[np.ndarray | None, float | None, np.ndarray, float]:
    """Coordinate ascent on ``min_p (u_p - d_p)`` from the certificate's maximiser, the
    rounded relaxation, equal weights and each party's best; stops early once a start
    reaches ``stop``. Returns the relaxation's weights and bound (in ``u - d`` units) and
    the best rows found with their value."""
    d = pb.d
    N = pb.parties
    starts: list[np.ndarray] = []
    lam: np.ndarray | None = None
    bound: float | None = None
    if relax is not None:
        value, lam, mixture = relax
        bound = value + shift  # the relaxation was solved for targets ``d + shift``
        starts += [pb.best(lam + 1e-6)[0], _rounded(pb, mixture)]
    starts += [pb.best(np.full(N, 1.0 / N))[0]]
    starts += [pb.best(np.where(np.arange(N) == p, 1.0, 1e-6))[0] for p in range(N)]
    best_rows, best = starts[0], -math.inf
    for s in starts:
        rows, _ = _ascend(pb, s, _min_gain(d), pairs=True)
        v = _least(pb, rows)
        if v > best:
            best_rows, best = rows, v
        if v > stop:
            break
    return lam, bound, best_rows, best


def _least(pb: _Problem, rows: np.ndarray) -> float:
    return float((pb.utilities(rows) - pb.d).min())


def _branch_and_bound(pb: _Problem, targets: np.ndarray, best_rows: np.ndarray, best: float,
                      bound: float | None, lam: np.ndarray | None, seconds: float) -> ZoneTest:
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = pb.stacked.shape[0]
    N, F = pb.parties, len(pb.factors)
    c = np.zeros(n + 1)
    c[-1] = -1.0
    a_eq = np.zeros((F, n + 1))
    for k in range(F):
        a_eq[k, pb.offsets[k]:pb.offsets[k + 1]] = 1.0
    cons = [LinearConstraint(np.hstack([pb.stacked.T, -np.ones((N, 1))]), targets, np.inf),
            LinearConstraint(a_eq, 1.0, 1.0)]
    res = milp(c, constraints=cons, integrality=np.r_[np.ones(n), 0.0],
               bounds=Bounds(np.r_[np.zeros(n), -np.inf], np.r_[np.ones(n), np.inf]),
               options={"time_limit": float(seconds), "disp": False})
    if res.x is not None:
        rows = np.array([int(np.argmax(res.x[pb.offsets[k]:pb.offsets[k + 1]])) for k in range(F)], dtype=np.int64)
        rows, _ = _ascend(pb, rows, _min_gain(pb.d))
        v = _least(pb, rows)
        if v > ZONE_MARGIN:
            return ZoneTest(False, True, "package", rows, rows, v, bound, lam)
        if v > best:
            best_rows, best = rows, v
    dual = getattr(res, "mip_dual_bound", None)
    top = -float(dual) if dual is not None and np.isfinite(dual) else None
    if res.status == 0 and res.fun is not None:
        top = -float(res.fun) if top is None else max(top, -float(res.fun))
    if top is not None and top < -TOLERANCE:
        return ZoneTest(True, True, "branch_and_bound", None, best_rows, best, bound, lam)
    return ZoneTest(True, False, "not_found", None, best_rows, best, bound, lam)


# -- the Nash point ---------------------------------------------------------------------

def nash_search(factors: Sequence[Factor], reservations: np.ndarray, start: np.ndarray,
                *, iterations: int = FW_ITERATIONS) -> Found:
    """The Nash package from ``start`` (a package in the zone), with the hull bound
    (module docstring). Values are log Nash products."""
    pb = _Problem(factors, np.asarray(reservations, dtype=float))
    d = pb.d
    score = _log_nash(d)
    x = pb.utilities(start)
    upper = math.inf
    vertices: dict[bytes, np.ndarray] = {start.tobytes(): start}
    for _ in range(iterations):
        g = x - d
        lam = 1.0 / g
        rows, top = pb.best(lam)
        s = pb.utilities(rows)
        gap = top - float(lam @ x)
        upper = min(upper, float(np.log(g).sum()) + gap)
        vertices.setdefault(rows.tobytes(), rows)
        if gap <= 1e-12 * pb.parties:
            break
        x = x + _step(x - d, s - x) * (s - x)
    ranked = sorted(vertices.values(), key=lambda r: -float(score(pb.utilities(r)[None, :])[0]))
    best_rows, best = start, float(score(pb.utilities(start)[None, :])[0])
    for r in ranked[:4]:
        if not np.isfinite(score(pb.utilities(r)[None, :])[0]):
            continue
        rows, v = _ascend(pb, r, score, pairs=True)
        if v > best:
            best_rows, best = rows, v
    return Found(best_rows, best, max(upper, best))


def _step(g: np.ndarray, direction: np.ndarray) -> float:
    """The step in ``[0, 1]`` maximising ``sum log(g + step * direction)`` (concave), by
    safeguarded Newton iterations on its slope."""
    def slope(t: float) -> tuple[float, float]:
        r = direction / (g + t * direction)
        return float(r.sum()), float(-(r * r).sum())

    neg = direction < 0
    hi = 1.0 if not neg.any() else min(1.0, float((g[neg] / -direction[neg]).min()) * (1.0 - 1e-9))
    if slope(hi)[0] >= 0:
        return hi
    lo, t = 0.0, 0.5 * hi
    for _ in range(50):
        v, dv = slope(t)
        if v > 0:
            lo = t
        else:
            hi = t
        if hi - lo <= 1e-12:
            break
        nt = t - v / dv if dv < 0 else 0.5 * (lo + hi)
        t = nt if lo < nt < hi else 0.5 * (lo + hi)
    return lo


# -- maximum total utility --------------------------------------------------------------

def max_welfare(factors: Sequence[Factor], reservations: np.ndarray, zone_open: bool,
                start: np.ndarray | None) -> Found:
    """The package of largest total utility: over every package (exact), or over the zone
    (exact when the unconstrained best is in it; else local search from ``start``, with the
    bound of the linear relaxation over the hull)."""
    pb = _Problem(factors, np.asarray(reservations, dtype=float))
    N = pb.parties
    rows, top = pb.best(np.ones(N))
    value = float(pb.utilities(rows).sum())
    if not zone_open or _least(pb, rows) > ZONE_MARGIN:
        return Found(rows, value, value)
    assert start is not None
    targets = pb.d + ZONE_MARGIN

    def score(u: np.ndarray) -> np.ndarray:
        ok = np.all(u > targets[None, :], axis=1)
        return np.where(ok, u.sum(axis=1), -np.inf)

    found, v = _ascend(pb, start, score, pairs=True)
    return Found(found, v, max(v, _welfare_relaxation(pb, targets, top)))


def _welfare_relaxation(pb: _Problem, targets: np.ndarray, fallback: float) -> float:
    from scipy.optimize import linprog

    n = pb.stacked.shape[0]
    if n > PROGRAMME_ROWS:
        return fallback
    F = len(pb.factors)
    a_eq = np.zeros((F, n))
    for k in range(F):
        a_eq[k, pb.offsets[k]:pb.offsets[k + 1]] = 1.0
    res = linprog(-pb.stacked.sum(axis=1), A_ub=-pb.stacked.T, b_ub=-targets, A_eq=a_eq, b_eq=np.ones(F),
                  bounds=[(0.0, None)] * n, method="highs")
    return float(-res.fun) if res.status == 0 else fallback


# -- the zone's share, estimated ---------------------------------------------------------

def zone_share(factors: Sequence[Factor], reservations: np.ndarray, *, sample: int = SAMPLE,
               seed: int = 0) -> tuple[float, float, float]:
    """Share of admissible packages in the zone, estimated from ``sample`` uniform draws:
    the estimate and its 95% Wilson interval (Wilson 1927, *JASA* 22(158))."""
    rng = np.random.default_rng(seed)
    d = np.asarray(reservations, dtype=float) + ZONE_MARGIN
    u = np.zeros((sample, d.shape[0]))
    for f in factors:
        u += f.utils[rng.integers(0, f.size, size=sample)]
    k = int(np.count_nonzero(np.all(u > d[None, :], axis=1)))
    p, z = k / sample, 1.959963984540054
    centre = (p + z * z / (2 * sample)) / (1 + z * z / sample)
    half = z * math.sqrt(p * (1 - p) / sample + z * z / (4 * sample * sample)) / (1 + z * z / sample)
    return p, max(0.0, centre - half), min(1.0, centre + half)
