"""The compiled case: a scenario as frozen arrays with a leading draws axis.

Every per-draw array has a leading axis of length ``D`` (the Monte Carlo draws), or of
length 1 where the quantity does not vary (it broadcasts against the others). ``D = 1``
is the nominal case: every number at its fixed value or its distribution's mean.
Engines read these arrays; none of them re-reads the scenario file.

Structure that does not vary by draw -- the outcome space, which options a red line
closes, which package is the demand -- is fixed at compile time from nominal values.
:meth:`Case.at` cuts one draw out as a nominal-shaped case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np

from standoff.core.endings import Outcome
from standoff.core.nodeal import NoDealValue
from standoff.core.space import OutcomeSpace
from standoff.core.stakeholders import Stakeholders
from standoff.core.utility import AdditiveUtility, Interaction, acceptable

Array = np.ndarray


def take(a: Array, d: int) -> Array:
    """Draw ``d`` of an array with a leading draws axis (an axis of length 1 broadcasts)."""
    return a[0:1] if a.shape[0] == 1 else a[d : d + 1]


def _cut(obj: Any, idx: np.ndarray) -> Any:
    """Every per-draw array of a (nested) case part cut to the draws ``idx`` (an array of
    length 1 broadcasts, so it stays as it is)."""
    if isinstance(obj, np.ndarray):
        return obj if obj.shape[0] == 1 else obj[idx]
    if isinstance(obj, tuple):
        return tuple(_cut(x, idx) for x in obj)
    if isinstance(obj, dict):
        return {k: _cut(v, idx) for k, v in obj.items()}
    if hasattr(obj, "__dataclass_fields__") and getattr(obj, "PER_DRAW", True):
        changes = {f.name: _cut(getattr(obj, f.name), idx) for f in fields(obj) if f.name not in obj.STRUCTURAL}
        return replace(obj, **changes)
    return obj


class Part:
    """Base of the case's parts: ``STRUCTURAL`` names the fields that do not vary by draw."""

    STRUCTURAL: tuple[str, ...] = ()
    PER_DRAW = True


