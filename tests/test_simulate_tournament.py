"""Tournaments: serial and parallel runs are identical; rows summarise the runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from standoff.core.errors import UserError
from standoff.engines.simulate.mapping import from_genius
from standoff.engines.simulate.tournament import pairings, tournament
from standoff.interop.genius import load_genius
from tests.simulate_helpers import random_domain


def test_serial_and_parallel_runs_are_identical() -> None:
    domains = [random_domain(s) for s in (1, 2, 3)]
    kwargs = dict(seeds=3, seed=42, rounds=15, breakdown=0.05)
    names = ["boulware", "noisy-linear", "tit-for-tat"]
    serial = tournament(domains, names, jobs=1, **kwargs)  # type: ignore[arg-type]
    parallel = tournament(domains, names, jobs=2, **kwargs)  # type: ignore[arg-type]
    assert serial.to_json() == parallel.to_json()
    assert len(serial.runs) == 3 * 9 * 3
    other = tournament(domains, names, jobs=1, **{**kwargs, "seed": 43})  # type: ignore[arg-type]
    assert other.to_json() != serial.to_json()  # the seed matters (breakdown, noise)


def test_rows_summarise_runs() -> None:
    res = tournament([random_domain(8)], ["hardliner", "linear"], seeds=4, seed=0, rounds=12, breakdown=0.1)
    assert [tuple(r.strategies) for r in res.rows] == pairings(["hardliner", "linear"], 2)
    for row in res.rows:
        runs = [r for r in res.runs if r.strategies == row.strategies]
        assert row.negotiations == len(runs) == 4
        assert row.agreement_rate == pytest.approx(np.mean([r.agreement for r in runs]))
        assert row.mean_rounds == pytest.approx(np.mean([r.rounds for r in runs]))
        assert sum(row.endings.values()) == 4


def test_multilateral_pairings_give_the_first_party_one_strategy() -> None:
    assert pairings(["a", "b"], 3) == [("a", "a", "a"), ("a", "b", "b"), ("b", "a", "a"), ("b", "b", "b")]
    res = tournament([random_domain(4, n_parties=3)], ["conceder", "linear"], seeds=1, rounds=10)
    assert all(len(r.utilities) == 3 for r in res.runs)


def test_genius_domain_and_nash_distance(genius_dir: Path) -> None:
    d = from_genius(load_genius(genius_dir / "Laptop"))
    res = tournament([d], ["boulware", "conceder"], seeds=1)
    assert res.domains == ["Laptop"]
    for run in res.runs:
        assert run.agreement and run.nash_distance is not None and run.nash_distance >= 0
    # two conceders meet early, far from the Nash point only by luck: distance is a number in range
    assert max(r.nash_distance or 0 for r in res.runs) < np.sqrt(2)


def test_bad_tournament_input() -> None:
    with pytest.raises(UserError, match="did you mean 'linear'"):
        tournament([random_domain(1)], ["linera"])
    with pytest.raises(UserError, match="at least one seed"):
        tournament([random_domain(1)], ["linear"], seeds=0)
    with pytest.raises(UserError, match="at least one round"):
        tournament([random_domain(1)], ["linear"], rounds=0)
