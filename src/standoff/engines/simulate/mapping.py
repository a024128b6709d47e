"""How a scenario (or a GENIUS domain) becomes a negotiation to simulate: every mapping
in one place.

From a :class:`~standoff.scenario.Scenario`:

* **parties**: ``negotiation.parties`` in file order (or the actors the user names); one
  strategy each. A single party is refused.
* **utilities**: :meth:`Scenario.utility` of each party (saliences as weights, option
  values, red lines and the constraints of instruments in force as forbidden options,
  residual costs of instruments a deal leaves in place as offsets).
* **reservation value** (what walking away is worth when the talks open):
  :meth:`Scenario.no_deal_value` (pressure over the no-deal horizon, then the costly
  lottery of force; :mod:`standoff.core.nodeal`). An actor with no ``no_deal`` entry gets
  its worst outcome (any deal beats none; recorded in the notes).
* **pressure per round**: one round is one scenario period (``period``: day, week or
  month); each round without a deal costs a party the sum of
  :meth:`Scenario.pressure_per_period` (instruments in force against it, the cost of those
  it imposes, and its ``extra_cost_per_period``), discounted by its no-deal ``discount``.
* **deadline and number of rounds**: the talks last at most the shortest no-deal
  ``horizon`` of the parties (after which the standoff is settled by force), rounded up,
  at least two rounds; ``--rounds`` overrides it.
* **threats**: every confirmed event with ``threat: [...]`` (not withdrawn or superseded)
  whose instruments are ``threatened``; each is carried out, with probability its
  ``credibility``, at the round of the event's ``deadline`` (else the negotiation's), in
  periods after ``as_of`` (at least round 1). Once carried out the instrument is in
  force: its ``cost_to_target`` and ``cost_to_imposer`` are added to the pressure per
  round and each party's reservation value becomes its no-deal value with the instrument
  in force. (The red lines an instrument in force imposes on the terms are not
  re-applied mid-negotiation.)
* **demand**: the package of the challenger's latest such threatening event, completed
  with the challenger's best option on the issues it leaves open: the take-it-or-leave-it
  offer of the ultimatum protocol; an agreement meeting it on the named issues is a
  capitulation.
* **channel**: open unless a channel between two parties is ``closed`` or ``mediated``;
  then offers must go through a mediator (single text, or relayed alternating offers).
* **mediators**: ``negotiation.mediators`` (else every actor of kind mediator); a
  mediator's own utility is its preferences when it has any, and it values any deal at
  :data:`MEDIATOR_DEAL_VALUE` (an assumption: stability and standing).
* **status quo**: the issues' ``status_quo`` options, the starting text of the
  ``improve`` mediator (when every issue has one).
* **breakdown risk**: not in format v1; a simulation parameter (``--breakdown``, default 0).
* Quantities given as distributions enter at their nominal values;
  :meth:`Scenario.realise` gives one Monte Carlo draw.

From a GENIUS domain (:func:`standoff.interop.genius.load_genius`): the profiles are the
parties, their ``<reservation>`` values the reservation values, no pressure, no threats,
an open channel and one neutral mediator ``neutral`` (no stake in the terms) for the
single-text protocol; 100 rounds by default. GENIUS discount factors apply to normalised
time and are not used (NegMAS likewise ignores them unless asked).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from standoff.core.errors import UserError, did_you_mean
from standoff.engines.simulate.domain import Domain, MediatorProfile, Party, Threat
from standoff.scenario.model import Scenario
from standoff.scenario.schema import ActorKind, Fate, InstrumentStatus

#: Value a mediator puts on any deal being reached (assumption, in its utility units).
MEDIATOR_DEAL_VALUE = 1.0
#: Days per scenario period.
PERIOD_DAYS = {"day": 1, "week": 7, "month": 30}
#: Rounds of a GENIUS negotiation by default (the NegMAS/ANAC convention).
GENIUS_ROUNDS = 100


def check_mediator(scenario: Scenario, name: str) -> None:
    """Refuse a mediator that is not an actor of kind mediator."""
    actors = scenario.spec.actors
    if name not in actors:
        raise UserError(f"unknown actor {name!r}", hint=did_you_mean(name, actors))
    if actors[name].kind is not ActorKind.mediator:
        mediators = scenario.actors_of_kind(ActorKind.mediator)
        raise UserError(
            f"actor {name!r} is a {actors[name].kind.value}, not a mediator",
            hint=f"mediators here: {', '.join(mediators)}" if mediators else "the scenario has no mediator",
        )


def _periods(scenario: Scenario, date: object) -> int:
    days = (date - scenario.spec.as_of).days  # type: ignore[operator]
    return max(1, math.ceil(days / PERIOD_DAYS[scenario.spec.period]))


def _with_in_force(scenario: Scenario, instrument: str) -> Scenario:
    spec = scenario.spec
    ins = spec.instruments[instrument].model_copy(update={"status": InstrumentStatus.in_force})
    instruments = {**spec.instruments, instrument: ins}
    return Scenario(spec.model_copy(update={"instruments": instruments}), scenario.path)


def _reservation(scenario: Scenario, actor: str, notes: list[str]) -> float:
    if actor in scenario.spec.no_deal:
        return float(scenario.no_deal_value(actor).total)
    notes.append(f"{actor} has no no_deal entry: its reservation is its worst outcome")
    return scenario.utility(actor).worst()


def from_scenario(scenario: Scenario, parties: Sequence[str] | None = None) -> Domain:
    """The negotiation of a scenario (module docstring)."""
    spec = scenario.spec
    names = list(parties) if parties is not None else list(scenario.parties)
    if len(names) < 2:
        raise UserError(
            f"a negotiation needs at least two parties (got {len(names)}: {', '.join(names) or 'none'})",
            hint="name two or more actors with --parties",
        )
    for a in names:
        scenario.actor(a)
        if a not in spec.preferences:
            raise UserError(f"actor {a!r} has no preferences, so it cannot negotiate",
                            hint="add its preferences to the scenario")
    if len(set(names)) != len(names):
        twice = sorted({a for a in names if names.count(a) > 1})
        raise UserError(f"a party is named twice in the parties: {', '.join(twice)}",
                        hint="name each negotiating actor once")
    notes: list[str] = []
    res = [_reservation(scenario, a, notes) for a in names]
    cost = [sum(scenario.pressure_per_period(a).values()) for a in names]
    disc = [spec.no_deal[a].discount.nominal if a in spec.no_deal else 1.0 for a in names]
    members = [
        Party(name=a, utility=scenario.utility(a), reservation=r, cost_per_round=c, discount=d)
        for a, r, c, d in zip(names, res, cost, disc, strict=True)
    ]
    horizons = [spec.no_deal[a].horizon.nominal for a in names if a in spec.no_deal]
    rounds = max(2, math.ceil(min(horizons))) if horizons else 20

    # threats, and the challenger's demand
    challenger = spec.negotiation.challenger
    ch = names.index(challenger) if challenger in names else 0
    threats: dict[str, Threat] = {}
    demand: np.ndarray | None = None
    demand_issues: tuple[int, ...] = ()
    space = scenario.outcome_space
    for ev in spec.events:
        if not ev.threat or not ev.confirmed or ev.fate in (Fate.withdrawn, Fate.superseded):
            continue
        when = ev.deadline or spec.negotiation.deadline
        if ev.package and ev.actor == names[ch]:
            demand = scenario.complete(ev.actor, ev.package, best=True)
            demand_issues = tuple(sorted(space.issue_index(i) for i in ev.package))
        for iid in ev.threat:
            ins = spec.instruments.get(iid)
            if ins is None or ins.status is not InstrumentStatus.threatened or ins.target not in names:
                continue
            rnd = _periods(scenario, when) if when is not None else rounds
            if iid in threats and threats[iid].round <= rnd:
                continue
            after = _with_in_force(scenario, iid)
            extra = tuple(
                (ins.cost_to_target.nominal if a == ins.target else 0.0)
                + (ins.cost_to_imposer.nominal if a == ins.imposer else 0.0)
                for a in names
            )
            threats[iid] = Threat(
                label=iid,
                round=rnd,
                probability=float(ins.credibility.nominal) if ins.credibility is not None else 1.0,
                imposer=names.index(ins.imposer) if ins.imposer in names else None,
                target=names.index(ins.target),
                extra_cost=extra,
                reservation_after=tuple(_reservation(after, a, []) for a in names),
            )

    # channel
    channel_open = True
    for chan in spec.channels:
        if set(chan.between) <= set(names) and chan.status in ("closed", "mediated"):
            channel_open = False

    mediator_ids = list(scenario.mediators) or scenario.actors_of_kind(ActorKind.mediator)
    mediators = tuple(
        MediatorProfile(
            name=m,
            utility=scenario.utility(m) if m in spec.preferences else None,
            deal_value=MEDIATOR_DEAL_VALUE,
        )
        for m in mediator_ids
    )

    sq = [isp.status_quo for isp in spec.issues.values()]
    status_quo = (
        np.array([scenario.option_code(i, o) for i, o in zip(spec.issues, sq, strict=True) if o is not None],
                 dtype=np.int64)
        if all(o is not None for o in sq)
        else None
    )
    return Domain(
        name=scenario.id,
        space=space,
        parties=tuple(members),
        threats=tuple(sorted(threats.values(), key=lambda t: (t.round, t.label))),
        mediators=mediators,
        channel_open=channel_open,
        challenger=ch,
        demand=demand,
        demand_issues=demand_issues,
        status_quo=status_quo,
        default_rounds=rounds,
        period=spec.period,
        notes=tuple(notes),
    )


def from_genius(path: str | Path) -> Domain:
    """The negotiation of a GENIUS domain folder (module docstring)."""
    from standoff.interop.genius import load_genius

    g = load_genius(path)
    if len(g.utilities) < 2:
        raise UserError(
            f"GENIUS domain {g.name!r} has {len(g.utilities)} profile: a negotiation needs at least two parties",
            hint="a GENIUS folder needs one profile (<utility_space> file) per party",
        )
    parties = tuple(
        Party(name=name, utility=u, reservation=r)
        for name, u, r in zip(g.parties, g.utilities, g.reservations, strict=True)
    )
    return Domain(
        name=g.name,
        space=g.space,
        parties=parties,
        mediators=(MediatorProfile(name="neutral", utility=None, deal_value=MEDIATOR_DEAL_VALUE),),
        default_rounds=GENIUS_ROUNDS,
        notes=tuple(g.notes),
    )


def load_domain(source: str | Path, parties: Sequence[str] | None = None) -> tuple[Domain, Scenario | None]:
    """A domain from a bundled scenario name, a scenario file or a GENIUS folder."""
    from standoff.interop.genius import is_genius_folder

    if is_genius_folder(source):
        if parties is not None:
            raise UserError("--parties applies to scenarios, not GENIUS folders")
        return from_genius(source), None
    scenario = Scenario.load(source)
    return from_scenario(scenario, parties), scenario
