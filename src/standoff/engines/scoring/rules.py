"""Proper scoring rules for probability forecasts (lower is better).

* **Brier score** (Brier 1950, *Monthly Weather Review* 78(1)): ``(p - y)^2`` for a binary
  event; for a forecast over mutually exclusive categories, the sum over the categories of
  ``(p_k - y_k)^2`` (Brier's original form, 0 to 2).
* **Logarithmic score** (Good 1952, *JRSS B* 14(1)): ``-ln`` of the probability given to
  what happened, with probabilities clipped to ``[CLIP_LOW, CLIP_HIGH]`` so that a wrong
  forecast of exactly 0 or 1 scores ``-ln 0.001`` rather than infinity; the number of
  clipped forecasts is counted and reported.

Both are strictly proper: a forecaster minimises its expected score by saying what it
believes (Gneiting & Raftery 2007, *JASA* 102(477)).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

#: Clipping of probabilities in the logarithmic score (the protocol's [0.001, 0.999]).
CLIP_LOW = 0.001
CLIP_HIGH = 0.999

Array = npt.NDArray[np.float64]


def _binary(p: npt.ArrayLike, y: npt.ArrayLike) -> tuple[Array, Array]:
    pa = np.asarray(p, dtype=float)
    ya = np.asarray(y, dtype=float)
    if pa.shape != ya.shape:
        raise ValueError(f"forecasts and outcomes differ in shape: {pa.shape} and {ya.shape}")
    if np.any((pa < 0) | (pa > 1)) or not np.all(np.isfinite(pa)):
        raise ValueError("probabilities must lie in [0, 1]")
    if np.any((ya != 0) & (ya != 1)):
        raise ValueError("outcomes must be 0 or 1")
    return pa, ya


def brier(p: npt.ArrayLike, y: npt.ArrayLike) -> Array:
    """Brier score of each binary forecast ``p`` of an event that happened (``y = 1``) or
    not (``y = 0``)."""
    pa, ya = _binary(p, y)
    return np.asarray((pa - ya) ** 2, dtype=float)


def given(p: npt.ArrayLike, y: npt.ArrayLike) -> Array:
    """The probability each binary forecast gave to what happened."""
    pa, ya = _binary(p, y)
    return np.asarray(np.where(ya == 1, pa, 1.0 - pa), dtype=float)


def log_score(p: npt.ArrayLike, y: npt.ArrayLike) -> Array:
    """Logarithmic score of each binary forecast (clipped; module docstring)."""
    return np.asarray(-np.log(np.clip(given(p, y), CLIP_LOW, CLIP_HIGH)), dtype=float)


def clipped(q: npt.ArrayLike) -> int:
    """How many probabilities of what happened fall outside the clipping range."""
    qa = np.asarray(q, dtype=float)
    return int(np.sum((qa < CLIP_LOW) | (qa > CLIP_HIGH)))


def _categorical(P: npt.ArrayLike, k: npt.ArrayLike) -> tuple[Array, npt.NDArray[np.int64]]:
    Pa = np.atleast_2d(np.asarray(P, dtype=float))
    ka = np.atleast_1d(np.asarray(k, dtype=np.int64))
    if Pa.shape[0] != ka.shape[0]:
        raise ValueError("one outcome per forecast")
    if np.any((Pa < 0) | (Pa > 1)) or not np.all(np.isfinite(Pa)):
        raise ValueError("probabilities must lie in [0, 1]")
    if np.any((ka < 0) | (ka >= Pa.shape[1])):
        raise ValueError("outcome index out of range")
    return Pa, ka


def brier_categorical(P: npt.ArrayLike, k: npt.ArrayLike) -> Array:
    """Brier score of forecasts ``P`` (rows over categories) when category ``k`` happened."""
    Pa, ka = _categorical(P, k)
    onehot = np.zeros_like(Pa)
    onehot[np.arange(ka.size), ka] = 1.0
    return np.asarray(np.sum((Pa - onehot) ** 2, axis=1), dtype=float)


def given_categorical(P: npt.ArrayLike, k: npt.ArrayLike) -> Array:
    """The probability each categorical forecast gave to what happened."""
    Pa, ka = _categorical(P, k)
    return np.asarray(Pa[np.arange(ka.size), ka], dtype=float)


def log_categorical(P: npt.ArrayLike, k: npt.ArrayLike) -> Array:
    """Logarithmic score of categorical forecasts (clipped; module docstring)."""
    return np.asarray(-np.log(np.clip(given_categorical(P, k), CLIP_LOW, CLIP_HIGH)), dtype=float)
