"""The whole bargaining analysis of one problem, as a :class:`BargainResult`.

Steps: split the utilities into factors (red lines removed), build the exact Pareto
frontier by merging, find the solutions on it, count the zone of agreement, and when the
zone is empty search for openings; propose logrolls from the reference package. If the
parties' red lines clash so that no package is admissible, the frontier shown is the one
obtained by ignoring red lines (``frontier_scope = "ignoring_red_lines"``) and the
clashing issues are listed in ``blocking``. If the problem is too large for the exact
method, the result says so (``frontier_scope = "none"``) instead of approximating.
"""

from __future__ import annotations

import numpy as np

from standoff.core.utility import AdditiveUtility, Utility
from standoff.engines.bargain.factors import (
    RedLinesConflict,
    TooLargeForExact,
    make_factors,
    n_feasible,
)
from standoff.engines.bargain.mapping import BargainProblem
from standoff.engines.bargain.openings import RawChange, RawOpening, find_logrolls, find_openings
from standoff.engines.bargain.pareto import Frontier, merged_frontier
from standoff.engines.bargain.solutions import solve
from standoff.engines.bargain.zone import count_zone
from standoff.results.bargain import BargainResult, Change, Logroll, Opening, Point, Zopa

#: Frontier points written to the result (the frontier size is always reported).
MAX_FRONTIER_POINTS = 100_000


def _cleared(utilities: tuple[Utility, ...]) -> tuple[Utility, ...]:
    out: list[Utility] = []
    for u in utilities:
        if isinstance(u, AdditiveUtility):
            out.append(
                AdditiveUtility(weights=u.weights, values=u.values, offsets=u.offsets,
                                interactions=u.interactions, reservation=u.reservation, name=u.name)
            )
        else:
            out.append(u)
    return tuple(out)


def _point(problem: BargainProblem, fr: Frontier, j: int | None, zone: np.ndarray) -> Point | None:
    if j is None:
        return None
    return Point(
        utilities={p: round(float(x), 12) for p, x in zip(problem.parties, fr.utilities[j], strict=True)},
        outcome=problem.space.decode(fr.codes[j]),
        in_zone=bool(zone[j]),
    )


def _change(problem: BargainProblem, c: RawChange) -> Change:
    issue = problem.space.issues[c.issue] if c.issue is not None else None
    return Change(
        kind=c.kind,
        actor=problem.parties[c.party],
        issue=issue.id if issue is not None else None,
        option=issue.options[c.option] if issue is not None and c.option is not None else None,
        instrument=c.instrument,
        amount=None if c.amount is None else round(float(c.amount), 9),
    )


def _opening(problem: BargainProblem, o: RawOpening) -> Opening:
    changes = [_change(problem, c) for c in o.changes]
    zone = np.zeros(o.frontier.size, dtype=bool)
    if o.nash is not None:
        zone[o.nash] = True
    return Opening(
        kind=o.kind,
        changes=changes,
        size=round(float(o.size), 9),
        zone_size=o.zone_size,
        nash=_point(problem, o.frontier, o.nash, zone),
    )


def analyse(problem: BargainProblem, *, source: str | None = None, openings: bool = True) -> BargainResult:
    """Run the bargaining analysis (see the module docstring)."""
    space = problem.space
    d = problem.reservations.astype(float)
    notes = list(problem.notes)
    scope = "admissible"
    blocking: list[str] = []
    parts = {p: problem.reservation_parts.get(p, {"total": float(d[i])}) for i, p in enumerate(problem.parties)}
    common = dict(
        source=source or problem.name,
        kind=problem.kind,
        parties=list(problem.parties),
        issues=list(space.issue_ids),
        n_outcomes=space.n_outcomes,
        reservation={p: round(float(d[i]), 12) for i, p in enumerate(problem.parties)},
        reservation_parts=parts,
        period=problem.period,
        mediators=list(problem.mediators),
    )
    try:
        try:
            factors = make_factors(space, problem.utilities)
        except RedLinesConflict as exc:
            blocking = [space.issues[k].id for k in exc.issues]
            scope = "ignoring_red_lines"
            factors = make_factors(space, _cleared(problem.utilities))
    except TooLargeForExact as exc:
        notes.append(exc.format())
        return BargainResult(
            **common,
            n_admissible=space.n_outcomes,
            frontier_scope="none", frontier_size=0, frontier=[],
            nash=None, kalai_smorodinsky=None, max_welfare=None, egalitarian=None,
            zopa=Zopa(empty=None, size=None, share=None),
            blocking=[], openings=[], logrolls=[],
            method="none: too large for the exact method", notes=notes,
        )
    fr = merged_frontier(factors, space.n_issues)
    sol = solve(fr, d)
    zone = sol.zone
    nash, ks = sol.nash, sol.kalai_smorodinsky
    admissible = scope == "admissible"
    if not admissible:
        zone = np.zeros_like(zone)
        nash = ks = None
    additive = all(isinstance(u, AdditiveUtility) for u in problem.utilities)
    method = (
        f"exact: Pareto frontier merged over {len(factors)} factor(s)"
        if additive else "exact: enumeration of the outcome space (utilities are not additive)"
    )
    size = count_zone(factors, d) if admissible else 0
    if size is None:
        notes.append("the zone is too large to count exactly; its emptiness is exact")
    empty = not bool(zone.any())
    raw_openings = find_openings(problem, fr, admissible) if (empty and openings) else []
    logrolls = [
        Logroll(
            reference="issue-by-issue compromise",
            moves={space.issues[i].id: space.issues[i].options[o] for i, o in r.moves},
            gains={p: round(float(g), 12) for p, g in zip(problem.parties, r.gains, strict=True)},
            outcome=space.decode(r.codes),
        )
        for r in find_logrolls(problem)
    ]
    shown = min(fr.size, MAX_FRONTIER_POINTS)
    if shown < fr.size:
        notes.append(f"the frontier has {fr.size:,} points; the first {shown:,} are listed")
    n_adm = n_feasible(factors) if admissible else 0
    return BargainResult(
        **common,
        n_admissible=n_adm,
        frontier_scope=scope,
        frontier_size=fr.size,
        frontier=[p for j in range(shown) if (p := _point(problem, fr, j, zone)) is not None],
        nash=_point(problem, fr, nash, zone),
        kalai_smorodinsky=_point(problem, fr, ks, zone),
        max_welfare=_point(problem, fr, sol.max_welfare, zone),
        egalitarian=_point(problem, fr, sol.egalitarian, zone),
        zopa=Zopa(empty=empty, size=size, share=None if size is None else size / space.n_outcomes),
        blocking=blocking,
        openings=[_opening(problem, o) for o in raw_openings],
        logrolls=logrolls,
        method=method,
        notes=notes,
    )
