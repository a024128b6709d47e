"""Negotiation protocols: alternating offers, take-it-or-leave-it, mediated single text.

* ``alternating``: the stacked alternating offers protocol (Aydoğan et al. 2017,
  "Alternating offers protocols for multilateral negotiation", in *Modern Approaches to
  Agent-based Complex Automated Negotiation*; for two parties, Rubinstein 1982). Parties
  move in turn; each accepts the offer on the table, walks away, or makes a counter-offer.
  An offer is agreed once every other party has accepted it in turn. When the parties
  have no direct channel, a mediator relays the offers (each is marked as relayed).
* ``ultimatum``: take-it-or-leave-it with a deadline (the compellence setting of Schelling
  1966, *Arms and Influence*, ch. 2): the challenger's demand stays on the table, the
  others may accept it in any round up to the deadline; at the deadline, or when a target
  walks away, the threats attached to the demand are carried out (each with its
  probability) and the talks end.
* ``single-text``: mediated single negotiating text (Raiffa 1982, ch. 14; Klein et al.
  2003, "Negotiating complex contracts", *Group Decision and Negotiation* 12(2)): each
  round the mediator, an agent with its own interests and proposal strategy
  (:mod:`standoff.engines.simulate.mediators`), puts a text on the table; every party
  accepts it or rejects it saying what it wants instead; the text is agreed when all
  accept.

Every round without a deal, each party bears its pressure cost per round; a deal at
round ``r`` is worth ``d**r * u(x) - paid`` to a party, walking away or a breakdown
``d**r * reservation - paid``, where ``paid = sum_{s<r} d**s * cost_s`` is the pressure
endured during the talks, discounted as in :mod:`standoff.core.nodeal`. Before each
round after the first, the talks collapse with the breakdown risk ``q`` (Binmore,
Rubinstein & Wolinsky 1986, "The Nash bargaining solution in economic modelling", *RAND
Journal of Economics* 17(2)), and threats due that round are carried out with their
probability, which raises the pressure on their target and lowers what walking away is
worth to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

import numpy as np

from standoff.core.errors import UserError
from standoff.engines.simulate.domain import Board, MediatorProfile
from standoff.engines.simulate.mediators import MediatorStrategy, MediatorTurn
from standoff.engines.simulate.strategies.base import ACCEPT, WALK, Strategy, Turn

ProtocolName = Literal["alternating", "ultimatum", "single-text"]


#: Longest negotiation we run: time-based strategies concede by round / rounds, so an
#: absurd horizon means talks that never move and a trace that fills the memory.
MAX_ROUNDS = 100_000


def check_rounds(rounds: int) -> int:
    """``rounds`` if it is a usable horizon, else a clear :class:`UserError`."""
    if rounds < 1:
        raise UserError(f"the talks need at least one round (got {rounds})", hint="use --rounds 1 or more")
    if rounds > MAX_ROUNDS:
        raise UserError(f"too many rounds ({rounds}); at most {MAX_ROUNDS:,} are supported",
                        hint="use a shorter horizon with --rounds")
    return rounds

#: How talks can end.
Reason = Literal["agreement", "walked_away", "breakdown", "deadline"]


@dataclass
class Step:
    """One entry of the trace: who did what in which round.

    ``action`` is one of ``offer``, ``accept``, ``reject`` (a party rejecting a
    mediator's text, ``offer`` then holding what it asked for instead), ``walk``,
    ``propose`` (a mediator's text), ``threat`` (a threat carried out), ``spared`` (a
    threat due but not carried out), ``breakdown`` and ``pressure`` (the costs of a round
    without a deal; ``costs`` per party)."""

    round: int
    actor: str
    action: str
    offer: int = -1
    via: str | None = None
    costs: tuple[float, ...] = ()
    label: str = ""


@dataclass
class Negotiation:
    """What happened: the engine-level record of one negotiation."""

    protocol: str
    parties: tuple[str, ...]
    strategies: tuple[str, ...]
    mediator: str | None
    mediator_strategy: str | None
    rounds: int
    agreement: int  # candidate index, -1 if none
    end_round: int  # 0-based round in which the talks ended
    reason: str
    walker: int | None
    utilities: list[float]  # utility of the agreement, or reservation at the end
    payoffs: list[float]  # present value at the opening of the talks
    reservations: list[float]  # at the end
    paid: list[float]  # pressure endured during the talks (discounted)
    threats_carried_out: list[str]
    acceptable: list[bool]  # agreement acceptable to each party when made
    mediator_payoff: float | None = None
    trace: list[Step] = field(default_factory=list)

    @property
    def agreed(self) -> bool:
        return self.agreement >= 0

    @property
    def rounds_used(self) -> int:
        return self.end_round + 1


class _Run:
    """Shared state of one negotiation (costs, reservations, threats, randomness)."""

    def __init__(self, board: Board, strategies: Sequence[Strategy], rounds: int, seed: int | np.random.SeedSequence,
                 breakdown: float, record: bool, relay: str | None, mediator_random: bool = False):
        d = board.domain
        self.board = board
        self.n = d.n_parties
        self.rounds = rounds
        self.breakdown = breakdown
        self.record = record
        self.relay = relay
        # Generators are made only for what draws at random (spawning costs more than a
        # short negotiation); the children are always the same, so which ones exist
        # never changes a draw.
        needs_protocol = breakdown > 0.0 or any(0.0 < th.probability < 1.0 for th in d.threats)
        needs_party = [bool(s.properties.get("stochastic")) for s in strategies]
        kids: list[np.random.SeedSequence] = []
        if needs_protocol or any(needs_party) or mediator_random:
            root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
            kids = root.spawn(self.n + 2)
        self.rng = np.random.default_rng(kids[0]) if needs_protocol else None
        self.mediator_rng = np.random.default_rng(kids[1]) if mediator_random else None
        self.res = [float(p.reservation) for p in d.parties]
        self.cost = [float(p.cost_per_round) for p in d.parties]
        self.disc = [float(p.discount) for p in d.parties]
        self.paid = [0.0] * self.n
        self.threats_done: list[str] = []
        self.trace: list[Step] = []
        self.names = tuple(p.name for p in d.parties)
        for s in strategies:
            s.reset()
        self.turns = [
            Turn(i, board.menus[i], board.u_lists[i], rounds, self.res[i], self.cost[i],
                 np.random.default_rng(kids[2 + i]) if needs_party[i] else None)
            for i in range(self.n)
        ]

    # -- events between rounds ------------------------------------------------------
    def threats(self, r: int, *, final: bool = False) -> None:
        for th in self.board.domain.threats:
            due = (th.round >= self.rounds) if final else (th.round == r)
            if not due or th.label in self.threats_done:
                continue
            p = th.probability
            happens = p >= 1.0 or (p > 0.0 and self.rng is not None and self.rng.random() < p)
            if happens:
                self.threats_done.append(th.label)
                for i in range(self.n):
                    self.cost[i] += th.extra_cost[i]
                    self.res[i] = th.reservation_after[i]
                    self.turns[i].cost = self.cost[i]
                    self.turns[i].reservation = self.res[i]
            if self.record:
                imposer = self.names[th.imposer] if th.imposer is not None else "nature"
                self.trace.append(Step(r, imposer, "threat" if happens else "spared", label=th.label))

    def broke_down(self, r: int) -> bool:
        if self.rng is not None and self.breakdown > 0.0 and self.rng.random() < self.breakdown:
            if self.record:
                self.trace.append(Step(r, "nature", "breakdown"))
            return True
        return False

    def endure(self, r: int) -> None:
        for i in range(self.n):
            self.paid[i] += self.disc[i] ** r * self.cost[i]
            self.turns[i].paid = self.paid[i]
        if self.record and any(self.cost):
            self.trace.append(Step(r, "pressure", "pressure", costs=tuple(self.cost)))

    def times(self, r: int) -> tuple[float, float]:
        if self.rounds <= 1:
            return 1.0, 1.0
        last = self.rounds - 1
        return r / last, min(1.0, (r + 1) / last)

    # -- the end --------------------------------------------------------------------
    def finish(self, protocol: str, strategies: Sequence[Strategy], agreement: int, r: int, reason: str,
               walker: int | None, mediator: MediatorProfile | None = None,
               mediator_strategy: MediatorStrategy | None = None) -> Negotiation:
        b = self.board
        if agreement >= 0:
            utilities = [b.u_lists[i][agreement] for i in range(self.n)]
            acceptable = [
                b.ok_lists[i][agreement] and b.u_lists[i][agreement] >= self.res[i] for i in range(self.n)
            ]
        else:
            utilities = list(self.res)
            acceptable = [False] * self.n
        payoffs = [self.disc[i] ** r * utilities[i] - self.paid[i] for i in range(self.n)]
        med_pay = None
        if mediator is not None:
            med_pay = 0.0
            if agreement >= 0:
                own = 0.0 if mediator.utility is None else float(mediator.utility(b.codes[agreement]))
                med_pay = mediator.deal_value + own
        return Negotiation(
            protocol=protocol,
            parties=self.names,
            strategies=tuple(s.name for s in strategies),
            mediator=None if mediator is None else mediator.name,
            mediator_strategy=None if mediator_strategy is None else mediator_strategy.name,
            rounds=self.rounds,
            agreement=agreement,
            end_round=r,
            reason=reason,
            walker=walker,
            utilities=utilities,
            payoffs=payoffs,
            reservations=list(self.res),
            paid=list(self.paid),
            threats_carried_out=list(self.threats_done),
            acceptable=acceptable,
            mediator_payoff=med_pay,
            trace=self.trace,
        )


def _check(choice: int, board: Board, who: str) -> int:
    if not isinstance(choice, int | np.integer) or choice < WALK or choice >= board.n_candidates:
        raise ValueError(f"strategy of {who} returned an invalid decision {choice!r}")
    return int(choice)


def alternating_offers(board: Board, strategies: Sequence[Strategy], *, rounds: int,
                       seed: int | np.random.SeedSequence = 0, breakdown: float = 0.0,
                       relay: MediatorProfile | None = None, record: bool = True) -> Negotiation:
    """Stacked alternating offers (module docstring); ``relay`` carries the offers when
    the parties have no direct channel."""
    run = _Run(board, strategies, rounds, seed, breakdown, record, relay.name if relay else None)
    n, turns, names = run.n, run.turns, run.names
    u_lists, ok_lists = board.u_lists, board.ok_lists
    via = relay.name if relay is not None else None
    relayed = via is not None
    offer, proposer, accepted = -1, -1, 0
    trace = run.trace
    for r in range(rounds):
        if r > 0:
            if board.domain.threats:
                run.threats(r)
            if run.broke_down(r):
                return run.finish("alternating", strategies, -1, r, "breakdown", None, relay)
        t, t_next = run.times(r)
        for i in range(n):
            s = turns[i]
            s.round = r
            s.t = t
            s.t_next = t_next
            if offer >= 0:
                s.offer = offer
                s.offer_u = u_lists[i][offer]
                s.offer_ok = ok_lists[i][offer]
                s.by_mediator = relayed
            choice = strategies[i].decide(s)
            if choice == ACCEPT and offer >= 0:
                accepted += 1
                if record:
                    trace.append(Step(r, names[i], "accept", offer, via))
                if accepted == n - 1:
                    return run.finish("alternating", strategies, offer, r, "agreement", None, relay)
            elif choice == WALK:
                if record:
                    trace.append(Step(r, names[i], "walk"))
                return run.finish("alternating", strategies, -1, r, "walked_away", i, relay)
            else:
                choice = _check(choice, board, names[i])
                if choice < 0:
                    raise ValueError(f"strategy of {names[i]} accepted with no offer on the table")
                offer, proposer, accepted = choice, i, 0
                if record:
                    trace.append(Step(r, names[i], "offer", offer, via))
        run.endure(r)
    del proposer
    run.threats(rounds, final=True)
    return run.finish("alternating", strategies, -1, rounds - 1, "deadline", None, relay)


def ultimatum(board: Board, strategies: Sequence[Strategy], *, rounds: int,
              seed: int | np.random.SeedSequence = 0, breakdown: float = 0.0,
              relay: MediatorProfile | None = None, record: bool = True) -> Negotiation:
    """Take-it-or-leave-it with a deadline (module docstring)."""
    run = _Run(board, strategies, rounds, seed, breakdown, record, relay.name if relay else None)
    d = board.domain
    n, turns, names = run.n, run.turns, run.names
    ch = d.challenger
    via = relay.name if relay is not None else None
    trace = run.trace
    if d.demand is not None:
        demand = board.find(d.demand)
    else:
        t0 = turns[ch]
        t0.t, t0.t_next = 0.0, run.times(0)[1]
        demand = _check(strategies[ch].decide(t0), board, names[ch])
        if demand == WALK:
            return run.finish("ultimatum", strategies, -1, 0, "walked_away", ch, relay)
        if demand < 0:
            raise ValueError(f"strategy of {names[ch]} accepted with no offer on the table")
    if record:
        trace.append(Step(0, names[ch], "offer", demand, via, label="demand"))
    # threats in the ultimatum are carried out at the deadline (or on refusal)
    for r in range(rounds):
        if r > 0 and run.broke_down(r):
            return run.finish("ultimatum", strategies, -1, r, "breakdown", None, relay)
        t, t_next = run.times(r)
        yes = 0
        for i in range(n):
            if i == ch:
                continue
            s = turns[i]
            s.round, s.t, s.t_next = r, t, t_next
            s.offer, s.offer_u, s.offer_ok = demand, board.u_lists[i][demand], board.ok_lists[i][demand]
            s.by_mediator = via is not None
            choice = strategies[i].decide(s)
            if choice == ACCEPT:
                yes += 1
                if record:
                    trace.append(Step(r, names[i], "accept", demand, via))
            elif choice == WALK:
                if record:
                    trace.append(Step(r, names[i], "walk"))
                run.threats(rounds, final=True)
                return run.finish("ultimatum", strategies, -1, r, "walked_away", i, relay)
            else:
                _check(choice, board, names[i])
                if record:
                    trace.append(Step(r, names[i], "reject", choice, via))
        if yes == n - 1:
            return run.finish("ultimatum", strategies, demand, r, "agreement", None, relay)
        run.endure(r)
    run.threats(rounds, final=True)
    return run.finish("ultimatum", strategies, -1, rounds - 1, "deadline", None, relay)


def single_text(board: Board, strategies: Sequence[Strategy], mediator: MediatorProfile,
                mediator_strategy: MediatorStrategy, *, rounds: int,
                seed: int | np.random.SeedSequence = 0, breakdown: float = 0.0,
                record: bool = True) -> Negotiation:
    """Mediated single negotiating text (module docstring)."""
    run = _Run(board, strategies, rounds, seed, breakdown, record, mediator.name,
               mediator_random=bool(mediator_strategy.properties.get("stochastic")))
    d = board.domain
    n, turns, names = run.n, run.turns, run.names
    mediator_strategy.reset()
    start = board.find(d.status_quo) if d.status_quo is not None else -1
    m = MediatorTurn(board, mediator, rounds, run.res, start, run.mediator_rng)
    trace = run.trace
    for r in range(rounds):
        if r > 0:
            if board.domain.threats:
                run.threats(r)
            if run.broke_down(r):
                return run.finish("single-text", strategies, -1, r, "breakdown", None, mediator, mediator_strategy)
        t, t_next = run.times(r)
        m.round, m.t, m.reservations = r, t, list(run.res)
        text = mediator_strategy.propose(m)
        if not (0 <= int(text) < board.n_candidates):
            raise ValueError(f"mediator {mediator.name} proposed an invalid text {text!r}")
        text = int(text)
        if record:
            trace.append(Step(r, mediator.name, "propose", text))
        yes = 0
        for i in range(n):
            s = turns[i]
            s.round, s.t, s.t_next = r, t, t_next
            s.offer, s.offer_u, s.offer_ok = text, board.u_lists[i][text], board.ok_lists[i][text]
            s.by_mediator = True
            choice = strategies[i].decide(s)
            if choice == ACCEPT:
                yes += 1
                m.votes[i] = True
                if record:
                    trace.append(Step(r, names[i], "accept", text))
            elif choice == WALK:
                if record:
                    trace.append(Step(r, names[i], "walk"))
                return run.finish("single-text", strategies, -1, r, "walked_away", i, mediator, mediator_strategy)
            else:
                choice = _check(choice, board, names[i])
                m.votes[i] = False
                m.demands[i] = board.u_lists[i][choice]
                if record:
                    trace.append(Step(r, names[i], "reject", choice))
        m.text = text
        if yes == n:
            return run.finish("single-text", strategies, text, r, "agreement", None, mediator, mediator_strategy)
        run.endure(r)
    run.threats(rounds, final=True)
    return run.finish("single-text", strategies, -1, rounds - 1, "deadline", None, mediator, mediator_strategy)


class Protocol:
    """A negotiation protocol as a plug-in: its ``name``, a ``properties`` dict and one
    method, :meth:`run` (the registry :data:`PROTOCOLS` maps names to instances; one
    contract test checks every member)."""

    name: ClassVar[str] = ""
    properties: ClassVar[dict[str, bool]] = {}

    def run(self, board: Board, strategies: Sequence[Strategy], *, mediator: MediatorProfile | None,
            mediator_strategy: MediatorStrategy | None, rounds: int, seed: int | np.random.SeedSequence,
            breakdown: float, record: bool) -> Negotiation:
        raise NotImplementedError


class AlternatingOffers(Protocol):
    """Rubinstein's alternating offers; without a direct channel a mediator relays them."""

    name = "alternating"
    properties: ClassVar[dict[str, bool]] = {"needs_mediator": False, "relayed_without_channel": True}

    def run(self, board: Board, strategies: Sequence[Strategy], *, mediator: MediatorProfile | None,
            mediator_strategy: MediatorStrategy | None, rounds: int, seed: int | np.random.SeedSequence,
            breakdown: float, record: bool) -> Negotiation:
        relay = mediator if (mediator is not None and not board.domain.channel_open) else None
        return alternating_offers(board, strategies, rounds=rounds, seed=seed, breakdown=breakdown,
                                  relay=relay, record=record)


class Ultimatum(Protocol):
    """A take-it-or-leave-it demand with a deadline."""

    name = "ultimatum"
    properties: ClassVar[dict[str, bool]] = {"needs_mediator": False, "relayed_without_channel": True}

    def run(self, board: Board, strategies: Sequence[Strategy], *, mediator: MediatorProfile | None,
            mediator_strategy: MediatorStrategy | None, rounds: int, seed: int | np.random.SeedSequence,
            breakdown: float, record: bool) -> Negotiation:
        relay = mediator if (mediator is not None and not board.domain.channel_open) else None
        return ultimatum(board, strategies, rounds=rounds, seed=seed, breakdown=breakdown, relay=relay,
                         record=record)


class SingleText(Protocol):
    """A mediator's single negotiating text, revised round by round (Raiffa 1982)."""

    name = "single-text"
    properties: ClassVar[dict[str, bool]] = {"needs_mediator": True, "relayed_without_channel": False}

    def run(self, board: Board, strategies: Sequence[Strategy], *, mediator: MediatorProfile | None,
            mediator_strategy: MediatorStrategy | None, rounds: int, seed: int | np.random.SeedSequence,
            breakdown: float, record: bool) -> Negotiation:
        d = board.domain
        if mediator is None:
            if not d.mediators:
                raise UserError("the single-text protocol needs a mediator",
                                hint="name one with --mediator (an actor of kind mediator)")
            mediator = d.mediators[0]
        from standoff.engines.simulate.mediators import NashMediator

        ms = mediator_strategy if mediator_strategy is not None else NashMediator()
        return single_text(board, strategies, mediator, ms, rounds=rounds, seed=seed, breakdown=breakdown,
                           record=record)


#: Every protocol, by name.
PROTOCOLS: dict[str, Protocol] = {cls.name: cls() for cls in (AlternatingOffers, Ultimatum, SingleText)}


def negotiate(board: Board, strategies: Sequence[Strategy], *, protocol: str = "auto", rounds: int,
              seed: int | np.random.SeedSequence = 0, breakdown: float = 0.0,
              mediator: str | None = None, mediator_strategy: MediatorStrategy | None = None,
              record: bool = True) -> Negotiation:
    """Run one negotiation, choosing the protocol as the channel allows.

    ``auto`` picks the mediated single text when a mediator is named or the parties have
    no direct channel, and alternating offers otherwise. Alternating offers without a
    direct channel need a mediator to relay them.
    """
    d = board.domain
    check_rounds(rounds)
    if not 0.0 <= breakdown < 1.0:
        raise UserError(f"breakdown risk per round must lie in [0, 1) (got {breakdown})")
    if len(strategies) != d.n_parties:
        raise UserError(
            f"{len(strategies)} strategies for {d.n_parties} parties ({', '.join(p.name for p in d.parties)})",
            hint="give one strategy per party, or one for all",
        )
    if len({id(s) for s in strategies}) != len(strategies):
        raise ValueError("each party needs its own strategy object")
    profile = d.mediator(mediator) if mediator is not None else None
    if protocol == "auto":
        protocol = "single-text" if (profile is not None or not d.channel_open) else "alternating"
    if protocol not in PROTOCOLS:
        from standoff.core.errors import did_you_mean

        raise UserError(f"unknown protocol {protocol!r}", hint=did_you_mean(protocol, PROTOCOLS))
    if profile is None and not d.channel_open:
        if not d.mediators:
            raise UserError(
                f"the parties of {d.name!r} have no direct channel and no mediator",
                hint="open a channel between them in the scenario, or add an actor of kind mediator",
            )
        profile = d.mediators[0]
    return PROTOCOLS[protocol].run(board, strategies, mediator=profile, mediator_strategy=mediator_strategy,
                                   rounds=rounds, seed=seed, breakdown=breakdown, record=record)
