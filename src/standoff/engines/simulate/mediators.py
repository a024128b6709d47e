"""Strategic mediators for the mediated single-text protocol.

A mediator here is an agent, not only a procedure: it has interests (a
:class:`~standoff.engines.simulate.domain.MediatorProfile`: its own utility over the
terms, and the value it puts on any deal: the stability it brings and the standing the
mediator gains by brokering it; Touval & Zartman 1985, *International Mediation in
Theory and Practice*) and beliefs about the parties (the utilities on the board), and it
chooses what text to put on the table each round. Each mediator strategy is a small
class with a ``properties`` dict and one method, :meth:`MediatorStrategy.propose`.

* ``nash``: puts forward the Nash bargaining solution of its beliefs (Nash 1950), over
  the parties' current reservation values; with no zone of agreement in its beliefs, the
  text that comes closest for everyone (largest smallest gain).
* ``improve``: the single negotiating text of Raiffa (1982, *The Art and Science of
  Negotiation*, ch. 14; used by the US at Camp David, 1978): starts from the status quo
  (or the worst text for everyone) and each round, if the text is rejected, replaces it by
  a Pareto improvement in its beliefs that raises everyone's utility by at most ``step``
  of their range (balanced, small steps, so that the parties can follow). Once no
  improvement is left it bridges the remaining gap: the text with the largest smallest
  margin over what each party last asked for.
* ``interested``: a mediator with a stake in the terms (Kydd 2003, "Which side are you
  on? Bias, credibility, and mediation", *American Journal of Political Science* 47(4)):
  among the texts that give every party that rejected the last text what it asked for,
  and every party that accepted it at least its reservation value (the mediator presses
  a party that said yes a little further), the one it likes best; when there is none, it
  bridges the gap like ``improve``.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from standoff.core.errors import UserError, did_you_mean
from standoff.engines.simulate.domain import (
    Board,
    MediatorProfile,
    balanced_candidate,
    nash_candidate,
)


class MediatorTurn:
    """What a mediator sees when it proposes (one object, updated in place).

    ``text`` is its previous text (``-1`` before the first), ``votes[i]`` whether party
    ``i`` accepted it, ``demands[i]`` the utility to party ``i`` of what it asked for
    instead (``None`` before it has asked for anything), ``reservations`` the parties'
    current reservation values, ``own`` the mediator's utility of every candidate.
    """

    __slots__ = (
        "board",
        "demands",
        "own",
        "profile",
        "reservations",
        "rng",
        "round",
        "rounds",
        "start",
        "t",
        "text",
        "votes",
    )

    def __init__(self, board: Board, profile: MediatorProfile, rounds: int,
                 reservations: list[float], start: int, rng: np.random.Generator | None):
        n = board.domain.n_parties
        self.board = board
        self.profile = profile
        self.rounds = rounds
        self.round = 0
        self.t = 0.0
        self.text = -1
        self.votes = [False] * n
        self.demands: list[float | None] = [None] * n
        self.reservations = reservations
        self.start = start
        self.rng = rng
        if profile.utility is None:
            self.own = np.zeros(board.n_candidates)
        else:
            self.own = np.asarray(profile.utility(board.codes), dtype=float)


def _ranges(board: Board) -> np.ndarray:
    return np.maximum(board.U.max(axis=1) - board.U.min(axis=1), 1e-12)


def _asked(s: MediatorTurn) -> list[float]:
    """What each party last asked for (its best on the board before it has asked)."""
    return [
        float(s.board.U[i].max()) if d is None else d for i, d in enumerate(s.demands)
    ]


class MediatorStrategy:
    """Base class of mediator strategies; subclasses implement :meth:`propose`."""

    name: ClassVar[str] = "mediator"
    properties: ClassVar[dict[str, Any]] = {
        "uses_own_interest": False,
        "learns_from_votes": False,
        "stochastic": False,
    }

    def __init__(self, **params: Any) -> None:
        self.params = dict(params)

    def propose(self, s: MediatorTurn) -> int:
        """Return the candidate index of the text to put on the table."""
        raise NotImplementedError

    def reset(self) -> None:
        type(self).__init__(self, **self.params)

    def clone(self) -> MediatorStrategy:
        return type(self)(**self.params)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted(self.params.items()))))


class NashMediator(MediatorStrategy):
    """Proposes the Nash point of its beliefs over the current reservations."""

    name: ClassVar[str] = "nash"
    properties: ClassVar[dict[str, Any]] = {
        "uses_own_interest": False,
        "learns_from_votes": False,
        "stochastic": False,
    }

    def __init__(self) -> None:
        super().__init__()
        self.cache: dict[tuple[float, ...], int] = {}

    def propose(self, s: MediatorTurn) -> int:
        key = tuple(s.reservations)
        if key not in self.cache:
            b = s.board
            idx = nash_candidate(b.U, b.ok, s.reservations)
            if idx is None:
                idx = balanced_candidate(b.U, b.ok, s.reservations, _ranges(b))
            self.cache[key] = idx
        return self.cache[key]


class SingleTextImprover(MediatorStrategy):
    """Raiffa's single negotiating text, improved in balanced steps (module docstring)."""

    name: ClassVar[str] = "improve"
    properties: ClassVar[dict[str, Any]] = {
        "uses_own_interest": False,
        "learns_from_votes": True,
        "stochastic": False,
    }

    def __init__(self, step: float = 0.1) -> None:
        super().__init__(step=float(step))

    def propose(self, s: MediatorTurn) -> int:
        b = s.board
        if s.text < 0:
            if s.start >= 0:
                return s.start
            total = (b.U / _ranges(b).reshape(-1, 1)).sum(axis=0)
            total = np.where(b.ok.all(axis=0), total, np.inf)
            if not np.isfinite(total).any():
                total = (b.U / _ranges(b).reshape(-1, 1)).sum(axis=0)
            return int(np.argmin(total))
        if all(s.votes):
            return s.text
        gains = (b.U - b.U[:, [s.text]]) / _ranges(b).reshape(-1, 1)
        better = b.ok.all(axis=0) & (gains >= 0).all(axis=0) & (gains > 0).any(axis=0)
        if better.any():
            small = better & (gains.max(axis=0) <= self.params["step"])
            pool = np.flatnonzero(small if small.any() else better)
            score = gains[:, pool].min(axis=0)
            top = pool[score == score.max()]
            return int(top[np.argmax(gains[:, top].sum(axis=0))])
        return balanced_candidate(b.U, b.ok, _asked(s), _ranges(b))


