"""Is there a zone of agreement in each Monte Carlo draw? An exact test, mostly by certificates.

For every draw ``d`` of a case the question is whether some feasible package ``o`` (one
crossing no party's red line) gives every party ``p`` more than its no-deal value:
``u_p(o) > r_p + ZONE_MARGIN``. The exact answer, draw by draw, is the one of
:func:`standoff.engines.bargain.analyse`: build the Pareto frontier by merging factors
and look for a frontier point in the zone. Doing that a million times would take hours,
so most draws are decided, vectorised across draws, by one of two **certificates**
computed issue by issue (factor by factor where pair terms tie issues together) for a
grid of weights ``lambda`` on the parties (Lagrangian relaxation: Geoffrion 1974,
"Lagrangean relaxation for integer programming", *Math. Prog. Study* 2; Fisher 1981,
*Management Science* 27(1)):

* **the zone is empty** when, for some ``lambda >= 0`` summing to one,
  ``max_o sum_p lambda_p (u_p(o) - r_p - m) <= 0``: a zone package would make every term,
  hence the weighted sum, positive. With additive utilities the maximum is a sum of
  per-factor maxima, so the bound costs one pass over the options of each issue;
* **the zone is open** when a package found on the way -- the maximiser of that weighted
  sum, assembled factor by factor -- gives every party more than its no-deal value.

The two certificates miss only draws where the zone is empty but the convex hull of the
feasible utilities still reaches every party's no-deal value (a "duality gap" of the
discrete problem), or where no grid weight lands on a zone package. Those draws, and any
draw where a certificate holds by less than :data:`CERTIFICATE_SLACK` (so rounding cannot
decide it), go to the exact frontier. The answer is therefore exact in every draw; the
result counts how many draws each route decided.

Red lines are taken as they stand (the same structure in every draw); the test is also
run with every red line set aside, which tells whether the clash of red lines alone
keeps the parties apart. The size of the zone (number of packages) is counted exactly,
over at most :data:`SIZE_DRAWS` draws (the first ones: draws are independent, so they
are a random subsample; the size's Estimate says how many).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from standoff.core.estimate import Estimate, summarise
from standoff.core.executors import Executor, Serial, chunk_ranges
from standoff.core.utility import AdditiveUtility
from standoff.engines.bargain.factors import (
    FACTOR_LIMIT,
    NoFeasibleOutcome,
    RedLinesConflict,
    TooLargeForExact,
    make_factors,
)
from standoff.engines.bargain.pareto import merged_frontier
from standoff.engines.bargain.solutions import ZONE_MARGIN, zone_mask
from standoff.engines.bargain.zone import count_zone
from standoff.engines.uncertainty.slicing import draw_slice
from standoff.results.uncertainty import ZoneOverDraws
from standoff.scenario.case import Case

#: Points of the weight grid on each party (two parties: 33 weights from 0 to 1).
GRID = 33
#: A certificate must hold by at least this much (utility units) to decide a draw;
#: closer calls go to the exact frontier.
CERTIFICATE_SLACK = 1e-9
#: Draws per chunk (fixed by the work, never by the executor, so results do not depend on it).
CHUNK = 16_384
#: Most draws over which the zone's size is counted.
SIZE_DRAWS = 4_096
#: Feasible packages up to which the size is counted by vectorised enumeration.
ENUMERATE_SIZE = 60_000

# How each draw was decided (codes in ``ZoneDraws.route``).
CLASH, BOUND, PACKAGE, FRONTIER, TOO_LARGE = 0, 1, 2, 3, 4
ROUTES = ("red_lines", "bound", "package", "frontier", "too_large")


@dataclass(frozen=True)
class ZoneDraws:
    """The zone test over a case's draws (with red lines as they stand, or set aside).

    ``open`` is 1 where the zone is open, 0 where it is empty and -1 where the problem is
    too large for the exact method; ``route`` says how each draw was decided (index into
    :data:`ROUTES`); ``size`` counts the zone's packages over the first ``len(size)``
    draws (-1 where too large to count).
    """

    open: np.ndarray
    route: np.ndarray
    size: np.ndarray
    n_outcomes: int
    n_feasible: int
    blocking: tuple[str, ...]
    red_lines: bool

    @property
    def draws(self) -> int:
        return int(self.open.size)

    def routes(self) -> dict[str, int]:
        counts = np.bincount(self.route.astype(np.int64), minlength=len(ROUTES))
        return {name: int(c) for name, c in zip(ROUTES, counts, strict=True) if c}


# ----------------------------------------------------------------------- structure
@dataclass(frozen=True)
class _Structure:
    """What does not vary by draw: the factors (groups of issues tied by pair terms) and
    the feasible joint options of each."""

    groups: tuple[tuple[int, ...], ...]
    codes: tuple[np.ndarray, ...]  # per group: (m_f, len(group)) option codes
    blocking: tuple[int, ...]
    too_large: bool

    @property
    def n_feasible(self) -> int:
        return math.prod(c.shape[0] for c in self.codes) if not self.blocking else 0


def _structure(case: Case, parties: Sequence[str], red_lines: bool) -> _Structure:
    space = case.space
    parent = list(range(space.n_issues))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in parties:
        for pt in case.utility(p).pairs:
            ri, rj = find(pt.i), find(pt.j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    grouped: dict[int, list[int]] = {}
    for i in range(space.n_issues):
        grouped.setdefault(find(i), []).append(i)
    groups = tuple(tuple(grouped[r]) for r in sorted(grouped))
    masks = [np.ones(s, dtype=bool) for s in space.sizes]
    if red_lines:
        for p in parties:
            for k, f in enumerate(case.utility(p).forbidden):
                masks[k] &= ~f
    blocking = tuple(k for k, m in enumerate(masks) if not m.any())
    codes = []
    too_large = False
    for g in groups:
        options = [np.flatnonzero(masks[k]) for k in g]
        size = math.prod(len(o) for o in options)
        if size > FACTOR_LIMIT:
            too_large = True
            options = [o[:1] for o in options]
        grid = np.indices([len(o) for o in options], dtype=np.int64).reshape(len(options), -1).T
        codes.append(np.stack([o[grid[:, c]] for c, o in enumerate(options)], axis=1)
                     if options else np.zeros((1, 0), dtype=np.int64))
    return _Structure(groups, tuple(codes), blocking, too_large)


def _factor_utils(case: Case, parties: Sequence[str], st: _Structure) -> list[np.ndarray]:
    """Per factor, each party's utility contribution of each joint option in each draw:
    ``(D, m_f, P)`` -- summed in the order :func:`~standoff.engines.bargain.factors.make_factors`
    sums them, so a package's utility is the one the exact method computes."""
    n = case.draws
    out = []
    contribs = {p: case.utility(p).contributions() for p in parties}
    for g, codes in zip(st.groups, st.codes, strict=True):
        u = np.zeros((n, codes.shape[0], len(parties)))
        pos = {k: col for col, k in enumerate(g)}
        for p_i, p in enumerate(parties):
            ud = case.utility(p)
            contrib = contribs[p]
            col_sum = np.zeros((1, codes.shape[0]))
            for col, k in enumerate(g):
                col_sum = col_sum + contrib[k][:, codes[:, col]]
            for pt in ud.pairs:
                if pt.i in pos:
                    col_sum = col_sum + pt.table[:, codes[:, pos[pt.i]], codes[:, pos[pt.j]]]
            u[:, :, p_i] = col_sum
        out.append(u)
    return out


