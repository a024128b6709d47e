"""Time-based concession: Boulware, Linear and Conceder.

The polynomial time-dependent tactic of Faratin, Sierra & Jennings (1998, "Negotiation
decision functions for autonomous agents", *Robotics and Autonomous Systems* 24(3-4)):
at relative time ``t`` the party has conceded the fraction ``t ** (1 / e)`` of the way
from its best outcome down to its reservation value. ``e < 1`` holds firm until late
(Boulware), ``e = 1`` concedes linearly, ``e > 1`` concedes early (Conceder). The
behaviour ignores the other side entirely, which is what makes these strategies the
standard baseline of automated-negotiation tournaments (Baarslag et al. 2015).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any, ClassVar

from standoff.engines.simulate.strategies.base import Strategy, Turn, concession, respond


class TimeBased(Strategy):
    """Concede ``t ** (1/e)`` of the surplus over the reservation by relative time ``t``."""

    name: ClassVar[str] = "time-based"
    properties: ClassVar[dict[str, Any]] = {
        "time_based": True,
        "responsive": False,
        "uses_deadline": True,
        "pressure_sensitive": False,
        "uses_mediator": False,
        "stochastic": False,
    }
    default_e: ClassVar[float] = 1.0

    def __init__(self, e: float | None = None) -> None:
        super().__init__(e=self.default_e if e is None else float(e))
        self.inv_e = 1.0 / self.params["e"]

    def decide(self, s: Turn) -> int:
        best = s.menu.best
        now = concession(s.reservation, best, s.t**self.inv_e)
        nxt = concession(s.reservation, best, s.t_next**self.inv_e)
        return respond(s, now, nxt)


class Boulware(TimeBased):
    """Holds firm and concedes late (``e = 0.2``)."""

    name: ClassVar[str] = "boulware"
    default_e: ClassVar[float] = 0.2


class Linear(TimeBased):
    """Concedes at a constant rate (``e = 1``)."""

    name: ClassVar[str] = "linear"
    default_e: ClassVar[float] = 1.0


class Conceder(TimeBased):
    """Concedes early (``e = 5``)."""

    name: ClassVar[str] = "conceder"
    default_e: ClassVar[float] = 5.0


class NoisyLinear(Strategy):
    """Linear concession, but each offer is drawn at random among the menu's candidates
    worth between the aspiration and ``width`` of the surplus above it (the randomised
    offer band of aspiration negotiators: it hides the concession pattern from the other
    side; Baarslag et al. 2013 discuss such noise against opponent modelling)."""

    name: ClassVar[str] = "noisy-linear"
    properties: ClassVar[dict[str, Any]] = {
        "time_based": True,
        "responsive": False,
        "uses_deadline": True,
        "pressure_sensitive": False,
        "uses_mediator": False,
        "stochastic": True,
    }

    def __init__(self, width: float = 0.1) -> None:
        super().__init__(width=float(width))

    def decide(self, s: Turn) -> int:
        best = s.menu.best
        now = concession(s.reservation, best, s.t)
        nxt = concession(s.reservation, best, s.t_next)
        choice = respond(s, now, nxt)
        if choice < 0:
            return choice
        menu = s.menu
        lo = bisect_left(menu.asc_u, max(now, s.reservation))
        hi = bisect_right(menu.asc_u, max(now, s.reservation) + self.params["width"] * max(best - s.reservation, 0.0))
        if hi - lo <= 1 or s.rng is None:
            return choice
        return menu.asc_idx[lo + int(s.rng.integers(hi - lo))]
