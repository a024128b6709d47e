"""Which uncertain numbers drive one answer, and what would flip it: the whole analysis.

:func:`analyse` runs, for one target (:mod:`.targets`):

1. the **tornado** of every uncertain input (:mod:`.tornado`), its swings evaluated in
   one compile, with the direction probes of the fixed numbers the rules cover;
2. with ``method`` ``sobol`` or ``both``, **Sobol' indices** of every uncertain input
   (:mod:`.sobol`, SALib);
3. **thresholds** for the three most influential inputs (by total Sobol' index when
   computed, else by the size of the tornado swing; inputs with no effect are skipped),
   by root-finding (:mod:`.thresholds`);
4. the **direction check** (:mod:`.directions`) on the tornado's effects.

Seeds: the base draws of the inputs and SALib's scrambling and bootstrap each get a
child seed spawned up front from ``seed``. Work is chunked by the design, never by the
executor, so serial, pool and Dask runs give the same JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from standoff.core.errors import UserError
from standoff.core.executors import Executor, Serial, chunk_seeds
from standoff.engines.uncertainty import directions, targets
from standoff.engines.uncertainty.design import Base, base_draws
from standoff.engines.uncertainty.inputs import Compiles, UncertainInput, uncertain_inputs
from standoff.engines.uncertainty.sobol import check_n, sobol
from standoff.engines.uncertainty.thresholds import thresholds
from standoff.engines.uncertainty.tornado import difference, r12, tornado
from standoff.results import Note
from standoff.results.uncertainty import InputRange, SensitivityResult
from standoff.scenario.case import Case

Method = Literal["tornado", "sobol", "both"]
#: Draws of the other inputs at each design point of a tornado or threshold search.
DEFAULT_DRAWS = 1_000
#: Sobol' base samples.
DEFAULT_N = 1_024
#: Inputs whose thresholds are searched.
TOP = 3


def _probes(model: Compiles, target: targets.Target, case: Case,
            paths: set[str]) -> list[tuple[str, float, float, float]]:
    """Fixed numbers a direction rule covers: ``(path, value, low, high)``, probed at
    ``low`` and ``high``."""
    from standoff.scenario.case.draws import dotted

    out: list[tuple[str, float, float, float]] = []
    quantities = getattr(model, "quantities", None)
    if quantities is None:
        return out
    for p, q in quantities():
        path = dotted(p)
        if not q.is_fixed or path in paths or not directions.rules_for(path, target, case):
            continue
        v = float(q.nominal)
        lo_b, hi_b = q.bounds
        lo, hi = max(lo_b, PROBE_LOW * v), min(hi_b, PROBE_HIGH * v)
        if hi > lo:
            out.append((path, v, lo, hi))
    return out


PROBE_LOW, PROBE_HIGH = directions.PROBE


def analyse(model: Compiles, *, target: str | None = None, method: Method = "both", draws: int | None = DEFAULT_DRAWS,
            seed: int = 0, n: int = DEFAULT_N, executor: Executor | None = None,
            paths: Sequence[str] | None = None) -> SensitivityResult:
    """The sensitivity of one target (module docstring); ``draws=None`` puts the other
    inputs at their nominal values; ``paths`` limits the inputs analysed."""
    if method not in ("tornado", "sobol", "both"):
        raise UserError(f"unknown method {method!r}", hint="use tornado, sobol or both")
    if method != "tornado":
        check_n(n)
    if draws is not None and draws < 1:
        raise UserError(f"--draws must be at least 1 (got {draws})")
    ex = executor or Serial()
    nominal = model.case()
    assert isinstance(nominal, Case)
    t = targets.get(nominal, target) if target is not None else targets.default(nominal)
    inputs = uncertain_inputs(model)
    if paths is not None:
        unknown = [p for p in paths if p not in {i.path for i in inputs}]
        if unknown:
            from standoff.core.errors import did_you_mean

            raise UserError(f"{unknown[0]!r} is not an uncertain number of {model.id}",
                            hint=did_you_mean(unknown[0], [i.path for i in inputs]))
        inputs = [i for i in inputs if i.path in set(paths)]
    notes: list[Note] = []
    if not inputs:
        raise UserError(f"{model.id} has no uncertain number to analyse", hint="give some numbers as distributions")
    seed_base, seed_sobol = chunk_seeds(seed, 2)
    base = base_draws(model, inputs, draws, seed_base)
    probes = _probes(model, t, nominal, {i.path for i in inputs})
    # a fixed number keeps its value everywhere but at its own two probe points
    probe_base = Base(base.draws, {**base.values, **{p: np.full(base.draws, v) for p, v, _, _ in probes}})
    extra = [pt for p, _, lo, hi in probes for pt in ({p: lo}, {p: hi})]
    torn, probed = tornado(model, t, inputs, probe_base, ex, extra)
    effects = [(b.path, b.effect, b.se, True) for b in torn.bars]
    for k, (p, _v, _lo, _hi) in enumerate(probes):
        eff, se = difference(probed[2 * k + 1], probed[2 * k])
        effects.append((p, eff, se, False))
    warnings = directions.check(nominal, t, effects)
    sob = sobol(model, t, inputs, n, seed_sobol % 2**32, ex) if method != "tornado" else None
    if sob is not None and sob.variance > 0:
        ranked = [s.path for s in sob.indices if s.st > 0]
    else:
        ranked = [b.path for b in torn.bars if b.effect != 0.0]
    if sob is not None and sob.variance == 0:
        notes.append(Note(code="target_constant", data={"target": t.name}))
    by_path = {i.path: i for i in inputs}
    top = [by_path[p] for p in ranked[:TOP]]
    found = thresholds(model, t, top, base, ex)
    if t.flip is None:
        notes.append(Note(code="no_flip_level", data={"target": t.name}))
    ranges = [InputRange(path=i.path, dist=i.dist, nominal=r12(i.nominal), low=r12(i.quantiles()[0]),
                         high=r12(i.quantiles()[1])) for i in inputs]
    return SensitivityResult(
        scenario=model.id, target=t.name, target_kind=t.kind, flip=t.flip, seed=seed, draws=draws, method=method,
        inputs=ranges, tornado=torn if method != "sobol" else None, sobol=sob, thresholds=found, warnings=warnings,
        notes=notes,
    )


def inputs_of(model: Compiles) -> list[UncertainInput]:
    """The uncertain inputs of a scenario (re-exported for the command line)."""
    return uncertain_inputs(model)
