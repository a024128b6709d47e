"""The strategy interface: a small class with a ``properties`` dict and one method.

Modelled on the player classes of the Axelrod library (Knight et al. 2016, "An open
framework for the reproducible study of the iterated prisoner's dilemma", *Journal of
Open Research Software* 4(1)): a strategy declares what it uses (time, the other side's
moves, the deadline, pressure, a mediator, randomness) and implements
:meth:`Strategy.decide`, which sees one :class:`Turn` and returns

* :data:`ACCEPT` to accept the offer on the table,
* :data:`WALK` to walk away to its outside option, or
* a candidate index (``>= 0``) to make that offer (a counter-offer, or a vote against the
  mediator's text together with what the party would want instead).

Memory lives in attributes set in ``__init__``; :meth:`Strategy.reset` re-runs
``__init__`` with the same parameters and :meth:`Strategy.clone` builds a fresh copy, so a
strategy replays identically from the same seed.

The helper :func:`respond` implements the concession-and-acceptance rule most strategies
share: offer the candidate at the aspiration level on the party's menu, accept an offer
worth at least what the party would offer next (the "AC_next" acceptance condition of
Baarslag, Hindriks & Jonker 2014, "Effective acceptance conditions in multilateral
negotiation", *Decision Support Systems* 60), never accept an offer crossing a red line
or worth less than walking away, and walk away when nothing on the menu beats walking.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any, ClassVar

import numpy as np

from standoff.engines.simulate.domain import Menu

ACCEPT = -1
WALK = -2


class Turn:
    """What a party sees when it moves; one object per party, updated in place.

    ``t`` is the party's relative time, 0 at its first move and 1 at its last;
    ``t_next`` its relative time at its next move. ``offer`` is the candidate on the
    table (``-1`` if none), ``offer_u`` its utility to this party, ``offer_ok`` whether it
    crosses none of the party's red lines and ``by_mediator`` whether a mediator put it
    there (its text, or a relayed offer). ``reservation`` is what walking away is worth
    now (it moves when a threat is carried out); ``cost`` the pressure cost per round the
    party bears now; ``paid`` the discounted pressure cost it has borne so far; ``rng``
    the party's own random generator, given only to strategies that declare
    ``stochastic`` (``None`` otherwise).
    """

    __slots__ = (
        "by_mediator",
        "cost",
        "menu",
        "offer",
        "offer_ok",
        "offer_u",
        "paid",
        "party",
        "reservation",
        "rng",
        "round",
        "rounds",
        "t",
        "t_next",
        "u",
    )

    def __init__(self, party: int, menu: Menu, u: list[float], rounds: int,
                 reservation: float, cost: float, rng: np.random.Generator | None):
        self.party = party
        self.menu = menu
        self.u = u  # this party's utility of every candidate
        self.rounds = rounds
        self.round = 0
        self.t = 0.0
        self.t_next = 0.0
        self.offer = -1
        self.offer_u = -np.inf
        self.offer_ok = False
        self.by_mediator = False
        self.reservation = reservation
        self.cost = cost
        self.paid = 0.0
        self.rng = rng


class Strategy:
    """Base class of negotiation strategies (see the module docstring)."""

    name: ClassVar[str] = "strategy"
    #: Declared properties; :func:`standoff.engines.simulate.strategies.catalogue` filters on them.
    properties: ClassVar[dict[str, Any]] = {
        "time_based": False,  # concedes as time passes
        "responsive": False,  # reacts to the other side's offers
        "uses_deadline": False,  # behaviour keyed to the deadline
        "pressure_sensitive": False,  # reacts to the pressure cost it bears
        "uses_mediator": False,  # treats a mediator's proposals differently
        "stochastic": False,  # uses randomness
    }

    def __init__(self, **params: Any) -> None:
        self.params = dict(params)

    def decide(self, s: Turn) -> int:
        """Return :data:`ACCEPT`, :data:`WALK` or the candidate index to offer."""
        raise NotImplementedError

    def reset(self) -> None:
        """Forget everything learnt in a negotiation."""
        type(self).__init__(self, **self.params)

    def clone(self) -> Strategy:
        """A fresh strategy of the same class and parameters."""
        return type(self)(**self.params)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted(self.params.items()))))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in sorted(self.params.items()))
        return f"{type(self).__name__}({args})"


def offer_at(menu: Menu, aspiration: float) -> int:
    """The menu's candidate with the smallest own utility at or above ``aspiration``
    (the best one if the aspiration is above everything on the menu)."""
    k = bisect_left(menu.asc_u, aspiration)
    if k >= len(menu.asc_idx):
        k = len(menu.asc_idx) - 1
    return menu.asc_idx[k]


def concession(reservation: float, best: float, fraction: float) -> float:
    """The aspiration after conceding ``fraction`` (0-1) of the way from ``best`` down to
    ``reservation``; never below the reservation."""
    if best <= reservation:
        return best
    return best - fraction * (best - reservation)


def respond(s: Turn, aspiration: float, next_aspiration: float, accept_margin: float = 0.0) -> int:
    """Offer at ``aspiration``; accept an offer worth at least ``next_aspiration -
    accept_margin`` (and at least the reservation, crossing no red line); walk away when
    nothing on the menu is worth the reservation."""
    menu = s.menu
    if menu.empty or menu.best < s.reservation:
        return WALK
    if (
        s.offer >= 0
        and s.offer_ok
        and s.offer_u >= s.reservation
        and s.offer_u >= next_aspiration - accept_margin
    ):
        return ACCEPT
    return offer_at(menu, max(aspiration, s.reservation))
