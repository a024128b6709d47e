"""Bootstrap intervals for means over cases, resampling cases with replacement.

Each case weighs the same, so the unit of resampling is the case (Efron & Tibshirani
1993, *An Introduction to the Bootstrap*, ch. 6 and 13): every column of a cases-by-
statistics table is resampled with the same draws of cases, so differences between
columns are paired. Intervals are percentile intervals. The draws come from one
generator seeded explicitly: the same table and seed give the same intervals.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

#: Bootstrap resamples, seed and level of the protocol.
RESAMPLES = 2_000
SEED = 0
LEVEL = 0.90


def bootstrap_means(
    table: npt.ArrayLike, *, resamples: int = RESAMPLES, seed: int = SEED, level: float = LEVEL
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """``(mean, low, high)`` of each column of ``table`` (one row per case): the column
    means and their ``level`` percentile intervals over ``resamples`` resamples of the
    rows, drawn from ``numpy.random.default_rng(seed)``."""
    t = np.asarray(table, dtype=float)
    if t.ndim == 1:
        t = t[:, None]
    n = t.shape[0]
    if n == 0:
        raise ValueError("no cases to resample")
    if not np.all(np.isfinite(t)):
        raise ValueError("the table holds missing or infinite values")
    if not 0.0 < level < 1.0 or resamples < 1:
        raise ValueError("level must lie in (0, 1) and resamples be positive")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(resamples, n))
    means = t[idx].mean(axis=1)  # (resamples, columns)
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail], axis=0)
    return t.mean(axis=0), low, high
