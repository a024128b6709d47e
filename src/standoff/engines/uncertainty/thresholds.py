"""Thresholds: where the most likely outcome changes as one input moves.

For an input ``x`` and a target with a flip level (0.5 for a probability), let
``f(v)`` be the target's mean with ``x`` fixed at ``v`` and every other input at its base
draws, minus the flip level. The most likely outcome changes where ``f`` changes sign.
The input's range (the support of a bounded distribution, the 0.5-99.5 % quantiles of an
unbounded one) is scanned at :data:`GRID` points in one compile only to *bracket* the
sign changes; the crossing nearest the nominal value is then found by Brent's method
(:func:`standoff.core.solve.brentq`, SciPy's ``brentq`` line for line) on ``f`` itself, each evaluation one compile of the case.
With Monte Carlo draws ``f`` is a mean of per-draw values, a step function when they are
0/1: Brent's method then converges to the step, to ``XTOL`` of the range. No sign change
in the scan: the outcome "does not flip within its range" (a crossing and a crossing
back between two neighbouring grid points would be missed; the grid is fine enough that
this needs a very narrow excursion).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from standoff.core.executors import Executor
from standoff.core.solve import brentq
from standoff.engines.uncertainty.design import Base, evaluate_points
from standoff.engines.uncertainty.inputs import Compiles, UncertainInput
from standoff.engines.uncertainty.targets import Target
from standoff.engines.uncertainty.tornado import r12
from standoff.results.uncertainty import Threshold

#: Points of the bracketing scan over an input's range.
GRID = 17
#: Brent's tolerance, as a share of the input's range.
XTOL = 1e-6


def threshold(model: Compiles, target: Target, inp: UncertainInput, base: Base,
              executor: Executor | None = None) -> Threshold:
    """The threshold of one input (module docstring)."""
    assert target.flip is not None
    flip = float(target.flip)
    lo, hi = inp.search_range()
    grid = np.unique(np.concatenate([np.linspace(lo, hi, GRID), [inp.nominal]]))
    values = evaluate_points(model, target, base, [{inp.path: float(v)} for v in grid], executor).normalised()
    f = np.nanmean(values, axis=1) - flip
    k0 = int(np.flatnonzero(grid == inp.nominal)[0])
    at_nominal = float(f[k0] + flip)
    side = "above" if f[k0] >= 0 else "below"
    cls = f >= 0
    changes = np.flatnonzero(cls[1:] != cls[:-1])
    p5, p95 = inp.quantiles()
    if not changes.size:
        return Threshold(path=inp.path, nominal=r12(inp.nominal), searched=[r12(lo), r12(hi)], flips=False,
                         value=None, within_range=None, at_nominal=r12(at_nominal), side=side)
    mid = 0.5 * (grid[changes] + grid[changes + 1])
    j = int(changes[np.argmin(np.abs(mid - inp.nominal))])
    a, b = float(grid[j]), float(grid[j + 1])

    fa, fb = float(f[j]), float(f[j + 1])

    def g(v: float) -> float:
        # the bracket's ends are the grid's values: evaluated again on their own they can
        # differ in the last bits and lose the change of sign the grid found
        if v in (a, b):
            return fa if v == a else fb
        got = evaluate_points(model, target, base, [{inp.path: v}], executor).normalised()
        return float(np.nanmean(got)) - flip

    if fa == 0.0:
        root = a
    elif fb == 0.0:
        root = b
    else:
        # brentq needs strictly opposite signs: f(a) < 0 <= f(b) or the reverse
        root = float(brentq(g, a, b, xtol=max(XTOL * (hi - lo), 1e-12), rtol=1e-10, maxiter=200))
    direction = "up" if root > inp.nominal else "down"
    return Threshold(path=inp.path, nominal=r12(inp.nominal), searched=[r12(lo), r12(hi)], flips=True,
                     value=r12(root), within_range=bool(p5 <= root <= p95), at_nominal=r12(at_nominal), side=side,
                     direction=direction)


def thresholds(model: Compiles, target: Target, inputs: Sequence[UncertainInput], base: Base,
               executor: Executor | None = None) -> list[Threshold]:
    """:func:`threshold` for each input (none when the target has no flip level)."""
    if target.flip is None:
        return []
    return [threshold(model, target, i, base, executor) for i in inputs]
