"""What the bargaining analysis of a problem will cost, estimated before the work starts.

The exact method merges factor frontiers (:mod:`standoff.engines.bargain.pareto`). With
two parties the merge is fast on any space the factors allow; with more parties the
frontier itself grows combinatorially: among ``n`` packages whose utilities behave like
independent draws, about ``(ln n + gamma)**(N - 1) / (N - 1)!`` of them are Pareto-optimal
for ``N`` parties (Bentley, Kung, Schkolnick & Thompson 1978, "On the average number of
maxima in a set of vectors", *JACM* 25(4)), and parties whose interests conflict leave
many more. Ten parties over twenty issues of four options (10^12 packages) have a frontier
of billions of points: no exact method that lists it can finish.

So before any work :func:`estimate` measures the problem:

* the outcomes and the admissible packages (crossing no red line), the factors and how
  many of each factor's rows are Pareto-optimal within it;
* the frontier's growth for this problem: a **pilot** of :data:`PILOT` admissible
  packages (drawn with a fixed seed) is filtered, and its frontier size ``F_m`` is carried
  to ``n`` packages by the growth law above, ``F(n) = F_m (h(n) / h(m))`` with
  ``h(n) = (ln n + gamma)**(N - 1)`` (so the pilot measures how much the parties'
  interests conflict, the law how the frontier grows with the space);
* the work of the merge: at each step the candidates (frontier so far times the next
  factor's frontier) are compared with the frontier they leave, about
  ``candidates x frontier x N`` comparisons; and the work of enumerating every admissible
  package once (``packages x factors x N`` additions).

and chooses the plan (:data:`Plan`): the exact **frontier** merge when its work is within
:data:`FRONTIER_BUDGET` (always for two parties); otherwise exact **enumeration** of the
solutions (no frontier listed) when within :data:`ENUMERATION_BUDGET`; otherwise
**optimisation** over the additive structure (:mod:`standoff.engines.bargain.optimise`:
proven zone answers where a certificate or a package exists, the Nash point with an error
bound). The merge itself runs under a guard (:data:`GUARD` times the budget, counted
while it runs), so an estimate that is too low ends the exact attempt instead of hanging.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from standoff.core.pareto import pareto_indices, pareto_work
from standoff.engines.bargain.factors import Factor

Plan = Literal["frontier", "enumeration", "optimisation"]

#: Estimated work (element comparisons) the exact frontier merge may need. The estimate
#: runs 2-5 times below the work counted on generated problems (conflicting interests
#: grow the frontier faster than the law), so this is about 1-3 s here.
FRONTIER_BUDGET = 1.0e8
#: The merge stops when the work it has actually done passes this multiple of the budget.
GUARD = 5.0
#: Work (additions: packages x factors x parties) an exact enumeration may need.
ENUMERATION_BUDGET = 2.0e8
#: Packages in the pilot sample that measures how fast this problem's frontier grows.
PILOT = 1024
#: Euler's constant (the expected-maxima law).
GAMMA = 0.5772156649015329


@dataclass(frozen=True)
class BargainCost:
    """The estimate (module docstring) and the plan it leads to."""

    parties: int
    outcomes: int
    admissible: int
    factor_rows: tuple[int, ...]
    factor_fronts: tuple[int, ...]
    pilot: int
    pilot_front: int
    frontier: float
    merge_work: float
    enumeration_work: float
    plan: Plan


def _growth(n: float, parties: int) -> float:
    return (math.log(max(n, 1.0)) + GAMMA) ** (parties - 1)


def expected_frontier(n: float, parties: int, pilot: int, pilot_front: int) -> float:
    """Frontier points among ``n`` packages, carried from a pilot of ``pilot`` packages
    with ``pilot_front`` Pareto-optimal ones (module docstring); never more than ``n``."""
    if pilot <= 1:
        return float(min(n, max(pilot_front, 1)))
    return float(min(n, pilot_front * _growth(n, parties) / _growth(pilot, parties)))


def _pilot(factors: Sequence[Factor], admissible: int, parties: int) -> tuple[int, int]:
    if admissible <= PILOT:
        from standoff.engines.bargain.zone import _enumerated_sums

        pts = _enumerated_sums(factors)
    else:
        rng = np.random.default_rng(0)
        pts = np.zeros((PILOT, parties))
        for f in factors:
            pts += f.utils[rng.integers(0, f.size, size=PILOT)]
    return int(pts.shape[0]), int(pareto_indices(pts).shape[0])


def estimate(factors: Sequence[Factor], outcomes: int) -> BargainCost:
    """The cost of the exact analysis of a problem split into ``factors`` (module docstring)."""
    parties = int(factors[0].utils.shape[1])
    rows = tuple(f.size for f in factors)
    admissible = math.prod(rows)
    fronts = tuple(int(pareto_indices(f.utils).shape[0]) for f in factors)
    m, fm = _pilot(factors, admissible, parties)
    frontier = expected_frontier(float(admissible), parties, m, fm)
    work = pareto_work(rows[0], fronts[0], parties)
    reach, prev = float(rows[0]), float(fronts[0])
    for r, fr in zip(rows[1:], fronts[1:], strict=True):
        reach *= r
        nxt = expected_frontier(reach, parties, m, fm)
        work += pareto_work(int(min(prev * fr, 1e18)), nxt, parties)
        prev = nxt
    enum_work = float(admissible) * len(factors) * parties
    if parties <= 2 or work <= FRONTIER_BUDGET:
        plan: Plan = "frontier"
    elif enum_work <= ENUMERATION_BUDGET:
        plan = "enumeration"
    else:
        plan = "optimisation"
    return BargainCost(
        parties=parties, outcomes=outcomes, admissible=admissible, factor_rows=rows, factor_fronts=fronts,
        pilot=m, pilot_front=fm, frontier=frontier, merge_work=work, enumeration_work=enum_work, plan=plan,
    )


def fallback(cost: BargainCost) -> Plan:
    """The plan after the frontier merge has run past its guard."""
    return "enumeration" if cost.enumeration_work <= ENUMERATION_BUDGET else "optimisation"
