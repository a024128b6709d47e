"""Insiders: the chance the armed forces or the inner circle remove the leader.

Whether coercion works is often decided inside the target regime: by the armed forces
and the inner circle whose loyalty keeps the leader in power (Svolik 2012, *The Politics
of Authoritarian Rule*; Bueno de Mesquita, Smith, Siverson & Morrow 2003, *The Logic of
Political Survival*). Offers and threats aimed at them -- a safe passage that covers or
excludes them, a reward for handing the leader over -- work through them.

For each insider of ``coercion.insiders`` the chance it moves against the leader by the
horizon starts from its stated ``loyalty`` (leaving aside what the demand offers it) and
shifts, on the log-odds scale, by its gain from the leader's going,
``(value of the demand's package) - (value of staying loyal) + reward``, divided by
:data:`SCALE`:

* the value of the demand's package uses the insider's own preferences when the
  scenario gives them (its scope of amnesty, safe passage, command of the forces);
  otherwise ``+/-`` :data:`PROTECTION` by whether the package meets its ``protected_by``
  conditions;
* staying loyal is worth the status quo while the regime survives and the defeat
  package if the regime falls to force (with the chance the challenger's courses of
  force succeed: ``p_fall``);
* a reward for the leader's capture in force (an instrument whose kind has the
  ``rewards_betrayal`` property) adds :data:`REWARD_PULL`.

Only insiders that ``can_remove`` the leader contribute to the chance of removal; the
chance that at least one does is ``1 - prod(1 - p_i)`` (treated as independent).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from standoff.scenario.case import Case

#: Utility gain that multiplies an insider's odds of moving against the leader by e.
SCALE = 0.25
#: Value of being shielded (or exposed) by the demand, for an insider without preferences.
PROTECTION = 0.1
#: Pull of a reward for the leader's capture on an insider who could deliver him.
REWARD_PULL = 0.05


@dataclass(frozen=True, eq=False)
class Insiders:
    """Each insider's chance of moving against the leader by the horizon (``(D, n)``),
    and the chance at least one able to remove the leader does so (``(D,)``)."""

    names: tuple[str, ...]
    p_move: np.ndarray
    p_coup: np.ndarray


def applicable(case: Case) -> bool:
    co = case.coercion
    return co is not None and bool(co.insiders) and co.demand is not None


def insiders(case: Case, *, p_fall: np.ndarray | float = 0.0) -> Insiders:
    """The insiders' chances of moving against the leader (module docstring); ``p_fall``
    is the chance the regime falls to the challenger's force."""
    co = case.coercion
    assert co is not None and co.demand is not None
    D = case.draws
    reward = any(ins.properties.get("rewards_betrayal") and ins.status == "in_force" and ins.target == co.target
                 for ins in case.instruments.values())
    lose = case.no_deal[co.target].lose_codes if co.target in case.no_deal else co.status_quo
    names, cols, removers = [], [], []
    for ins in co.insiders:
        loyal = np.clip(np.broadcast_to(ins.loyalty, (D,)), 1e-9, 1 - 1e-9)
        base = np.log((1.0 - loyal) / loyal)
        if ins.actor in case.utilities:
            u = case.utility(ins.actor)
            gain = u.of(co.demand.codes) - ((1.0 - p_fall) * u.of(co.status_quo) + p_fall * u.of(lose))
        else:
            shielded = all(bool(mask[int(co.demand.codes[i])]) for i, mask in ins.protected.items()) if ins.protected else False
            gain = np.full(1, PROTECTION if shielded else -PROTECTION)
        if reward and ins.can_remove:
            gain = gain + REWARD_PULL
        p = 1.0 / (1.0 + np.exp(-(base + gain / SCALE)))
        names.append(ins.actor)
        cols.append(np.broadcast_to(p, (D,)))
        removers.append(ins.can_remove)
    p_move = np.stack(cols, axis=1) if cols else np.zeros((D, 0))
    stay = np.prod(np.where(np.array(removers)[None, :], 1.0 - p_move, 1.0), axis=1) if cols else np.ones(D)
    return Insiders(names=tuple(names), p_move=p_move, p_coup=1.0 - stay)
