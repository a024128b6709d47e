"""The whole bargaining analysis of one problem, as a :class:`BargainResult`.

Steps: split the utilities into factors (red lines removed), build the exact Pareto
frontier by merging, find the solutions on it, count the zone of agreement, and when the
zone is empty search for openings; propose logrolls from the reference package. If the
parties' red lines clash so that no package is admissible, the frontier shown is the one
obtained by ignoring red lines (``frontier_scope = "ignoring_red_lines"``) and the
clashing issues are listed in ``blocking``. If the utilities are not additive and the
space is too large to enumerate, the result says so (``frontier_scope = "none"``).

Before the frontier is merged, its cost is estimated (:mod:`standoff.engines.bargain.cost`).
Where the merge would not finish in reasonable time (many parties: the frontier grows
combinatorially), the frontier is not listed and the solutions are found without it
(``approach``): exactly by one pass over every admissible package when they are few
enough (:mod:`standoff.engines.bargain.enumerated`), otherwise by optimisation over the
additive structure (:mod:`standoff.engines.bargain.optimise`), where the zone test is
proven by a certificate or a package (or said not to be) and the Nash point, the
egalitarian point and the maximum total utility come with error bounds (``bounds``).
Kalai-Smorodinsky, the openings and the frontier listing need the frontier: without it
they are skipped, with a note saying why (``method_notes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from standoff.core.pareto import WorkBudgetExceeded
from standoff.core.utility import AdditiveUtility, Utility
from standoff.engines.bargain import optimise
from standoff.engines.bargain.cost import ENUMERATION_BUDGET as _ENUM_BUDGET
from standoff.engines.bargain.cost import FRONTIER_BUDGET, GUARD, Plan, estimate, fallback
from standoff.engines.bargain.cost import BargainCost as _Cost
from standoff.engines.bargain.enumerated import solve_by_enumeration
from standoff.engines.bargain.factors import (
    Factor,
    RedLinesConflict,
    TooLargeForExact,
    assemble,
    make_factors,
    n_feasible,
)
from standoff.engines.bargain.mapping import BargainProblem
from standoff.engines.bargain.openings import RawChange, RawOpening, find_logrolls, find_openings
from standoff.engines.bargain.pareto import Frontier, merged_frontier
from standoff.engines.bargain.solutions import ZONE_MARGIN, solve
from standoff.engines.bargain.zone import count_zone
from standoff.results import Note
from standoff.results.bargain import (
    BargainCost,
    BargainResult,
    Change,
    Logroll,
    Opening,
    Point,
    SolutionBound,
    Zopa,
)

#: Frontier points written to the result (the frontier size is always reported).
MAX_FRONTIER_POINTS = 100_000
#: ``method="exact"`` is refused when the frontier is expected to hold more points.
EXACT_FRONTIER_LIMIT = 5_000_000

Method = Literal["auto", "exact", "approximate"]


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


def _logrolls(problem: BargainProblem) -> list[Logroll]:
    space = problem.space
    return [
        Logroll(
            reference="issue-by-issue compromise",
            moves={space.issues[i].id: space.issues[i].options[o] for i, o in r.moves},
            gains={p: round(float(g), 12) for p, g in zip(problem.parties, r.gains, strict=True)},
            outcome=space.decode(r.codes),
        )
        for r in find_logrolls(problem)
    ]


def analyse(problem: BargainProblem, *, source: str | None = None, openings: bool = True,
            method: Method = "auto") -> BargainResult:
    """Run the bargaining analysis (see the module docstring). ``method``: ``auto``
    (the plan of the cost estimate), ``exact`` (the frontier merge, without its guard;
    refused when the frontier is expected above :data:`EXACT_FRONTIER_LIMIT` points) or
    ``approximate`` (optimisation, also where the exact method would run)."""
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
    cost = estimate(factors, space.n_outcomes)
    plan: Plan = cost.plan
    method_notes: list[Note] = []
    if method == "approximate":
        plan = "optimisation"
    elif method == "exact":
        if cost.frontier > EXACT_FRONTIER_LIMIT:
            raise TooLargeForExact(
                f"the exact Pareto frontier of {len(problem.parties)} parties over {space.n_outcomes:,} packages "
                f"is expected to hold about {cost.frontier:.3g} points (limit {EXACT_FRONTIER_LIMIT:,.0f})",
                hint="drop --method exact: the default (--method auto) answers by optimisation and says what is proven",
            )
        plan = "frontier"
    fr: Frontier | None = None
    if plan == "frontier":
        try:
            fr = merged_frontier(factors, space.n_issues,
                                 budget=None if method == "exact" else GUARD * FRONTIER_BUDGET)
        except WorkBudgetExceeded:
            plan = fallback(cost)
            method_notes.append(Note(code="frontier_budget_exceeded", data={"budget": GUARD * FRONTIER_BUDGET}))
    cost_result = _cost_result(cost)
    if fr is None:
        return _without_frontier(problem, factors, d, plan, scope == "admissible", blocking, common, notes,
                                 method_notes, cost_result, requested=method == "approximate")
    sol = solve(fr, d)
    zone = sol.zone
    nash, ks = sol.nash, sol.kalai_smorodinsky
    admissible = scope == "admissible"
    if not admissible:
        zone = np.zeros_like(zone)
        nash = ks = None
    additive = all(isinstance(u, AdditiveUtility) for u in problem.utilities)
    method_text = (
        f"exact: Pareto frontier merged over {len(factors)} factor(s)"
        if additive else "exact: enumeration of the outcome space (utilities are not additive)"
    )
    size = count_zone(factors, d) if admissible else 0
    if size is None:
        notes.append("the zone is too large to count exactly; its emptiness is exact")
    empty = not bool(zone.any())
    raw_openings = find_openings(problem, fr, admissible) if (empty and openings) else []
    logrolls = _logrolls(problem)
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
        zopa=Zopa(empty=empty, size=size, share=None if size is None else size / space.n_outcomes,
                  decided_by="frontier" if admissible else "red_lines"),
        blocking=blocking,
        openings=[_opening(problem, o) for o in raw_openings],
        logrolls=logrolls,
        method=method_text,
        notes=notes,
        approach="frontier",
        cost=cost_result,
        method_notes=method_notes,
    )


def _cost_result(c: _Cost) -> BargainCost:
    return BargainCost(
        parties=c.parties, outcomes=c.outcomes, admissible=c.admissible, factors=len(c.factor_rows),
        largest_factor=max(c.factor_rows), expected_frontier=round(c.frontier, 3), merge_work=round(c.merge_work, 3),
        merge_budget=FRONTIER_BUDGET, enumeration_work=round(c.enumeration_work, 3),
        enumeration_budget=_ENUM_BUDGET, plan=c.plan,
    )


def _rows_point(problem: BargainProblem, factors: Sequence[Factor], rows: np.ndarray | None,
                d: np.ndarray, admissible: bool) -> Point | None:
    if rows is None:
        return None
    u = np.zeros(d.shape[0])
    for f, r in zip(factors, rows, strict=True):
        u = u + f.utils[int(r)]
    codes = assemble(factors, np.asarray(rows).reshape(1, -1), problem.space.n_issues)[0]
    return Point(
        utilities={p: round(float(x), 12) for p, x in zip(problem.parties, u, strict=True)},
        outcome=problem.space.decode(codes),
        in_zone=bool(admissible and np.all(u > d + ZONE_MARGIN)),
    )


def _bound(criterion: Literal["log_nash_product", "min_gain", "total_utility"], found: optimise.Found) -> SolutionBound:
    return SolutionBound(criterion=criterion, value=round(found.value, 12),
                         bound=round(found.bound, 12), gap=round(max(found.bound - found.value, 0.0), 12),
                         proven=found.proven)


def _without_frontier(problem: BargainProblem, factors: list[Factor], d: np.ndarray, plan: Plan,
                      admissible: bool, blocking: list[str], common: dict[str, Any], notes: list[str],
                      method_notes: list[Note], cost: BargainCost, *, requested: bool = False) -> BargainResult:
    """The solutions without the frontier: by enumeration or by optimisation (module docstring)."""
    method_notes.append(Note(code="frontier_not_listed", data={
        "plan": plan, "expected_frontier": cost.expected_frontier, "merge_work": cost.merge_work,
        "budget": FRONTIER_BUDGET, "requested": requested}))
    method_notes.append(Note(code="kalai_smorodinsky_skipped", data={"plan": plan}))
    n_adm = n_feasible(factors) if admissible else 0
    bounds: dict[str, SolutionBound] = {}
    space = problem.space
    if plan == "enumeration":
        en = solve_by_enumeration(factors, d)
        size = en.zone_size if admissible else 0
        empty = size == 0
        nash_rows = en.nash if admissible else None
        zopa = Zopa(empty=empty, size=size, share=size / space.n_outcomes, proven=True,
                    decided_by="enumeration" if admissible else "red_lines")
        welfare_rows, egal_rows = en.max_welfare, en.egalitarian
        method_text = f"exact: every one of {n_feasible(factors):,} admissible packages evaluated (frontier not listed)"
    else:
        if admissible:
            zt = optimise.zone_test(factors, d)
            empty = zt.empty
            _, lo, hi = optimise.zone_share(factors, d)
            scale = n_adm / space.n_outcomes
            zopa = Zopa(empty=empty, size=0 if (empty and zt.proven) else None,
                        share=0.0 if (empty and zt.proven) else None, proven=zt.proven, decided_by=zt.how,
                        share_interval=None if (empty and zt.proven) else
                        [round(lo * scale, 12), round(hi * scale, 12)])
            if not zt.proven:
                method_notes.append(Note(code="zone_not_proven", data={"how": zt.how}))
        else:
            empty = True
            zopa = Zopa(empty=True, size=0, share=0.0, proven=True, decided_by="red_lines")
        nash_rows = None
        if admissible and not empty and zt.witness is not None:
            nf = optimise.nash_search(factors, d, zt.witness)
            nash_rows = nf.rows
            bounds["nash"] = _bound("log_nash_product", nf)
        wf = optimise.max_welfare(factors, d, admissible and not empty, nash_rows)
        welfare_rows = wf.rows
        bounds["max_welfare"] = _bound("total_utility", wf)
        eg = (optimise.Found(zt.maximin, zt.maximin_value, max(zt.maximin_bound, zt.maximin_value))
              if admissible and zt.maximin_bound is not None else optimise.maximin(factors, d))
        egal_rows = eg.rows
        bounds["egalitarian"] = _bound("min_gain", eg)
        method_text = (f"optimisation over {len(factors)} factor(s) without the frontier: zone "
                       f"{'proven' if zopa.proven else 'not proven'}, solutions with error bounds")
    method_notes.append(Note(code="openings_skipped", data={"plan": plan}))
    return BargainResult(
        **common,
        n_admissible=n_adm,
        frontier_scope="admissible" if admissible else "ignoring_red_lines",
        frontier_size=0,
        frontier=[],
        nash=_rows_point(problem, factors, nash_rows, d, admissible),
        kalai_smorodinsky=None,
        max_welfare=_rows_point(problem, factors, welfare_rows, d, admissible),
        egalitarian=_rows_point(problem, factors, egal_rows, d, admissible),
        zopa=zopa,
        blocking=blocking,
        openings=[],
        logrolls=_logrolls(problem),
        method=method_text,
        notes=notes,
        approach=plan,
        cost=cost,
        bounds=bounds,
        method_notes=method_notes,
    )
