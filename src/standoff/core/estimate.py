"""An estimate over Monte Carlo draws: mean, median, 90 % interval, and its error.

Every probability, share, duration and position the tool reports over the draws of a
scenario is an :class:`Estimate`. ``low`` and ``high`` are the 5 % and 95 % quantiles of
the per-draw values (the spread that parametric uncertainty causes); ``mcse`` is the
Monte Carlo standard error of the mean, ``sd / sqrt(n_eff)``, where ``n_eff`` is the
effective sample size of the (possibly weighted) draws (Kish 1965). When the value does
not depend on any uncertain input, ``fixed`` is true and the interval has no width: the
presenters then say so rather than print an interval of zero width.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Estimate:
    """Summary of one quantity over draws."""

    mean: float
    median: float
    low: float
    high: float
    n: int
    mcse: float
    fixed: bool

    def as_dict(self) -> dict[str, float | int | bool]:
        return {
            "mean": self.mean,
            "median": self.median,
            "low": self.low,
            "high": self.high,
            "n": self.n,
            "mcse": self.mcse,
            "fixed": self.fixed,
        }


def weighted_quantile(values: np.ndarray, weights: np.ndarray, qs: tuple[float, ...]) -> np.ndarray:
    """Quantiles of weighted values (the inverse of the weighted empirical CDF, with
    midpoint plotting positions; equal weights give numpy's ``"linear"`` quantiles up to
    the plotting convention)."""
    order = np.argsort(values, kind="stable")
    v = values[order]
    w = weights[order]
    cum = np.cumsum(w)
    total = cum[-1]
    pos = (cum - 0.5 * w) / total
    return np.interp(np.asarray(qs), pos, v)


#: Below this many equally weighted draws quantiles are read from a full sort; above it,
#: from the few order statistics they need (:func:`_equal_weight_quantiles`).
SELECT_FROM = 2_048


def _equal_weight_quantiles(v: np.ndarray, qs: tuple[float, ...]) -> np.ndarray:
    """:func:`weighted_quantile` with equal weights, from the order statistics around
    each quantile (``np.partition``, linear time) instead of a full sort: the same
    plotting positions and the same ``np.interp`` arithmetic on the same neighbours, so
    the same numbers to the last bit (a test checks it)."""
    n = v.size
    pos_all = lambda idx: ((idx + 1.0) - 0.5 * 1.0) / float(n)  # noqa: E731  (as in weighted_quantile)
    wanted: list[np.ndarray] = []
    for q in qs:
        j = int(np.floor(q * n - 0.5))
        wanted.append(np.arange(max(0, j - 2), min(n, j + 4)))
    kth = np.unique(np.concatenate(wanted))
    part = np.partition(v, kth)
    out = np.empty(len(qs))
    for k, (q, idx) in enumerate(zip(qs, wanted, strict=True)):
        out[k] = np.interp(q, pos_all(idx.astype(float)), part[idx])
    return out


def summarise(values: np.ndarray | float, weights: np.ndarray | None = None, *, digits: int = 12) -> Estimate:
    """The :class:`Estimate` of per-draw ``values`` (optionally importance-weighted).

    Numbers are rounded to ``digits`` significant decimals so that the same draws give
    byte-identical JSON across platforms and executors.
    """
    v = np.atleast_1d(np.asarray(values, dtype=float)).ravel()
    n = int(v.size)
    if weights is None:
        w = np.ones(n)
    else:
        w = np.broadcast_to(np.asarray(weights, dtype=float), (n,)).copy()
    if n == 0 or not np.isfinite(v).all() or w.sum() <= 0:
        raise ValueError("cannot summarise an empty or non-finite set of draws")
    fixed = bool(np.all(v == v[0]))
    wn = w / w.sum()
    mean = float(wn @ v)
    if fixed:
        med = lo = hi = mean
        mcse = 0.0
    else:
        if weights is None and n >= SELECT_FROM:
            lo, med, hi = (float(x) for x in _equal_weight_quantiles(v, (0.05, 0.5, 0.95)))
        else:
            lo, med, hi = (float(x) for x in weighted_quantile(v, w, (0.05, 0.5, 0.95)))
        n_eff = 1.0 / float(wn @ wn)
        var = float(wn @ (v - mean) ** 2)
        mcse = float(np.sqrt(var / n_eff))

    def r(x: float) -> float:
        return round(x, digits) + 0.0

    return Estimate(mean=r(mean), median=r(med), low=r(lo), high=r(hi), n=n, mcse=r(mcse), fixed=fixed)


def effective_size(weights: np.ndarray) -> float:
    """Kish's effective sample size of importance weights."""
    w = np.asarray(weights, dtype=float)
    s = w.sum()
    return float(s * s / (w @ w)) if s > 0 else 0.0
