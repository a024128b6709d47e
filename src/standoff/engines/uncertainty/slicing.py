"""A range of a case's draws as a case of its own (the chunks that executors run).

:meth:`Case.at <standoff.scenario.case.Case.at>` cuts one draw; :func:`draw_slice` cuts
draws ``start:stop`` with the same rule: every per-draw array is sliced on its leading
axis, an array of length one (a number that does not vary) is kept as it is, and the
fields each part names in ``STRUCTURAL`` (and parts with ``PER_DRAW = False``) are left
alone. Parts added to the case later follow the same convention, so they are sliced
without a change here.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

import numpy as np

from standoff.scenario.case import Case


def _rows(a: np.ndarray, start: int, stop: int) -> np.ndarray:
    return a if a.shape[0] == 1 else a[start:stop]


def _cut(obj: Any, start: int, stop: int) -> Any:
    if isinstance(obj, np.ndarray):
        return _rows(obj, start, stop)
    if isinstance(obj, tuple):
        return tuple(_cut(x, start, stop) for x in obj)
    if isinstance(obj, dict):
        return {k: _cut(v, start, stop) for k, v in obj.items()}
    if hasattr(obj, "__dataclass_fields__") and hasattr(obj, "STRUCTURAL") and getattr(obj, "PER_DRAW", True):
        changes = {f.name: _cut(getattr(obj, f.name), start, stop) for f in fields(obj)
                   if f.name not in obj.STRUCTURAL}
        return replace(obj, **changes)
    return obj


#: Fields of the case itself that hold per-draw parts.
_SKIP = {"id", "title", "as_of", "period", "draws", "seed", "nominal", "space", "issue_names", "option_labels",
         "issue_ends", "parties", "mediators", "channel", "questions", "notes"}


def draw_slice(case: Case, start: int, stop: int) -> Case:
    """Draws ``start:stop`` of ``case`` as a case with ``stop - start`` draws."""
    if not 0 <= start < stop <= case.draws:
        raise IndexError(f"draws {start}:{stop} out of range (the case has {case.draws})")
    if start == 0 and stop == case.draws:
        return case
    changes: dict[str, Any] = {"draws": stop - start}
    for f in fields(case):
        if f.name in _SKIP:
            continue
        value = getattr(case, f.name)
        if f.name == "inputs":
            changes["inputs"] = {k: _rows(np.asarray(v), start, stop) for k, v in value.items()}
        else:
            changes[f.name] = _cut(value, start, stop)
    return replace(case, **changes)
