"""The challenger's choice: what it does if the target refuses, and so its resolve.

Whether a threat is carried out follows from the challenger's options and their costs,
not from a typed-in credibility (Sechser 2011, "Militarized compellent threats",
*Conflict Management and Peace Science* 28(4); Sechser & Fuhrmann 2013, "Crisis
bargaining and nuclear blackmail", *IO* 67(1); Haun 2015, *Coercion, Survival, and War*).
After a refusal the challenger compares, in its own utility units:

* backing down: the status quo, less its audience cost (Fearon 1994);
* keeping up pressure: the status quo less the pressure's cost to itself over the
  standoff, unless insiders remove the leader meanwhile (then the demand is met);
* each course of force ``a`` (limited strikes, a raid, an invasion): with chance
  ``p_success`` its aim is achieved -- the leader removed (the challenger then gets its
  ``if_prevail`` package) or the target giving in (the demand) -- and otherwise the
  standoff goes on under pressure; less the course's cost.

Choice is probabilistic, as in the statistical strategic models of international
conflict (Signorino 1999, "Strategic interaction and the statistical analysis of
international conflict", *APSR* 93(2); McKelvey & Palfrey 1995's quantal response):
each option's value carries an unobserved random term, so the challenger picks option
``a`` with probability ``exp(EU_a / noise) / sum_b exp(EU_b / noise)``. ``noise`` (in
utility units) measures what the model does not see; the resolve is the probability
of choosing a course of force. With no course of action in the scenario the engine is
*not applicable*, and the assessment falls back on the threat's stated credibility.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from standoff.scenario.case import Case

#: Default scale of the unobserved part of each option's value, on the 0-1 utility scale.
NOISE = 0.05


@dataclass(frozen=True, eq=False)
class Options:
    """The challenger's options after a refusal and the probability of each, per draw.

    ``names``/``kinds`` list the options (``backdown``, ``pressure``, then each course of
    force); ``value`` and ``prob`` have shape ``(D, n_options)``. ``success`` is each
    option's chance of achieving its aim, ``time`` its periods from the decision to
    effect, ``takes_leader`` whether success removes the leader, ``is_force`` whether it
    is a use of force, ``target_cost`` its one-off cost to the target.
    """

    names: tuple[str, ...]
    kinds: tuple[str, ...]
    value: np.ndarray
    prob: np.ndarray
    success: np.ndarray
    time: np.ndarray
    takes_leader: np.ndarray
    is_force: np.ndarray
    target_cost: np.ndarray
    earliest: np.ndarray

    @property
    def resolve(self) -> np.ndarray:
        """P(the challenger uses force | the target refuses), per draw."""
        return (self.prob * self.is_force[None, :]).sum(axis=1)


def softmax(values: np.ndarray, noise: float | np.ndarray) -> np.ndarray:
    """Choice probabilities of a logit (quantal) response over the last axis."""
    z = values / np.asarray(noise)[..., None] if np.ndim(noise) else values / noise
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def applicable(case: Case) -> bool:
    """The engine speaks only where the scenario describes the challenger's courses of action."""
    co = case.coercion
    return co is not None and co.demand is not None and bool(co.courses) and co.challenger in case.no_deal


def options(case: Case, *, p_coup: np.ndarray | float = 0.0, noise: float = NOISE) -> Options:
    """The challenger's options and choice probabilities (module docstring). ``p_coup``
    is the chance insiders remove the leader over the standoff if it only keeps up
    pressure (from :mod:`standoff.engines.insiders`)."""
    co = case.coercion
    assert co is not None and co.demand is not None
    c = co.challenger
    u = case.utility(c)
    nd = case.no_deal[c]
    D = case.draws
    met = u.of(co.demand.codes)
    win = u.of(nd.win_codes)
    sq = u.of(co.status_quo)
    audience = co.audience_cost if co.audience_cost is not None else np.zeros(1)
    pressure = (1.0 - p_coup) * (sq - nd.cost_per_period * nd.weight) + p_coup * met
    names = ["backdown", "pressure"]
    kinds = ["backdown", "pressure"]
    vals = [sq - audience, pressure]
    succ = [np.zeros(1), np.zeros(1)]
    time = [np.ones(1), np.zeros(1)]
    earliest: list[float] = [0.0, 0.0]
    takes = [False, False]
    force = [False, False]
    tcost = [np.zeros(1), np.zeros(1)]
    horizon = co.horizon_periods
    for cs in co.courses:
        if cs.actor != c or cs.available > horizon:
            continue
        if cs.kind == "pressure":
            # keeping up (or tightening) pressure: its cost on top of the pressure branch
            vals[1] = np.maximum(vals[1], pressure - cs.cost - cs.cost_per_period * cs.periods)
            continue
        aim = win if cs.takes_leader else met
        ev = cs.p_success * aim + (1.0 - cs.p_success) * pressure - cs.cost - cs.cost_per_period * cs.periods
        names.append(cs.id)
        kinds.append(cs.kind)
        vals.append(ev)
        succ.append(cs.p_success)
        time.append(np.maximum(cs.periods, 0.0))
        earliest.append(cs.available)
        takes.append(cs.takes_leader)
        force.append(cs.is_force)
        tcost.append(cs.cost_to_target)

    def mat(cols: list[np.ndarray]) -> np.ndarray:
        return np.stack([np.broadcast_to(np.asarray(x, dtype=float), (D,)) for x in cols], axis=1)

    value = mat(vals)
    return Options(
        names=tuple(names), kinds=tuple(kinds), value=value, prob=softmax(value, noise),
        success=mat(succ), time=mat(time), takes_leader=np.array(takes), is_force=np.array(force),
        target_cost=mat(tcost), earliest=np.array(earliest),
    )


def stated(case: Case) -> Options:
    """The fallback without courses of action: the threat is carried out with its stated
    credibility, as one course of force that settles the matter by the no-deal lottery
    (the target prevails with its ``p_prevail``); otherwise the challenger keeps up
    pressure. Not a model of the challenger's choice: an echo of the stated credibility,
    and labelled so."""
    co = case.coercion
    assert co is not None
    D = case.draws
    cred = co.credibility if co.credibility is not None else (np.ones(1) if co.threats else np.zeros(1))
    cred = np.broadcast_to(np.asarray(cred, dtype=float), (D,))
    t = co.target
    p_t = case.no_deal[t].p_prevail if t in case.no_deal else np.full(1, 0.5)
    cost = sum((th.cost_to_target for th in co.threats), np.zeros(1))
    prob = np.stack([np.zeros(D), 1.0 - cred, cred], axis=1)
    return Options(
        names=("backdown", "pressure", "threat"), kinds=("backdown", "pressure", "stated_threat"),
        value=np.full((D, 3), np.nan), prob=prob,
        success=np.stack([np.zeros(D), np.zeros(D), np.broadcast_to(1.0 - p_t, (D,))], axis=1),
        time=np.stack([np.ones(D), np.zeros(D), np.zeros(D)], axis=1),
        takes_leader=np.array([False, False, True]), is_force=np.array([False, False, True]),
        target_cost=np.stack([np.zeros(D), np.zeros(D), np.broadcast_to(cost, (D,))], axis=1),
        earliest=np.zeros(3),
    )
