"""The simulation's contribution to the assessment: how the main styles fare on a case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from standoff.engines.simulate.domain import Domain, prepare
from standoff.engines.simulate.tournament import tournament
from standoff.results.simulate import TalksSummary, ThreatInfo

#: The pairings the assessment summarises, from stubborn to accommodating.
STYLES = ("hardliner", "boulware", "linear", "conceder", "adaptive")


def no_deal_reason(domain: Domain) -> str:
    """Why no pairing can agree: ``red_lines``, ``reservations`` or ``styles``."""
    board = prepare(domain, "complete")
    reservations = np.array([p.reservation for p in domain.parties]).reshape(-1, 1)
    admissible = board.ok.all(axis=0)
    if not admissible.any():
        return "red_lines"
    if not (admissible & (reservations <= board.U).all(axis=0)).any():
        return "reservations"
    return "styles"


def summarise_talks(domain: Domain, *, strategies: Sequence[str] = STYLES, seeds: int = 3, seed: int = 0,
                    jobs: int = 1) -> TalksSummary:
    """Every pairing of ``strategies`` negotiating on ``domain`` over ``seeds`` seeds."""
    result = tournament([domain], list(strategies), seeds=seeds, seed=seed, jobs=jobs)
    endings: dict[str, int] = {}
    for r in result.rows:
        for k, v in r.endings.items():
            endings[k] = endings.get(k, 0) + v
    dealing = sum(1 for r in result.rows if r.agreement_rate > 0)
    return TalksSummary(
        domain=domain.name,
        protocol="alternating" if domain.channel_open else "single-text",
        channel_open=domain.channel_open,
        mediator=None if domain.channel_open or not domain.mediators else domain.mediators[0].name,
        rounds=domain.default_rounds,
        period=domain.period,
        strategies=list(strategies),
        seeds=seeds,
        seed=seed,
        parties=[p.name for p in domain.parties],
        pairings=len(result.rows),
        endings=dict(sorted(endings.items())),
        rows=result.rows,
        dealing=dealing,
        no_deal_reason=None if dealing else no_deal_reason(domain),
        threats=[ThreatInfo(instrument=t.label, round=t.round, probability=round(t.probability, 12))
                 for t in domain.threats],
    )


def agreement_rate(domain: Domain, *, strategies: Sequence[str] = STYLES, seeds: int = 2, seed: int = 0,
                   jobs: int = 1) -> float:
    """The rate of agreement per round when the parties talk: over every pairing of
    ``strategies`` and seed, the number of agreements over the rounds talked (a run that
    ends without agreement counts the rounds it lasted: the maximum-likelihood rate of an
    exponential time to agreement with censoring). 0 when the parties cannot talk (no
    direct channel and no mediator)."""
    from standoff.core.errors import UserError

    try:  # the distance to the Nash point is not reported here: not measured
        result = tournament([replace(domain, measure_nash=False)], list(strategies), seeds=seeds, seed=seed,
                            jobs=jobs)
    except UserError:
        return 0.0
    agreed = sum(1 for r in result.runs if r.agreement)
    rounds = sum(max(r.rounds, 1) for r in result.runs)
    return agreed / rounds if rounds else 0.0
