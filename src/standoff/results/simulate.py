"""Results of the simulate engine: one negotiation, and a tournament."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from standoff.results import Result


class TraceEntry(Result):
    """One step of a negotiation: who did what in which round (see
    :class:`standoff.engines.simulate.protocols.Step` for the actions)."""

    round: int
    actor: str
    action: str
    offer: dict[str, str] | None = None
    utilities: dict[str, float] | None = Field(default=None, description="party -> utility of the offer")
    via: str | None = None
    costs: dict[str, float] | None = None
    note: str = ""


class SimulationResult(Result):
    """One simulated negotiation: how it ended, what each side got, and the trace.

    ``utilities`` are the parties' utilities of the agreement (or their reservation
    values at the end when there is none); ``payoffs`` their value at the opening of
    the talks, net of the pressure endured while talking; ``ending`` uses the common
    vocabulary (deal, capitulation, escalation, stalemate).
    """

    domain: str
    protocol: str
    information: str
    parties: list[str]
    strategies: list[str]
    mediator: str | None
    mediator_strategy: str | None
    seed: int
    max_rounds: int
    agreement: bool
    outcome: dict[str, str] | None
    rounds: int
    reason: str
    ending: str
    walked_away: str | None
    utilities: dict[str, float] = Field(description="party -> utility of the agreement (else of no deal)")
    payoffs: dict[str, float] = Field(description="party -> value at the opening, net of the pressure endured")
    reservations: dict[str, float] = Field(description="party -> what walking away is worth at the end")
    pressure_paid: dict[str, float]
    threats_carried_out: list[str]
    acceptable: dict[str, bool] = Field(description="party -> whether the outcome beats walking away for it")
    mediator_payoff: float | None
    nash_utilities: dict[str, float] | None
    nash_distance: float | None
    welfare: float
    trace: list[TraceEntry]
    notes: list[str] = Field(default_factory=list)

    def __repr__(self) -> str:
        how = f"deal in round {self.rounds - 1}" if self.agreement else f"no deal ({self.reason})"
        return (f"SimulationResult(domain={self.domain!r}, protocol={self.protocol!r}, strategies={self.strategies}, "
                f"{how}, ending={self.ending!r})")

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """``trace`` (one row per move: round, actor, action, each party's utility of the
        package, the package) and ``parties`` (each party's result)."""
        issues = sorted({k for e in self.trace if e.offer for k in e.offer}, key=lambda k: k)
        if self.trace and self.trace[0].offer:
            issues = list(self.trace[0].offer)
        trace = [{"round": e.round, "actor": e.actor, "action": e.action, "via": e.via,
                  **{f"u_{p}": (e.utilities or {}).get(p) for p in self.parties},
                  **{i: (e.offer or {}).get(i) for i in issues}} for e in self.trace]
        parties = [{"party": p, "strategy": s, "utility": self.utilities[p], "payoff": self.payoffs[p],
                    "reservation": self.reservations[p], "pressure_paid": self.pressure_paid[p],
                    "acceptable": self.acceptable[p]} for p, s in zip(self.parties, self.strategies, strict=True)]
        return {"trace": trace, "parties": parties}


class TournamentRun(Result):
    """One negotiation of a tournament."""

    domain: str
    strategies: list[str]
    seed_index: int
    agreement: bool
    rounds: int
    ending: str
    utilities: dict[str, float] = Field(description="party -> utility at the end")
    nash_distance: float | None
    welfare: float


class TournamentRow(Result):
    """A pairing on a domain, over all seeds."""

    domain: str
    strategies: list[str]
    negotiations: int
    agreement_rate: float
    mean_rounds: float
    mean_utilities: dict[str, float] = Field(description="party -> mean utility at the end")
    mean_nash_distance: float | None
    mean_welfare: float
    endings: dict[str, int]


class TournamentResult(Result):
    """Every strategy pairing on every domain over every seed."""

    domains: list[str]
    strategies: list[str]
    protocol: str
    information: str
    seed: int
    seeds: int
    rows: list[TournamentRow]
    runs: list[TournamentRun]
    notes: list[str] = Field(default_factory=list)

    def __repr__(self) -> str:
        return (f"TournamentResult(strategies={len(self.strategies)}, domains={self.domains}, "
                f"negotiations={len(self.runs)}, seed={self.seed})")

    def leaderboard(self) -> list[dict[str, Any]]:
        """Each strategy ranked by its mean utility when it plays the first party, over
        every opponent, domain and seed (ties share the better rank), with its deal rate and
        mean distance to the Nash point."""
        stats: dict[str, list[TournamentRun]] = {s: [] for s in self.strategies}
        for r in self.runs:
            stats.setdefault(r.strategies[0], []).append(r)
        means: list[tuple[float, str, list[TournamentRun]]] = []
        for s, rs in stats.items():
            if rs:
                first = [next(iter(r.utilities.values())) for r in rs]
                means.append((sum(first) / len(first), s, rs))
        means.sort(key=lambda t: (-t[0], t[1]))
        rows: list[dict[str, Any]] = []
        for mean, s, rs in means:
            dist = [r.nash_distance for r in rs if r.nash_distance is not None]
            rows.append({"rank": 1 + sum(m > mean for m, _, _ in means), "strategy": s, "negotiations": len(rs),
                         "mean_utility": mean, "deal_rate": sum(r.agreement for r in rs) / len(rs),
                         "mean_nash_distance": sum(dist) / len(dist) if dist else None,
                         "mean_welfare": sum(r.welfare for r in rs) / len(rs)})
        return rows

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """``leaderboard`` (:meth:`leaderboard`), ``pairings`` (one row per domain and
        pairing) and ``runs`` (every negotiation)."""
        return {
            "leaderboard": self.leaderboard(),
            "pairings": [{"domain": r.domain, "first": r.strategies[0], "others": ",".join(r.strategies[1:]),
                          "negotiations": r.negotiations, "deal_rate": r.agreement_rate, "mean_rounds": r.mean_rounds,
                          "mean_nash_distance": r.mean_nash_distance, "mean_welfare": r.mean_welfare,
                          **{f"u_{p}": u for p, u in r.mean_utilities.items()}} for r in self.rows],
            "runs": [{"domain": r.domain, "first": r.strategies[0], "others": ",".join(r.strategies[1:]),
                      "seed_index": r.seed_index, "agreement": r.agreement, "rounds": r.rounds, "ending": r.ending,
                      "nash_distance": r.nash_distance, "welfare": r.welfare} for r in self.runs],
        }


class ThreatInfo(Result):
    """A threat the simulation carries out: its instrument, round and probability."""

    instrument: str
    round: int
    probability: float


class TalksSummary(Result):
    """How the main pairings of negotiating styles end on a case (the brief's view of
    the simulation): the protocol, the rounds, the endings counted over every run, the
    pairings that reach a deal, and -- when none does -- why (``no_deal_reason``:
    ``red_lines`` when every package crosses a red line, ``reservations`` when no
    admissible package beats walking away for every side, ``styles`` when the styles
    never meet before the deadline)."""

    domain: str
    protocol: str
    channel_open: bool
    mediator: str | None
    rounds: int
    period: str
    strategies: list[str]
    seeds: int
    seed: int
    parties: list[str]
    pairings: int
    endings: dict[str, int]
    rows: list[TournamentRow]
    dealing: int
    no_deal_reason: str | None
    threats: list[ThreatInfo]
