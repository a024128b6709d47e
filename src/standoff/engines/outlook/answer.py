"""The headline: the outlook pooled with the base rate, the scenario's questions
answered, and what drives, flips and would move the answer.

* **Outside view first.** The reference class of the case (``coercion.reference_class``)
  gives base rates of each ending by each date, counting only episodes known before the
  as-of date and still running as long after their start as the case is
  (:mod:`standoff.engines.baserate`). The models' answer and the base rate are combined
  in a linear opinion pool (Stone 1961; Genest & Zidek 1986), ``p = (1 - w) base +
  w model``, with the weight ``w`` fitted only by leave-one-out over the library of
  closed cases (``standoff backtest cases --fit``; :data:`POOLING_FILE`); until it is
  fitted, ``w = 0.5`` and the result says so.
* **Drivers**: the uncertain inputs whose draws explain most of the spread of the most
  likely ending's probability across draws (squared weighted rank correlation, a
  first-order sensitivity measure read from the draws already made).
* **Thresholds**: for the top drivers, the value at which the most likely ending changes,
  bracketed on a grid across the input's 5-95 % range and refined by bisection, the
  other inputs drawn alike at every point (common random numbers).
* **What to watch**: events that would move the answer most if they happened -- a red
  line giving way, a proposed meeting taking place, an insider wavering -- each applied
  to the case and the outlook recomputed on the same draws.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

import numpy as np

from standoff.core.endings import ENDINGS, UNIONS, Ending, Outcome
from standoff.core.errors import UserError
from standoff.core.estimate import summarise
from standoff.engines.baserate import BaseRate, base_rate
from standoff.engines.outlook import Outlook, outlook
from standoff.results import Note
from standoff.results.assessment import Driver, Headline, Indicator, Prob, QuestionAnswer, Threshold
from standoff.scenario.case import Case

#: Where the fitted pooling weight lives (written by ``standoff backtest cases --fit``).
POOLING_FILE = "pooling.json"
#: The pooling weight on the models before any fit.
UNFITTED_WEIGHT = 0.5
#: Draws used for the threshold search and the watch list (a subsample of the case's).
SUBSAMPLE = 120


@dataclass(frozen=True)
class Pooling:
    weight: float
    fitted: bool
    cases: int = 0
    score: dict[str, float] | None = None

    def as_dict(self) -> dict[str, object]:
        return {"weight": self.weight, "fitted": self.fitted, "cases": self.cases, "score": self.score,
                "rule": "linear opinion pool: (1 - weight) * base rate + weight * models"}


def pooling() -> Pooling:
    """The fitted pooling weight, or the unfitted default."""
    f = resources.files("standoff.engines.outlook").joinpath(POOLING_FILE)
    if not f.is_file():
        return Pooling(UNFITTED_WEIGHT, False)
    data = json.loads(f.read_text(encoding="utf-8"))
    return Pooling(float(data["weight"]), True, int(data.get("cases", 0)), data.get("score"))


def start_date(case: Case) -> dt.date:
    """When the episode began, for the base rate's clock: the demand's date."""
    co = case.coercion
    if co is not None and co.demand is not None and co.demand.date is not None:
        return min(co.demand.date, case.as_of)
    return case.as_of


def base_rates(case: Case, dates: Sequence[dt.date], *, exclude: Sequence[str] = ()) -> list[BaseRate | None]:
    """The reference class's base rate at each date (``None`` without a class)."""
    co = case.coercion
    if co is None or co.reference_class is None:
        return [None for _ in dates]
    elapsed = max((case.as_of - start_date(case)).days, 0)
    out: list[BaseRate | None] = []
    for d in dates:
        try:
            out.append(base_rate(co.reference_class, horizon_days=max((d - case.as_of).days, 0), as_of=case.as_of,
                                 elapsed_days=elapsed, exclude=exclude))
        except UserError:
            out.append(None)
    return out


def _base_p(br: BaseRate | None, outcome: Outcome) -> float | None:
    if br is None:
        return None
    if outcome is Outcome.force_used:
        return None if br.force_used is None else br.force_used.p
    members = UNIONS[outcome]
    return float(sum(br.endings[e].p for e in members))


def _pool(model: np.ndarray, base: float | None, w: float) -> np.ndarray:
    return model if base is None else (1.0 - w) * base + w * model


