"""Tournaments: every strategy pairing on every domain over several seeds.

In the tradition of Axelrod's computer tournaments (Axelrod 1984, *The Evolution of
Cooperation*) and the ANAC competitions (Baarslag et al. 2015): each ordered pairing of
strategies negotiates on each domain once per seed. With more than two parties, the
pairing ``(A, B)`` gives party 1 strategy ``A`` and every other party ``B``. One child
seed per negotiation is drawn up front from the tournament seed
(:func:`standoff.core.rng.child_seeds`), in a fixed task order, so a run on a process
pool or a Dask cluster (any :class:`~standoff.core.executors.Executor`) gives exactly the
results of a serial run.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from standoff.core.errors import UserError
from standoff.core.executors import Executor, make_executor
from standoff.core.rng import child_seeds
from standoff.engines.simulate.domain import Domain, Information, prepare
from standoff.engines.simulate.mediators import make_mediator_strategy
from standoff.engines.simulate.protocols import check_rounds, negotiate
from standoff.engines.simulate.run import ending, nash_distance
from standoff.engines.simulate.strategies import make_strategy
from standoff.results.simulate import TournamentResult, TournamentRow, TournamentRun

#: Negotiations per pairing and domain, at most (beyond, the plan alone fills the memory).
MAX_SEEDS = 100_000


@dataclass(frozen=True)
class _Chunk:
    """Negotiations on one domain, run together so the board is prepared once."""

    domain: Domain
    tasks: tuple[tuple[int, tuple[str, ...], int, np.random.SeedSequence], ...]
    protocol: str
    rounds: int | None
    information: Information
    mediator_strategy: str
    breakdown: float


def _run_chunk(chunk: _Chunk) -> list[tuple[int, TournamentRun]]:
    d = chunk.domain
    board = prepare(d, chunk.information)
    rounds = d.default_rounds if chunk.rounds is None else chunk.rounds
    out = []
    for index, names, seed_index, seq in chunk.tasks:
        neg = negotiate(board, [make_strategy(n) for n in names], protocol=chunk.protocol,
                        rounds=rounds, seed=seq, breakdown=chunk.breakdown,
                        mediator_strategy=make_mediator_strategy(chunk.mediator_strategy), record=False)
        welfare = float(sum(neg.utilities)) if neg.agreed else float(sum(neg.reservations))
        out.append((index, TournamentRun(
            domain=d.name,
            strategies=list(names),
            seed_index=seed_index,
            agreement=neg.agreed,
            rounds=neg.rounds_used,
            ending=ending(d, neg, board),
            utilities=[float(x) for x in neg.utilities],
            nash_distance=nash_distance(board, neg),
            welfare=welfare,
        )))
    return out


def pairings(strategies: Sequence[str], n_parties: int) -> list[tuple[str, ...]]:
    """Every ordered pairing (with self-play), as one strategy name per party."""
    return [(a, *([b] * (n_parties - 1))) for a, b in itertools.product(strategies, repeat=2)]


def tournament(domains: Sequence[Domain], strategies: Sequence[str], *, seeds: int = 3, seed: int = 0,
               jobs: int = 1, protocol: str = "auto", rounds: int | None = None,
               information: Information = "complete", mediator_strategy: str = "nash",
               breakdown: float = 0.0,
               progress: Callable[[int, int], None] | None = None,
               executor: Executor | None = None) -> TournamentResult:
    """Run the tournament (module docstring) on ``executor`` (default: a process pool of
    ``jobs`` workers, serial for ``jobs=1``); ``progress(done, total)`` is called as
    chunks of negotiations finish."""
    if seeds < 1:
        raise UserError(f"a tournament needs at least one seed (got {seeds})")
    if seeds > MAX_SEEDS:
        raise UserError(f"too many seeds ({seeds}); at most {MAX_SEEDS:,} per pairing and domain")
    if jobs < 1:
        raise UserError(f"--jobs must be at least 1 (got {jobs})")
    if rounds is not None:
        check_rounds(rounds)
    if not domains:
        raise UserError("no domain to play on")
    for n in strategies:
        make_strategy(n)
    make_mediator_strategy(mediator_strategy)
    names = list(dict.fromkeys(strategies))
    plan: list[tuple[Domain, tuple[str, ...], int]] = [
        (d, pair, k) for d in domains for pair in pairings(names, d.n_parties) for k in range(seeds)
    ]
    seqs = child_seeds(seed, len(plan))
    chunks: list[_Chunk] = []
    workers = executor.workers if executor is not None else jobs
    size = max(1, min(64, math.ceil(len(plan) / (4 * workers))))
    for d in domains:
        mine = [(i, pair, k, seqs[i]) for i, (dd, pair, k) in enumerate(plan) if dd is d]
        for start in range(0, len(mine), size):
            chunks.append(_Chunk(d, tuple(mine[start:start + size]), protocol, rounds, information,
                                 mediator_strategy, breakdown))
    total = len(plan)
    sizes = [len(c.tasks) for c in chunks]

    def chunk_progress(done_chunks: int, _n: int) -> None:
        if progress:
            progress(sum(sizes[:done_chunks]) if done_chunks < len(sizes) else total, total)

    ex = executor or make_executor(jobs)
    try:
        parts = ex.map(_run_chunk, chunks, chunk_progress if progress else None)
    finally:
        if executor is None:
            ex.close()
    results: list[tuple[int, TournamentRun]] = [r for part in parts for r in part]
    results.sort(key=lambda x: x[0])
    runs = [r for _, r in results]
    return TournamentResult(
        domains=[d.name for d in domains],
        strategies=names,
        protocol=protocol,
        information=information,
        seed=seed,
        seeds=seeds,
        rows=summarise(runs),
        runs=runs,
    )


def summarise(runs: Sequence[TournamentRun]) -> list[TournamentRow]:
    """One row per domain and pairing, in the order first met."""
    groups: dict[tuple[str, tuple[str, ...]], list[TournamentRun]] = {}
    for r in runs:
        groups.setdefault((r.domain, tuple(r.strategies)), []).append(r)
    rows = []
    for (dom, pair), rs in groups.items():
        dist = [r.nash_distance for r in rs if r.nash_distance is not None]
        endings: dict[str, int] = {}
        for r in rs:
            endings[r.ending] = endings.get(r.ending, 0) + 1
        rows.append(TournamentRow(
            domain=dom,
            strategies=list(pair),
            negotiations=len(rs),
            agreement_rate=sum(r.agreement for r in rs) / len(rs),
            mean_rounds=float(np.mean([r.rounds for r in rs])),
            mean_utilities=[float(x) for x in np.mean([r.utilities for r in rs], axis=0)],
            mean_nash_distance=float(np.mean(dist)) if dist else None,
            mean_welfare=float(np.mean([r.welfare for r in rs])),
            endings=dict(sorted(endings.items())),
        ))
    return rows
