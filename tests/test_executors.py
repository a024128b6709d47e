"""Executors: the same chunks give the same results serially, on a pool and on Dask."""

from __future__ import annotations

import os
import signal

import numpy as np
import pytest

from standoff.core.errors import UserError
from standoff.core.executors import (
    DaskCluster,
    ProcessPool,
    Serial,
    WorkerLost,
    chunk_ranges,
    chunk_seeds,
    make_executor,
)
from standoff.scenario import Scenario


def _square_with_seed(item: tuple[int, int]) -> float:
    k, seed = item
    return float(k * k + np.random.default_rng(seed).random())


def _die(k: int) -> int:
    if k == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return k


def test_chunk_ranges_cover_and_do_not_depend_on_workers() -> None:
    assert chunk_ranges(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert chunk_ranges(0, 4) == []
    with pytest.raises(ValueError):
        chunk_ranges(5, 0)


def test_chunk_seeds_are_reproducible_and_distinct() -> None:
    a, b = chunk_seeds(7, 50), chunk_seeds(7, 50)
    assert a == b and len(set(a)) == 50
    assert chunk_seeds(8, 50) != a


def test_serial_and_pool_agree_in_order() -> None:
    items = list(zip(range(20), chunk_seeds(1, 20), strict=True))
    seen: list[tuple[int, int]] = []
    serial = Serial().map(_square_with_seed, items, lambda d, n: seen.append((d, n)))
    pooled = ProcessPool(2).map(_square_with_seed, items)
    assert serial == pooled
    assert seen[-1] == (20, 20)


def test_lost_worker_is_a_user_error() -> None:
    with pytest.raises(WorkerLost) as info:
        ProcessPool(2).map(_die, list(range(8)))
    assert isinstance(info.value, UserError) and "worker" in info.value.message


def test_bad_options_are_user_errors() -> None:
    with pytest.raises(UserError):
        make_executor(0)
    with pytest.raises(UserError):
        DaskCluster("not an address")


def _dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


needs_dask = pytest.mark.skipif(not _dask_available(), reason="the dask extra is not installed (pip install 'standoff[dask]')")


@needs_dask
@pytest.mark.slow
@pytest.mark.parametrize("name", ["venezuela-2025", "gambia-2016"])
def test_serial_pool_and_dask_give_the_same_bytes(name: str) -> None:
    from standoff.assess import assess

    scn = Scenario.load(name)
    serial = assess(scn, draws=3_000, seed=4, executor=Serial()).to_json()
    pooled = assess(scn, draws=3_000, seed=4, executor=ProcessPool(2)).to_json()
    with DaskCluster("local", workers=2) as ex:
        dask = assess(scn, draws=3_000, seed=4, executor=ex).to_json()
    assert serial == pooled == dask
    assert '"bargain_draws"' in serial