# ----------------------------------------------------------------------- actors
@dataclass(frozen=True, eq=False)
class Actors(Part):
    """Every actor: ids, display names and kinds (fixed), capability per draw."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    kinds: tuple[str, ...]
    capability: dict[str, Array]
    STRUCTURAL = ("ids", "names", "kinds")

    def index(self, actor: str) -> int:
        return self.ids.index(actor)

    def name(self, actor: str) -> str:
        return self.names[self.ids.index(actor)]

    def kind(self, actor: str) -> str:
        return self.kinds[self.ids.index(actor)]


# ------------------------------------------------------------------- utilities
@dataclass(frozen=True, eq=False)
class Lock(Part):
    """Options closed to an actor, and why: its own red line (``source = "red_line"``)
    or an instrument in force (``source`` = the instrument's id). ``p_hold`` is the
    chance the lock still holds at the horizon (per draw); ``path`` where it is written
    in the file."""

    actor: str
    issue: int
    options: tuple[int, ...]
    source: str
    reason: str
    p_hold: Array
    path: str = ""
    STRUCTURAL = ("actor", "issue", "options", "source", "reason", "path")


@dataclass(frozen=True, eq=False)
class PairTable(Part):
    """A pairwise utility term between issues ``i`` and ``j``: ``table`` of shape
    ``(D or 1, K_i, K_j)``."""

    i: int
    j: int
    table: Array
    STRUCTURAL = ("i", "j")


@dataclass(frozen=True, eq=False)
class UtilityDraws(Part):
    """One actor's additive utility over the draws.

    ``u(o) = sum_i (weights[i][:, None] * values[i][:, o_i] + offsets[i][:, o_i]) + sum pairs``;
    ``weights[i]`` has shape ``(D or 1,)``, ``values[i]`` and ``offsets[i]`` ``(D or 1, K_i)``.
    ``offsets`` hold residual costs of instruments confined to one issue; residual costs
    that depend on two issues (legal exposure that bites only out of office and without
    amnesty) are pair terms. ``forbidden[i]`` marks options the actor's locks close
    (every lock holding).
    """

    actor: str
    weights: tuple[Array, ...]
    values: tuple[Array, ...]
    offsets: tuple[Array, ...]
    pairs: tuple[PairTable, ...]
    forbidden: tuple[Array, ...]
    STRUCTURAL = ("actor", "forbidden")

    @property
    def n_draws(self) -> int:
        sizes = [*(w.shape[0] for w in self.weights), *(v.shape[0] for v in self.values),
                 *(o.shape[0] for o in self.offsets)]
        sizes += [p.table.shape[0] for p in self.pairs]
        return max(sizes)

    def contributions(self) -> tuple[Array, ...]:
        """Per-issue contributions ``weights * values + offsets``, each ``(D or 1, K_i)``."""
        return tuple(w[:, None] * v + o for w, v, o in zip(self.weights, self.values, self.offsets, strict=True))

    def of(self, codes: Array) -> Array:
        """Utility of packages given as codes: ``(I,)`` -> ``(D,)``; ``(n, I)`` -> ``(D, n)``."""
        c = np.asarray(codes, dtype=np.int64)
        single = c.ndim == 1
        c2 = c.reshape(1, -1) if single else c
        if single:
            t1: Array = np.zeros(1)
            for i, (w, v, o) in enumerate(zip(self.weights, self.values, self.offsets, strict=True)):
                j = int(c2[0, i])
                t1 = t1 + w * v[:, j] + o[:, j]
            for p in self.pairs:
                t1 = t1 + p.table[:, int(c2[0, p.i]), int(c2[0, p.j])]
            return t1
        total: Array = np.zeros((1, c2.shape[0]))
        for i, (w, v, o) in enumerate(zip(self.weights, self.values, self.offsets, strict=True)):
            k = c2[:, i]
            total = total + w[:, None] * v[:, k] + o[:, k]
        for p in self.pairs:
            total = total + p.table[:, c2[:, p.i], c2[:, p.j]]
        return total

    def acceptable(self, codes: Array) -> Array:
        """True where a package crosses none of the actor's locks (all holding)."""
        return acceptable(self.forbidden, codes)

    def at(self, d: int = 0, *, locks: bool = True) -> AdditiveUtility:
        """Draw ``d`` as an :class:`~standoff.core.utility.AdditiveUtility` (red lines
        included unless ``locks`` is false)."""
        w = np.array([take(x, d)[0] for x in self.weights])
        vals = tuple(take(v, d)[0] for v in self.values)
        offs = tuple(take(o, d)[0] for o in self.offsets)
        inter = tuple(Interaction(p.i, p.j, take(p.table, d)[0]) for p in self.pairs)
        forb = self.forbidden if locks else ()
        return AdditiveUtility(weights=w, values=vals, forbidden=forb, offsets=offs, interactions=inter, name=self.actor)


# --------------------------------------------------------------------- no deal
@dataclass(frozen=True, eq=False)
class NoDealDraws(Part):
    """What no deal is worth to an actor, with its parts, per draw (see
    :mod:`standoff.core.nodeal`); ``pressure_by_instrument`` splits the cost per period,
    ``weight`` is the discounted number of periods that multiplies a cost per period."""

    actor: str
    total: Array
    pressure: Array
    lottery: Array
    conflict_cost: Array
    p_prevail: Array
    u_win: Array
    u_lose: Array
    cost_per_period: Array
    horizon: Array
    discount: Array
    weight: Array
    pressure_by_instrument: dict[str, Array]
    win_codes: Array
    lose_codes: Array
    STRUCTURAL = ("actor", "win_codes", "lose_codes")

    def value(self, d: int = 0) -> NoDealValue:
        """One draw as a :class:`~standoff.core.nodeal.NoDealValue`."""
        names = ("total", "pressure", "lottery", "conflict_cost", "p_prevail", "u_win", "u_lose",
                 "cost_per_period", "horizon", "discount")
        return NoDealValue(**{n: float(take(getattr(self, n), d)[0]) for n in names})


# ------------------------------------------------------------------ instruments
@dataclass(frozen=True, eq=False)
class InstrumentDraws(Part):
    """One pressure instrument: who imposes it on whom, its status and costs per draw,
    and the behaviour of its kind (:mod:`standoff.scenario.case.instruments`)."""

    id: str
    name: str
    kind: str
    imposer: str
    target: str
    status: str
    since: dt.date | None
    cost_to_target: Array
    cost_to_imposer: Array
    credibility: Array | None
    residual: Array | None
    follows_leader: bool
    properties: dict[str, bool]
    STRUCTURAL = ("id", "name", "kind", "imposer", "target", "status", "since", "follows_leader", "properties")


# -------------------------------------------------------------------- coercion
@dataclass(frozen=True, eq=False)
class Demand(Part):
    """The challenger's demand: its event, the package as written, and the full package
    under the one rule for issues the demand is silent on (they stay at their status
    quo; an issue without a status quo takes the proposer's best option)."""

    event: str | None
    actor: str
    target: str
    date: dt.date | None
    package: dict[str, str]
    codes: Array
    named: tuple[int, ...]
    STRUCTURAL = ("event", "actor", "target", "date", "package", "codes", "named")


@dataclass(frozen=True, eq=False)
class Threat(Part):
    """A threatened instrument that the demand says follows a refusal: carried out with
    probability ``credibility`` (as stated) at period ``due`` after the as-of date
    (round ``round``)."""

    instrument: str
    imposer: str
    target: str
    credibility: Array
    stated: bool
    due: float
    round: int
    cost_to_target: Array
    cost_to_imposer: Array
    STRUCTURAL = ("instrument", "imposer", "target", "stated", "due", "round")


@dataclass(frozen=True, eq=False)
class Course(Part):
    """One of the challenger's courses of action (``coercion.courses_of_action``)."""

    id: str
    name: str
    kind: str
    actor: str
    cost: Array
    cost_per_period: Array
    p_success: Array
    periods: Array
    cost_to_target: Array
    takes_leader: bool
    is_force: bool
    available: float
    STRUCTURAL = ("id", "name", "kind", "actor", "takes_leader", "is_force", "available")


@dataclass(frozen=True, eq=False)
class Exile(Part):
    """An exile option: host, guarantor and the chance the guarantee holds."""

    host: str
    guarantor: str
    p_holds: Array
    STRUCTURAL = ("host", "guarantor")


@dataclass(frozen=True, eq=False)
class InsiderDraws(Part):
    """An insider (armed forces, inner circle): loyalty to the horizon as things stand,
    whether it can remove the leader, and the package options that protect it."""

    actor: str
    loyalty: Array
    can_remove: bool
    protected: dict[int, Array]
    STRUCTURAL = ("actor", "can_remove", "protected")


@dataclass(frozen=True, eq=False)
class Coercion(Part):
    """Who coerces whom, with what demand, threats, deadline and options.

    ``deadline_periods`` counts periods from the as-of date to the deadline (the threat's
    own deadline, else the negotiation's; ``None`` without either; negative when it has
    lapsed); ``horizon_periods`` to the headline date. ``exit_stays`` masks the options
    of ``exit_issue`` under which the leader stays in office. ``credibility`` is the
    threat's stated credibility (weighted by the threatened instruments' cost to the
    target), or ``None`` when the scenario states none.
    """

    challenger: str
    target: str
    leader: str
    demand: Demand | None
    status_quo: Array
    threats: tuple[Threat, ...]
    credibility: Array | None
    deadline: dt.date | None
    deadline_periods: float | None
    horizon: dt.date
    horizon_periods: float
    reference_class: str | None
    exit_issue: int | None
    exit_stays: Array | None
    courses: tuple[Course, ...]
    audience_cost: Array | None
    target_belief: Array | None
    removal_cost: Array | None
    exile: tuple[Exile, ...]
    insiders: tuple[InsiderDraws, ...]
    STRUCTURAL = ("challenger", "target", "leader", "status_quo", "deadline", "deadline_periods", "horizon",
                  "horizon_periods", "reference_class", "exit_issue", "exit_stays")

    @property
    def deadline_round(self) -> int | None:
        """The round in which the deadline falls (at least 1), or ``None``."""
        from standoff.core.periods import round_of

        return None if self.deadline_periods is None else round_of(max(self.deadline_periods, 0.0))


# ---------------------------------------------------------------- the record
@dataclass(frozen=True, eq=False)
class RecordEvent(Part):
    """One event of the log, as the engines read it. ``at`` is in periods after the
    as-of date (negative for the past). ``codes`` completes the package under the demand
    rule (``None`` without a package)."""

    id: str
    date: dt.date
    at: float
    actor: str
    target: str | None
    via: tuple[str, ...]
    category: str
    summary: str
    fate: str
    package: dict[str, str]
    codes: Array | None
    responds_to: str | None
    deadline: dt.date | None
    threat: tuple[str, ...]
    instrument: str | None
    confirmed: bool
    probability: Array | None
    confidence: str
    source: str | None
    attributed_to: str | None
    STRUCTURAL = ("id", "date", "at", "actor", "target", "via", "category", "summary", "fate", "package", "codes",
                  "responds_to", "deadline", "threat", "instrument", "confirmed", "confidence", "source",
                  "attributed_to")


@dataclass(frozen=True, eq=False)
class Channel(Part):
    """The line of communication between challenger and target: ``open`` (direct),
    ``mediated`` (only through ``via``) or ``closed``."""

    status: str
    via: tuple[str, ...]
    PER_DRAW = False


@dataclass(frozen=True, eq=False)
class QuestionSpec(Part):
    """A dated question and the endings or events that resolve it 'yes'."""

    id: str
    text: str
    by: dt.date
    by_periods: float
    yes_if: tuple[Outcome, ...]
    PER_DRAW = False


@dataclass(frozen=True, eq=False)
class StakeholderDraws(Part):
    """The stakeholders of one 0-100 issue per draw: one array ``(D or 1,)`` per actor
    for each of capability, position and salience (:meth:`matrix` stacks them)."""

    issue: str
    names: tuple[str, ...]
    capability: tuple[Array, ...]
    position: tuple[Array, ...]
    salience: tuple[Array, ...]
    STRUCTURAL = ("issue", "names")

    def matrix(self, field_name: str) -> Array:
        """One field for every actor: ``(D or 1, n)``."""
        cols: tuple[Array, ...] = getattr(self, field_name)
        n = max(c.shape[0] for c in cols)
        return np.stack([np.broadcast_to(c, (n,)) for c in cols], axis=1)

    def at(self, d: int = 0) -> Stakeholders:
        return Stakeholders(
            self.names,
            np.array([take(c, d)[0] for c in self.capability], dtype=float),
            np.array([take(c, d)[0] for c in self.position], dtype=float),
            np.array([take(c, d)[0] for c in self.salience], dtype=float),
            self.issue,
        )


# -------------------------------------------------------------------- the case
@dataclass(frozen=True, eq=False)
class Case:
    """A scenario compiled into arrays (see the module docstring).

    Built only by :meth:`standoff.scenario.Scenario.case`; engines take it (or plain
    arrays cut from it) and never re-read the scenario. ``inputs`` maps the dotted path
    of every uncertain number read during compilation to its draws (empty for a nominal
    case): the inputs of sensitivity analyses, keyed as in the file.
    """

    id: str
    title: str
    as_of: dt.date
    period: str
    draws: int
    seed: int
    nominal: bool
    space: OutcomeSpace
    issue_names: tuple[str, ...]
    option_labels: tuple[tuple[str, ...], ...]
    issue_ends: tuple[tuple[str, str] | None, ...]
    actors: Actors
    parties: tuple[str, ...]
    mediators: tuple[str, ...]
    utilities: dict[str, UtilityDraws]
    locks: tuple[Lock, ...]
    no_deal: dict[str, NoDealDraws]
    instruments: dict[str, InstrumentDraws]
    coercion: Coercion | None
    record: tuple[RecordEvent, ...]
    channel: Channel
    questions: tuple[QuestionSpec, ...]
    stakeholders: dict[str, StakeholderDraws]
    inputs: Mapping[str, Array] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    # -- views -------------------------------------------------------------------
    def at(self, d: int) -> Case:
        """Draw ``d`` alone, as a case with ``D = 1``."""
        if not 0 <= d < self.draws:
            raise IndexError(f"draw {d} out of range (the case has {self.draws})")
        if self.draws == 1:
            return self
        return self.subset(np.array([d]))

    def subset(self, idx: np.ndarray) -> Case:
        """The draws ``idx`` only (in that order), as a case with ``D = len(idx)``."""
        idx = np.asarray(idx, dtype=np.int64)
        if idx.size == 0 or idx.min() < 0 or idx.max() >= self.draws:
            raise IndexError(f"draws out of range (the case has {self.draws})")
        if self.draws == 1:
            idx = np.zeros(idx.size, dtype=np.int64)
        cut: Callable[[Any], Any] = lambda x: _cut(x, idx)  # noqa: E731
        return replace(
            self,
            draws=int(idx.size),
            actors=cut(self.actors),
            utilities=cut(self.utilities),
            locks=cut(self.locks),
            no_deal=cut(self.no_deal),
            instruments=cut(self.instruments),
            coercion=cut(self.coercion),
            record=cut(self.record),
            stakeholders=cut(self.stakeholders),
            inputs={k: v[idx] for k, v in self.inputs.items()},
        )

    def utility(self, actor: str) -> UtilityDraws:
        try:
            return self.utilities[actor]
        except KeyError:
            from standoff.core.errors import UserError, did_you_mean

            raise UserError(f"actor {actor!r} has no preferences in this scenario",
                            hint=did_you_mean(actor, self.utilities)) from None

    def issue_label(self, i: int) -> str:
        return self.issue_names[i] or self.space.issues[i].id

    def option_label(self, i: int, k: int) -> str:
        return self.option_labels[i][k]

    def locks_of(self, actor: str) -> tuple[Lock, ...]:
        return tuple(lk for lk in self.locks if lk.actor == actor)
