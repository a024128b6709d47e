"""Firm strategies: the hard-liner and the deadline-driven negotiator.

The hard-liner never concedes: it demands its best outcome and accepts nothing less
(the "hardheaded" baseline of Faratin et al. 1998 with ``e -> 0``; Baarslag et al. 2015).
The deadline-driven negotiator holds firm, then jumps: the deadline effect observed in
bargaining experiments, where most agreements come in the last moments (Roth,
Murnighan & Schoumaker 1988, "The deadline effect in bargaining: some experimental
evidence", *American Economic Review* 78(4)).
"""

from __future__ import annotations

from typing import Any, ClassVar

from standoff.engines.simulate.strategies.base import Strategy, Turn, concession, respond


class HardLiner(Strategy):
    """Demands its best outcome every round; accepts only that much."""

    name: ClassVar[str] = "hardliner"
    properties: ClassVar[dict[str, Any]] = {
        "time_based": False,
        "responsive": False,
        "uses_deadline": False,
        "pressure_sensitive": False,
        "uses_mediator": False,
        "stochastic": False,
    }

    def decide(self, s: Turn) -> int:
        best = s.menu.best
        return respond(s, best, best)


class DeadlineDriven(Strategy):
    """Holds its best until the fraction ``hold`` of the time is gone, then jumps to
    conceding ``jump`` of the surplus and concedes the rest linearly by the deadline."""

    name: ClassVar[str] = "deadline"
    properties: ClassVar[dict[str, Any]] = {
        "time_based": True,
        "responsive": False,
        "uses_deadline": True,
        "pressure_sensitive": False,
        "uses_mediator": False,
        "stochastic": False,
    }

    def __init__(self, hold: float = 0.8, jump: float = 0.5) -> None:
        super().__init__(hold=float(hold), jump=float(jump))

    def fraction(self, t: float) -> float:
        hold, jump = self.params["hold"], self.params["jump"]
        if t < hold:
            return 0.0
        if hold >= 1.0:
            return 1.0
        return jump + (1.0 - jump) * (t - hold) / (1.0 - hold)

    def decide(self, s: Turn) -> int:
        best = s.menu.best
        now = concession(s.reservation, best, self.fraction(s.t))
        nxt = concession(s.reservation, best, self.fraction(s.t_next))
        return respond(s, now, nxt)
