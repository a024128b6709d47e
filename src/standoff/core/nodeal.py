"""What no deal is worth to an actor: the reservation value, computed, not typed in.

Without an agreement the actor endures the pressure in force for ``horizon`` periods
and then the dispute is settled by force, a costly lottery (Fearon 1995, "Rationalist
explanations for war", *International Organization* 49(3), section on the bargaining
range: war gives ``p`` times the prize less the cost of fighting). Costs that accrue
each period while the standoff lasts are discounted as in the war-of-attrition and
sanctions literature (e.g. Powell 1999, *In the Shadow of Power*, ch. 3)::

    V = - c_p * (1 - d**T) / (1 - d)                    # pressure endured, discounted
        + d**T * (p * u_win + (1 - p) * u_lose - c_w)   # then the costly lottery

with per-period pressure cost ``c_p`` (instruments in force against the actor plus the
cost of those it imposes), discount factor ``d`` per period, horizon ``T`` periods,
probability ``p`` of prevailing, the utilities ``u_win`` and ``u_lose`` of the outcomes
it gets when it prevails or is defeated, and a one-off cost of conflict ``c_w``.
For ``d == 1`` the pressure term is ``c_p * T``. All quantities may be numpy arrays
(Monte Carlo draws); they broadcast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from standoff.core.errors import UserError

ArrayLike = float | np.ndarray


@dataclass(frozen=True)
class NoDealValue:
    """The reservation value and its parts, so an analyst can see why it is what it is."""

    total: ArrayLike
    pressure: ArrayLike  # discounted pressure endured (<= 0)
    lottery: ArrayLike  # discounted expected value of the settlement by force, before its cost
    conflict_cost: ArrayLike  # discounted one-off cost of conflict (<= 0)
    p_prevail: ArrayLike
    u_win: ArrayLike
    u_lose: ArrayLike
    cost_per_period: ArrayLike
    horizon: ArrayLike
    discount: ArrayLike

    def as_dict(self) -> dict[str, float]:
        return {k: float(np.asarray(v)) for k, v in self.__dict__.items()}


def discounted_periods(discount: ArrayLike, horizon: ArrayLike) -> ArrayLike:
    """``sum_{t=0}^{T-1} d**t``: the present weight of a cost paid each of ``T`` periods."""
    d = np.asarray(discount, dtype=float)
    t = np.asarray(horizon, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        geometric = (1.0 - d**t) / (1.0 - d)
    out = np.where(np.isclose(d, 1.0), t, geometric)
    return out if out.ndim else float(out)


def no_deal_value(
    *,
    p_prevail: ArrayLike,
    u_win: ArrayLike,
    u_lose: ArrayLike,
    conflict_cost: ArrayLike = 0.0,
    cost_per_period: ArrayLike = 0.0,
    horizon: ArrayLike = 0.0,
    discount: ArrayLike = 1.0,
) -> NoDealValue:
    """Value of no agreement (see the module docstring for the formula and sources)."""
    p = np.asarray(p_prevail, dtype=float)
    d = np.asarray(discount, dtype=float)
    t = np.asarray(horizon, dtype=float)
    if np.any((p < 0) | (p > 1)):
        raise UserError("probability of prevailing must lie in [0, 1]")
    if np.any((d <= 0) | (d > 1)):
        raise UserError("discount factor must lie in (0, 1]")
    if np.any(t < 0):
        raise UserError("horizon must be non-negative")
    if np.any(np.isinf(t) & np.isclose(d, 1.0)):
        raise UserError("an infinite horizon needs a discount factor below 1")
    weight = discounted_periods(d, t)
    with np.errstate(invalid="ignore"):
        late = np.where(np.isinf(t), 0.0, d**np.where(np.isinf(t), 0.0, t))
    pressure = -np.asarray(cost_per_period, dtype=float) * weight
    lottery = late * (p * np.asarray(u_win, dtype=float) + (1 - p) * np.asarray(u_lose, dtype=float))
    conflict = -late * np.asarray(conflict_cost, dtype=float)
    total = pressure + lottery + conflict

    def f(x: ArrayLike) -> ArrayLike:
        a = np.asarray(x, dtype=float)
        return a if a.ndim else float(a)

    return NoDealValue(
        total=f(total),
        pressure=f(pressure),
        lottery=f(lottery),
        conflict_cost=f(conflict),
        p_prevail=f(p),
        u_win=f(u_win),
        u_lose=f(u_lose),
        cost_per_period=f(cost_per_period),
        horizon=f(t),
        discount=f(d),
    )
