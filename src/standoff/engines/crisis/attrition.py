"""A war of attrition under per-period pressure: who gives in, and when.

The imposer keeps pressure in force at a cost ``c_I`` per period to itself and ``c_T`` to
the target. The standoff ends when one side concedes: if the target gives in, the
imposer gains ``G_I`` over quitting itself; if the imposer quits (lifts the pressure),
the target gains ``G_T`` over giving in. Time is continuous (periods of the scenario) and
undiscounted within the standoff.

In the stationary (mixed) equilibrium each side concedes at a constant hazard rate that
keeps the *other* side indifferent between conceding now and holding out a little
longer (Maynard Smith 1974, "The theory of games and the evolution of animal conflicts",
*J. Theor. Biol.* 47; Hendricks, Weiss & Wilson 1988, "The war of attrition in continuous
time with complete information", *Int. Econ. Rev.* 29(4); Fudenberg & Tirole 1991,
*Game Theory*, section 4.5.2)::

    lambda_T = c_I / G_I      (target gives in)        lambda_I = c_T / G_T   (imposer quits)

So the time to resolution is exponential with rate ``L = lambda_T + lambda_I``:
``E[duration] = 1 / L``, the target gives in first with probability ``lambda_T / L`` and
the imposer quits first with probability ``lambda_I / L``, whatever the time. The
probability that the standoff is resolved by a deadline ``H`` periods away is
``1 - exp(-L H)``. (Heavier pressure on the target makes the *imposer* concede faster in
this equilibrium, the classic and counter-intuitive property of the war of attrition,
and always shortens the standoff.)

Degenerate cases: a side that gains nothing by outlasting the other (``G <= 0``)
concedes at once (the target first, if both). When one side's cost is zero the formulas
above still apply (its opponent's hazard is zero): this is the limit of the stationary
equilibrium, chosen so that the results are continuous, and monotone, in the costs. If
neither side pays anything the standoff never ends (duration infinite, a stalemate).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from standoff.core.errors import UserError

ArrayLike = float | np.ndarray

#: Gains from outlasting the other side at or below this are treated as zero: a side with
#: nothing to wait for concedes at once. Also keeps ``cost / gain`` finite.
GAIN_FLOOR = 1e-12


@dataclass(frozen=True)
class Attrition:
    """The equilibrium, element-wise over draws."""

    hazard_target: ArrayLike  # rate at which the target gives in (inf: at once)
    hazard_imposer: ArrayLike  # rate at which the imposer quits
    p_target_first: ArrayLike  # probability the target gives in first
    p_imposer_first: ArrayLike  # probability the imposer quits first
    p_never: ArrayLike  # probability neither ever concedes
    expected_duration: ArrayLike  # E[time to resolution] (inf when p_never > 0)
    median_duration: ArrayLike


def solve_attrition(
    cost_target: ArrayLike, cost_imposer: ArrayLike, gain_target: ArrayLike, gain_imposer: ArrayLike
) -> Attrition:
    """The stationary equilibrium of the war of attrition (module docstring), vectorised."""
    ct, ci, gt, gi = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (cost_target, cost_imposer, gain_target, gain_imposer))
    )
    for name, v in (("cost to the target", ct), ("cost to the imposer", ci)):
        if not np.all(np.isfinite(v)) or np.any(v < 0):
            raise UserError(f"{name} per period must be finite and non-negative")
    if not (np.all(np.isfinite(gt)) and np.all(np.isfinite(gi))):
        raise UserError("gains from outlasting the other side must be finite")
    inf = np.inf
    # gains below GAIN_FLOOR count as nothing to wait for (and keep the hazard rates finite)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        lam_t = np.where(gi > GAIN_FLOOR, ci / np.where(gi > GAIN_FLOOR, gi, 1.0), inf)
        lam_i = np.where(gt > GAIN_FLOOR, ct / np.where(gt > GAIN_FLOOR, gt, 1.0), inf)
    # pure cases
    t_at_once = gt <= GAIN_FLOOR
    i_at_once = ~t_at_once & (gi <= GAIN_FLOOR)
    never = ~t_at_once & ~i_at_once & (ct == 0) & (ci == 0)
    mixed = ~(t_at_once | i_at_once | never)
    lam = lam_t + lam_i
    # near-zero hazards give astronomically long durations: overflow to inf is the limit
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        pt = np.where(mixed, lam_t / lam, t_at_once.astype(float))
        pi = np.where(mixed, lam_i / lam, i_at_once.astype(float))
        dur = np.where(mixed, 1.0 / lam, np.where(never, inf, 0.0))
        med = np.where(mixed, np.log(2.0) / lam, np.where(never, inf, 0.0))
    lam_t = np.where(t_at_once, inf, np.where(mixed, lam_t, 0.0))
    lam_i = np.where(i_at_once, inf, np.where(mixed, lam_i, 0.0))

    def o(v: np.ndarray) -> ArrayLike:
        return v if v.ndim else float(v)

    return Attrition(
        hazard_target=o(lam_t),
        hazard_imposer=o(lam_i),
        p_target_first=o(pt),
        p_imposer_first=o(pi),
        p_never=o(never.astype(float)),
        expected_duration=o(dur),
        median_duration=o(med),
    )


def p_resolved_by(sol: Attrition, horizon: ArrayLike) -> ArrayLike:
    """Probability the standoff has ended within ``horizon`` periods."""
    h = np.asarray(horizon, dtype=float)
    lam = np.asarray(sol.hazard_target, dtype=float) + np.asarray(sol.hazard_imposer, dtype=float)
    with np.errstate(invalid="ignore"):
        out = np.where(np.isinf(lam), 1.0, 1.0 - np.exp(-lam * h))
    return out if out.ndim else float(out)


def value_of_holding_out(
    until: float, own_cost: float, gain: float, other_hazard: float, concede_value: float = 0.0
) -> float:
    """A side's expected payoff from holding out until ``until`` and then conceding, when
    the other side concedes at rate ``other_hazard``: the quantity that equilibrium keeps
    constant in ``until`` (used to check sequential rationality at every date)::

        int_0^s h e^{-h t} (v + G - c t) dt + e^{-h s} (v - c s)
    """
    h, s, c, g, v = other_hazard, until, own_cost, gain, concede_value
    if h == 0:
        return v - c * s
    e = np.exp(-h * s)
    # int_0^s h e^{-ht} (v + g) dt = (v + g)(1 - e);  int_0^s h e^{-ht} c t dt
    ct_term = c * ((1.0 - e) / h - s * e)
    return float((v + g) * (1.0 - e) - ct_term + e * (v - c * s))
