"""Solve every crisis model on a case and summarise each over the case's draws.

Pure functions of the case's arrays: one call handles the nominal case or a million
Monte Carlo draws. Numbers and codes only; the words are in
:mod:`standoff.presenters.sections.crisis`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np

from standoff.core.estimate import Estimate, summarise
from standoff.engines.crisis.inputs import CrisisInputs, crisis_inputs
from standoff.engines.crisis.models import MODELS, Context, CrisisModel, Params, Solution
from standoff.results import Note
from standoff.results.crisis import CrisisModelResult, CrisisResult
from standoff.scenario.case import Case


def _est(x: np.ndarray | float | None) -> Estimate | None:
    if x is None:
        return None
    a = np.atleast_1d(np.asarray(x, dtype=float))
    a = a[np.isfinite(a)]
    return summarise(a) if a.size else None


def model_result(model: CrisisModel, params: Params, sol: Solution, why: list[Note] | None = None) -> CrisisModelResult:
    """A model's solution summarised over the draws (``why``: the reasons the case
    violates its assumptions; then the model is marked not applicable)."""
    return CrisisModelResult(
        model=model.name,
        title=model.title,
        citation=model.citation,
        applicable=not why,
        not_applicable=why or [],
        p_comply=_est(sol.p_comply),
        p_escalate=_est(sol.p_escalate),
        expected_duration=_est(sol.duration),
        endings={k: e for k, v in sol.endings.items() if (e := _est(v)) is not None},
        inputs={k: e for k, v in params.items() if (e := _est(v)) is not None},
        details=sol.details,
    )


def solve_params(model: CrisisModel, params: Params, *, deadline_periods: float = 1.0) -> CrisisModelResult:
    """One model on parameters given directly (no case)."""
    model.check(params)
    return model_result(model, params, model.solve(params, Context(deadline_periods)))


def analyse(
    case: Case,
    *,
    models: Sequence[str] | None = None,
    overrides: Mapping[str, float] | None = None,
    deadline: dt.date | None = None,
) -> CrisisResult:
    """Solve the models (default: all) on the case's crisis inputs, over its draws."""
    inp = crisis_inputs(case, deadline=deadline)
    ctx = Context(inp.deadline_periods)
    out = []
    for name in models or tuple(MODELS):
        m = MODELS[name]
        params = m.with_overrides(m.params(inp), overrides or {})
        why = [] if overrides else m.not_applicable(case, inp)
        out.append(model_result(m, params, m.solve(params, ctx), why))
    return CrisisResult(
        scenario=case.id,
        challenger=inp.challenger,
        target=inp.target,
        period=case.period,
        draws=inp.n,
        seed=None if case.nominal else case.seed,
        demand=inp.demand,
        threats=list(inp.threats),
        deadline=inp.deadline,
        deadline_periods=inp.deadline_periods,
        models=out,
        notes=[*inp.notes, *_record_notes(case, inp, out)],
    )


def _record_notes(case: Case, inp: CrisisInputs, results: list[CrisisModelResult]) -> list[Note]:
    """What the case's red lines and record say about the games' assumptions."""
    notes: list[Note] = []
    t = inp.target
    co = case.coercion
    if co is None or co.demand is None:
        return notes
    ev = next((e for e in case.record if e.id == inp.demand_event), None)
    ult = next((r for r in results if r.model == "ultimatum"), None)
    if (ev is not None and ev.fate == "rejected" and ult is not None and ult.applicable and ult.p_comply is not None
            and ult.p_comply.mean > 0.5):
        notes.append(Note(code="record_contradicts_compliance", data={"actor": t, "event": ev.id}))
    return notes
