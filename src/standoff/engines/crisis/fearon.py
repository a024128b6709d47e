"""The bargaining range and the risk-return trade-off (Fearon 1995).

Two states divide a prize normalised to [0, 1]; ``x`` is A's share. Fighting gives A the
whole prize with probability ``p`` and nothing otherwise, at a cost ``c_A`` to A and
``c_B`` to B (in units of the prize, risk-neutral). War is worth ``p - c_A`` to A and
``1 - p - c_B`` to B, so every split in the *bargaining range* ``[p - c_A, p + c_B]``
is preferred by both sides to fighting (Fearon, J. D. 1995, "Rationalist explanations for
war", *International Organization* 49(3): 379-414, section "The existence of a
bargaining range").

When A makes a take-it-or-leave-it demand and does not know B's cost, a bigger demand
wins more when accepted but risks war: the *risk-return trade-off*. B accepts ``x`` iff
``x <= p + c_B`` (ties are accepted, so the supremum is attained). A's expected payoff
from demanding ``x = p + y`` is::

    U(y) = (1 - F(y-)) * (p + y) + F(y-) * (p - c_A)

with ``F`` the distribution of ``c_B``. With ``c_B`` uniform on ``[lo, hi]`` the optimum is
``x* = p + max(lo, (hi - c_A) / 2)`` capped at ``p + hi`` (and at 1), and
``P(war) = (x* - p - lo) / (hi - lo)`` (Fearon 1995, fn. 22 and appendix; Powell, R.
1999, *In the Shadow of Power*, Princeton UP, ch. 3). With two types (tough cost ``c_t``
with probability ``q``, weak cost ``c_w > c_t``) A demands ``p + c_w`` iff
``q < (c_w - c_t) / (c_w + c_A)`` and ``p + c_t`` otherwise.

Every function is vectorised: its arguments broadcast, so one call solves a million
Monte Carlo draws.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from standoff.core.errors import UserError
from standoff.core.solve import golden_max

ArrayLike = float | np.ndarray


def _arr(x: ArrayLike) -> np.ndarray:
    return np.asarray(x, dtype=float)


def _out(x: np.ndarray) -> ArrayLike:
    return x if x.ndim else float(x)


def check_probability(name: str, value: ArrayLike) -> None:
    """Raise a :class:`UserError` unless every value lies in [0, 1]."""
    v = _arr(value)
    if not np.all(np.isfinite(v)) or np.any((v < 0) | (v > 1)):
        raise UserError(f"{name} must be a probability in [0, 1] (got {_show(v)})")


def check_nonnegative(name: str, value: ArrayLike) -> None:
    """Raise a :class:`UserError` unless every value is finite and >= 0."""
    v = _arr(value)
    if not np.all(np.isfinite(v)) or np.any(v < 0):
        raise UserError(f"{name} must be a finite, non-negative cost (got {_show(v)})")


def _show(v: np.ndarray) -> str:
    bad = v[~(np.isfinite(v) & (v >= 0) & (v <= 1))] if v.ndim else v
    shown = bad.ravel()[0] if bad.size else v.ravel()[0]
    return f"{float(shown):g}"


@dataclass(frozen=True)
class Demand:
    """A's optimal take-it-or-leave-it demand and what follows from it."""

    demand: ArrayLike  # x*, A's demanded share
    p_war: ArrayLike  # probability that B rejects and war follows
    payoff: ArrayLike  # A's expected payoff U(x*)


def bargaining_range(p: ArrayLike, c_a: ArrayLike, c_b: ArrayLike) -> tuple[ArrayLike, ArrayLike]:
    """The splits both sides prefer to war: ``(p - c_A, p + c_B)``, clipped to [0, 1]
    (Fearon 1995). Non-empty whenever war is costly (``c_A + c_B > 0``)."""
    check_probability("p (probability that A prevails)", p)
    check_nonnegative("c_A (A's cost of war)", c_a)
    check_nonnegative("c_B (B's cost of war)", c_b)
    lo = np.clip(_arr(p) - _arr(c_a), 0.0, 1.0)
    hi = np.clip(_arr(p) + _arr(c_b), 0.0, 1.0)
    return _out(lo), _out(hi)


