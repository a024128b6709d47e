"""Results of the simulate engine: one negotiation, and a tournament."""

from __future__ import annotations

from pydantic import Field

from standoff.results import Result


class TraceEntry(Result):
    """One step of a negotiation: who did what in which round (see
    :class:`standoff.engines.simulate.protocols.Step` for the actions)."""

    round: int
    actor: str
    action: str
    offer: dict[str, str] | None = None
    utilities: list[float] | None = None
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
    utilities: list[float]
    payoffs: list[float]
    reservations: list[float]
    pressure_paid: list[float]
    threats_carried_out: list[str]
    acceptable: list[bool]
    mediator_payoff: float | None
    nash_utilities: list[float] | None
    nash_distance: float | None
    welfare: float
    trace: list[TraceEntry]
    notes: list[str] = Field(default_factory=list)


class TournamentRun(Result):
    """One negotiation of a tournament."""

    domain: str
    strategies: list[str]
    seed_index: int
    agreement: bool
    rounds: int
    ending: str
    utilities: list[float]
    nash_distance: float | None
    welfare: float


class TournamentRow(Result):
    """A pairing on a domain, over all seeds."""

    domain: str
    strategies: list[str]
    negotiations: int
    agreement_rate: float
    mean_rounds: float
    mean_utilities: list[float]
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
