"""How a compiled case (or a GENIUS domain) becomes a negotiation to simulate.

From a :class:`~standoff.scenario.case.Case` (draw 0 of the case given; pass
``case.at(d)`` for another):

* **parties**: the negotiating parties in file order (or the actors the user names);
  one strategy each. A single party is refused.
* **utilities**: each party's utility (``case.utilities``), red lines and instrument
  constraints as forbidden options, residual costs as offsets and pair terms.
* **reservation value** (what walking away is worth when the talks open): the party's
  no-deal value (``case.no_deal``). An actor without one gets its worst outcome (any
  deal beats none; recorded in the notes).
* **pressure per round**: one round is one scenario period; each round without a deal
  costs a party its no-deal ``cost_per_period`` (instruments in force against it, the
  cost of those it imposes, its ``extra_cost_per_period``), discounted by its discount.
* **deadline and number of rounds**: the talks last at most the shortest no-deal
  ``horizon`` of the parties (after which the standoff is settled by force), rounded up,
  at least two rounds; ``--rounds`` overrides it.
* **threats**: the case's threats (``case.coercion.threats``: those of the demand), each
  carried out with its stated credibility (1 if none is stated) in the round of its
  deadline. Once carried out the instrument is in force: its costs are added to the
  pressure per round, and each party's reservation falls by the extra cost times its
  discounted number of periods (exactly its no-deal value with the instrument in force).
* **demand**: the case's demand (completed by the case's one rule for silent issues):
  the take-it-or-leave-it offer of the ultimatum protocol; an agreement meeting it on
  the issues it names is a capitulation.
* **channel**: open unless the channel between challenger and target is ``closed`` or
  ``mediated``; then offers must go through a mediator.
* **mediators**: the negotiation's mediators (else every actor of kind mediator); a
  mediator's own utility is its preferences when it has any, and it values any deal at
  :data:`MEDIATOR_DEAL_VALUE` (an assumption: stability and standing).
* **status quo**: the case's status quo package, the starting text of the ``improve``
  mediator.
* **breakdown risk**: not in the format; a simulation parameter (``--breakdown``, default 0).

From a GENIUS domain (:func:`standoff.interop.genius.load_genius`): the profiles are the
parties, their ``<reservation>`` values the reservation values, no pressure, no threats,
an open channel and one neutral mediator ``neutral`` (no stake in the terms) for the
single-text protocol; 100 rounds by default. GENIUS discount factors apply to normalised
time and are not used (NegMAS likewise ignores them unless asked).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from standoff.core.domain import DomainLike
from standoff.core.errors import UserError, did_you_mean
from standoff.engines.simulate.domain import Domain, MediatorProfile, Party, Threat
from standoff.scenario.case import Case

#: Value a mediator puts on any deal being reached (assumption, in its utility units).
MEDIATOR_DEAL_VALUE = 1.0
#: Rounds of a GENIUS negotiation by default (the NegMAS/ANAC convention).
GENIUS_ROUNDS = 100


def check_mediator(case: Case, name: str) -> None:
    """Refuse a mediator that is not an actor of kind mediator."""
    actors = case.actors
    if name not in actors.ids:
        raise UserError(f"unknown actor {name!r}", hint=did_you_mean(name, actors.ids))
    if actors.kind(name) != "mediator":
        mediators = [a for a in actors.ids if actors.kind(a) == "mediator"]
        raise UserError(
            f"actor {name!r} is a {actors.kind(name)}, not a mediator",
            hint=f"mediators here: {', '.join(mediators)}" if mediators else "the scenario has no mediator",
        )


def from_case(case: Case, parties: Sequence[str] | None = None) -> Domain:
    """The negotiation of a case (module docstring)."""
    names = list(parties) if parties is not None else list(case.parties)
    if len(names) < 2:
        raise UserError(
            f"a negotiation needs at least two parties (got {len(names)}: {', '.join(names) or 'none'})",
            hint="name two or more actors with --parties",
        )
    for a in names:
        if a not in case.actors.ids:
            raise UserError(f"unknown actor {a!r}", hint=did_you_mean(a, case.actors.ids))
        if a not in case.utilities:
            raise UserError(f"actor {a!r} has no preferences, so it cannot negotiate",
                            hint="add its preferences to the scenario")
    if len(set(names)) != len(names):
        twice = sorted({a for a in names if names.count(a) > 1})
        raise UserError(f"a party is named twice in the parties: {', '.join(twice)}",
                        hint="name each negotiating actor once")
    notes: list[str] = []
    utilities = {a: case.utility(a).at(0) for a in names}

    def reservation(a: str) -> float:
        if a in case.no_deal:
            return float(case.no_deal[a].total[0])
        notes.append(f"{a} has no no_deal entry: its reservation is its worst outcome")
        return utilities[a].worst()

    members = [
        Party(
            name=a, utility=utilities[a], reservation=reservation(a),
            cost_per_round=float(case.no_deal[a].cost_per_period[0]) if a in case.no_deal else 0.0,
            discount=float(case.no_deal[a].discount[0]) if a in case.no_deal else 1.0,
        )
        for a in names
    ]
    horizons = [float(case.no_deal[a].horizon[0]) for a in names if a in case.no_deal]
    rounds = max(2, math.ceil(min(horizons))) if horizons else 20
    co = case.coercion
    threats: list[Threat] = []
    demand = None
    demand_issues: tuple[int, ...] = ()
    challenger = 0
    if co is not None:
        challenger = names.index(co.challenger) if co.challenger in names else 0
        if co.demand is not None and co.challenger in names:
            demand = co.demand.codes
            demand_issues = co.demand.named
        for th in co.threats:
            if th.target not in names:
                continue
            extra = tuple(
                (float(th.cost_to_target[0]) if a == th.target else 0.0)
                + (float(th.cost_to_imposer[0]) if a == th.imposer else 0.0)
                for a in names
            )
            after = tuple(
                (float(case.no_deal[a].total[0]) - e * float(case.no_deal[a].weight[0])) if a in case.no_deal else m.reservation
                for a, e, m in zip(names, extra, members, strict=True)
            )
            threats.append(Threat(
                label=th.instrument, round=th.round, probability=float(np.mean(th.credibility)),
                imposer=names.index(th.imposer) if th.imposer in names else None,
                target=names.index(th.target), extra_cost=extra, reservation_after=after,
            ))
    mediator_ids = list(case.mediators) or [a for a in case.actors.ids if case.actors.kind(a) == "mediator"]
    mediators = tuple(
        MediatorProfile(name=m, utility=case.utility(m).at(0) if m in case.utilities else None,
                        deal_value=MEDIATOR_DEAL_VALUE)
        for m in mediator_ids
    )
    return Domain(
        name=case.id,
        space=case.space,
        parties=tuple(members),
        threats=tuple(sorted(threats, key=lambda t: (t.round, t.label))),
        mediators=mediators,
        channel_open=case.channel.status == "open",
        challenger=challenger,
        demand=demand,
        demand_issues=demand_issues,
        status_quo=co.status_quo if co is not None else None,
        default_rounds=rounds,
        period=case.period,
        notes=tuple(notes),
    )


def from_genius(g: DomainLike) -> Domain:
    """The negotiation of a GENIUS domain (module docstring)."""
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
