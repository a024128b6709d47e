"""One simulated negotiation, from names to a typed result.

:func:`simulate` resolves the strategy and mediator names, prepares the board, runs the
protocol and turns the engine record into a
:class:`~standoff.results.simulate.SimulationResult` with offers in words. The distance
to the Nash point is measured in utility space (Euclidean), as in the ANAC and NegMAS
tournament statistics (Baarslag et al. 2015), from the Nash bargaining solution computed
by the bargain engine over the parties' reservation values when the talks open
(:func:`standoff.engines.bargain.nash.nash_solution`: exact where its cost estimate
allows, otherwise found by optimisation with a bound, and then the result says so); a
negotiation without a deal is measured from the reservation point. The Nash point is
computed once per domain (a figure reported, never acted on, must not cost more than the
negotiations).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Sequence

import numpy as np

from standoff.core.errors import UserError
from standoff.engines.simulate.domain import Board, Domain, Information, prepare
from standoff.engines.simulate.mediators import make_mediator_strategy
from standoff.engines.simulate.protocols import Negotiation, check_rounds, negotiate
from standoff.engines.simulate.strategies import make_strategy
from standoff.results.simulate import SimulationResult, TraceEntry

#: Nash points already computed, per domain object: (utilities or None, exact, log gap).
_NASH: weakref.WeakKeyDictionary[Domain, tuple[list[float] | None, bool, float]] = weakref.WeakKeyDictionary()


def _nash(domain: Domain) -> tuple[list[float] | None, bool, float]:
    got = _NASH.get(domain)
    if got is None:
        from standoff.engines.bargain import NoFeasibleOutcome
        from standoff.engines.bargain.nash import nash_solution

        try:
            sol = nash_solution(domain.space, [p.utility for p in domain.parties],
                                [p.reservation for p in domain.parties])
        except NoFeasibleOutcome:
            sol = None
        got = (None, True, 0.0) if sol is None else ([float(x) for x in sol.utilities], sol.exact, sol.log_gap)
        _NASH[domain] = got
    return got


def nash_reference(board: Board) -> list[float] | None:
    """The parties' utilities at the Nash point (computed once per domain), ``None`` when
    no outcome beats every reservation value or the domain does not measure it
    (``Domain.measure_nash``)."""
    if "nash" in board.cache:
        return board.cache["nash"]  # type: ignore[return-value]
    if not board.domain.measure_nash:
        board.cache["nash"] = None
        return None
    value, exact, gap = _nash(board.domain)
    board.cache["nash"] = value
    board.cache["nash_exact"] = exact
    board.cache["nash_log_gap"] = gap
    return value


def nash_distance(board: Board, neg: Negotiation) -> float | None:
    ref = nash_reference(board)
    if ref is None:
        return None
    point = neg.utilities if neg.agreed else [p.reservation for p in board.domain.parties]
    return float(math.dist(point, ref))


def ending(domain: Domain, neg: Negotiation, board: Board) -> str:
    """The ending in the common vocabulary: a deal that meets the challenger's demand on
    every issue it named is a capitulation; no deal after a threat was carried out is an
    escalation; any other failure is a stalemate."""
    if neg.agreed:
        if domain.demand is not None and domain.demand_issues:
            codes = board.codes[neg.agreement]
            if all(codes[i] == domain.demand[i] for i in domain.demand_issues):
                return "capitulation"
        return "deal"
    return "escalation" if neg.threats_carried_out else "stalemate"


def resolve_strategies(names: Sequence[str], n_parties: int) -> list[str]:
    """One strategy name per party (a single name is used for every party)."""
    names = list(names)
    if len(names) == 1:
        names = names * n_parties
    if len(names) != n_parties:
        raise UserError(
            f"{len(names)} strategies for {n_parties} parties",
            hint="give one strategy per party (comma-separated), or one for all",
        )
    for n in names:
        make_strategy(n)
    return names


def simulate(domain: Domain, strategies: Sequence[str], *, protocol: str = "auto",
             mediator: str | None = None, mediator_strategy: str = "nash", rounds: int | None = None,
             seed: int = 0, breakdown: float = 0.0, information: Information = "complete",
             board: Board | None = None) -> SimulationResult:
    """Simulate one negotiation on ``domain`` and describe it (module docstring)."""
    names = resolve_strategies(strategies, domain.n_parties)
    ms = make_mediator_strategy(mediator_strategy)
    n_rounds = check_rounds(domain.default_rounds if rounds is None else rounds)
    b = board if board is not None else prepare(domain, information)
    neg = negotiate(b, [make_strategy(n) for n in names], protocol=protocol, rounds=n_rounds, seed=seed,
                    breakdown=breakdown, mediator=mediator, mediator_strategy=ms, record=True)
    return to_result(b, neg, seed=seed, information=information)


def _by(parties: Sequence[str], values: Sequence[float] | np.ndarray) -> dict[str, float]:
    """Values in party order -> keyed by party."""
    return {p: float(x) for p, x in zip(parties, values, strict=True)}


def _words(board: Board, idx: int) -> dict[str, str]:
    return board.domain.space.decode(board.codes[idx])


def to_result(board: Board, neg: Negotiation, *, seed: int, information: str) -> SimulationResult:
    d = board.domain
    names = list(neg.parties)
    trace: list[TraceEntry] = []
    for st in neg.trace:
        offer = _words(board, st.offer) if st.offer >= 0 else None
        utils = {p: float(board.U[i, st.offer]) for i, p in enumerate(names)} if st.offer >= 0 else None
        costs = dict(zip(names, (float(c) for c in st.costs), strict=True)) if st.costs else None
        trace.append(TraceEntry(round=st.round, actor=st.actor, action=st.action, offer=offer,
                                utilities=utils, via=st.via, costs=costs, note=st.label))
    nash = nash_reference(board)
    notes = list(d.notes)
    if not board.exhaustive:
        notes.append(f"offers drawn from a sample of {board.n_candidates:,} of {board.n_outcomes:,} outcomes")
    if board.menu == "supported":
        notes.append("offer menus hold packages that maximise weighted sums of the parties' utilities (Pareto-"
                     "optimal over the whole space; filtering every candidate would take too long)")
    elif board.menu == "pareto_subsample":
        notes.append("offer menus hold the Pareto-optimal packages of a subsample of the candidates (filtering "
                     "every candidate would take too long)")
    if nash is not None and not board.cache.get("nash_exact", True):
        ratio = math.exp(float(board.cache.get("nash_log_gap", 0.0)))  # type: ignore[arg-type]
        notes.append(f"the Nash point is found by optimisation (the best Nash product is at most {ratio:.4g} times "
                     "the one found), so the distance to it is approximate")
    if neg.protocol != "single-text" and neg.mediator is not None:
        notes.append(f"no direct channel: offers relayed by {neg.mediator}")
    return SimulationResult(
        domain=d.name,
        protocol=neg.protocol,
        information=information,
        parties=names,
        strategies=list(neg.strategies),
        mediator=neg.mediator,
        mediator_strategy=neg.mediator_strategy,
        seed=seed,
        max_rounds=neg.rounds,
        agreement=neg.agreed,
        outcome=_words(board, neg.agreement) if neg.agreed else None,
        rounds=neg.rounds_used,
        reason=neg.reason,
        ending=ending(d, neg, board),
        walked_away=names[neg.walker] if neg.walker is not None else None,
        utilities=_by(names, neg.utilities),
        payoffs=_by(names, neg.payoffs),
        reservations=_by(names, neg.reservations),
        pressure_paid=_by(names, neg.paid),
        threats_carried_out=list(neg.threats_carried_out),
        acceptable={p: bool(a) for p, a in zip(names, neg.acceptable, strict=True)},
        mediator_payoff=neg.mediator_payoff,
        nash_utilities=None if nash is None else _by(names, nash),
        nash_distance=nash_distance(board, neg),
        welfare=float(np.sum(neg.utilities)) if neg.agreed else float(np.sum(neg.reservations)),
        trace=trace,
        notes=notes,
    )
