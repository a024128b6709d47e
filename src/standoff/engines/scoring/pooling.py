"""The pooling weight: how far to move from the base rate toward the models, fitted only
by leave-one-out over cases.

The assessment pools linearly, ``p = (1 - w) base + w model`` (``p = model`` where the
reference class does not code the event, ``base`` NaN here). The weight is chosen from a
grid fixed before any fit (:data:`GRID`) by the **mean over cases of each case's mean
Brier score over its binary questions** (every question of the case, standard and its
own; the ending is not in the objective), the first grid point on a tie. Leave-one-out:
each case gets the weight chosen on the other cases only -- its own questions never enter
the objective that picks its weight -- and is scored with it (Stone 1974, *JRSS B*
36(2)).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from standoff.engines.scoring.rules import brier

#: The candidate weights, fixed in the code before any fit.
GRID: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)

#: What the fit minimises, in words (reported with the result).
OBJECTIVE = ("mean over cases of each case's mean Brier score over its binary questions "
             "(standard and case-specific; not the ending), forecasts pooled at the candidate weight; "
             "first grid point on a tie")


def pool(model: npt.ArrayLike, base: npt.ArrayLike, w: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The linear pool of the models' answer and the base rate (the model where the base
    rate is NaN). ``w`` is a scalar or one weight per forecast."""
    m = np.asarray(model, dtype=float)
    b = np.asarray(base, dtype=float)
    wa = np.asarray(w, dtype=float)
    return np.asarray(np.where(np.isnan(b), m, (1.0 - wa) * np.nan_to_num(b) + wa * m), dtype=float)


def case_means(values: npt.ArrayLike, case: npt.ArrayLike, n_cases: int) -> npt.NDArray[np.float64]:
    """The mean of ``values`` within each case (``case``: the case index of each value);
    NaN for a case without values. Extra dimensions after the first are kept."""
    v = np.asarray(values, dtype=float)
    c = np.asarray(case, dtype=np.int64)
    counts = np.bincount(c, minlength=n_cases).astype(float)
    flat = v.reshape(v.shape[0], -1)
    sums = np.stack([np.bincount(c, weights=flat[:, j], minlength=n_cases) for j in range(flat.shape[1])], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = sums / counts[:, None]
    return out.reshape((n_cases, *v.shape[1:]))


def objective_table(model: npt.ArrayLike, base: npt.ArrayLike, y: npt.ArrayLike, case: npt.ArrayLike, n_cases: int,
                    grid: tuple[float, ...] = GRID) -> npt.NDArray[np.float64]:
    """Each case's mean Brier score over its questions at each grid weight (cases x grid)."""
    m = np.asarray(model, dtype=float)
    scores = np.stack([brier(pool(m, base, w), y) for w in grid], axis=1)  # (questions, grid)
    return case_means(scores, case, n_cases)


def choose(table: npt.NDArray[np.float64], cases: npt.NDArray[np.bool_], grid: tuple[float, ...] = GRID) -> float:
    """The grid weight minimising the mean, over the ``cases`` selected, of the table's rows
    (cases without questions are left out)."""
    rows = table[cases]
    rows = rows[~np.isnan(rows).any(axis=1)]
    if rows.shape[0] == 0:
        raise ValueError("no case with questions to fit the weight on")
    return float(grid[int(np.argmin(rows.mean(axis=0)))])


def fit_weight(model: npt.ArrayLike, base: npt.ArrayLike, y: npt.ArrayLike, case: npt.ArrayLike, n_cases: int,
               grid: tuple[float, ...] = GRID) -> float:
    """The weight fitted on every case (in-sample; what ``--fit`` writes)."""
    table = objective_table(model, base, y, case, n_cases, grid)
    return choose(table, np.ones(n_cases, dtype=bool), grid)


def loo_weights(model: npt.ArrayLike, base: npt.ArrayLike, y: npt.ArrayLike, case: npt.ArrayLike, n_cases: int,
                grid: tuple[float, ...] = GRID) -> npt.NDArray[np.float64]:
    """For each case, the weight fitted on all the other cases (leave-one-out)."""
    if n_cases < 2:
        raise ValueError("leave-one-out needs at least two cases")
    table = objective_table(model, base, y, case, n_cases, grid)
    out = np.empty(n_cases)
    for c in range(n_cases):
        others = np.ones(n_cases, dtype=bool)
        others[c] = False
        out[c] = choose(table, others, grid)
    return out