class InterestedMediator(MediatorStrategy):
    """Among texts meeting the parties' demands, the one it likes best (module docstring)."""

    name: ClassVar[str] = "interested"
    properties: ClassVar[dict[str, Any]] = {
        "uses_own_interest": True,
        "learns_from_votes": True,
        "stochastic": False,
    }

    def propose(self, s: MediatorTurn) -> int:
        b = s.board
        asked = _asked(s)
        # a party that accepted the last text is pressed down toward its reservation;
        # one that rejected it gets at least what it asked for
        floor = np.array([
            s.reservations[i] if (s.text >= 0 and s.votes[i]) else max(asked[i], s.reservations[i])
            for i in range(len(asked))
        ]).reshape(-1, 1)
        meets = b.ok.all(axis=0) & (floor <= b.U).all(axis=0)
        if meets.any():
            pool = np.flatnonzero(meets)
            top = pool[s.own[pool] == s.own[pool].max()]
            return int(top[np.argmax(b.U[:, top].sum(axis=0))])
        return balanced_candidate(b.U, b.ok, asked, _ranges(b))


MEDIATOR_STRATEGIES: dict[str, type[MediatorStrategy]] = {
    cls.name: cls for cls in (NashMediator, SingleTextImprover, InterestedMediator)
}


def make_mediator_strategy(name: str) -> MediatorStrategy:
    """A fresh mediator strategy by name."""
    key = name.strip().lower()
    if key not in MEDIATOR_STRATEGIES:
        raise UserError(
            f"unknown mediator strategy {name!r}", hint=did_you_mean(key, MEDIATOR_STRATEGIES)
        )
    return MEDIATOR_STRATEGIES[key]()
