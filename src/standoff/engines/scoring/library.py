"""Scoring a library of closed cases by the protocol (``docs/explanation/backtest.md``).

Input: each case's answers as the assessment gave them -- for every question the models'
own probability and the reference class's base rate, and for the six endings at the
horizon the same -- with what happened. Because the assessment pools linearly, the pooled
forecast at any weight is recomputed here from those two numbers; nothing is rerun.

Output (:class:`~standoff.results.backtest.BacktestRun`): the pooling weight fitted on
every case and leave-one-out (:mod:`.pooling`); for each family of targets and each way of
setting the weight (held out, unfitted default, in-sample) the mean Brier and logarithmic
scores over cases (a case's questions averaged first, so each case weighs the same), the
base rate's and the coin's, and the paired differences, each with its bootstrap interval
(:mod:`.resample`); the reliability of the held-out forecasts; and each case's scores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from standoff.core.endings import ENDINGS
from standoff.engines.scoring.pooling import (
    GRID,
    OBJECTIVE,
    case_means,
    fit_weight,
    loo_weights,
    pool,
)
from standoff.engines.scoring.reliability import reliability
from standoff.engines.scoring.resample import LEVEL, RESAMPLES, SEED, bootstrap_means
from standoff.engines.scoring.rules import (
    CLIP_HIGH,
    CLIP_LOW,
    brier,
    brier_categorical,
    clipped,
    given,
    given_categorical,
    log_categorical,
    log_score,
)
from standoff.results.backtest import (
    BacktestRun,
    CaseScore,
    FamilyScore,
    Interval,
    QuestionScore,
    ReliabilityBin,
)

#: The protocol's standard questions (``docs/explanation/case-library.md``).
STANDARD = ("yields", "force", "leader-out")
#: The coin: 0.5 for a question, 1/6 for each ending.
COIN = 0.5
ENDING_NAMES: tuple[str, ...] = tuple(e.value for e in ENDINGS)
#: Schemes of setting the pooling weight, in the order they are reported.
SCHEMES = ("loo", "default", "in_sample")


@dataclass(frozen=True)
class QuestionInput:
    """One question of a case: the models' answer, the base rate (``None`` when the class
    does not code the event) and what happened."""

    id: str
    by: str
    model: float
    base: float | None
    outcome: bool


@dataclass(frozen=True)
class CaseInput:
    """One closed case as the assessment answered it, with its outcome."""

    id: str
    reference_class: str
    questions: tuple[QuestionInput, ...]
    ending: str
    ending_model: tuple[float, ...]  #: in the order of :data:`ENDING_NAMES`
    ending_base: tuple[float, ...] | None
    title: str = ""
    as_of: str = ""
    horizon: str = ""
    top_driver: str | None = None
    after_outcome: bool = False


def family_of(question: str) -> str:
    """``yields``, ``force``, ``leader-out`` or ``own`` (a case's own question)."""
    return question if question in STANDARD else "own"


@dataclass(frozen=True)
class Family:
    key: str
    label: str
    test: Callable[[CaseInput, QuestionInput], bool]


def _in_class(k: str) -> Callable[[CaseInput, QuestionInput], bool]:
    return lambda c, q: c.reference_class == k


#: The question families reported (the ending is scored apart).
FAMILIES: tuple[Family, ...] = (
    Family("questions", "every question", lambda c, q: True),
    Family("leader_leaves_without_force", "the leader leaves without force (yields, leader-exit cases)",
           lambda c, q: q.id == "yields" and c.reference_class == "leader_exit"),
    Family("yields", "the target yields (yields, every case)", lambda c, q: q.id == "yields"),
    Family("force", "force is used (force)", lambda c, q: q.id == "force"),
    Family("leader_out", "the leader is out of power (leader-out)", lambda c, q: q.id == "leader-out"),
    Family("own", "the cases' own questions", lambda c, q: q.id not in STANDARD),
    *(Family(f"class:{k}", f"every question, {k} cases", _in_class(k)) for k in ("leader_exit", "compellence", "sanctions", "mediation")),
)


def _iv(mean: float, low: float, high: float) -> Interval:
    return Interval(mean=_r(mean), low=_r(low), high=_r(high))


def _r(x: float | np.floating[Any] | npt.NDArray[np.float64]) -> float:
    return round(float(x), 10)


@dataclass(frozen=True)
class _Flat:
    """Every question of the run as arrays (one entry per question)."""

    case: npt.NDArray[np.int64]
    model: npt.NDArray[np.float64]
    base: npt.NDArray[np.float64]  # NaN: no base rate
    y: npt.NDArray[np.float64]


def _flatten(cases: Sequence[CaseInput]) -> _Flat:
    case, model, base, y = [], [], [], []
    for i, c in enumerate(cases):
        for q in c.questions:
            case.append(i)
            model.append(q.model)
            base.append(np.nan if q.base is None else q.base)
            y.append(1.0 if q.outcome else 0.0)
    return _Flat(np.asarray(case, dtype=np.int64), np.asarray(model, dtype=float), np.asarray(base, dtype=float),
                 np.asarray(y, dtype=float))


def _family_score(family: Family, scheme: str, weight: float | None, cases: Sequence[CaseInput],
                  case_w: npt.NDArray[np.float64], resamples: int, seed: int, level: float) -> FamilyScore | None:
    rows_case, p, b, y = [], [], [], []
    for i, c in enumerate(cases):
        for q in c.questions:
            if family.test(c, q):
                rows_case.append(i)
                p.append(float(pool(q.model, np.nan if q.base is None else q.base, case_w[i])))
                b.append(np.nan if q.base is None else q.base)
                y.append(1.0 if q.outcome else 0.0)
    if not rows_case:
        return None
    pa, ba, ya = np.asarray(p), np.asarray(b), np.asarray(y)
    fallback = np.isnan(ba)
    bc = np.where(fallback, COIN, ba)
    coin = np.full_like(pa, COIN)
    present = sorted(set(rows_case))
    remap = {c: k for k, c in enumerate(present)}
    idx = np.asarray([remap[c] for c in rows_case])
    cols = [brier(pa, ya), log_score(pa, ya), brier(bc, ya), log_score(bc, ya), brier(coin, ya), log_score(coin, ya)]
    table = case_means(np.stack(cols, axis=1), idx, len(present))
    return _scored(family.key, family.label, scheme, weight, table, targets=len(rows_case),
                   fallback=int(fallback.sum()), clip=clipped(given(pa, ya)), base_clip=clipped(given(bc, ya)),
                   resamples=resamples, seed=seed, level=level)


def _scored(key: str, label: str, scheme: str, weight: float | None, table: npt.NDArray[np.float64], *, targets: int,
            fallback: int, clip: int, base_clip: int, resamples: int, seed: int, level: float) -> FamilyScore:
    """Means and intervals of a cases x (model brier, model log, base brier, base log,
    coin brier, coin log) table, with the paired differences."""
    diffs = np.stack([table[:, 0] - table[:, 2], table[:, 1] - table[:, 3],
                      table[:, 0] - table[:, 4], table[:, 1] - table[:, 5]], axis=1)
    mean, low, high = bootstrap_means(np.concatenate([table, diffs], axis=1), resamples=resamples, seed=seed,
                                      level=level)
    iv = [_iv(mean[j], low[j], high[j]) for j in range(mean.size)]
    return FamilyScore(
        family=key, label=label, scheme=scheme, weight=None if weight is None else _r(weight),
        cases=int(table.shape[0]), targets=targets,
        brier=iv[0], log=iv[1], base_brier=iv[2], base_log=iv[3], coin_brier=iv[4], coin_log=iv[5],
        diff_base_brier=iv[6], diff_base_log=iv[7], diff_coin_brier=iv[8], diff_coin_log=iv[9],
        base_fallback=fallback, clipped=clip, base_clipped=base_clip,
    )


def _ending_arrays(cases: Sequence[CaseInput], case_w: npt.NDArray[np.float64]) -> tuple[
        npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.int64], int]:
    P, B, k = [], [], []
    fallback = 0
    for i, c in enumerate(cases):
        m = np.asarray(c.ending_model, dtype=float)
        if c.ending_base is None:
            P.append(m)
            B.append(np.full(len(ENDING_NAMES), 1.0 / len(ENDING_NAMES)))
            fallback += 1
        else:
            b = np.asarray(c.ending_base, dtype=float)
            P.append((1.0 - case_w[i]) * b + case_w[i] * m)
            B.append(b)
        k.append(ENDING_NAMES.index(c.ending))
    return np.asarray(P), np.asarray(B), np.asarray(k, dtype=np.int64), fallback


