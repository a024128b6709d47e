""""What would it take": the smallest changes that open a zone of agreement, and logrolls.

When no package is better than no deal for every party, three kinds of change can open a
zone (Raiffa 1982, *The Art and Science of Negotiation*, ch. 9-11 on enlarging the pie
and changing the no-agreement alternatives; Sebenius 1992, "Negotiation analysis",
*Management Science* 38(1)):

* a **concession**: a party accepts an option it had ruled out (its red line), possibly
  requiring an instrument that constrains it to be lifted (e.g. a designation that
  forbids an amnesty);
* **pressure**: an extra cost ``c`` per period on a party lowers its no-deal value by
  ``c * W`` with ``W = sum_{t<T} d**t`` (see :mod:`standoff.core.nodeal`);
* a **guarantee**: something that raises the value of accepting any deal for a party by
  ``g`` (a third-party guarantee of safe passage, immunity, or lifting a residual cost).

For pressure and guarantees the smallest amount is exact: the zone opens for party ``p``
exactly when ``g > d_p - max{u_p(o) : o admissible, u_j(o) > d_j for all j != p}``, and
that maximum is attained on the Pareto frontier. Concessions are tried one option (and one
whole red line) at a time, then in pairs across parties; one that is not enough alone is
completed with the smallest guarantee. Openings are ranked by ``size``: the utility (on
the 0-1 scale) borne by the actors who move.

**Logrolls** (Pruitt 1981, *Negotiation Behavior*; Raiffa 1982, ch. 10): from the
issue-by-issue compromise (on every issue, the option whose worse normalised value for
the two parties is highest, among options both accept), every trade that changes two
issues, one towards each party, and leaves both better off, ranked by the smaller gain.
Such trades exist when the parties weigh the two issues differently: splitting the
difference on each issue wastes value that trading across issues recovers.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from standoff.core.utility import AdditiveUtility, Utility
from standoff.engines.bargain.factors import NoFeasibleOutcome, make_factors
from standoff.engines.bargain.mapping import BargainProblem, Lock, without_locks
from standoff.engines.bargain.pareto import Frontier, merged_frontier
from standoff.engines.bargain.solutions import ZONE_MARGIN, solve
from standoff.engines.bargain.zone import count_zone

#: Amounts are rounded up by this much so that applying them opens the zone for sure.
SLACK = 1e-6


@dataclass(frozen=True)
class RawChange:
    kind: str  # concession | lift_constraint | pressure | guarantee
    party: int
    issue: int | None = None
    option: int | None = None
    instrument: str | None = None
    amount: float | None = None


@dataclass(frozen=True)
class RawOpening:
    kind: str
    changes: tuple[RawChange, ...]
    size: float
    zone_size: int | None
    nash: int | None
    frontier: Frontier


@dataclass(frozen=True)
class RawLogroll:
    moves: tuple[tuple[int, int], ...]  # (issue, new option)
    gains: np.ndarray
    codes: np.ndarray


def apply_changes(problem: BargainProblem, changes: Sequence[RawChange]) -> tuple[tuple[Utility, ...], np.ndarray]:
    """The utilities and reservation values after the changes (used to verify openings)."""
    unlock = {(c.party, c.issue, c.option) for c in changes if c.kind in ("concession", "lift_constraint")
              and c.issue is not None and c.option is not None}
    utils = without_locks(problem, unlock)
    d = problem.reservations.astype(float).copy()
    for c in changes:
        if c.kind == "guarantee" and c.amount is not None:
            d[c.party] -= c.amount
        elif c.kind == "pressure" and c.amount is not None and problem.pressure_weight is not None:
            d[c.party] -= c.amount * problem.pressure_weight[c.party]
    return utils, d


def _gap(frontier: Frontier, d: np.ndarray, p: int) -> float | None:
    """Smallest utility ``g`` to give party ``p`` so that the zone opens (None: impossible)."""
    others = np.ones(frontier.size, dtype=bool)
    for j in range(d.shape[0]):
        if j != p:
            others &= frontier.utilities[:, j] > d[j] + ZONE_MARGIN
    if not others.any():
        return None
    best = float(frontier.utilities[others, p].max())
    return max(0.0, d[p] - best) + ZONE_MARGIN + SLACK


def _evaluate(problem: BargainProblem, changes: tuple[RawChange, ...], kind: str, size: float) -> RawOpening | None:
    utils, d = apply_changes(problem, changes)
    try:
        factors = make_factors(problem.space, utils)
    except NoFeasibleOutcome:
        return None
    fr = merged_frontier(factors, problem.space.n_issues)
    sol = solve(fr, d)
    if sol.nash is None:
        return None
    return RawOpening(kind, changes, size, count_zone(factors, d), sol.nash, fr)


def _concession_cost(problem: BargainProblem, op: RawOpening, party: int, issue: int) -> float:
    """What the conceding party gives up on the issue at the new Nash package, relative to
    the best option it insisted on before."""
    u = problem.utilities[party]
    assert isinstance(u, AdditiveUtility) and op.nash is not None
    contrib = u.contributions()[issue]
    allowed = ~u.forbidden[issue]
    before = float(contrib[allowed].max()) if allowed.any() else float(contrib.max())
    now = float(contrib[op.frontier.codes[op.nash][issue]])
    return max(0.0, before - now)


def _concession_sets(problem: BargainProblem) -> list[tuple[RawChange, ...]]:
    by_option: dict[tuple[int, int, int], list[Lock]] = {}
    for lk in problem.locks:
        by_option.setdefault((lk.party, lk.issue, lk.option), []).append(lk)

    def changes_for(key: tuple[int, int, int]) -> list[RawChange]:
        out = []
        for lk in by_option[key]:
            if lk.source == "red_line":
                out.append(RawChange("concession", lk.party, lk.issue, lk.option))
            else:
                out.append(RawChange("lift_constraint", lk.party, lk.issue, lk.option, instrument=lk.source))
        return out

    sets: list[tuple[RawChange, ...]] = [tuple(changes_for(key)) for key in sorted(by_option)]
    by_issue: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    for key in sorted(by_option):
        by_issue.setdefault(key[:2], []).append(key)
    for keys in by_issue.values():
        if len(keys) > 1:
            sets.append(tuple(c for key in keys for c in changes_for(key)))
    return sets


def find_openings(problem: BargainProblem, frontier: Frontier | None, admissible: bool,
                  limit: int = 8) -> list[RawOpening]:
    """Openings when the zone is empty (see the module docstring), smallest first."""
    if not all(isinstance(u, AdditiveUtility) for u in problem.utilities):
        return []
    n = len(problem.parties)
    found: list[RawOpening] = []
    d = problem.reservations.astype(float)
    if admissible and frontier is not None:
        for p in range(n):
            g = _gap(frontier, d, p)
            if g is None:
                continue
            op = _evaluate(problem, (RawChange("guarantee", p, amount=g),), "guarantee", g)
            if op is not None:
                found.append(op)
            if problem.pressure_weight is not None and problem.pressure_weight[p] > 0:
                c = g / float(problem.pressure_weight[p])
                op = _evaluate(problem, (RawChange("pressure", p, amount=c),), "pressure", g)
                if op is not None:
                    found.append(op)
    singles = _concession_sets(problem)
    tried = list(singles)
    for a, b in itertools.combinations(singles, 2):
        if {c.party for c in a} != {c.party for c in b}:
            tried.append(a + b)
    seen: set[tuple[RawChange, ...]] = set()
    for changes in tried:
        key = tuple(sorted(changes, key=repr))
        if key in seen:
            continue
        seen.add(key)
        op = _evaluate(problem, changes, "concession", 0.0)
        if op is not None:
            cost = sum(_concession_cost(problem, op, c.party, c.issue) for c in changes
                       if c.kind == "concession" and c.issue is not None)
            found.append(RawOpening("concession", changes, cost, op.zone_size, op.nash, op.frontier))
            continue
        utils, dd = apply_changes(problem, changes)
        try:
            factors = make_factors(problem.space, utils)
        except NoFeasibleOutcome:
            continue
        fr = merged_frontier(factors, problem.space.n_issues)
        for p in range(n):
            g = _gap(fr, dd, p)
            if g is None:
                continue
            combo = (*changes, RawChange("guarantee", p, amount=g))
            op = _evaluate(problem, combo, "combined", g)
            if op is not None:
                cost = g + sum(_concession_cost(problem, op, c.party, c.issue) for c in changes
                               if c.kind == "concession" and c.issue is not None)
                found.append(RawOpening("combined", combo, cost, op.zone_size, op.nash, op.frontier))
    # minimal openings only: drop any whose moves include all the moves of another
    def moves(o: RawOpening) -> frozenset[tuple[str, int, int | None, int | None]]:
        return frozenset((c.kind, c.party, c.issue, c.option) for c in o.changes)

    found = [o for o in found if not any(moves(q) < moves(o) for q in found)]
    # smallest first; a bigger zone breaks ties; fewer changes next
    found.sort(key=lambda o: (round(o.size, 9), -(o.zone_size or 0), len(o.changes)))
    # keep the single best opening per set of (kind, party, issue) moves
    out: list[RawOpening] = []
    keys: set[tuple[tuple[str, int, int | None], ...]] = set()
    for o in found:
        k = tuple(sorted((c.kind, c.party, c.issue) for c in o.changes))
        if k not in keys:
            keys.add(k)
            out.append(o)
    return out[:limit]


def compromise(ua: AdditiveUtility, ub: AdditiveUtility) -> np.ndarray:
    """The issue-by-issue compromise: per issue, the option maximising the smaller of the
    two parties' values (normalised to [0, 1] on that issue), among options both accept
    (if none, among all); ties go to the middle of the tied options."""
    codes = []
    for k in range(ua.n_issues):
        va, vb = ua.contributions()[k], ub.contributions()[k]

        def norm(v: np.ndarray) -> np.ndarray:
            span = v.max() - v.min()
            return (v - v.min()) / span if span > 0 else np.ones_like(v)

        score = np.minimum(norm(va), norm(vb))
        ok = ~(ua.forbidden[k] | ub.forbidden[k])
        if ok.any():
            score = np.where(ok, score, -np.inf)
        tied = np.flatnonzero(score == score.max())
        codes.append(int(tied[len(tied) // 2]))
    return np.array(codes, dtype=np.int64)


def find_logrolls(problem: BargainProblem, limit: int = 5) -> list[RawLogroll]:
    """Two-issue trades from the issue-by-issue compromise that both parties prefer."""
    if len(problem.parties) != 2:
        return []
    if not all(isinstance(u, AdditiveUtility) and u.is_additive for u in problem.utilities):
        return []
    ua, ub = problem.utilities
    assert isinstance(ua, AdditiveUtility) and isinstance(ub, AdditiveUtility)
    ref = compromise(ua, ub)
    base = np.array([float(ua(ref)), float(ub(ref))])
    best: dict[tuple[int, int], RawLogroll] = {}
    ca, cb = ua.contributions(), ub.contributions()
    k = problem.space.n_issues
    for i, j in itertools.combinations(range(k), 2):
        for a in range(problem.space.issues[i].size):
            for b in range(problem.space.issues[j].size):
                if a == ref[i] or b == ref[j]:
                    continue
                if ua.forbidden[i][a] or ub.forbidden[i][a] or ua.forbidden[j][b] or ub.forbidden[j][b]:
                    continue
                ga = ca[i][a] - ca[i][ref[i]] + ca[j][b] - ca[j][ref[j]]
                gb = cb[i][a] - cb[i][ref[i]] + cb[j][b] - cb[j][ref[j]]
                if ga <= ZONE_MARGIN or gb <= ZONE_MARGIN:
                    continue
                codes = ref.copy()
                codes[i], codes[j] = a, b
                gains = np.array([float(ua(codes)), float(ub(codes))]) - base
                cur = best.get((i, j))
                if cur is None or min(gains) > min(cur.gains):
                    best[(i, j)] = RawLogroll(((i, a), (j, b)), gains, codes)
    ranked = sorted(best.values(), key=lambda r: -float(min(r.gains)))
    return ranked[:limit]
