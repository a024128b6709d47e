"""From a compiled case (or a GENIUS domain) to the arrays of the bargain engine.

Everything is read from the :class:`~standoff.scenario.case.Case` (draw 0 of the case it
is given: pass ``case.at(d)`` for another draw):

* outcome space and each negotiating party's utility (``case.utilities``: weights,
  option values, residual costs, pair terms; red lines and instrument constraints as
  forbidden options);
* reservation value of each party: its no-deal value (``case.no_deal``), kept with its
  parts and the pressure by instrument;
* the effect of extra pressure: an extra cost ``c`` per period lowers the no-deal value
  by ``c * W``, with ``W`` the discounted number of periods (``NoDealDraws.weight``);
* why each closed option is closed (``case.locks``: a red line, or an instrument in
  force), so that an opening can say what would have to move.

A GENIUS domain maps to the same problem with its profiles' ``<reservation>`` values
and no red lines, instruments or pressure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from standoff.core.domain import DomainLike
from standoff.core.errors import UserError
from standoff.core.space import OutcomeSpace
from standoff.core.utility import AdditiveUtility, Utility

if TYPE_CHECKING:
    from standoff.scenario.case import Case


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


def from_case(case: Case) -> BargainProblem:
    """The bargaining problem of a case's negotiating parties (draw 0)."""
    parties = case.parties
    for p in parties:
        if p not in case.no_deal:
            raise UserError(f"party {p!r} has no `no_deal` entry", hint="the bargaining analysis needs what no deal is worth")
    parts: dict[str, dict[str, object]] = {}
    for p in parties:
        nd = case.no_deal[p]
        parts[p] = {**nd.value(0).as_dict(),
                    "pressure_by_instrument": {k: float(v[0]) for k, v in nd.pressure_by_instrument.items()}}
    locks = tuple(
        Lock(parties.index(lk.actor), lk.issue, o, lk.source, lk.reason)
        for lk in case.locks if lk.actor in parties for o in lk.options
    )
    return BargainProblem(
        name=case.id,
        kind="scenario",
        space=case.space,
        parties=parties,
        utilities=tuple(case.utility(p).at(0) for p in parties),
        reservations=np.array([float(case.no_deal[p].total[0]) for p in parties]),
        reservation_parts=parts,
        pressure_weight=np.array([float(case.no_deal[p].weight[0]) for p in parties]),
        locks=locks,
        mediators=case.mediators,
        period=case.period,
    )


def from_genius(domain: DomainLike) -> BargainProblem:
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
