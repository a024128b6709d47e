"""Factors: the independent pieces of a bargaining problem's utility.

A utility profile (one utility per party) is split into *factors*: groups of issues whose
contribution to every party's utility does not depend on the other groups. With purely
additive utilities each issue is its own factor; a pairwise interaction term between two
issues merges them into one factor whose options are the pairs of options (the
"conditional independence" decomposition of utility graphs: Keeney & Raiffa 1976,
*Decisions with Multiple Objectives*, ch. 6; Hindriks, Jonker & Tykhonov 2006 for its use
in negotiation). Utilities with no additive structure (the hyper-rectangle profiles of
ANAC 2014) form a single factor over the enumerated space.

Each factor lists only the *feasible* joint options: those crossing no party's red line.
The utility of an outcome is the sum, over factors, of the factor's row for the outcome,
which is what lets the Pareto frontier be built by merging factor frontiers instead of
enumerating the product space.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from standoff.core.errors import UserError
from standoff.core.space import ENUMERATION_LIMIT, OutcomeSpace
from standoff.core.utility import AdditiveUtility

#: A factor larger than this is refused: the exact method does not scale to it.
FACTOR_LIMIT = 2_000_000


class TooLargeForExact(UserError):
    """The exact method cannot handle this problem (it says so instead of approximating)."""


class NoFeasibleOutcome(UserError):
    """Red lines exclude every outcome."""


@dataclass(frozen=True)
class Factor:
    """A group of issues: their feasible joint options and each party's utility from them.

    ``codes[r]`` gives the options of ``issues`` in row ``r``; ``utils[r, p]`` is party
    ``p``'s utility contribution of that row.
    """

    issues: tuple[int, ...]
    codes: np.ndarray  # (m, len(issues)) int64
    utils: np.ndarray  # (m, n_parties) float

    @property
    def size(self) -> int:
        return int(self.codes.shape[0])


def issue_components(n_issues: int, pairs: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Issues joined by pair terms, as connected components (each a factor), each in
    ascending order and listed by their smallest issue."""
    parent = list(range(n_issues))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(n_issues):
        groups.setdefault(find(i), []).append(i)
    return [groups[r] for r in sorted(groups)]


def _allowed(space: OutcomeSpace, utilities: Sequence[object]) -> list[np.ndarray]:
    masks = [np.ones(s, dtype=bool) for s in space.sizes]
    for u in utilities:
        if isinstance(u, AdditiveUtility):
            for k, f in enumerate(u.forbidden):
                masks[k] &= ~f
    return masks


class RedLinesConflict(NoFeasibleOutcome):
    """The parties' red lines, taken together, exclude every outcome (a deadlock, not a
    malformed input: each party's own red lines leave it something)."""

    def __init__(self, message: str, *, hint: str = "", issues: Sequence[int] = ()):
        super().__init__(message, hint=hint)
        self.issues = tuple(issues)


def _check_feasible(space: OutcomeSpace, utilities: Sequence[object], masks: list[np.ndarray]) -> None:
    for p, u in enumerate(utilities):
        if not isinstance(u, AdditiveUtility):
            continue
        for k, f in enumerate(u.forbidden):
            if f.all():
                who = u.name or f"party {p + 1}"
                raise NoFeasibleOutcome(
                    f"the red lines of {who} exclude every outcome: every option of issue "
                    f"{space.issues[k].id!r} is ruled out",
                    hint="leave at least one acceptable option on every issue",
                )
    blocked = [k for k, m in enumerate(masks) if not m.any()]
    if blocked:
        names = ", ".join(repr(space.issues[k].id) for k in blocked)
        raise RedLinesConflict(
            f"the parties' red lines together exclude every outcome (no option of {names} "
            "is acceptable to everyone)",
            hint="see the openings: which red line would have to move",
            issues=blocked,
        )


def make_factors(space: OutcomeSpace, utilities: Sequence[object]) -> list[Factor]:
    """Split a profile into factors (see the module docstring).

    Raises :class:`NoFeasibleOutcome` when red lines leave no outcome, and
    :class:`TooLargeForExact` when a factor (or a non-additive space) is too large.
    """
    if space.n_issues == 0 or space.n_outcomes == 0:
        raise UserError("the outcome space is empty", hint="add at least one issue with options")
    if not utilities:
        raise UserError("no parties to bargain")
    for u in utilities:
        if isinstance(u, AdditiveUtility) and u.n_issues != space.n_issues:
            raise UserError(f"utility {u.name!r} has {u.n_issues} issues; the space has {space.n_issues}")
    masks = _allowed(space, utilities)
    _check_feasible(space, utilities, masks)
    n_parties = len(utilities)
    if not all(isinstance(u, AdditiveUtility) for u in utilities):
        n = math.prod(int(m.sum()) for m in masks)
        if n > ENUMERATION_LIMIT:
            raise TooLargeForExact(
                f"the utilities are not additive and the space has {n:,} outcomes: "
                f"too large for the exact method (limit {ENUMERATION_LIMIT:,})",
                hint="exact analysis of nonlinear utilities needs an enumerable space",
            )
        codes = _product([np.flatnonzero(m) for m in masks])
        columns: list[np.ndarray] = [np.asarray(u(codes), dtype=np.float64) for u in utilities]  # type: ignore[operator]
        utils = np.stack(columns, axis=1)
        return [Factor(tuple(range(space.n_issues)), codes, utils)]
    adds = [u for u in utilities if isinstance(u, AdditiveUtility)]
    pairs = [(it.i, it.j) for u in adds for it in u.interactions]
    factors: list[Factor] = []
    for group in issue_components(space.n_issues, pairs):
        options = [np.flatnonzero(masks[k]) for k in group]
        size = math.prod(len(o) for o in options)
        if size > FACTOR_LIMIT:
            names = ", ".join(space.issues[k].id for k in group)
            raise TooLargeForExact(
                f"interaction terms tie issues {names} into {size:,} joint options: "
                f"too many for the exact method (limit {FACTOR_LIMIT:,})",
                hint="drop or simplify interaction terms",
            )
        codes = _product(options)
        utils = np.zeros((codes.shape[0], n_parties))
        for p, u in enumerate(adds):
            contrib = u.contributions()
            for col, k in enumerate(group):
                utils[:, p] += contrib[k][codes[:, col]]
            pos = {k: col for col, k in enumerate(group)}
            for it in u.interactions:
                if it.i in pos:
                    utils[:, p] += it.table[codes[:, pos[it.i]], codes[:, pos[it.j]]]
        factors.append(Factor(tuple(group), codes, utils))
    return factors


def _product(options: Sequence[np.ndarray]) -> np.ndarray:
    """All combinations of the given option lists, row-major (last varies fastest)."""
    if not options:
        return np.zeros((1, 0), dtype=np.int64)
    sizes = [len(o) for o in options]
    grid = np.indices(sizes, dtype=np.int64).reshape(len(sizes), -1).T
    return np.stack([np.asarray(o, dtype=np.int64)[grid[:, c]] for c, o in enumerate(options)], axis=1)


def n_feasible(factors: Sequence[Factor]) -> int:
    """Number of feasible outcomes (exact Python int)."""
    return math.prod(f.size for f in factors)


def assemble(factors: Sequence[Factor], rows: np.ndarray, n_issues: int) -> np.ndarray:
    """Codes of outcomes given by one row index per factor (``rows`` is (n, n_factors))."""
    rows = np.atleast_2d(rows)
    out = np.zeros((rows.shape[0], n_issues), dtype=np.int64)
    for f, r in zip(factors, rows.T, strict=True):
        out[:, list(f.issues)] = f.codes[r]
    return out
