"""Bargaining solutions on an exact Pareto frontier.

Every solution below is attained on the Pareto frontier (a dominated outcome is never
better for any of the criteria), so each is found by one vectorised pass over the
frontier points. ``d`` is the disagreement point (each party's value of no deal).

* **Zone of possible agreement**: outcomes every party strictly prefers to no deal,
  ``u_i > d_i + ZONE_MARGIN`` (Raiffa 1982, *The Art and Science of Negotiation*, ch. 4).
* **Nash bargaining solution**: maximises ``prod_i (u_i - d_i)`` over the zone (Nash 1950,
  "The bargaining problem", *Econometrica* 18(2)).
* **Kalai-Smorodinsky**: with the ideal point ``I_i = max u_i`` over the zone, the point
  whose normalised gains ``r_i = (u_i - d_i) / (I_i - d_i)`` are most nearly equal
  (smallest ``max_i r_i - min_i r_i``; ties: largest ``min_i r_i``) -- the discrete
  reading of Kalai & Smorodinsky 1975, "Other solutions to Nash's bargaining problem",
  *Econometrica* 43(3), used by GENIUS (Lin et al. 2014) and NegMAS.
* **Maximum total utility** (utilitarian): maximises ``sum_i u_i``.
* **Egalitarian**: maximises ``min_i (u_i - d_i)`` (Kalai 1977, "Proportional solutions
  to bargaining situations", *Econometrica* 45(7)).

When the zone is empty, Nash and Kalai-Smorodinsky do not exist; the utilitarian and
egalitarian points are then taken over all feasible agreements (the egalitarian point is
the package that leaves the worst-off party least below its no-deal value). Ties are
broken by frontier order (the first party's utility, descending), deterministically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from standoff.core.errors import UserError
from standoff.core.space import OutcomeSpace
from standoff.engines.bargain.factors import make_factors
from standoff.engines.bargain.pareto import Frontier, merged_frontier

#: A party "prefers" an outcome to no deal when its utility beats the no-deal value by
#: more than this (utilities are on a 0-1 scale; the margin absorbs rounding only).
ZONE_MARGIN = 1e-9


class NoAgreementZone(UserError):
    """No outcome is better than no deal for every party: the solution does not exist."""


@dataclass(frozen=True)
class Solutions:
    """Indices into the frontier of each solution (``None`` when it does not exist)."""

    zone: np.ndarray  # bool mask over the frontier points
    nash: int | None
    kalai_smorodinsky: int | None
    max_welfare: int
    egalitarian: int
    ideal: np.ndarray | None  # the ideal point over the zone


def zone_mask(utilities: np.ndarray, reservations: np.ndarray) -> np.ndarray:
    """Rows every party strictly prefers to no deal."""
    return np.all(utilities > np.asarray(reservations)[None, :] + ZONE_MARGIN, axis=1)


def _first_best(score: np.ndarray, mask: np.ndarray) -> int | None:
    if not mask.any():
        return None
    s = np.where(mask, score, -np.inf)
    return int(np.flatnonzero(s == s.max())[0])


def solve(frontier: Frontier, reservations: Sequence[float] | np.ndarray) -> Solutions:
    """All solutions on the frontier, for the given no-deal values."""
    u = frontier.utilities
    d = np.asarray(reservations, dtype=float)
    if d.shape != (u.shape[1],):
        raise UserError(f"expected {u.shape[1]} reservation values, got {d.shape[0] if d.ndim else 1}")
    zone = zone_mask(u, d)
    gains = u - d[None, :]
    everywhere = np.ones(u.shape[0], dtype=bool)
    region = zone if zone.any() else everywhere
    nash = _first_best(np.prod(gains, axis=1), zone)
    ks: int | None = None
    ideal: np.ndarray | None = None
    if zone.any():
        ideal = u[zone].max(axis=0)
        ratios = gains / (ideal - d)[None, :]
        spread = ratios.max(axis=1) - ratios.min(axis=1)
        s = np.where(zone, spread, np.inf)
        tied = zone & (s == s.min())
        ks = _first_best(ratios.min(axis=1), tied)
    welfare = _first_best(u.sum(axis=1), region)
    egal = _first_best(gains.min(axis=1), region)
    assert welfare is not None and egal is not None
    return Solutions(zone=zone, nash=nash, kalai_smorodinsky=ks, max_welfare=welfare, egalitarian=egal, ideal=ideal)


def frontier_of(space: OutcomeSpace, utilities: Sequence[object]) -> Frontier:
    """The exact Pareto frontier of the feasible outcomes (no party's red line crossed)."""
    factors = make_factors(space, utilities)
    return merged_frontier(factors, space.n_issues)


def nash_point(
    space: OutcomeSpace, utilities: Sequence[object], reservations: Sequence[float] | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the exact Nash bargaining outcome and the parties' utilities there.

    ``utilities`` are :class:`~standoff.core.utility.AdditiveUtility` (any number of
    parties, any space size the frontier merge handles) or any utility that evaluates code
    arrays, such as the GENIUS hyper-rectangle utilities (then the space is enumerated).
    Raises :class:`NoAgreementZone` when no outcome beats every reservation value.
    """
    fr = frontier_of(space, utilities)
    sol = solve(fr, reservations)
    if sol.nash is None:
        raise NoAgreementZone(
            "no outcome is better than no deal for every party, so there is no Nash bargaining point",
            hint="lower a reservation value or widen the options",
        )
    return fr.codes[sol.nash].copy(), fr.utilities[sol.nash].copy()