def _prob(model: np.ndarray, base: float | None, w: float, weights: np.ndarray) -> tuple[Prob, np.ndarray]:
    pooled = _pool(model, base, w)
    e = summarise(pooled, weights)
    m = summarise(model, weights)
    return Prob(p=e.mean, low=e.low, high=e.high, model=m.mean, base=None if base is None else round(base, 12)), pooled


def per_draw(out: Outlook, j: int, outcome: Outcome) -> np.ndarray:
    """The per-draw model probability of an outcome at the ``j``-th date."""
    if outcome is Outcome.force_used:
        return out.force_used[j]
    return np.sum([out.endings[j][e.value] for e in UNIONS[outcome]], axis=0)


def most_likely(out: Outlook, j: int, br: BaseRate | None, w: float, weights: np.ndarray) -> str:
    wn = weights / weights.sum()
    best, top = Ending.stalemate.value, -1.0
    for e in ENDINGS:
        p = float(wn @ _pool(out.endings[j][e.value], _base_p(br, Outcome(e.value)), w))
        if p > top + 1e-12:
            best, top = e.value, p
    return best


# --------------------------------------------------------------------------- drivers
def _ranks(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="stable")
    r = np.empty(x.size)
    r[order] = np.arange(x.size)
    # average ranks of ties
    _, inv, counts = np.unique(x, return_inverse=True, return_counts=True)
    sums = np.bincount(inv, weights=r)
    return sums[inv] / counts[inv]


def drivers(case: Case, target: np.ndarray, weights: np.ndarray, ending: str, top: int = 3) -> list[Driver]:
    """The uncertain inputs that explain most of the spread of ``target`` across draws."""
    out = []
    wn = weights / weights.sum()
    ry = _ranks(target)
    ry = ry - wn @ ry
    sy = float(np.sqrt(wn @ ry**2))
    if sy == 0:
        return []
    for path, x in case.inputs.items():
        if x.size != target.size or np.all(x == x[0]):
            continue
        rx = _ranks(x)
        rx = rx - wn @ rx
        sx = float(np.sqrt(wn @ rx**2))
        r = float(wn @ (rx * ry)) / (sx * sy) if sx > 0 else 0.0
        out.append(Driver(path=path, ending=ending, importance=round(r * r, 6), direction=int(np.sign(r))))
    out.sort(key=lambda d: (-d.importance, d.path))
    return [d for d in out[:top] if d.importance >= 0.01]


# ------------------------------------------------------------------------ headline
Recompile = Callable[[dict[str, Any]], Case]


@dataclass(frozen=True)
class Setting:
    """What the headline needs besides the case: the talks' rates and the seeds."""

    deal_rate: float
    deal_rate_direct: float | None
    seed: int
    inner: int = 64


