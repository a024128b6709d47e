"""The Nash bargaining point for other engines, by the cheapest method that applies.

:func:`nash_solution` takes the plan of the cost estimate
(:mod:`standoff.engines.bargain.cost`): the exact frontier merge (under its guard), an
exact pass over every admissible package, or the optimisation of
:mod:`standoff.engines.bargain.optimise` (then ``exact`` is False and ``log_gap`` bounds
how far the Nash product found may lie below the best: the best is at most
``exp(log_gap)`` times larger). The simulation uses it for the distance of an agreement
to the Nash point, a figure it reports but never acts on: it must not cost more than
the negotiations themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from standoff.core.pareto import WorkBudgetExceeded
from standoff.core.space import OutcomeSpace
from standoff.engines.bargain import optimise
from standoff.engines.bargain.cost import FRONTIER_BUDGET, GUARD, estimate, fallback
from standoff.engines.bargain.enumerated import solve_by_enumeration
from standoff.engines.bargain.factors import assemble, make_factors
from standoff.engines.bargain.pareto import merged_frontier
from standoff.engines.bargain.solutions import solve


@dataclass(frozen=True)
class NashSolution:
    """The Nash package (codes), the parties' utilities there, and how it was found."""

    codes: np.ndarray
    utilities: np.ndarray
    exact: bool
    log_gap: float  # 0 when exact; else the bound on log(best product / product found)
    method: str  # frontier | enumeration | optimisation


def nash_solution(space: OutcomeSpace, utilities: Sequence[object],
                  reservations: Sequence[float] | np.ndarray) -> NashSolution | None:
    """The Nash point (module docstring), ``None`` when no package beats every
    reservation value (or, by optimisation, none was found). Raises
    :class:`~standoff.engines.bargain.factors.NoFeasibleOutcome` when red lines leave no
    package, as :func:`~standoff.engines.bargain.solutions.nash_point` does."""
    d = np.asarray(reservations, dtype=float)
    factors = make_factors(space, utilities)
    cost = estimate(factors, space.n_outcomes)
    plan = cost.plan
    if plan == "frontier":
        try:
            fr = merged_frontier(factors, space.n_issues, budget=GUARD * FRONTIER_BUDGET)
        except WorkBudgetExceeded:
            plan = fallback(cost)
        else:
            sol = solve(fr, d)
            if sol.nash is None:
                return None
            return NashSolution(fr.codes[sol.nash].copy(), fr.utilities[sol.nash].copy(), True, 0.0, "frontier")
    if plan == "enumeration":
        rows = solve_by_enumeration(factors, d).nash
        found = None if rows is None else optimise.Found(rows, 0.0, 0.0)
        exact = True
    else:
        zt = optimise.zone_test(factors, d)
        found = None if zt.witness is None else optimise.nash_search(factors, d, zt.witness)
        exact = False
    if found is None:
        return None
    u = np.zeros(d.shape[0])
    for f, r in zip(factors, found.rows, strict=True):
        u = u + f.utils[int(r)]
    codes = assemble(factors, found.rows.reshape(1, -1), space.n_issues)[0]
    gap = 0.0 if exact else max(found.bound - found.value, 0.0)
    return NashSolution(codes, u, exact or found.proven, gap, plan)
