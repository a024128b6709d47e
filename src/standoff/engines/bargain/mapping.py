"""From a scenario (or a GENIUS domain) to the arrays of the bargain engine, in one place.

* outcome space and utilities: :attr:`Scenario.outcome_space` and
  :meth:`Scenario.utility` for each negotiating party (salience-weighted option values, red
  lines and the ``constrains`` of instruments in force as forbidden options, residual
  costs of instruments as offsets, interaction terms);
* reservation value of each party: :meth:`Scenario.no_deal_value` (the formula and its
  sources are in :mod:`standoff.core.nodeal`), kept with its parts;
* the effect of extra pressure: an extra cost ``c`` per period lowers the no-deal value
  by ``c * sum_{t<T} d**t`` (:func:`standoff.core.nodeal.discounted_periods`), so
  ``pressure_weight`` holds that sum per party;
* sources of forbidden options (a party's own red line, or an instrument's constraint),
  so that an opening can say what would have to move;
* logrolls start from the issue-by-issue compromise (see
  :func:`standoff.engines.bargain.openings.compromise`), computed by the engine.

A GENIUS domain maps to the same problem with its profiles' ``<reservation>`` values
and no red lines, instruments or pressure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from standoff.core.nodeal import discounted_periods
from standoff.core.space import OutcomeSpace
from standoff.core.utility import AdditiveUtility, Utility
from standoff.interop.genius import GeniusDomain

if TYPE_CHECKING:
    from standoff.scenario.model import Scenario


@dataclass(frozen=True)
class Lock:
    """Why an option is closed to a party: its own red line or an instrument in force."""

    party: int
    issue: int
    option: int
    source: str  # "red_line" or the instrument id
    reason: str = ""


@dataclass(frozen=True)
class BargainProblem:
    """Everything the engine needs, as arrays, with labels for presenting the answer."""

    name: str
    kind: str  # "scenario" | "genius"
    space: OutcomeSpace
    parties: tuple[str, ...]
    utilities: tuple[Utility, ...]
    reservations: np.ndarray
    reservation_parts: dict[str, dict[str, object]] = field(default_factory=dict)
    pressure_weight: np.ndarray | None = None
    locks: tuple[Lock, ...] = ()
    mediators: tuple[str, ...] = ()
    period: str = "period"
    notes: tuple[str, ...] = ()


def from_scenario(scenario: Scenario) -> BargainProblem:
    """The bargaining problem of a scenario's negotiating parties."""
    from standoff.scenario.schema import InstrumentStatus

    space = scenario.outcome_space
    parties = scenario.parties
    utilities = tuple(scenario.utility(p) for p in parties)
    parts: dict[str, dict[str, object]] = {}
    res = []
    weights = []
    for p in parties:
        nd = scenario.no_deal_value(p)
        parts[p] = {**nd.as_dict(), "pressure_by_instrument": scenario.pressure_per_period(p)}
        res.append(float(np.asarray(nd.total)))
        weights.append(float(np.asarray(discounted_periods(nd.discount, nd.horizon))))
    locks: list[Lock] = []
    for pi, p in enumerate(parties):
        pref = scenario.spec.preferences.get(p)
        for rl in pref.red_lines if pref is not None else []:
            k = space.issue_index(rl.issue)
            for o in rl.options:
                locks.append(Lock(pi, k, scenario.option_code(rl.issue, o), "red_line", rl.reason or ""))
        for iid, ins in scenario.instruments(status=InstrumentStatus.in_force).items():
            for con in ins.constrains:
                if con.actor == p:
                    k = space.issue_index(con.issue)
                    for o in con.options:
                        locks.append(Lock(pi, k, scenario.option_code(con.issue, o), iid, con.reason or ""))
    return BargainProblem(
        name=scenario.id,
        kind="scenario",
        space=space,
        parties=parties,
        utilities=utilities,
        reservations=np.array(res),
        reservation_parts=parts,
        pressure_weight=np.array(weights),
        locks=tuple(locks),
        mediators=scenario.mediators,
        period=scenario.spec.period,
    )


def from_genius(domain: GeniusDomain) -> BargainProblem:
    """The bargaining problem of a GENIUS domain (all its profiles are parties)."""
    notes = list(domain.notes)
    if any(d < 1.0 for d in domain.discounts):
        notes.append(
            "discount factors are not applied: the analysis is of the undiscounted (time-zero) utilities"
        )
    return BargainProblem(
        name=domain.name,
        kind="genius",
        space=domain.space,
        parties=tuple(domain.parties),
        utilities=tuple(domain.utilities),
        reservations=np.array(domain.reservations, dtype=float),
        notes=tuple(notes),
    )


def without_locks(problem: BargainProblem, unlock: set[tuple[int, int, int]]) -> tuple[Utility, ...]:
    """The parties' utilities with the given (party, issue, option) options reopened."""
    out: list[Utility] = []
    for pi, u in enumerate(problem.utilities):
        if not isinstance(u, AdditiveUtility) or not any(p == pi for p, _, _ in unlock):
            out.append(u)
            continue
        forb = [f.copy() for f in u.forbidden]
        for p, k, o in unlock:
            if p == pi:
                forb[k][o] = False
        out.append(
            AdditiveUtility(
                weights=u.weights, values=u.values, forbidden=tuple(forb), offsets=u.offsets,
                interactions=u.interactions, reservation=u.reservation, name=u.name,
            )
        )
    return tuple(out)
