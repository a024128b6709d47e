"""Many design points evaluated in one compile.

A *design* is ``G`` points, each fixing some inputs at given values. With ``D`` base
draws of every uncertain input (the common random numbers: the same draws at every
point), the scenario is compiled **once** with per-draw overrides for every uncertain
input -- ``G x D`` rows, block ``g`` holding point ``g``'s fixed values and the base
draws of the rest -- and the target is evaluated on that one case: in chunks of
:data:`CHUNK` rows on the executor when it is elementwise, block by block otherwise.
``D = 1`` with nominal base values gives the classic one-at-a-time design around the
nominal case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from standoff.core.executors import Executor, Serial, chunk_ranges
from standoff.engines.uncertainty.inputs import Compiles, UncertainInput
from standoff.engines.uncertainty.slicing import draw_slice
from standoff.engines.uncertainty.targets import Target
from standoff.scenario.case import Case

#: Rows per chunk when a design is evaluated on an executor.
CHUNK = 8_192


@dataclass(frozen=True)
class Base:
    """The base draws of every uncertain input (``D`` values each)."""

    draws: int
    values: dict[str, np.ndarray]


def base_draws(model: Compiles, inputs: Sequence[UncertainInput], draws: int | None, seed: int) -> Base:
    """``draws`` Monte Carlo draws of every input from ``seed`` (its keyed stream), or
    the nominal values (``draws=None``)."""
    if draws is None:
        return Base(1, {i.path: np.array([i.nominal]) for i in inputs})
    case = model.case(draws=draws, seed=seed)
    assert isinstance(case, Case)
    out = {}
    for i in inputs:
        got = case.inputs.get(i.path)
        # a number no rule reads has no draws in the case: draw it like the sampler would
        out[i.path] = np.asarray(got, dtype=float) if got is not None else np.full(draws, i.nominal)
    return Base(draws, out)


def compile_design(model: Compiles, base: Base, points: Sequence[Mapping[str, float | np.ndarray]],
                   seed: int = 0) -> Case:
    """The case of a design: block ``g`` (rows ``g*D:(g+1)*D``) has point ``g``'s values
    and the base draws of every other input. A point's value may be one number or ``D``
    values."""
    d = base.draws
    overrides: dict[str, np.ndarray] = {}
    for path, vals in base.values.items():
        cols = []
        for pt in points:
            v = pt.get(path)
            cols.append(vals if v is None else np.broadcast_to(np.asarray(v, dtype=float), (d,)))
        overrides[path] = np.concatenate(cols)
    case = model.case(draws=len(points) * d, seed=seed, overrides=overrides)
    assert isinstance(case, Case)
    return case


def _eval(args: tuple[Target, Case]) -> np.ndarray:
    target, case = args
    return target(case)


def evaluate(target: Target, case: Case, block: int, executor: Executor | None = None) -> np.ndarray:
    """The target on every row of a design case, as ``(G, block)``."""
    ex = executor or Serial()
    n = case.draws
    if target.elementwise:
        pieces = [(target, draw_slice(case, a, b)) for a, b in chunk_ranges(n, CHUNK)]
    else:
        pieces = [(target, draw_slice(case, a, b)) for a, b in chunk_ranges(n, block)]
    values = np.concatenate(ex.map(_eval, pieces))
    return values.reshape(n // block, block)


def evaluate_points(model: Compiles, target: Target, base: Base, points: Sequence[Mapping[str, float | np.ndarray]],
                    executor: Executor | None = None, seed: int = 0) -> np.ndarray:
    """Compile a design and evaluate the target on it: ``(G, D)``."""
    return evaluate(target, compile_design(model, base, points, seed), base.draws, executor)