def optimal_demand_uniform(p: ArrayLike, c_a: ArrayLike, lo: ArrayLike, hi: ArrayLike) -> Demand:
    """A's optimal demand when B's cost is uniform on ``[lo, hi]`` (closed form above).

    The objective is concave in ``x``, so capping the unconstrained optimum at 1 (the
    whole prize) gives the constrained optimum.
    """
    check_probability("p (probability that A prevails)", p)
    check_nonnegative("c_A (A's cost of war)", c_a)
    check_nonnegative("lower bound of B's cost", lo)
    p_, ca, lo_, hi_ = np.broadcast_arrays(_arr(p), _arr(c_a), _arr(lo), _arr(hi))
    if np.any(hi_ <= lo_):
        raise UserError("B's cost range needs lo < hi")
    y = np.minimum(np.maximum(lo_, (hi_ - ca) / 2.0), hi_)
    y = np.minimum(y, 1.0 - p_)  # cannot demand more than the whole prize
    y = np.maximum(y, np.minimum(lo_, 1.0 - p_))
    p_war = np.clip((y - lo_) / (hi_ - lo_), 0.0, 1.0)
    payoff = (1.0 - p_war) * (p_ + y) + p_war * (p_ - ca)
    return Demand(demand=_out(p_ + y), p_war=_out(p_war), payoff=_out(payoff))


def optimal_demand_two_types(
    p: ArrayLike, c_a: ArrayLike, c_tough: ArrayLike, c_weak: ArrayLike, q_tough: ArrayLike
) -> Demand:
    """A's optimal demand against two types of B: tough (cost ``c_tough``, probability
    ``q_tough``) and weak (``c_weak > c_tough``).

    A demands ``p + c_weak`` (risking war with the tough type) iff
    ``q_tough < (c_weak - c_tough) / (c_weak + c_A)``; on equality it takes the safe demand.
    Demands are capped at 1.
    """
    check_probability("p (probability that A prevails)", p)
    check_probability("q (probability B is tough)", q_tough)
    for name, v in (("c_A", c_a), ("tough cost", c_tough), ("weak cost", c_weak)):
        check_nonnegative(name, v)
    p_, ca, ct, cw, q = np.broadcast_arrays(_arr(p), _arr(c_a), _arr(c_tough), _arr(c_weak), _arr(q_tough))
    if np.any(cw < ct):
        raise UserError("the weak type's cost must be at least the tough type's cost")
    safe = np.minimum(p_ + ct, 1.0)
    risky = np.minimum(p_ + cw, 1.0)
    # the tough type rejects the risky demand only if it exceeds p + c_tough
    tough_rejects = risky > p_ + ct
    u_risky = np.where(tough_rejects, (1.0 - q) * risky + q * (p_ - ca), risky)
    u_safe = safe
    take_risk = u_risky > u_safe
    demand = np.where(take_risk, risky, safe)
    p_war = np.where(take_risk & tough_rejects, q, 0.0)
    payoff = np.where(take_risk, u_risky, u_safe)
    return Demand(demand=_out(demand), p_war=_out(p_war), payoff=_out(payoff))


def two_type_threshold(c_a: ArrayLike, c_tough: ArrayLike, c_weak: ArrayLike) -> ArrayLike:
    """The prior on the tough type below which A risks war: ``(c_w - c_t) / (c_w + c_A)``."""
    return _out((_arr(c_weak) - _arr(c_tough)) / (_arr(c_weak) + _arr(c_a)))


