"""The negotiation domain of a simulation, and the boards (offer menus) built from it.

A :class:`Domain` is what the protocols need, as plain numbers: the outcome space, one
utility per party, what walking away is worth to each party when the talks open
(its reservation value), the pressure cost each party bears per round while the talks
go on, threats that may be carried out on a deadline, and the mediators available.
:mod:`standoff.engines.simulate.mapping` builds it from a scenario or a GENIUS domain.

A :class:`Board` is the domain prepared for fast play. Outcomes are enumerated once
(or sampled when the space is too large, see :data:`SAMPLE_ABOVE`), every party's
utility of every candidate is computed once with numpy, and each party gets a *menu*:
the candidates it may offer, sorted by its own utility, so that a time-based strategy
finds the offer at an aspiration level by bisection (O(log n) per round) instead of
scanning every outcome in Python, as NegMAS's aspiration negotiators do by presorting
(Mohammad 2021, NegMAS documentation, "presort"). Two information regimes:

* ``complete``: the parties know each other's utilities (the scenario is the analyst's
  common model of the case). Menus hold the Pareto-optimal candidates among the
  outcomes that cross no party's red line; conceding then walks down the frontier, the
  "efficient concession" of Raiffa (1982, *The Art and Science of Negotiation*, ch. 11).
  If no outcome crosses no red line, each party's menu falls back to its own acceptable
  outcomes.
* ``private``: each party knows only its own utility (the ANAC setting, Baarslag et al.
  2015, "The Automated Negotiating Agents Competition, 2010-2015"). Menus hold every
  candidate acceptable to the party, sorted by its own utility.

**Cost before work** (:func:`prepare_cost`). A board holds ``candidates x parties``
utilities: spaces are enumerated only while that stays within :data:`ENUMERATE_CELLS`
(one million outcomes for two or three parties, as before), and larger ones are sampled,
:data:`SAMPLE_SIZE` outcomes for up to three parties and fewer beyond
(:data:`SAMPLE_CELLS` utilities in all, at least :data:`SAMPLE_MIN` outcomes). The Pareto
filter of the complete-information menus costs about ``candidates x frontier x parties``
comparisons, and with many parties almost every candidate is Pareto-optimal among the
others: its cost is estimated from a pilot of the candidates (the growth law of
:mod:`standoff.engines.bargain.cost`) and the filter runs only within
:data:`MENU_FILTER_BUDGET` (under a guard). Beyond it the menus are made of **supported
Pareto-optimal packages** (``menu = "supported"``): the maximisers of
:data:`SUPPORTED_WEIGHTS` random positive weightings of the parties' utilities, found
issue by issue for additive utilities; each is Pareto-optimal over the whole space, not
only among the candidates, but packages on non-convex stretches of the frontier are not
among them (the result says so). Utilities without additive structure fall back to the
exact filter of the largest subsample of candidates the budget allows
(``menu = "pareto_subsample"``).
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from standoff.core.errors import UserError
from standoff.core.pareto import WorkBudgetExceeded, pareto_indices, pareto_within
from standoff.core.space import OutcomeSpace
from standoff.core.utility import AdditiveUtility, UtilityLike

#: Spaces with more outcomes than this are sampled for play, not enumerated (a menu of
#: a million candidates is already more than any strategy can walk in 100 rounds).
SAMPLE_ABOVE = 1_000_000
#: Size of the sample drawn from larger spaces (plus every party's best outcome).
SAMPLE_SIZE = 200_000
#: Utilities (outcomes x parties) an enumerated board may hold.
ENUMERATE_CELLS = 3_000_000
#: Utilities a sampled board holds (the sample shrinks beyond three parties) ...
SAMPLE_CELLS = 600_000
#: ... but it never has fewer outcomes than this.
SAMPLE_MIN = 20_000
#: Estimated comparisons the exact Pareto filter of the menus may take (about 1 s here).
MENU_FILTER_BUDGET = 1.0e8
#: The filter stops when its counted work passes this multiple of the budget.
MENU_GUARD = 5.0
#: Random weightings whose maximisers make the menus when the exact filter is too costly.
SUPPORTED_WEIGHTS = 2048
#: Candidates in the pilot that measures how fast the menus' frontier grows.
MENU_PILOT = 1024

Menus = Literal["pareto", "supported", "pareto_subsample", "own"]

Information = Literal["complete", "private"]


@dataclass(frozen=True, eq=False)
class Party:
    """One negotiating party, in the numbers the protocols use.

    ``reservation`` is the value of walking away when the talks open, in the units of
    ``utility``; ``cost_per_round`` the pressure cost it bears each round while the talks
    go on without a deal; ``discount`` its discount factor per round.
    """

    name: str
    utility: UtilityLike
    reservation: float
    cost_per_round: float = 0.0
    discount: float = 1.0


@dataclass(frozen=True)
class Threat:
    """A threat carried out, with probability ``probability``, at the start of round
    ``round`` if there is no deal by then. Once carried out, each party's pressure cost
    per round rises by ``extra_cost[i]`` and its reservation becomes
    ``reservation_after[i]`` (the no-deal value with the instrument in force)."""

    label: str
    round: int
    probability: float
    imposer: int | None
    target: int
    extra_cost: tuple[float, ...]
    reservation_after: tuple[float, ...]


@dataclass(frozen=True, eq=False)
class MediatorProfile:
    """A mediator as an agent with interests (Touval & Zartman 1985, *International
    Mediation in Theory and Practice*): its own utility over outcomes (``None`` when it
    has no stake in the terms) and the value it puts on any deal being reached (the
    stability it brings and the standing the mediator gains by brokering it)."""

    name: str
    utility: UtilityLike | None = None
    deal_value: float = 1.0


@dataclass(frozen=True, eq=False)
class Domain:
    """Everything a protocol needs, as arrays and numbers (see the module docstring).

    ``channel_open`` is False when the parties cannot talk directly (all communication
    goes through a mediator). ``demand`` is the challenger's demand (codes) used by the
    ultimatum protocol, ``demand_issues`` the issues its package names (an agreement
    meeting the demand there is a capitulation); ``status_quo`` a starting text for the single-text mediator.
    """

    name: str
    space: OutcomeSpace
    parties: tuple[Party, ...]
    threats: tuple[Threat, ...] = ()
    mediators: tuple[MediatorProfile, ...] = ()
    channel_open: bool = True
    challenger: int = 0
    demand: np.ndarray | None = None
    demand_issues: tuple[int, ...] = ()
    status_quo: np.ndarray | None = None
    default_rounds: int = 100
    period: str = "round"
    notes: tuple[str, ...] = ()
    #: Whether negotiations on this domain measure their distance to the Nash point (a
    #: figure reported, never acted on: callers that do not report it turn it off).
    measure_nash: bool = True

    def __post_init__(self) -> None:
        if len(self.parties) < 2:
            raise UserError(
                f"domain {self.name!r} has {len(self.parties)} party: a negotiation needs at least two",
                hint="name two or more parties (a GENIUS folder needs two or more profiles)",
            )

    @property
    def n_parties(self) -> int:
        return len(self.parties)

    def mediator(self, name: str) -> MediatorProfile:
        for m in self.mediators:
            if m.name == name:
                return m
        from standoff.core.errors import did_you_mean

        raise UserError(
            f"{name!r} is not a mediator of {self.name!r}",
            hint=did_you_mean(name, [m.name for m in self.mediators])
            if self.mediators
            else "this domain names no actor of kind mediator",
        )


class Menu:
    """One party's offers: candidate indices sorted by its own utility (ascending), with
    those utilities as a Python list for :mod:`bisect`. ``best`` and ``worst`` are the
    extreme utilities on the menu (minus infinity for an empty menu)."""

    __slots__ = ("asc_idx", "asc_u", "best", "empty", "worst")

    def __init__(self, asc_u: list[float], asc_idx: list[int]):
        self.asc_u = asc_u
        self.asc_idx = asc_idx
        self.empty = not asc_idx
        self.best = asc_u[-1] if asc_u else -np.inf
        self.worst = asc_u[0] if asc_u else -np.inf


@dataclass
class Board:
    """A domain prepared for play: candidates, utilities and menus (module docstring)."""

    domain: Domain
    information: Information
    codes: np.ndarray  # (n_candidates, n_issues)
    U: np.ndarray  # (n_parties, n_candidates) utilities
    ok: np.ndarray  # (n_parties, n_candidates) crosses no red line of the party
    u_lists: list[list[float]]
    ok_lists: list[list[bool]]
    menus: list[Menu]
    exhaustive: bool
    n_outcomes: int
    menu: Menus = "pareto"
    shared_lists: bool = field(default=False, repr=False)  # lists shared with other boards: copy before appending
    index_of: dict[bytes, int] = field(default_factory=dict, repr=False)
    cache: dict[str, object] = field(default_factory=dict, repr=False)

    @property
    def n_candidates(self) -> int:
        return int(self.codes.shape[0])

    def find(self, codes: np.ndarray) -> int:
        """Candidate index of an outcome, adding it to the board if it was not sampled."""
        key = np.asarray(codes, dtype=np.int64).tobytes()
        if not self.index_of:
            self.index_of.update({row.tobytes(): i for i, row in enumerate(self.codes)})
        if key in self.index_of:
            return self.index_of[key]
        row = np.asarray(codes, dtype=np.int64).reshape(1, -1)
        self.codes = np.vstack([self.codes, row])
        u = np.array([[float(p.utility(row)[0])] for p in self.domain.parties])
        ok = np.array([[bool(p.utility.acceptable(row)[0])] for p in self.domain.parties])
        self.U = np.hstack([self.U, u])
        self.ok = np.hstack([self.ok, ok])
        if self.shared_lists:
            self.u_lists = [list(x) for x in self.u_lists]
            self.ok_lists = [list(x) for x in self.ok_lists]
            self.shared_lists = False
        for i in range(self.domain.n_parties):
            self.u_lists[i].append(float(u[i, 0]))
            self.ok_lists[i].append(bool(ok[i, 0]))
        idx = self.n_candidates - 1
        self.index_of[key] = idx
        return idx


@dataclass(frozen=True)
class PrepareCost:
    """What a board will cost, estimated before it is built (module docstring)."""

    outcomes: int
    parties: int
    candidates: int
    exhaustive: bool
    cells: int


def prepare_cost(domain: Domain) -> PrepareCost:
    """The candidates a board will hold and the utilities it will compute."""
    n, N = domain.space.n_outcomes, domain.n_parties
    if n <= SAMPLE_ABOVE and n * N <= ENUMERATE_CELLS:
        return PrepareCost(n, N, n, True, n * N)
    size = sample_size(N)
    return PrepareCost(n, N, size + N, False, (size + N) * N)


def sample_size(parties: int) -> int:
    """Outcomes sampled from a space too large to enumerate (module docstring)."""
    return int(min(SAMPLE_SIZE, max(SAMPLE_MIN, SAMPLE_CELLS // max(parties, 1))))


def _unique_rows(rows: np.ndarray, sizes: Sequence[int]) -> np.ndarray:
    """The distinct rows, sorted (as ``np.unique(rows, axis=0)``), by their flat index
    when the space fits 63 bits."""
    if math.prod(sizes) < 2**62:
        strides = np.cumprod([1, *sizes[:0:-1]])[::-1].astype(np.int64)
        _, first = np.unique(rows @ strides, return_index=True)
        return np.ascontiguousarray(rows[first], dtype=np.int64)
    return np.unique(rows, axis=0)


def _candidates(domain: Domain, seed: int) -> tuple[np.ndarray, bool]:
    space = domain.space
    cost = prepare_cost(domain)
    if cost.exhaustive:
        return space.enumerate(), True
    rng = np.random.default_rng(seed)
    size = sample_size(domain.n_parties)
    sample = np.stack([rng.integers(0, s, size=size) for s in space.sizes], axis=1)
    extra = [_best_codes(space, p.utility) for p in domain.parties]
    rows = np.vstack([sample, *[e.reshape(1, -1) for e in extra if e is not None]])
    return _unique_rows(rows, space.sizes), False


def _best_codes(space: OutcomeSpace, utility: UtilityLike) -> np.ndarray | None:
    contrib = getattr(utility, "contributions", None)
    interactions = getattr(utility, "interactions", ())
    if contrib is None or interactions:
        return None
    allowed = utility.allowed()  # type: ignore[attr-defined]
    out = []
    for c, a in zip(contrib(), allowed, strict=True):
        masked = np.where(a, c, -np.inf)
        out.append(int(np.argmax(masked)))
    return np.array(out, dtype=np.int64)


def _menu(U_i: np.ndarray, members: np.ndarray) -> Menu:
    order = members[np.argsort(U_i[members], kind="stable")]
    return Menu(asc_u=U_i[order].tolist(), asc_idx=order.tolist())


def supported_codes(domain: Domain, seed: int = 0, weights: int = SUPPORTED_WEIGHTS) -> np.ndarray | None:
    """Packages maximising random positive weightings of the parties' utilities among the
    packages no party's red line excludes (each Pareto-optimal over the whole space), and
    each party's best such package; ``None`` when the utilities are not additive or the red
    lines leave no package."""
    from standoff.engines.bargain.factors import (
        NoFeasibleOutcome,
        TooLargeForExact,
        assemble,
        make_factors,
    )

    utils = [p.utility for p in domain.parties]
    if not all(isinstance(u, AdditiveUtility) for u in utils):
        return None
    try:
        factors = make_factors(domain.space, utils)
    except (NoFeasibleOutcome, TooLargeForExact):
        return None
    N = domain.n_parties
    rng = np.random.default_rng(seed)
    lam = np.vstack([rng.dirichlet(np.ones(N), size=weights), np.full((1, N), 1.0 / N),
                     np.eye(N) + 1e-6]) + 1e-12
    rows = np.stack([np.argmax(f.utils @ lam.T, axis=0) for f in factors], axis=1)
    codes = assemble(factors, rows, domain.space.n_issues)
    return _unique_rows(codes, domain.space.sizes)


def _extend(codes: np.ndarray, extra: np.ndarray, domain: Domain) -> tuple[np.ndarray, np.ndarray]:
    """Candidates with ``extra`` packages added where missing, and the indices of ``extra``."""
    sizes = domain.space.sizes
    if math.prod(sizes) < 2**62:
        have = np.ravel_multi_index(tuple(codes.T), sizes)
        want = np.ravel_multi_index(tuple(extra.T), sizes)
        order = np.argsort(have)
        pos = np.searchsorted(have, want, sorter=order)
        pos = np.minimum(pos, have.size - 1)
        found = have[order[pos]] == want
        new = extra[~found]
        idx = np.empty(extra.shape[0], dtype=np.int64)
        idx[found] = order[pos[found]]
        idx[~found] = codes.shape[0] + np.arange(new.shape[0])
        return np.vstack([codes, new]), idx
    index = {row.tobytes(): i for i, row in enumerate(codes)}
    idx = np.empty(extra.shape[0], dtype=np.int64)
    new_rows: list[np.ndarray] = []
    for k, row in enumerate(extra):
        key = row.tobytes()
        if key not in index:
            index[key] = codes.shape[0] + len(new_rows)
            new_rows.append(row)
        idx[k] = index[key]
    return (np.vstack([codes, *new_rows]) if new_rows else codes), idx


def _menu_plan(domain: Domain, codes: np.ndarray, seed: int) -> Menus:
    """``pareto`` when the exact filter of the candidates fits the budget (estimated from
    a pilot of them), else ``supported`` (or ``pareto_subsample`` without additive utilities)."""
    from standoff.core.pareto import pareto_work
    from standoff.engines.bargain.cost import expected_frontier

    N = domain.n_parties
    n = codes.shape[0]
    if N <= 2 or n <= MENU_PILOT:
        return "pareto"
    pick = np.random.default_rng(seed).choice(n, size=MENU_PILOT, replace=False)
    rows = codes[np.sort(pick)]
    U = np.vstack([np.asarray(p.utility(rows), dtype=float) for p in domain.parties])
    ok = np.vstack([np.asarray(p.utility.acceptable(rows), dtype=bool) for p in domain.parties]).all(axis=0)
    if not ok.any():
        return "pareto"
    joint = n * ok.mean()
    front = expected_frontier(joint, N, int(ok.sum()), int(pareto_indices(U[:, ok].T).shape[0]))
    if pareto_work(int(joint), front, N) <= MENU_FILTER_BUDGET:
        return "pareto"
    return "supported" if all(isinstance(p.utility, AdditiveUtility) for p in domain.parties) else "pareto_subsample"


@dataclass(frozen=True)
class _Prepared:
    codes: np.ndarray
    U: np.ndarray
    ok: np.ndarray
    menus: tuple[Menu, ...]
    exhaustive: bool
    menu: Menus
    u_lists: tuple[list[float], ...]
    ok_lists: tuple[list[bool], ...]


#: Boards already built: their arrays, lists and menus, never mutated (a board's ``find``
#: rebinds its arrays and copies the lists before appending to them), keyed by what they
#: depend on -- the space, the parties' utilities, the regime and the sample seed -- so the
#: negotiations of Monte Carlo draws that share their utilities share one board.
_PREPARED: OrderedDict[object, _Prepared] = OrderedDict()
#: Boards kept (least recently used first out).
PREPARED_KEEP = 8


def _fingerprint(domain: Domain, information: str, seed: int) -> object:
    """What a board depends on, as a hashable key (utilities by content when additive,
    else by identity)."""
    limits = (SAMPLE_ABOVE, SAMPLE_SIZE, ENUMERATE_CELLS, SAMPLE_CELLS, SAMPLE_MIN, MENU_FILTER_BUDGET, MENU_GUARD,
              SUPPORTED_WEIGHTS, MENU_PILOT)
    parts: list[object] = [domain.space.sizes, information, seed, limits]
    for p in domain.parties:
        u = p.utility
        if isinstance(u, AdditiveUtility):
            h = hashlib.sha1()
            for a in (u.weights, *u.values, *u.offsets, *u.forbidden):
                h.update(np.ascontiguousarray(a).tobytes())
                h.update(b"|")
            for it in u.interactions:
                h.update(f"{it.i},{it.j}".encode())
                h.update(np.ascontiguousarray(it.table).tobytes())
            parts.append(h.hexdigest())
        else:
            parts.append(("id", id(u)))
    return tuple(parts)


def prepare(domain: Domain, information: Information = "complete", *, sample_seed: int = 0) -> Board:
    """Enumerate (or sample) the outcomes and build every party's menu (module docstring).
    The arrays and menus are built once per space, utilities, regime and seed; every call
    returns a fresh board over them (the same board a first call would give)."""
    if information not in ("complete", "private"):
        raise UserError(f"unknown information regime {information!r}", hint="complete or private")
    key = _fingerprint(domain, information, sample_seed)
    got = _PREPARED.get(key)
    if got is None:
        got = _build(domain, information, sample_seed)
        _PREPARED[key] = got
        while len(_PREPARED) > PREPARED_KEEP:
            _PREPARED.popitem(last=False)
    else:
        _PREPARED.move_to_end(key)
    return Board(
        domain=domain,
        information=information,
        codes=got.codes,
        U=got.U,
        ok=got.ok,
        u_lists=list(got.u_lists),
        ok_lists=list(got.ok_lists),
        menus=list(got.menus),
        exhaustive=got.exhaustive,
        n_outcomes=domain.space.n_outcomes,
        menu=got.menu,
        shared_lists=True,
    )


def _build(domain: Domain, information: Information, sample_seed: int) -> _Prepared:
    codes, exhaustive = _candidates(domain, sample_seed)
    plan: Menus = _menu_plan(domain, codes, sample_seed) if information == "complete" else "own"
    support: np.ndarray | None = None
    if plan == "supported":
        extra = supported_codes(domain, sample_seed)
        if extra is None:
            plan = "pareto_subsample"
        else:
            codes, support = _extend(codes, extra, domain)
    U = np.vstack([np.asarray(p.utility(codes), dtype=float) for p in domain.parties])
    ok = np.vstack([np.asarray(p.utility.acceptable(codes), dtype=bool) for p in domain.parties])
    menus: list[Menu] = []
    joint = np.flatnonzero(ok.all(axis=0))
    if information == "complete" and joint.size:
        if plan == "pareto":
            try:
                front = joint[pareto_within(U[:, joint].T, MENU_GUARD * MENU_FILTER_BUDGET)]
            except WorkBudgetExceeded:
                plan = "pareto_subsample"
        if plan == "supported" and support is not None:
            front = np.unique(support[ok[:, support].all(axis=0)])
        elif plan == "pareto_subsample":
            keep = max(MENU_PILOT, int(math.sqrt(MENU_FILTER_BUDGET / domain.n_parties)))
            sub = joint if joint.size <= keep else np.sort(
                np.random.default_rng(sample_seed).choice(joint, size=keep, replace=False))
            front = sub[pareto_indices(U[:, sub].T)]
        menus = [_menu(U[i], front) for i in range(domain.n_parties)]
    else:
        plan = "own"
        menus = [_menu(U[i], np.flatnonzero(ok[i])) for i in range(domain.n_parties)]
    for a in (codes, U, ok):
        a.setflags(write=False)
    return _Prepared(codes, U, ok, tuple(menus), exhaustive, plan, tuple(row.tolist() for row in U),
                     tuple(row.tolist() for row in ok))


def nash_candidate(U: np.ndarray, ok: np.ndarray, reservations: Sequence[float]) -> int | None:
    """Index of the candidate maximising the Nash product of gains over the reservations
    (Nash 1950, "The bargaining problem", *Econometrica* 18(2)) among candidates that no
    party's red line excludes and that give every party at least its reservation; ``None``
    when there is no such candidate (no zone of agreement on the board)."""
    r = np.asarray(reservations, dtype=float).reshape(-1, 1)
    gains = U - r
    feasible = ok.all(axis=0) & (gains >= 0).all(axis=0)
    if not feasible.any():
        return None
    idx = np.flatnonzero(feasible)
    # log of the product, with ties broken by the sum of gains
    with np.errstate(divide="ignore"):
        logp = np.log(gains[:, idx]).sum(axis=0)
    best = np.flatnonzero(logp == logp.max())
    if best.size > 1:
        best = best[np.argmax(gains[:, idx[best]].sum(axis=0))].reshape(1)
    return int(idx[best[0]])


def balanced_candidate(U: np.ndarray, ok: np.ndarray, reference: Sequence[float] | np.ndarray,
                       scale: Sequence[float] | np.ndarray) -> int:
    """Candidate maximising the smallest gain over ``reference``, each party's gain divided
    by ``scale`` (its utility range): the egalitarian step of Kalai (1977, "Proportional
    solutions to bargaining situations", *Econometrica* 45(7)); ties broken by the sum."""
    ref = np.asarray(reference, dtype=float).reshape(-1, 1)
    sc = np.maximum(np.asarray(scale, dtype=float).reshape(-1, 1), 1e-12)
    g = (U - ref) / sc
    score = np.where(ok.all(axis=0), g.min(axis=0), -np.inf)
    if not np.isfinite(score).any():
        score = g.min(axis=0)
    top = np.flatnonzero(score == score.max())
    return int(top[np.argmax(g[:, top].sum(axis=0))])
