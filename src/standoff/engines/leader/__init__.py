"""The leader's fate: what leaving, staying and being removed are worth to the target.

Leaders facing a demand to go weigh exile against holding on (Goemans 2008, "Which way
out? The manner and consequences of losing office", *JCR* 52(6); Debs & Goemans 2010,
"Regime type, the fate of leaders, and war", *APSR* 104(3)). In the target's utility
units, per draw:

* **exile** (complying with the demand): the demand package's value to the target. It
  includes the guarantees on the table (safe passage, amnesty) and the legal exposure
  that follows the leader out of office -- indictments, warrants, bounties and
  designations -- which bites when the exile guarantee fails (the instrument plug-ins
  scale it by ``1 - p_guarantee_holds`` of the safest exile option; Krcmaric 2018,
  2020; Escribà-Folch & Krcmaric 2017). A guarantee is only as good as its guarantor's
  commitment (Fearon 1995; Powell 2006).
* **office**: the status quo package, the value of staying once the challenger gives up
  (legal exposure does not apply in office).
* **removal**: the package the target gets when defeated (``if_defeated``, which
  carries the exposure of a leader out of office), less the personal cost of being
  captured, killed or driven out (``coercion.removal_cost``; else the no-deal
  ``conflict_cost``).
* **pressure**: holding on while the challenger keeps up pressure: the pressure's cost
  over the standoff, then office, unless insiders remove the leader first.

The target's value of refusing is the expectation of these under its belief about what
the challenger does next (:mod:`standoff.engines.challenger`): backing down (office),
pressure, or each course of force (its cost to the target, then removal or giving in
with the course's chance of success, else pressure). The target complies with the logit
probability ``1 / (1 + exp(-(exile - refuse) / noise))`` (Signorino 1999).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from standoff.engines.challenger import NOISE, Options
from standoff.scenario.case import Case


@dataclass(frozen=True, eq=False)
class Fate:
    """The target's values (per draw, shape ``(D,)``) and its decision."""

    exile: np.ndarray
    office: np.ndarray
    removed: np.ndarray
    pressure: np.ndarray
    refuse: np.ndarray
    p_comply: np.ndarray

    @property
    def margin(self) -> np.ndarray:
        """How much better complying is than refusing (negative: the target refuses)."""
        return self.exile - self.refuse


def applicable(case: Case) -> bool:
    co = case.coercion
    return co is not None and co.demand is not None and co.target in case.no_deal and co.target in case.utilities


def values(case: Case, *, p_coup: np.ndarray | float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(exile, office, removed, pressure)`` for the target, per draw."""
    co = case.coercion
    assert co is not None and co.demand is not None
    t = co.target
    u = case.utility(t)
    nd = case.no_deal[t]
    exile = u.of(co.demand.codes)
    office = u.of(co.status_quo)
    personal = co.removal_cost if co.removal_cost is not None else nd.conflict_cost
    removed = u.of(nd.lose_codes) - personal
    pressure = -nd.cost_per_period * nd.weight + (1.0 - p_coup) * office + p_coup * removed
    return exile, office, removed, pressure


def fate(case: Case, options: Options, *, belief: np.ndarray | None = None, p_coup: np.ndarray | float = 0.0,
         noise: float = NOISE) -> Fate:
    """The target's values and its probability of complying, given the challenger's
    options and the target's belief over them (default: the challenger's own choice
    probabilities, i.e. a belief that is right on average)."""
    exile, office, removed, pressure = values(case, p_coup=p_coup)
    D = case.draws

    def col(x: np.ndarray) -> np.ndarray:
        return np.broadcast_to(np.asarray(x, dtype=float), (D,))

    exile, office, removed, pressure = col(exile), col(office), col(removed), col(pressure)
    pi = options.prob if belief is None else belief
    outcome = np.empty_like(options.prob)
    for k, kind in enumerate(options.kinds):
        if kind == "backdown":
            outcome[:, k] = office
        elif kind == "pressure":
            outcome[:, k] = pressure
        else:
            s = options.success[:, k]
            hit = removed if options.takes_leader[k] else exile
            outcome[:, k] = s * hit + (1.0 - s) * pressure - options.target_cost[:, k]
    refuse = (pi * outcome).sum(axis=1)
    margin = exile - refuse
    p = 1.0 / (1.0 + np.exp(-np.clip(margin / noise, -500, 500)))
    return Fate(exile=exile, office=office, removed=removed, pressure=pressure, refuse=refuse, p_comply=p)


def belief(options: Options, target_belief: np.ndarray | None) -> np.ndarray:
    """The target's belief over the challenger's options: its own choice probabilities,
    or, when the scenario states the target's belief that force follows a refusal,
    those probabilities rescaled so that force has that total (keeping the relative
    weights within force and within the rest)."""
    if target_belief is None:
        return options.prob
    p = options.prob
    force = options.is_force[None, :]
    pf = (p * force).sum(axis=1, keepdims=True)
    pn = 1.0 - pf
    tb = np.broadcast_to(np.asarray(target_belief, dtype=float), (p.shape[0],))[:, None]
    n_force = max(int(options.is_force.sum()), 1)
    n_rest = max(int((~options.is_force).sum()), 1)
    within_force = np.where(pf > 0, p / np.where(pf > 0, pf, 1.0), 1.0 / n_force)
    within_rest = np.where(pn > 0, p / np.where(pn > 0, pn, 1.0), 1.0 / n_rest)
    return np.where(force, tb * within_force, (1.0 - tb) * within_rest)
