"""The simulate engine's section of ``standoff brief``."""

from __future__ import annotations

import numpy as np

from standoff.engines.simulate.domain import prepare
from standoff.engines.simulate.mapping import from_scenario
from standoff.engines.simulate.tournament import tournament
from standoff.results.brief import BriefSection
from standoff.scenario.model import Scenario

#: The pairings the brief summarises.
BRIEF_STRATEGIES = ("hardliner", "boulware", "linear", "conceder", "adaptive")


def for_brief(scenario: Scenario, *, seeds: int = 3, seed: int = 0) -> BriefSection:
    """How the main strategy pairings end when the parties negotiate round by round."""
    domain = from_scenario(scenario)
    result = tournament([domain], list(BRIEF_STRATEGIES), seeds=seeds, seed=seed)
    rows = result.rows
    n = len(rows)
    dealing = [r for r in rows if r.agreement_rate > 0]
    a, b = domain.parties[0].name, domain.parties[1].name
    if domain.channel_open:
        how = "talking directly (alternating offers)"
    else:
        how = f"through a mediator ({domain.mediators[0].name}, single negotiating text), as they have no direct channel"
    endings: dict[str, int] = {}
    for r in rows:
        for k, v in r.endings.items():
            endings[k] = endings.get(k, 0) + v
    total = sum(endings.values())
    lines = [
        f"We let {a} and {b} negotiate round by round {how}, for up to {domain.default_rounds} "
        f"{domain.period}s, under {n} pairings of negotiating styles from stubborn to accommodating.",
    ]
    if not dealing:
        board = prepare(domain, "complete")
        reservations = np.array([p.reservation for p in domain.parties]).reshape(-1, 1)
        if not board.ok.all(axis=0).any():
            why = "every package crosses at least one side's red line"
        elif not (board.ok.all(axis=0) & (reservations <= board.U).all(axis=0)).any():
            why = "no package is worth more to both sides than walking away"
        else:
            why = "the styles never meet before the deadline"
        lines.append(f"No pairing reaches a deal: {why}.")
    else:
        lines.append(f"{len(dealing)} of {n} pairings reach a deal at least once.")
    if domain.threats:
        th = domain.threats[0]
        lines.append(
            f"If there is no deal by {domain.period} {th.round}, the threat ({th.label.replace('_', ' ')}) "
            f"is carried out with probability {th.probability:.0%}, which makes holding out costlier."
        )
    bullets = [f"{k}: {v / total:.0%} of simulated talks" for k, v in sorted(endings.items(), key=lambda kv: -kv[1])]
    best = sorted(rows, key=lambda r: (-r.agreement_rate, r.mean_rounds))[:3]
    for r in best:
        if r.agreement_rate > 0:
            bullets.append(
                f"{r.strategies[0]} ({a}) vs {r.strategies[1]} ({b}): deal in {r.agreement_rate:.0%} "
                f"of runs after {r.mean_rounds:.1f} {domain.period}s on average"
            )
    return BriefSection(
        key="simulate",
        title="Round-by-round negotiation",
        lines=lines,
        bullets=bullets,
        data={
            "protocol": "alternating" if domain.channel_open else "single-text",
            "rounds": domain.default_rounds,
            "endings": endings,
            "rows": [r.to_dict() for r in rows],
        },
    )
