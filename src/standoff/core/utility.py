"""Linear-additive utility with red lines and optional pairwise interactions.

For an outcome ``o`` with codes ``(o_1, ..., o_k)``::

    u(o) = sum_i (weights[i] * values[i][o_i] + offsets[i][o_i])  +  sum_(i,j) table_ij[o_i, o_j]

``weights`` are the normalised saliences (non-negative, summing to one) and ``values[i]``
the actor's value of each option of issue ``i`` (1 = best); ``offsets`` are optional
absolute terms in utility units (e.g. the lasting cost of a sanction that a deal leaves
in place). A *red line* marks options
the actor will never accept, whatever the rest of the package: an outcome containing
one is unacceptable to that actor (``acceptable`` is False), though it still has a
utility. This is the standard linear-additive model of multi-issue negotiation
(Raiffa, *The Art and Science of Negotiation*, 1982; the GENIUS format of Lin et al. 2014).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from standoff.core.errors import UserError


@dataclass(frozen=True)
class Interaction:
    """A pairwise term: ``table[a, b]`` is added when issue ``i`` takes option ``a`` and
    issue ``j`` takes option ``b``."""

    i: int
    j: int
    table: np.ndarray


@dataclass(frozen=True, eq=False)
class AdditiveUtility:
    """One actor's utility over an :class:`~standoff.core.space.OutcomeSpace`."""

    weights: np.ndarray
    values: tuple[np.ndarray, ...]
    forbidden: tuple[np.ndarray, ...] = ()
    offsets: tuple[np.ndarray, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    reservation: float | None = None
    name: str = ""
    _contrib: tuple[np.ndarray, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        w = np.asarray(self.weights, dtype=float)
        vals = tuple(np.asarray(v, dtype=float) for v in self.values)
        if w.ndim != 1 or len(w) != len(vals):
            raise UserError("utility needs one weight per issue")
        if np.any(w < 0) or not np.all(np.isfinite(w)):
            raise UserError("issue weights must be finite and non-negative")
        forb = self.forbidden or tuple(np.zeros(len(v), dtype=bool) for v in vals)
        forb = tuple(np.asarray(f, dtype=bool) for f in forb)
        if len(forb) != len(vals) or any(f.shape != v.shape for f, v in zip(forb, vals, strict=True)):
            raise UserError("red-line masks must match the issues' options")
        offs = self.offsets or tuple(np.zeros(len(v)) for v in vals)
        offs = tuple(np.asarray(o, dtype=float) for o in offs)
        if len(offs) != len(vals) or any(o.shape != v.shape for o, v in zip(offs, vals, strict=True)):
            raise UserError("utility offsets must match the issues' options")
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "values", vals)
        object.__setattr__(self, "forbidden", forb)
        object.__setattr__(self, "offsets", offs)
        contrib = tuple(wi * v + o for wi, v, o in zip(w, vals, offs, strict=True))
        object.__setattr__(self, "_contrib", contrib)

    # -- structure -----------------------------------------------------------------
    @property
    def n_issues(self) -> int:
        return len(self.values)

    @property
    def is_additive(self) -> bool:
        """True when there are no interaction terms (frontier merging applies)."""
        return not self.interactions

    def contributions(self) -> tuple[np.ndarray, ...]:
        """Per-issue utility contributions ``weights[i] * values[i] + offsets[i]``."""
        return self._contrib

    def allowed(self) -> tuple[np.ndarray, ...]:
        """Per-issue masks of the options this actor can accept."""
        return tuple(~f for f in self.forbidden)

    # -- evaluation ----------------------------------------------------------------
    def __call__(self, codes: np.ndarray) -> np.ndarray:
        """Utilities of outcomes given as an ``(n, k)`` (or ``(k,)``) code array."""
        c = np.asarray(codes)
        single = c.ndim == 1
        c2 = c.reshape(1, -1) if single else c
        total = np.zeros(c2.shape[0])
        for i, contrib in enumerate(self._contrib):
            total += contrib[c2[:, i]]
        for inter in self.interactions:
            total += inter.table[c2[:, inter.i], c2[:, inter.j]]
        return total[0] if single else total

    def acceptable(self, codes: np.ndarray) -> np.ndarray:
        """True where an outcome crosses none of this actor's red lines."""
        return acceptable(self.forbidden, codes)

    def best(self) -> float:
        """Highest utility over all outcomes (exact for additive utilities)."""
        if self.interactions:
            raise UserError("best() is only exact for additive utilities")
        return float(sum(c.max() for c in self._contrib))

    def worst(self) -> float:
        """Lowest utility over all outcomes (exact for additive utilities)."""
        if self.interactions:
            raise UserError("worst() is only exact for additive utilities")
        return float(sum(c.min() for c in self._contrib))

    def with_reservation(self, reservation: float | None) -> AdditiveUtility:
        return AdditiveUtility(
            weights=self.weights,
            values=self.values,
            forbidden=self.forbidden,
            offsets=self.offsets,
            interactions=self.interactions,
            reservation=reservation,
            name=self.name,
        )


@dataclass(frozen=True, eq=False)
class HyperRectangleUtility:
    """A nonlinear utility: the sum of the values of the boxes an outcome falls in.

    ``lower[r, i]`` and ``upper[r, i]`` bound issue ``i`` (in codes, inclusive) for box
    ``r``; issues a box leaves free span the whole issue. ``u(o) = scale * sum_r
    utilities[r] * [lower[r] <= o <= upper[r]]`` (Ito, Hattori & Klein 2007).
    Evaluating codes costs O(n_boxes) vector operations; enumeration is left to the
    caller, which must check the size of the space first.
    """

    lower: np.ndarray
    upper: np.ndarray
    utilities: np.ndarray
    scale: float = 1.0
    reservation: float | None = None
    name: str = ""

    @property
    def n_issues(self) -> int:
        return int(self.lower.shape[1])

    @property
    def is_additive(self) -> bool:
        return False

    def __call__(self, codes: np.ndarray) -> np.ndarray:
        c = np.asarray(codes)
        single = c.ndim == 1
        c2 = c.reshape(1, -1) if single else c
        total = np.zeros(c2.shape[0])
        for lo, hi, val in zip(self.lower, self.upper, self.utilities, strict=True):
            inside = np.all((c2 >= lo) & (c2 <= hi), axis=1)
            total += val * inside
        total *= self.scale
        return total[0] if single else total

    def acceptable(self, codes: np.ndarray) -> np.ndarray:
        """No red lines in GENIUS profiles: every outcome is acceptable."""
        c = np.asarray(codes)
        return True if c.ndim == 1 else np.ones(c.shape[0], dtype=bool)  # type: ignore[return-value]

    def with_reservation(self, reservation: float | None) -> HyperRectangleUtility:
        return HyperRectangleUtility(
            self.lower, self.upper, self.utilities, self.scale, reservation, self.name
        )


#: A utility of either kind (what GENIUS domains and scenarios give the engines).
Utility = AdditiveUtility | HyperRectangleUtility


class UtilityLike(Protocol):
    """What an engine needs of any utility: evaluation and red lines on code arrays."""

    def __call__(self, codes: np.ndarray) -> np.ndarray: ...

    def acceptable(self, codes: np.ndarray) -> np.ndarray: ...


def acceptable(forbidden: Sequence[np.ndarray], codes: np.ndarray) -> np.ndarray:
    """True where a package (codes ``(I,)`` or ``(n, I)``) takes no option that
    ``forbidden[i]`` marks on any issue ``i``."""
    c = np.asarray(codes, dtype=np.int64)
    single = c.ndim == 1
    c2 = c.reshape(1, -1) if single else c
    ok = np.ones(c2.shape[0], dtype=bool)
    for i, f in enumerate(forbidden):
        if f.any():
            ok &= ~f[c2[:, i]]
    return ok[0] if single else ok