def weight_grid(n_parties: int, points: int = GRID) -> np.ndarray:
    """Weights on the parties, each row summing to one: ``points`` evenly spaced weights
    for two parties, a simplex lattice of about that many rows for more."""
    if n_parties == 1:
        return np.ones((1, 1))
    if n_parties == 2:
        t = np.linspace(0.0, 1.0, points)
        t = t[np.argsort(np.abs(t - 0.5), kind="stable")]  # balanced weights first: they find zone packages
        return np.stack([t, 1.0 - t], axis=1)
    res = 1
    while math.comb(res + 1 + n_parties - 1, n_parties - 1) <= points:
        res += 1
    rows = [c for c in itertools.product(range(res + 1), repeat=n_parties) if sum(c) == res]
    lam = np.asarray(rows, dtype=float) / res
    return lam[np.argsort(np.abs(lam - 1.0 / n_parties).max(axis=1), kind="stable")]


# --------------------------------------------------------------------- certificates
def certify(utils: Sequence[np.ndarray], reservations: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Per draw: ``1`` (a package proves the zone open), ``0`` (a Lagrangian bound proves
    it empty) or ``-1`` (undecided). ``utils`` are the factors' ``(D, m_f, P)``
    contributions, ``reservations`` ``(D or 1, P)`` the no-deal values."""
    n_draws = utils[0].shape[0]
    n_parties = utils[0].shape[2]
    dm = np.broadcast_to(reservations + ZONE_MARGIN, (n_draws, n_parties))
    lam = weight_grid(n_parties) if weights is None else weights
    verdict = np.full(n_draws, -1, dtype=np.int8)
    rows = np.arange(n_draws)
    for w in lam:
        todo = verdict < 0
        if not todo.any():
            break
        everyone = bool(todo.all())
        idx = rows if everyone else rows[todo]
        bound = -(dm[idx] @ w)
        pkg = np.zeros((idx.size, n_parties))
        for u in utils:
            ui = u if everyone else u[idx]
            score = ui @ w
            best = np.argmax(score, axis=1)
            bound = bound + score[np.arange(idx.size), best]
            pkg = pkg + ui[np.arange(idx.size), best]
        empty = bound < -CERTIFICATE_SLACK
        opened = np.all(pkg - dm[idx] > CERTIFICATE_SLACK, axis=1)
        verdict[idx[empty]] = 0
        verdict[idx[opened & ~empty]] = 1
    return verdict


# ---------------------------------------------------------------------------- exact
def exact_open(case: Case, parties: Sequence[str], red_lines: bool) -> tuple[int, ...]:
    """Draw by draw, whether the exact frontier has a point in the zone (1/0; -1 when
    too large): the answer of :func:`standoff.engines.bargain.analyse`."""
    out = []
    for d in range(case.draws):
        utilities: list[AdditiveUtility] = [case.utility(p).at(d, locks=red_lines) for p in parties]
        r = np.array([float(case.no_deal[p].value(d).total) for p in parties])
        try:
            factors = make_factors(case.space, utilities)
        except (RedLinesConflict, NoFeasibleOutcome):
            out.append(0)
            continue
        except TooLargeForExact:
            out.append(-1)
            continue
        fr = merged_frontier(factors, case.space.n_issues)
        out.append(int(bool(zone_mask(fr.utilities, r).any())))
    return tuple(out)


def _size(case: Case, parties: Sequence[str], red_lines: bool, st: _Structure, utils: list[np.ndarray],
          reservations: np.ndarray, open_: np.ndarray) -> np.ndarray:
    """Zone size per draw (0 where closed; -1 where too large to count)."""
    n = case.draws
    size = np.zeros(n, dtype=np.int64)
    todo = np.flatnonzero(open_ == 1)
    if not todo.size:
        return size
    if st.n_feasible <= ENUMERATE_SIZE:
        n_f = len(utils)
        step = max(1, 2_000_000 // max(1, st.n_feasible))
        for a in range(0, todo.size, step):
            idx = todo[a:a + step]
            dm = np.broadcast_to(reservations + ZONE_MARGIN, (n, len(parties)))[idx]
            inside: np.ndarray | None = None
            for p_i in range(len(parties)):
                total = np.zeros((idx.size,) + (1,) * n_f)
                for f, u in enumerate(utils):
                    shape = [idx.size] + [1] * n_f
                    shape[1 + f] = u.shape[1]
                    total = total + u[idx, :, p_i].reshape(shape)
                ok = total > dm[:, p_i].reshape((idx.size,) + (1,) * n_f)
                inside = ok if inside is None else inside & ok
            assert inside is not None
            size[idx] = inside.reshape(idx.size, -1).sum(axis=1)
        return size
    for d in todo:
        utilities = [case.utility(p).at(int(d), locks=red_lines) for p in parties]
        try:
            factors = make_factors(case.space, utilities)
        except TooLargeForExact:
            size[d] = -1
            continue
        got = count_zone(factors, np.array([float(case.no_deal[p].value(int(d)).total) for p in parties]))
        size[d] = -1 if got is None else got
    return size


@dataclass(frozen=True)
class _Chunk:
    case: Case
    parties: tuple[str, ...]
    red_lines: bool
    size_upto: int  # count the size for draws below this index of the chunk


def _run_chunk(ch: _Chunk) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    case, parties = ch.case, ch.parties
    st = _structure(case, parties, ch.red_lines)
    n = case.draws
    if st.blocking:
        return np.zeros(n, dtype=np.int8), np.full(n, CLASH, dtype=np.int8), np.zeros(min(n, ch.size_upto), dtype=np.int64)
    reservations = np.stack([np.broadcast_to(case.no_deal[p].total, (n,)) for p in parties], axis=1)
    if st.too_large:
        open_ = np.full(n, -1, dtype=np.int8)
        return open_, np.full(n, TOO_LARGE, dtype=np.int8), np.full(min(n, ch.size_upto), -1, dtype=np.int64)
    utils = _factor_utils(case, parties, st)
    verdict = certify(utils, reservations)
    route = np.where(verdict == 1, PACKAGE, BOUND).astype(np.int8)
    undecided = np.flatnonzero(verdict < 0)
    if undecided.size:
        for d in undecided:
            got = exact_open(draw_slice(case, int(d), int(d) + 1), parties, ch.red_lines)[0]
            verdict[d] = got
            route[d] = FRONTIER if got >= 0 else TOO_LARGE
    k = min(n, ch.size_upto)
    size = np.zeros(0, dtype=np.int64)
    if k:
        sub = draw_slice(case, 0, k)
        size = _size(sub, parties, ch.red_lines, st, [u[:k] for u in utils], reservations[:k], verdict[:k])
    return verdict, route, size


def zone_draws(case: Case, *, red_lines: bool = True, executor: Executor | None = None,
               size_draws: int = SIZE_DRAWS, progress: object = None) -> ZoneDraws:
    """The zone test in every draw of ``case`` (module docstring), in chunks of
    :data:`CHUNK` draws on ``executor`` (default: serial)."""
    parties = tuple(case.parties)
    for p in parties:
        if p not in case.no_deal:
            from standoff.core.errors import UserError

            raise UserError(f"party {p!r} has no `no_deal` entry", hint="the zone test needs what no deal is worth")
    chunks = [_Chunk(draw_slice(case, a, b), parties, red_lines, max(0, min(b, size_draws) - a))
              for a, b in chunk_ranges(case.draws, CHUNK)]
    ex = executor or Serial()
    parts = ex.map(_run_chunk, chunks, progress if callable(progress) else None)
    st = _structure(case, parties, red_lines)
    return ZoneDraws(
        open=np.concatenate([p[0] for p in parts]),
        route=np.concatenate([p[1] for p in parts]),
        size=np.concatenate([p[2] for p in parts]),
        n_outcomes=case.space.n_outcomes,
        n_feasible=st.n_feasible,
        blocking=tuple(case.space.issues[k].id for k in st.blocking),
        red_lines=red_lines,
    )


def zone_open(case: Case, *, red_lines: bool = True) -> np.ndarray:
    """Per draw, 1.0 where the zone is open and 0.0 where it is empty (NaN where too large):
    the vectorised target P(zone open) of the sensitivity analyses."""
    z = zone_draws(case, red_lines=red_lines, size_draws=0)
    return np.where(z.open < 0, np.nan, z.open.astype(float))


def _estimate(values: np.ndarray) -> Estimate | None:
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    return summarise(v) if v.size else None


def zone_over_draws(case: Case, *, executor: Executor | None = None, size_draws: int = SIZE_DRAWS,
                    progress: object = None) -> ZoneOverDraws:
    """The zone test in every draw, with red lines as they stand and set aside,
    summarised as Estimates (``results.uncertainty.ZoneOverDraws``)."""
    z = zone_draws(case, red_lines=True, executor=executor, size_draws=size_draws, progress=progress)
    has_red_lines = any(f.any() for p in case.parties for f in case.utility(p).forbidden)
    u = zone_draws(case, red_lines=False, executor=executor, size_draws=size_draws) if has_red_lines else z
    sized = z.size[z.size >= 0]
    return ZoneOverDraws(
        draws=z.draws,
        p_open=_estimate(np.where(z.open < 0, np.nan, z.open)),
        size=_estimate(sized) if sized.size else None,
        share=_estimate(sized / z.n_outcomes) if sized.size else None,
        size_draws=int(z.size.size),
        blocking=list(z.blocking),
        routes=z.routes(),
        p_open_without_red_lines=_estimate(np.where(u.open < 0, np.nan, u.open)),
        size_without_red_lines=_estimate(u.size[u.size >= 0]) if (u.size >= 0).any() else None,
        routes_without_red_lines=u.routes(),
        n_outcomes=z.n_outcomes,
        n_feasible=z.n_feasible,
    )