def optimal_demand_thresholds(
    war_value: float, thresholds: np.ndarray, weights: np.ndarray | None = None
) -> Demand:
    """A's exact optimal demand when B's type ``s`` accepts ``x`` iff ``x <= thresholds[s]``
    (probability ``weights[s]``, equal by default) and a rejection gives A ``war_value``.

    Only the thresholds themselves (clipped to [0, 1]) and the whole prize can be optimal
    demands: between two of them a higher demand gains without adding risk. So the maximum over those
    candidates is exact, in ``O(n log n)``. Ties go to the most modest demand.
    """
    t = np.asarray(thresholds, dtype=float).ravel()
    if t.size == 0 or not np.all(np.isfinite(t)):
        raise UserError("need at least one finite acceptance threshold for B")
    w = np.full(t.size, 1.0 / t.size) if weights is None else np.asarray(weights, dtype=float).ravel()
    if w.shape != t.shape or np.any(w < 0) or not np.isclose(w.sum(), 1.0):
        raise UserError("type weights must be non-negative, one per type, and sum to 1")
    order = np.argsort(t, kind="stable")
    t, w = t[order], w[order]
    cum = np.concatenate([[0.0], np.cumsum(w)])
    x = np.unique(np.concatenate([np.clip(t, 0.0, 1.0), [1.0]]))  # 1: the whole prize, maybe war
    rejects = cum[np.searchsorted(t, x, side="left")]  # P(threshold < x): these types reject
    u = (1.0 - rejects) * x + rejects * war_value
    k = int(np.argmax(u))
    return Demand(demand=float(x[k]), p_war=float(min(rejects[k], 1.0)), payoff=float(u[k]))


def optimal_demand_discrete(
    p: float, c_a: float, costs: np.ndarray, weights: np.ndarray | None = None
) -> Demand:
    """A's exact optimal demand when B's cost takes the values ``costs`` with the given
    ``weights`` (equal by default): an empirical or discretised distribution. B of cost
    ``c`` accepts ``x`` iff ``x <= p + c`` (:func:`optimal_demand_thresholds`)."""
    check_probability("p (probability that A prevails)", p)
    check_nonnegative("c_A (A's cost of war)", c_a)
    c = np.asarray(costs, dtype=float).ravel()
    check_nonnegative("B's cost", c)
    return optimal_demand_thresholds(p - c_a, p + c, weights)


def optimal_demand_continuous(
    p: float,
    c_a: float,
    cdf: Callable[[np.ndarray], np.ndarray],
    lo: float,
    hi: float,
    *,
    grid: int = 4001,
) -> Demand:
    """A's optimal demand for a continuous cost distribution with cumulative ``cdf`` on
    ``[lo, hi]``: a dense grid search polished by golden-section search
    (:func:`standoff.core.solve.golden_max`) between the grid neighbours of the best point.

    Numerical: the grid alone is within ``(hi - lo) / (grid - 1)`` of the optimum; the
    polish brings the demand within ``1e-12`` of the maximiser when the objective is
    unimodal between those neighbours (within about 1e-8 at a smooth maximum, where
    values tie in floating point); it keeps the grid point if the polish finds less.
    """
    check_probability("p (probability that A prevails)", p)
    check_nonnegative("c_A (A's cost of war)", c_a)
    if not hi > lo:
        raise UserError("B's cost range needs lo < hi")
    top = min(hi, 1.0 - p)
    bottom = min(lo, top)

    def u(y: np.ndarray) -> np.ndarray:
        f = np.clip(cdf(y), 0.0, 1.0)
        return (1.0 - f) * (p + y) + f * (p - c_a)

    ys = np.linspace(bottom, top, grid)
    vals = u(ys)
    k = int(np.argmax(vals))
    a, b = ys[max(k - 1, 0)], ys[min(k + 1, grid - 1)]
    best_y, best_u = ys[k], vals[k]
    if b > a:
        y, val = golden_max(lambda t: float(u(np.asarray(t))), float(a), float(b), xtol=1e-12)
        if val > best_u:
            best_y, best_u = y, val
    f = float(np.clip(cdf(np.asarray(best_y)), 0.0, 1.0))
    return Demand(demand=float(p + best_y), p_war=f, payoff=float(best_u))
