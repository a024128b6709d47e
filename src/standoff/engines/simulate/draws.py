"""The talks summary over a case's Monte Carlo draws, on a subsample of draws.

Each simulated draw runs every pairing of the negotiating styles
(:data:`~standoff.engines.simulate.summary.STYLES`) once on that draw's negotiation
(:func:`~standoff.engines.simulate.mapping.from_case` of ``case.at(d)``), with its own
child seed drawn up front. A negotiation is a round-by-round simulation (a few
milliseconds each), so the talks run on the first :data:`TALK_DRAWS` draws only: draws
are independent, so they are a random subsample, and the Monte Carlo standard error of
every share reported (``Estimate.mcse``) is the standard deviation across the simulated
draws over the square root of their number. Each draw is one chunk on the executor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from standoff.core.estimate import summarise
from standoff.core.executors import Executor, Progress, Serial, chunk_seeds
from standoff.engines.simulate.mapping import from_case
from standoff.engines.simulate.summary import STYLES
from standoff.engines.simulate.tournament import tournament
from standoff.results.uncertainty import TalksOverDraws
from standoff.scenario.case import Case

#: Draws whose talks are simulated (each runs every pairing of the styles once).
TALK_DRAWS = 64


@dataclass(frozen=True)
class TalksDraws:
    """Per simulated draw: the share of pairings that reach a deal, the share of each
    ending, and the mean number of rounds."""

    deal: np.ndarray
    endings: dict[str, np.ndarray]
    rounds: np.ndarray
    strategies: tuple[str, ...]
    of: int
    seed: int

    @property
    def draws(self) -> int:
        return int(self.deal.size)


@dataclass(frozen=True)
class _Chunk:
    case: Case
    strategies: tuple[str, ...]
    seed: int


def _run(ch: _Chunk) -> tuple[float, dict[str, float], float]:
    res = tournament([from_case(ch.case)], list(ch.strategies), seeds=1, seed=ch.seed, executor=Serial())
    runs = res.runs
    endings: dict[str, float] = {}
    for r in runs:
        endings[r.ending] = endings.get(r.ending, 0.0) + 1.0 / len(runs)
    return (sum(r.agreement for r in runs) / len(runs), endings, float(np.mean([r.rounds for r in runs])))


def talks_draws(case: Case, *, draws: int = TALK_DRAWS, seed: int = 0, strategies: Sequence[str] = STYLES,
                executor: Executor | None = None, progress: Progress | None = None) -> TalksDraws:
    """Every pairing of ``strategies`` on each of the first ``draws`` draws of ``case``."""
    n = min(draws, case.draws)
    seeds = chunk_seeds(seed, n)
    chunks = [_Chunk(case.at(d), tuple(strategies), seeds[d]) for d in range(n)]
    parts = (executor or Serial()).map(_run, chunks, progress)
    names = sorted({k for _, e, _ in parts for k in e})
    return TalksDraws(
        deal=np.array([p[0] for p in parts]),
        endings={k: np.array([p[1].get(k, 0.0) for p in parts]) for k in names},
        rounds=np.array([p[2] for p in parts]),
        strategies=tuple(strategies),
        of=case.draws,
        seed=seed,
    )


def talks_over_draws(case: Case, *, draws: int = TALK_DRAWS, seed: int = 0, strategies: Sequence[str] = STYLES,
                     executor: Executor | None = None, progress: Progress | None = None) -> TalksOverDraws:
    """:func:`talks_draws` summarised as Estimates."""
    t = talks_draws(case, draws=draws, seed=seed, strategies=strategies, executor=executor, progress=progress)
    return TalksOverDraws(draws=t.draws, of=t.of, seed=seed, strategies=list(t.strategies), p_deal=summarise(t.deal),
                          endings={k: summarise(v) for k, v in t.endings.items()}, rounds=summarise(t.rounds))