def _ending_score(scheme: str, weight: float | None, cases: Sequence[CaseInput], case_w: npt.NDArray[np.float64],
                  resamples: int, seed: int, level: float) -> FamilyScore:
    P, B, k, fallback = _ending_arrays(cases, case_w)
    C = np.full_like(P, 1.0 / len(ENDING_NAMES))
    table = np.stack([brier_categorical(P, k), log_categorical(P, k), brier_categorical(B, k), log_categorical(B, k),
                      brier_categorical(C, k), log_categorical(C, k)], axis=1)
    return _scored("ending", "the ending at the horizon (six endings; Brier 0-2)", scheme, weight, table,
                   targets=len(cases), fallback=fallback, clip=clipped(given_categorical(P, k)),
                   base_clip=clipped(given_categorical(B, k)), resamples=resamples, seed=seed, level=level)


def _bins(p: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> list[ReliabilityBin]:
    return [ReliabilityBin(low=b.low, high=b.high, count=b.count,
                           mean_forecast=None if b.mean_forecast is None else _r(b.mean_forecast),
                           observed=None if b.observed is None else _r(b.observed))
            for b in reliability(p, y)]


def score_run(
    name: str,
    label: str,
    cases: Sequence[CaseInput],
    *,
    default_weight: float,
    grid: tuple[float, ...] = GRID,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    level: float = LEVEL,
) -> BacktestRun:
    """Score ``cases`` by the protocol (module docstring). Needs at least two cases, each
    with at least one question (leave-one-out)."""
    if len(cases) < 2:
        raise ValueError("leave-one-out needs at least two cases")
    if any(not c.questions for c in cases):
        raise ValueError("every case needs at least one question")
    flat = _flatten(cases)
    n = len(cases)
    w_all = fit_weight(flat.model, flat.base, flat.y, flat.case, n, grid)
    w_loo = loo_weights(flat.model, flat.base, flat.y, flat.case, n, grid)
    schemes: dict[str, tuple[float | None, npt.NDArray[np.float64]]] = {
        "loo": (None, w_loo),
        "default": (default_weight, np.full(n, default_weight)),
        "in_sample": (w_all, np.full(n, w_all)),
    }
    scores: list[FamilyScore] = []
    for scheme in SCHEMES:
        weight, case_w = schemes[scheme]
        for fam in FAMILIES:
            s = _family_score(fam, scheme, weight, cases, case_w, resamples, seed, level)
            if s is not None:
                scores.append(s)
        scores.append(_ending_score(scheme, weight, cases, case_w, resamples, seed, level))

    p_loo = pool(flat.model, flat.base, w_loo[flat.case])
    has_base = ~np.isnan(flat.base)
    return BacktestRun(
        name=name, label=label, cases=[c.id for c in cases], grid=list(grid), objective=OBJECTIVE,
        weight=w_all, loo_weights={c.id: float(w_loo[i]) for i, c in enumerate(cases)}, default_weight=default_weight,
        scores=scores,
        reliability=_bins(p_loo, flat.y),
        base_reliability=_bins(flat.base[has_base], flat.y[has_base]),
        per_case=[_case_score(c, float(w_loo[i])) for i, c in enumerate(cases)],
    )


def _case_score(c: CaseInput, w: float) -> CaseScore:
    qs = []
    for q in c.questions:
        base = np.nan if q.base is None else q.base
        p = float(pool(q.model, base, w))
        bp = COIN if q.base is None else q.base
        qs.append(QuestionScore(
            id=q.id, family=family_of(q.id), by=q.by, p=_r(p), model=_r(q.model),
            base=None if q.base is None else _r(q.base), outcome=q.outcome,
            brier=_r(brier(p, float(q.outcome))), log=_r(log_score(p, float(q.outcome))),
            base_brier=_r(brier(bp, float(q.outcome))), coin_brier=_r(brier(COIN, float(q.outcome)))))
    P, _, k, _ = _ending_arrays([c], np.asarray([w]))
    endings = {e: _r(P[0, j]) for j, e in enumerate(ENDING_NAMES)}
    return CaseScore(
        case=c.id, title=c.title, reference_class=c.reference_class, as_of=c.as_of, horizon=c.horizon, weight=w,
        ending=c.ending, endings=endings, most_likely=max(endings, key=lambda e: (endings[e], e)),
        ending_brier=_r(brier_categorical(P, k)[0]), ending_log=_r(log_categorical(P, k)[0]),
        brier=_r(np.mean([q.brier for q in qs])), base_brier=_r(np.mean([q.base_brier for q in qs])),
        coin_brier=_r(np.mean([q.coin_brier for q in qs])),
        top_driver=c.top_driver, after_outcome=c.after_outcome, questions=qs,
    )


__all__ = ["CLIP_HIGH", "CLIP_LOW", "ENDING_NAMES", "FAMILIES", "CaseInput", "QuestionInput", "family_of",
           "score_run"]