def headline(
    case: Case,
    *,
    setting: Setting,
    horizon: dt.date | None = None,
    recompile: Recompile | None = None,
    thresholds: bool = True,
    watch: bool = True,
    structural: dict[str, dict[str, float]] | None = None,
    exclude: Sequence[str] = (),
    seed: int | None = None,
) -> Headline:
    """The headline of a case over its draws (module docstring). ``recompile(overrides)``
    compiles the scenario with per-draw overrides (for thresholds)."""
    co = case.coercion
    assert co is not None
    H = horizon or co.horizon
    dates = sorted({H, *(q.by for q in case.questions)})
    out = outlook(case, dates, deal_rate=setting.deal_rate, deal_rate_direct=setting.deal_rate_direct,
                  inner=setting.inner, seed=setting.seed)
    if out.weight.sum() <= 0:
        raise UserError("the record rules out every draw of the scenario",
                        hint="the event log contradicts the scenario's judgements in every draw; revisit them")
    w = out.weight
    pool = pooling()
    brs = base_rates(case, dates, exclude=exclude)
    jh = dates.index(H)
    endings: dict[str, Prob] = {}
    pooled_h: dict[str, np.ndarray] = {}
    for e in ENDINGS:
        prob, pooled_h[e.value] = _prob(out.endings[jh][e.value], _base_p(brs[jh], Outcome(e.value)), pool.weight, w)
        endings[e.value] = prob
    force, _ = _prob(out.force_used[jh], _base_p(brs[jh], Outcome.force_used), pool.weight, w)
    leader = None
    if co.exit_issue is not None or (co.reference_class == "leader_exit"):
        leader, _ = _prob(per_draw(out, jh, Outcome.leader_out), _base_p(brs[jh], Outcome.leader_out), pool.weight, w)
    answers = []
    for q in case.questions:
        j = dates.index(q.by)
        model = np.clip(np.sum([per_draw(out, j, o) for o in _disjoint(q.yes_if)], axis=0), 0.0, 1.0)
        base = _base_union(brs[j], q.yes_if)
        p, _ = _prob(model, base, pool.weight, w)
        answers.append(QuestionAnswer(id=q.id, text=q.text, by=q.by.isoformat(), yes_if=[o.value for o in q.yes_if],
                                      p=p.p, low=p.low, high=p.high, model=p.model, base=p.base))
    top = max(endings, key=lambda e: (endings[e].p, e))
    drv = drivers(case, pooled_h[top], w, top)
    thr = [threshold(case, recompile, d.path, setting, H, brs[jh], pool.weight, top, exclude) for d in drv] \
        if thresholds and recompile is not None else []
    wat = watch_list(case, setting, H, brs[jh], pool.weight, top) if watch else []
    parts = {
        "p_comply_before_record": summarise(out.p_comply, w),
        "resolve": summarise(out.resolve, w),
        "p_coup": summarise(out.p_coup, w),
        "zone_open_by_horizon": summarise(out.zone_at_horizon, w),
        "exile_minus_refusal": summarise(out.exile - out.refuse, w),
    }
    wn = w / w.sum()
    notes = list(out.notes)
    if not pool.fitted:
        notes.append(Note(code="pooling_unfitted", data={"weight": pool.weight}))
    if brs[jh] is None:
        notes.append(Note(code="no_base_rate", data={"reference_class": co.reference_class or ""}))
    return Headline(
        scenario=case.id, as_of=case.as_of.isoformat(), horizon=H.isoformat(),
        seed=case.seed if seed is None else seed, draws=case.draws,
        endings=endings, force_used=force, leader_out=leader, most_likely=top, questions=answers,
        drivers=drv, thresholds=thr, watch=wat,
        base_rate=None if (bh := brs[jh]) is None else bh.to_dict(),
        pooling=pool.as_dict(), models=out.models, parts=parts, structural=structural or {},
        effective_draws=round(float(1.0 / (wn @ wn)), 3), notes=notes,
    )


