"""Strategies that respond to the other side, to pressure or to a mediator.

* Tit-for-tat on utility: concede, in one's own utility, as much as the other side has
  conceded in one's own utility since its first offer (the relative tit-for-tat of
  Faratin, Sierra & Jennings 1998, "imitative tactics"; Baarslag, Hindriks & Jonker
  2013, "A tit for tat negotiation strategy for real-time bilateral negotiations"),
  plus a small time-based gesture so that two tit-for-tat players do not deadlock.
* Aspiration-adaptive: the level of aspiration of Siegel & Fouraker (1960, *Bargaining
  and Group Decision Making*) falls over time, faster the more the party pays per round
  relative to what is at stake (costs of delay drive concession: Cross 1969, *The
  Economics of Bargaining*; Rubinstein 1982, "Perfect equilibrium in a bargaining
  model", *Econometrica* 50(1)), and never below the best offer already received.
* Mediator-aware: concedes linearly, but accepts a mediator's proposal (or an offer a
  mediator relays) a margin below its aspiration: a concession made to a mediator costs
  less face than one made to the adversary (Pruitt & Johnson 1970, "Mediation as an aid
  to face saving in negotiation", *Journal of Personality and Social Psychology* 14(3)).
"""

from __future__ import annotations

from typing import Any, ClassVar

from standoff.engines.simulate.strategies.base import Strategy, Turn, concession, respond


class TitForTat(Strategy):
    """Mirror the other side's concessions, measured in one's own utility."""

    name: ClassVar[str] = "tit-for-tat"
    properties: ClassVar[dict[str, Any]] = {
        "time_based": False,
        "responsive": True,
        "uses_deadline": False,
        "pressure_sensitive": False,
        "uses_mediator": False,
        "stochastic": False,
    }

    def __init__(self, gesture: float = 0.1) -> None:
        super().__init__(gesture=float(gesture))
        self.first: float | None = None
        self.best_seen: float | None = None

    def decide(self, s: Turn) -> int:
        if s.offer >= 0:
            if self.first is None:
                self.first = s.offer_u
            self.best_seen = s.offer_u if self.best_seen is None else max(self.best_seen, s.offer_u)
        best = s.menu.best
        span = max(best - s.reservation, 0.0)
        given = 0.0 if self.first is None or self.best_seen is None else self.best_seen - self.first
        gesture = self.params["gesture"]
        now = max(best - given - gesture * span * s.t, s.reservation)
        nxt = max(best - given - gesture * span * s.t_next, s.reservation)
        return respond(s, now, nxt)


class AspirationAdaptive(Strategy):
    """Time-based concession whose speed grows with the pressure borne (module docstring):
    exponent ``e0 * (1 + k * cost * rounds / (best - reservation))``."""

    name: ClassVar[str] = "adaptive"
    properties: ClassVar[dict[str, Any]] = {
        "time_based": True,
        "responsive": True,
        "uses_deadline": True,
        "pressure_sensitive": True,
        "uses_mediator": False,
        "stochastic": False,
    }

    def __init__(self, e0: float = 0.5, k: float = 4.0) -> None:
        super().__init__(e0=float(e0), k=float(k))
        self.best_seen = float("-inf")

    def decide(self, s: Turn) -> int:
        if s.offer >= 0 and s.offer_ok:
            self.best_seen = max(self.best_seen, s.offer_u)
        best = s.menu.best
        span = best - s.reservation
        ratio = s.cost * s.rounds / span if span > 0 else 0.0
        inv_e = 1.0 / (self.params["e0"] * (1.0 + self.params["k"] * ratio))
        now = max(concession(s.reservation, best, s.t**inv_e), self.best_seen)
        nxt = max(concession(s.reservation, best, s.t_next**inv_e), self.best_seen)
        return respond(s, now, nxt)


class MediatorAware(Strategy):
    """Linear concession; accepts a mediator's text ``face`` of the surplus below its
    aspiration (module docstring)."""

    name: ClassVar[str] = "mediator-aware"
    properties: ClassVar[dict[str, Any]] = {
        "time_based": True,
        "responsive": False,
        "uses_deadline": True,
        "pressure_sensitive": False,
        "uses_mediator": True,
        "stochastic": False,
    }

    def __init__(self, face: float = 0.15) -> None:
        super().__init__(face=float(face))

    def decide(self, s: Turn) -> int:
        best = s.menu.best
        now = concession(s.reservation, best, s.t)
        nxt = concession(s.reservation, best, s.t_next)
        margin = self.params["face"] * max(best - s.reservation, 0.0) if s.by_mediator else 0.0
        return respond(s, now, nxt, accept_margin=margin)
