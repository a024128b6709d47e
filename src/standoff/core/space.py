"""The outcome space: issues, their options, and packages (one option per issue).

Outcomes are represented as integer codes: an outcome over ``k`` issues is a length-``k``
vector whose entry ``i`` indexes the chosen option of issue ``i``. Spaces far too large to
enumerate (10 issues x 10 options = 10^10 outcomes) are fine as long as nobody calls
:meth:`OutcomeSpace.enumerate`; engines that exploit additive structure never do.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from standoff.core.errors import UserError, did_you_mean

#: Spaces larger than this are never enumerated implicitly.
ENUMERATION_LIMIT = 20_000_000


@dataclass(frozen=True)
class Issue:
    """One issue under negotiation.

    ``options`` are the option ids in their natural order (for ``ordered`` and
    ``scale`` issues the order means something; for ``categorical`` it does not).
    For a ``scale`` issue, ``points`` holds the 0-100 position of each option.
    """

    id: str
    options: tuple[str, ...]
    name: str = ""
    kind: str = "ordered"  # "ordered" | "categorical" | "scale"
    points: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        if len(self.options) == 0:
            raise UserError(f"issue {self.id!r} has no options")
        if len(set(self.options)) != len(self.options):
            raise UserError(f"issue {self.id!r} lists an option twice")

    @property
    def size(self) -> int:
        return len(self.options)

    def index(self, option: str) -> int:
        try:
            return self.options.index(option)
        except ValueError:
            raise UserError(
                f"issue {self.id!r} has no option {option!r}",
                hint=did_you_mean(option, self.options),
            ) from None


@dataclass(frozen=True)
class OutcomeSpace:
    """The Cartesian product of the issues' options."""

    issues: tuple[Issue, ...]

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(issue.size for issue in self.issues)

    @property
    def n_issues(self) -> int:
        return len(self.issues)

    @property
    def n_outcomes(self) -> int:
        """Number of outcomes, as an exact Python int (may exceed 2**63)."""
        return math.prod(self.sizes)

    @property
    def issue_ids(self) -> tuple[str, ...]:
        return tuple(issue.id for issue in self.issues)

    def issue_index(self, issue_id: str) -> int:
        ids = self.issue_ids
        if issue_id not in ids:
            raise UserError(f"unknown issue {issue_id!r}", hint=did_you_mean(issue_id, ids))
        return ids.index(issue_id)

    def encode(self, package: Mapping[str, str]) -> np.ndarray:
        """Codes of a complete package ``{issue: option}``."""
        missing = [i.id for i in self.issues if i.id not in package]
        if missing:
            raise UserError(f"package leaves issues undecided: {', '.join(missing)}")
        for key in package:
            self.issue_index(key)
        return np.array([issue.index(package[issue.id]) for issue in self.issues], dtype=np.int64)

    def decode(self, codes: Sequence[int] | np.ndarray) -> dict[str, str]:
        """The package ``{issue: option}`` of one outcome given by its codes."""
        return {issue.id: issue.options[int(c)] for issue, c in zip(self.issues, codes, strict=True)}

    def enumerate(self, limit: int = ENUMERATION_LIMIT) -> np.ndarray:
        """All outcomes as an ``(n_outcomes, n_issues)`` integer array, in row-major order
        (the last issue varies fastest). Refuses spaces larger than ``limit``."""
        n = self.n_outcomes
        if n > limit:
            raise UserError(
                f"the outcome space has {n:,} outcomes, too many to enumerate (limit {limit:,})",
                hint="use a method that exploits additive utilities instead of enumeration",
            )
        if self.n_issues == 0:
            return np.zeros((1, 0), dtype=np.int64)
        grids = np.indices(self.sizes, dtype=np.int64)
        return grids.reshape(self.n_issues, -1).T.copy()

    def ravel(self, codes: np.ndarray) -> np.ndarray:
        """Flat row-major indices of outcomes given as codes (inverse of :meth:`unravel`)."""
        return np.ravel_multi_index(tuple(np.asarray(codes).T), self.sizes)

    def unravel(self, flat: np.ndarray | int) -> np.ndarray:
        """Codes of outcomes given by flat row-major indices."""
        return np.stack(np.unravel_index(np.asarray(flat), self.sizes), axis=-1)
