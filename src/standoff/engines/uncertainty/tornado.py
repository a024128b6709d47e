"""One-at-a-time sensitivity: the tornado.

Each uncertain input is swung to its 5 % and its 95 % quantile while every other input
keeps its base draws (common random numbers: the same ``D`` draws at both ends and in
the base run; ``D = 1`` at nominal values gives the classic deterministic tornado). The
bar of an input is the target's mean at each end; its effect is the difference, with
the Monte Carlo standard error of that difference. All ``2k + 1`` design points are
evaluated in one compile (:mod:`.design`). Bars are ranked by the size of the effect.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from standoff.core.estimate import summarise
from standoff.core.executors import Executor
from standoff.engines.uncertainty.design import Base, evaluate_points
from standoff.engines.uncertainty.inputs import Compiles, UncertainInput
from standoff.engines.uncertainty.targets import Target
from standoff.results.uncertainty import Tornado, TornadoBar


def r12(x: float) -> float:
    """Rounded to 12 decimals (byte-identical JSON across platforms and executors)."""
    return round(float(x), 12) + 0.0


def difference(hi: np.ndarray, lo: np.ndarray) -> tuple[float, float]:
    """Mean of paired differences and its Monte Carlo standard error (NaN draws dropped)."""
    diff = hi - lo
    diff = diff[np.isfinite(diff)]
    if not diff.size:
        return float("nan"), float("nan")
    se = float(np.std(diff, ddof=1) / np.sqrt(diff.size)) if diff.size > 1 else 0.0
    return float(diff.mean()), se


def tornado(model: Compiles, target: Target, inputs: Sequence[UncertainInput], base: Base,
            executor: Executor | None = None, extra: Sequence[dict[str, float]] = ()) -> tuple[Tornado, np.ndarray]:
    """The tornado (module docstring); ``extra`` design points are evaluated in the same
    compile and their ``(len(extra), D)`` values returned alongside."""
    points: list[dict[str, float]] = [{}]
    ends = [i.quantiles() for i in inputs]
    for inp, (lo, hi) in zip(inputs, ends, strict=True):
        points += [{inp.path: lo}, {inp.path: hi}]
    values = evaluate_points(model, target, base, [*points, *extra], executor)
    main, more = values[: len(points)], values[len(points):]
    bars = []
    for k, (inp, (lo, hi)) in enumerate(zip(inputs, ends, strict=True)):
        at_lo, at_hi = main[1 + 2 * k], main[2 + 2 * k]
        effect, se = difference(at_hi, at_lo)
        bars.append((inp, lo, hi, float(np.nanmean(at_lo)), float(np.nanmean(at_hi)), effect, se))
    order = sorted(range(len(bars)), key=lambda j: (-abs(bars[j][5]) if np.isfinite(bars[j][5]) else 0.0, j))
    out = [TornadoBar(path=b[0].path, low=r12(b[1]), high=r12(b[2]), at_low=r12(b[3]), at_high=r12(b[4]),
                      effect=r12(b[5]) if np.isfinite(b[5]) else 0.0, se=r12(b[6]) if np.isfinite(b[6]) else 0.0,
                      rank=rank)
           for rank, b in enumerate((bars[j] for j in order), 1)]
    finite = main[0][np.isfinite(main[0])]
    return Tornado(base=summarise(finite), draws=base.draws, bars=out), more
