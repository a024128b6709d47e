"""What a case costs per Monte Carlo draw, estimated before the draws are taken.

Every per-draw array of a compiled case has a leading axis of length ``D`` when the
number it holds is uncertain (and 1 when it is fixed), so the numbers one draw adds are at
most the numbers the nominal case holds: :func:`numbers_per_draw` counts them (every
float or integer array reached from the case). That bound counts fixed numbers too; the
exact count, :func:`varying_per_draw`, reads a case compiled over two draws (the arrays
whose leading axis has length two). Engines add their own per-draw arrays
(:mod:`standoff.engines.crisis.cost`, :mod:`standoff.engines.outlook.cost`); the assembly
adds them up before compiling the draws and refuses what would not fit
(:func:`standoff.assess.check_memory`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import numpy as np

#: Bytes of one number (float64).
NUMBER_BYTES = 8


def numbers_per_draw(case: object) -> int:
    """Numbers a case (or any part of one) holds per draw at most: the elements of every
    numeric array reached from it (module docstring)."""
    return _count(case, None)


def varying_per_draw(two_draws: object) -> int:
    """Numbers per draw of a case compiled over two draws: half the elements of every
    numeric array whose leading axis has length two."""
    return _count(two_draws, 2) // 2


def _count(case: object, leading: int | None) -> int:
    seen: set[int] = set()

    def walk(x: object) -> int:
        if id(x) in seen:
            return 0
        seen.add(id(x))
        if isinstance(x, np.ndarray):
            if x.dtype.kind not in "fiub" or (leading is not None and (x.ndim == 0 or x.shape[0] != leading)):
                return 0
            return int(x.size)
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            return sum(walk(getattr(x, f.name)) for f in dataclasses.fields(x))
        if isinstance(x, Mapping):
            return sum(walk(v) for v in x.values())
        if isinstance(x, list | tuple):
            return sum(walk(v) for v in x)
        return 0

    return walk(case)
