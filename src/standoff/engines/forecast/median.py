"""The weighted median and the Condorcet-winning position.

Sources: Black, D. (1948), "On the rationale of group decision-making", *Journal of
Political Economy* 56(1): 23-34 (median voter theorem: with single-peaked preferences on
a line, the median position beats every other in pairwise majority votes); Bueno de
Mesquita (1994), "Political forecasting: an expected utility method" (votes weighted by
capability x salience, ``v^{jk} = sum_i c_i s_i (|x_i - x_k| - |x_i - x_j|)``, as in
Scholz, Calbert & Smith 2011, appendix step 3).
"""

from __future__ import annotations

import numpy as np


def weighted_median(position: np.ndarray, weight: np.ndarray) -> float:
    """The position at which the cumulative weight first reaches half the total.

    When the half is reached exactly at a position (an even split), the midpoint of that
    position and the next one is returned, so the result does not depend on actor order.
    """
    x = np.asarray(position, dtype=float)
    w = np.asarray(weight, dtype=float)
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    keep = ws > 0
    xs, ws = xs[keep], ws[keep]
    cum = np.cumsum(ws)
    half = 0.5 * cum[-1]
    k = int(np.searchsorted(cum, half - 1e-12 * cum[-1], side="left"))
    if np.isclose(cum[k], half, rtol=1e-12, atol=0.0) and k + 1 < xs.size:
        return float(0.5 * (xs[k] + xs[k + 1]))
    return float(xs[k])


def pairwise_votes(position: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Matrix ``V[j, k]``: weighted votes for position j over position k (linear loss).

    ``V[j, k] = sum_i w_i (|x_i - x_k| - |x_i - x_j|)``; antisymmetric.
    """
    x = np.asarray(position, dtype=float)
    d = np.abs(x[:, None] - x[None, :])  # d[i, j] = |x_i - x_j|
    w = np.asarray(weight, dtype=float)
    s = w @ d  # s[j] = sum_i w_i |x_i - x_j|
    return s[None, :] - s[:, None]


def condorcet_position(position: np.ndarray, weight: np.ndarray) -> float:
    """The actor position that beats or ties every other in weighted pairwise votes.

    With linear (single-peaked) utilities such a position always exists among the actors'
    positions (Black 1948); it is the one maximising its total margin, and ties between
    several (an even split) are resolved by their midpoint, as in :func:`weighted_median`.
    """
    x = np.asarray(position, dtype=float)
    v = pairwise_votes(x, weight)
    margin = v.sum(axis=1)
    tol = 1e-9 * max(1.0, float(np.abs(margin).max()))
    best = np.unique(x[margin >= margin.max() - tol])
    return float(0.5 * (best.min() + best.max()))
