"""Reliability diagram: forecasts binned by probability against how often the event
happened (Murphy & Winkler 1977, *Applied Statistics* 26(1)), with the count in each bin
so that a reader can see how little some bins rest on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

#: Bins of the protocol: five of equal width.
BINS = 5


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int
    mean_forecast: float | None
    observed: float | None


def reliability(p: npt.ArrayLike, y: npt.ArrayLike, bins: int = BINS) -> list[Bin]:
    """Forecasts ``p`` of binary events ``y`` in ``bins`` equal bins over [0, 1]
    (``[low, high)``, the last one closed)."""
    pa = np.asarray(p, dtype=float)
    ya = np.asarray(y, dtype=float)
    if pa.shape != ya.shape:
        raise ValueError("one outcome per forecast")
    edges = np.linspace(0.0, 1.0, bins + 1)
    k = np.clip(np.floor(pa * bins).astype(int), 0, bins - 1)
    out = []
    for b in range(bins):
        sel = k == b
        n = int(sel.sum())
        out.append(Bin(float(edges[b]), float(edges[b + 1]), n,
                       float(pa[sel].mean()) if n else None, float(ya[sel].mean()) if n else None))
    return out
