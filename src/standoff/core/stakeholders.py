"""The input of every forecasting model: actors with capability, position and salience.

Following Bueno de Mesquita (1994, "Political forecasting: an expected utility method",
in Bueno de Mesquita & Stokman (eds.), *European Community Decision Making*, Yale UP),
each stakeholder on one issue is described by three numbers:

* ``capability`` (>= 0): the resources it can bring to bear on the decision;
* ``position`` on a 0-100 scale: the outcome it advocates;
* ``salience`` in [0, 1]: how much it cares about this issue (1 = top priority).

:func:`check_stakeholders` validates the arrays and raises a
:class:`~standoff.core.errors.UserError` naming the row and column of every problem, so
each reader (CSV, DEU table, scenario) reports mistakes in its own vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from standoff.core.errors import Problem, UserError

#: The scale every model works on.
LOW, HIGH = 0.0, 100.0


@dataclass(frozen=True)
class Stakeholders:
    """Validated arrays for one issue (same order in every array)."""

    names: tuple[str, ...]
    capability: np.ndarray
    position: np.ndarray
    salience: np.ndarray
    issue: str = "issue"

    @property
    def n(self) -> int:
        return len(self.names)

    @property
    def weight(self) -> np.ndarray:
        """Capability x salience, the weight of each actor in the static models."""
        return self.capability * self.salience


#: Largest capability accepted: only ratios matter, and products of capabilities and
#: squared distances must stay far from overflow (a GDP in dollars, ~1e13, still fits).
MAX_CAPABILITY = 1e15


def check_stakeholders(
    names: Sequence[str],
    capability: Sequence[float] | np.ndarray,
    position: Sequence[float] | np.ndarray,
    salience: Sequence[float] | np.ndarray,
    *,
    issue: str = "issue",
    where: str = "input",
    rows: Sequence[str] | None = None,
    columns: dict[str, str] | None = None,
) -> Stakeholders:
    """Validate one issue's stakeholders and return them as float arrays.

    ``rows`` names each actor's row as the user sees it (``"line 4"``); ``columns`` the
    user's column names for ``capability``, ``position`` and ``salience``. Every problem
    is collected and reported at once (exit status 2 on the command line).
    """
    cols = {"capability": "Capability", "position": "Position", "salience": "Salience"}
    cols.update(columns or {})
    names = tuple(str(n) for n in names)
    row_labels = list(rows) if rows is not None else [f"actor {n!r}" for n in names]
    arrays = {}
    problems: list[Problem] = []
    for key, values in (("capability", capability), ("position", position), ("salience", salience)):
        arr = np.asarray(values, dtype=float)
        if arr.shape != (len(names),):
            raise UserError(f"{where}: {key} has {arr.size} values for {len(names)} actors")
        arrays[key] = arr
    for k, name in enumerate(names):
        at = f"{row_labels[k]} ({name})" if row_labels[k] != f"actor {name!r}" else row_labels[k]
        c, x, s = (arrays[key][k] for key in ("capability", "position", "salience"))
        if not np.isfinite(x) or not LOW <= x <= HIGH:
            problems.append(Problem(f"{at}, column {cols['position']}: position {x:g} is outside 0-100",
                                    hint="rescale positions to the 0-100 scale"))
        if not np.isfinite(c) or c < 0:
            problems.append(Problem(f"{at}, column {cols['capability']}: capability {c:g} is negative",
                                    hint="capabilities are non-negative"))
        elif c > MAX_CAPABILITY:
            problems.append(Problem(f"{at}, column {cols['capability']}: capability {c:g} is too large",
                                    hint=f"rescale capabilities below {MAX_CAPABILITY:g} (only ratios matter)"))
        if not np.isfinite(s) or not 0.0 <= s <= 1.0:
            problems.append(Problem(f"{at}, column {cols['salience']}: salience {s:g} is outside 0-1",
                                    hint="saliences are between 0 and 1 (or 0 and 100 in a table)"))
    if problems:
        raise UserError(f"{where}: issue {issue!r} has {len(problems)} bad value(s)", problems=problems)
    if len(names) < 2:
        raise UserError(
            f"{where}: issue {issue!r} has {len(names)} actor(s) with a position; a forecast needs at least two",
            hint="add positions for more actors or drop the issue",
        )
    if not np.any(arrays["salience"] > 0):
        raise UserError(f"{where}: issue {issue!r}: column {cols['salience']} is all zeros",
                        hint="at least one actor must care about the issue")
    if not np.any(arrays["capability"] * arrays["salience"] > 0):
        raise UserError(f"{where}: issue {issue!r}: no actor has both capability and salience above zero",
                        hint=f"check columns {cols['capability']} and {cols['salience']}")
    return Stakeholders(names, arrays["capability"], arrays["position"], arrays["salience"], issue)
