"""Variance-based sensitivity: Sobol' first-order and total indices, by SALib.

The design is Saltelli's (Saltelli 2002; Saltelli et al. 2010, "Variance based
sensitivity analysis of model output", *Computer Physics Communications* 181(2)):
``N (k + 2)`` points of a scrambled Sobol' sequence on the unit hypercube (SALib's
``sample.sobol``), mapped through each input's quantile function and evaluated in **one**
compile with one row per point. SALib's ``analyze.sobol`` (Herman & Usher 2017, *JOSS*
2(9)) estimates the first-order index ``S1`` (the share of the target's variance due to
the input alone) and the total index ``ST`` (including its interactions; Sobol' 2001,
*Math. Comput. Simul.* 55) with bootstrap confidence intervals. Inputs are taken as
independent, as the scenario format samples them. SALib is the optional extra
``sensitivity``; it is imported only here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from standoff.core.errors import UserError
from standoff.core.executors import Executor
from standoff.engines.uncertainty.design import evaluate
from standoff.engines.uncertainty.inputs import Compiles, UncertainInput
from standoff.engines.uncertainty.targets import Target
from standoff.engines.uncertainty.tornado import r12
from standoff.results.uncertainty import Sobol, SobolIndex
from standoff.scenario.case import Case

#: Bootstrap resamples of SALib's confidence intervals.
RESAMPLES = 1_000
#: Confidence level of the intervals.
CONF_LEVEL = 0.95


def salib() -> tuple[object, object, str]:
    """SALib's Sobol' sampler and analyser, and its version (a clear error without the extra)."""
    try:
        from importlib.metadata import version

        from SALib.analyze import sobol as analyze
        from SALib.sample import sobol as sample
    except ImportError:
        raise UserError("Sobol indices need the sensitivity extra", hint="pip install 'standoff[sensitivity]'") from None
    return sample, analyze, version("SALib")


def check_n(n: int) -> None:
    if n < 2 or n & (n - 1):
        raise UserError(f"the Sobol base sample must be a power of two (got {n})",
                        hint="e.g. 256, 1024 or 4096 (Sobol' sequences balance only at powers of two)")


def sobol_design(inputs: Sequence[UncertainInput], n: int, seed: int) -> np.ndarray:
    """The Saltelli design on the unit hypercube: ``(N (k + 2), k)``."""
    check_n(n)
    sample, _, _ = salib()
    problem = {"num_vars": len(inputs), "names": [i.path for i in inputs], "bounds": [[0.0, 1.0]] * len(inputs)}
    return np.asarray(sample.sample(problem, n, calc_second_order=False, scramble=True, seed=seed))  # type: ignore[attr-defined]


def indices(names: Sequence[str], y: np.ndarray, seed: int, conf_level: float = CONF_LEVEL,
            resamples: int = RESAMPLES) -> dict[str, np.ndarray]:
    """SALib's first-order and total indices of model outputs ``y`` on a Saltelli design."""
    _, analyze, _ = salib()
    problem = {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}
    got = analyze.analyze(problem, np.asarray(y, dtype=float), calc_second_order=False,  # type: ignore[attr-defined]
                          num_resamples=resamples, conf_level=conf_level, print_to_console=False, seed=seed)
    return {k: np.asarray(got[k], dtype=float) for k in ("S1", "S1_conf", "ST", "ST_conf")}


def sobol(model: Compiles, target: Target, inputs: Sequence[UncertainInput], n: int, seed: int,
          executor: Executor | None = None) -> Sobol:
    """Sobol' indices of ``target`` for ``inputs`` (module docstring)."""
    if not inputs:
        raise UserError("the scenario has no uncertain number to analyse", hint="give some numbers as distributions")
    _, _, ver = salib()
    u = sobol_design(inputs, n, seed)
    overrides = {inp.path: inp.ppf(u[:, j]) for j, inp in enumerate(inputs)}
    case = model.case(draws=u.shape[0], seed=0, overrides=overrides)
    assert isinstance(case, Case)
    y = evaluate(target, case, 1, executor).ravel()
    if not np.isfinite(y).all():
        raise UserError(f"the target {target.name} is undefined at some design points",
                        hint="the problem is too large for the exact method there; choose another target")
    var = float(np.var(y))
    if var == 0.0:
        zero = [SobolIndex(path=i.path, s1=0.0, s1_conf=0.0, st=0.0, st_conf=0.0) for i in inputs]
        return Sobol(n=n, evaluations=int(y.size), conf_level=CONF_LEVEL, variance=0.0, indices=zero, salib=ver)
    got = indices([i.path for i in inputs], y, seed)
    out = [SobolIndex(path=i.path, s1=r12(got["S1"][j]), s1_conf=r12(got["S1_conf"][j]), st=r12(got["ST"][j]),
                      st_conf=r12(got["ST_conf"][j])) for j, i in enumerate(inputs)]
    out.sort(key=lambda s: -s.st)
    return Sobol(n=n, evaluations=int(y.size), conf_level=CONF_LEVEL, variance=r12(var), indices=out, salib=ver)