def _disjoint(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """The outcomes of a question as non-overlapping parts (endings, and force_used only
    when no ending is asked: a union of endings and force_used is not additive)."""
    endings = set().union(*(UNIONS[o] for o in outcomes if o is not Outcome.force_used))
    if endings:
        return [Outcome(e.value) for e in ENDINGS if e in endings]
    return [Outcome.force_used]


def _base_union(br: BaseRate | None, outcomes: Sequence[Outcome]) -> float | None:
    parts = _disjoint(outcomes)
    vals = [_base_p(br, o) for o in parts]
    return None if any(v is None for v in vals) else float(sum(v for v in vals if v is not None))


# ---------------------------------------------------------------------- thresholds
def _subsample(case: Case, n: int) -> np.ndarray:
    return np.linspace(0, case.draws - 1, min(n, case.draws)).astype(int)


def _answer(case: Case, setting: Setting, H: dt.date, br: BaseRate | None, w: float, blocks: int,
            size: int, table: np.ndarray | None = None) -> list[dict[str, float]]:
    """Pooled mean probability of each ending at ``H``, per block of ``size`` draws."""
    out = outlook(case, [H], deal_rate=setting.deal_rate, deal_rate_direct=setting.deal_rate_direct,
                  inner=max(setting.inner // 2, 16), seed=setting.seed, table=table)
    res = []
    for b in range(blocks):
        sl = slice(b * size, (b + 1) * size)
        wt = out.weight[sl]
        wt = wt / wt.sum() if wt.sum() > 0 else np.full(size, 1.0 / size)
        res.append({e.value: float(wt @ _pool(out.endings[0][e.value][sl], _base_p(br, Outcome(e.value)), w))
                    for e in ENDINGS})
    return res


def threshold(case: Case, recompile: Recompile | None, path: str, setting: Setting, H: dt.date, br: BaseRate | None,
              w: float, current: str, exclude: Sequence[str] = ()) -> Threshold:
    """Where the most likely ending changes as the input at ``path`` moves across its
    5-95 % range (module docstring)."""
    x = case.inputs[path]
    lo, hi = (float(v) for v in np.quantile(x, [0.05, 0.95]))
    nominal = float(np.median(x))
    if recompile is None or lo == hi:
        return Threshold(path=path, current=nominal, low=lo, high=hi, flips=False)
    idx = _subsample(case, SUBSAMPLE)
    others = {p: v[idx] for p, v in case.inputs.items() if p != path}

    def evaluate(values: np.ndarray) -> list[str]:
        n = idx.size
        over = {p: np.tile(v, values.size) for p, v in others.items()}
        over[path] = np.repeat(values, n)
        c = recompile(over)
        blocks = _answer(c, setting, H, br, w, values.size, n)
        return [max(b, key=lambda e: (b[e], e)) for b in blocks]

    grid = np.linspace(lo, hi, 7)
    tops = evaluate(grid)
    change = next((i for i in range(len(grid) - 1) if tops[i] != tops[i + 1]), None)
    if change is None:
        return Threshold(path=path, current=nominal, low=lo, high=hi, flips=False, ending_from=tops[0])
    a, b = float(grid[change]), float(grid[change + 1])
    ta, tb = tops[change], tops[change + 1]
    for _ in range(2):  # refine the bracket with a finer grid, twice
        fine = np.linspace(a, b, 6)
        ft = evaluate(fine)
        k = next((i for i in range(len(fine) - 1) if ft[i] != ft[i + 1]), None)
        if k is None:
            break
        a, b, ta, tb = float(fine[k]), float(fine[k + 1]), ft[k], ft[k + 1]
    return Threshold(path=path, current=nominal, low=lo, high=hi, flips=True, value=round((a + b) / 2, 6),
                     ending_from=ta, ending_to=tb)


# ---------------------------------------------------------------------------- watch
def watch_list(case: Case, setting: Setting, H: dt.date, br: BaseRate | None, w: float, ending: str,
               top: int = 5) -> list[Indicator]:
    """Events that would move the probability of ``ending`` by ``H`` most if they
    happened, each applied to the case and recomputed on the same draws."""
    co = case.coercion
    assert co is not None
    idx = _subsample(case, SUBSAMPLE)
    sub = _take(case, idx)
    candidates: list[tuple[str, dict[str, str | float], Case]] = []
    for k, lk in enumerate(sub.locks):
        if lk.actor in (co.challenger, co.target) and np.any(lk.p_hold < 1.0):
            locks = list(sub.locks)
            locks[k] = replace(lk, p_hold=np.full(1, 1e-9))
            issue = case.space.issues[lk.issue]
            candidates.append(("red_line_gives_way", {"actor": lk.actor, "issue": issue.id,
                                                      "options": ", ".join(issue.options[o] for o in lk.options),
                                                      "path": lk.path}, replace(sub, locks=tuple(locks))))
    for k, ev in enumerate(sub.record):
        if not ev.confirmed and ev.probability is not None and ev.at >= 0:
            rec = list(sub.record)
            rec[k] = replace(ev, probability=np.ones(1))
            candidates.append(("event_happens", {"event": ev.id}, replace(sub, record=tuple(rec))))
    for k, insider in enumerate(co.insiders):
        ins = list(sub.coercion.insiders) if sub.coercion else []
        ins[k] = replace(ins[k], loyalty=np.full(1, 0.5))
        assert sub.coercion is not None
        candidates.append(("insider_wavers", {"actor": insider.actor},
                           replace(sub, coercion=replace(sub.coercion, insiders=tuple(ins)))))
    if not candidates:
        return []
    from standoff.engines.outlook import _party_locks, zone_table

    table = zone_table(sub, *_party_locks(sub))  # the same for every candidate: none moves a utility
    base = _answer(sub, setting, H, br, w, 1, idx.size, table)[0][ending]
    out = []
    for code, data, changed in candidates:
        p = _answer(changed, setting, H, br, w, 1, idx.size, table)[0][ending]
        out.append(Indicator(code=code, data=data, ending=ending, change=round(p - base, 6)))
    out.sort(key=lambda i: (-abs(i.change), i.code))
    return [i for i in out[:top] if abs(i.change) >= 0.005]


def _take(case: Case, idx: np.ndarray) -> Case:
    return case.subset(idx)
