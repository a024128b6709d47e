"""Every forecasting model over a case's Monte Carlo draws, vectorised across draws.

The stakeholders of each 0-100 issue hold one array per actor over the draws
(``case.stakeholders[issue]``); here they are stacked into ``(D, n)`` matrices of
capabilities, positions and saliences, and each model runs on all draws at once:

* the compromise model, the weighted median and the Condorcet position are closed forms,
  written with a leading draws axis (the same formulas as :mod:`.compromise` and
  :mod:`.median`, including their tie rules);
* the KTAB-style probabilistic Condorcet model solves one small stationary-distribution
  system per draw, batched (the minimum-norm least-squares solution, as
  :func:`~standoff.engines.forecast.ktab.condorcet_lottery` computes it);
* the BDM model (:mod:`.bdm`) is dynamic, but each round is array arithmetic, so
  :func:`bdm_draws` runs the rounds of every draw together, with the same options and
  the same rules (a draw whose actors all agree stops moving, as in the scalar model).
  The ``converged`` stopping rule gives each draw its own number of rounds; under it the
  model runs draw by draw.

Each draw's forecast is the one the scalar model gives on that draw's stakeholders (the
tests check it draw by draw, to rounding). Draws are processed in chunks of
:data:`CHUNK` (fixed by the work, never by the executor).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from standoff.core.errors import UserError
from standoff.core.estimate import summarise
from standoff.core.executors import Executor, Serial, chunk_ranges
from standoff.engines.forecast.bdm import BDMOptions, bdm
from standoff.engines.forecast.models import MODELS, make_model
from standoff.results.uncertainty import ForecastOverDraws
from standoff.scenario.case import Case

#: Draws per chunk of the batched models.
CHUNK = 2_048


# --------------------------------------------------------------------- static models
def compromise_draws(x: np.ndarray, c: np.ndarray, s: np.ndarray) -> np.ndarray:
    """``sum(c s x) / sum(c s)`` per draw (rows of ``(D, n)`` matrices)."""
    w = c * s
    return np.einsum("dn,dn->d", w, x) / w.sum(axis=1)


def median_draws(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """:func:`~standoff.engines.forecast.median.weighted_median` per draw, with its rule
    for an exact even split (the midpoint of the two positions) and zero weights ignored."""
    order = np.argsort(x, axis=1, kind="stable")
    xs = np.take_along_axis(x, order, axis=1)
    ws = np.take_along_axis(w, order, axis=1)
    pos_w = ws > 0
    cum = np.cumsum(np.where(pos_w, ws, 0.0), axis=1)
    total = cum[:, -1:]
    half = 0.5 * total
    reached = (cum >= half - 1e-12 * total) & pos_w
    k = np.argmax(reached, axis=1)
    rows = np.arange(x.shape[0])
    at_k = cum[rows, k]
    tie = np.isclose(at_k, half[:, 0], rtol=1e-12, atol=0.0)
    cols = np.arange(x.shape[1])[None, :]
    later = pos_w & (cols > k[:, None])
    has_next = later.any(axis=1)
    nxt = np.argmax(later, axis=1)
    mid = 0.5 * (xs[rows, k] + xs[rows, nxt])
    return np.where(tie & has_next, mid, xs[rows, k])


def condorcet_draws(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """:func:`~standoff.engines.forecast.median.condorcet_position` per draw."""
    d = np.abs(x[:, :, None] - x[:, None, :])
    s = np.einsum("di,dij->dj", w, d)
    v = s[:, None, :] - s[:, :, None]
    margin = v.sum(axis=2)
    tol = 1e-9 * np.maximum(1.0, np.abs(margin).max(axis=1))
    best = margin >= (margin.max(axis=1) - tol)[:, None]
    lo = np.where(best, x, np.inf).min(axis=1)
    hi = np.where(best, x, -np.inf).max(axis=1)
    return 0.5 * (lo + hi)


def ktab_draws(x: np.ndarray, c: np.ndarray, s: np.ndarray, model: str = "linear") -> np.ndarray:
    """The KTAB-style forecast (:func:`~standoff.engines.forecast.ktab.ktab`) per draw."""
    n = x.shape[1]
    u = 1.0 - s[:, :, None] * np.abs(x[:, :, None] - x[:, None, :]) / 100.0
    v = c[:, :, None, None] * (u[:, :, :, None] - u[:, :, None, :])
    strength = np.maximum(v, 0.0).sum(axis=1)
    g = 1.0 if model == "linear" else 2.0
    a, b = strength**g, np.swapaxes(strength, 1, 2) ** g
    tot = a + b
    vic = np.where(tot > 0, a / np.where(tot > 0, tot, 1.0), 0.5)
    m = vic / n
    eye = np.eye(n, dtype=bool)
    m = np.where(eye[None], 0.0, m)
    m = m + eye[None] * (1.0 - m.sum(axis=1))[:, None, :]
    sys_a = np.concatenate([m - np.eye(n)[None], np.ones((x.shape[0], 1, n))], axis=1)
    rhs = np.zeros(n + 1)
    rhs[-1] = 1.0
    # the least-squares solution of the stacked system, by its normal equations (a unique
    # stationary distribution: full column rank); the pseudo-inverse when a draw has several
    ata = np.einsum("dki,dkj->dij", sys_a, sys_a)
    atb = sys_a[:, -1, :]
    try:
        p = np.linalg.solve(ata, atb[:, :, None])[:, :, 0]
        if not np.isfinite(p).all():
            raise np.linalg.LinAlgError
    except np.linalg.LinAlgError:
        p = np.einsum("dij,j->di", np.linalg.pinv(sys_a), rhs)
    p = np.clip(p, 0.0, None)
    p = p / p.sum(axis=1, keepdims=True)
    return np.einsum("di,di->d", p, x)


# ------------------------------------------------------------------------ BDM rounds
def _win_probability(x: np.ndarray, w: np.ndarray, rule: str, exponent: np.ndarray | None = None,
                     span: np.ndarray | None = None) -> np.ndarray:
    a = np.abs(x[:, :, None] - x[:, None, :])
    if exponent is not None and span is not None:
        a = (a / span[:, None, None]) ** exponent[:, :, None]
    arg = a[:, :, None, :] - a[:, :, :, None]
    num = np.einsum("dk,dkij->dij", w, np.maximum(arg, 0.0))
    absvotes = np.einsum("dk,dkij->dij", w, np.abs(arg, out=arg))
    den = np.broadcast_to(absvotes.sum(axis=(1, 2))[:, None, None], num.shape) if rule == "all_pairs" else absvotes
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def _expected_utilities(x: np.ndarray, s: np.ndarray, p: np.ndarray, mu: np.ndarray, span: np.ndarray,
                        r_rows: np.ndarray, q: float, salience: str, own_axis: bool = True) -> np.ndarray:
    """``E[d, i, j]`` (:func:`~standoff.engines.forecast.bdm.expected_utilities` per draw);
    the exponent of dyad (i, j) is ``r_rows[d, i]`` (``own_axis``) or ``r_rows[d, j]``."""
    r = r_rows[:, :, None] if own_axis else r_rows[:, None, :]
    d = np.abs(x[:, :, None] - x[:, None, :]) / span[:, None, None]
    dmu = (np.abs(x - mu[:, None]) / span[:, None])[:, :, None]
    us = 2.0 - 4.0 * (0.5 - 0.5 * d) ** r
    uf = 2.0 - 4.0 * (0.5 + 0.5 * d) ** r
    usq = 2.0 - 4.0 * 0.5**r
    sw = s[:, None, :] if salience == "target" else s[:, :, None]
    e = sw * (p * us + (1.0 - p) * uf) + (1.0 - sw) * us - q * usq
    if q != 1.0:
        ub = 2.0 - 4.0 * np.maximum(0.5 - 0.25 * (dmu + d), 0.0) ** r
        uw = 2.0 - 4.0 * (0.5 + 0.25 * (dmu + d)) ** r
        e = e - (1.0 - q) * np.where(dmu < d, ub, uw)
    n = x.shape[1]
    e[:, np.arange(n), np.arange(n)] = 0.0
    return e


def _risk_exponents(e: np.ndarray, rule: str) -> np.ndarray:
    sec = e.sum(axis=1) if rule == "challengers" else e.sum(axis=2)
    hi, lo = sec.max(axis=1, keepdims=True), sec.min(axis=1, keepdims=True)
    flat = hi - lo <= 1e-12 * np.maximum(1.0, np.abs(hi))
    with np.errstate(invalid="ignore", divide="ignore"):
        big_r = (2.0 * sec - hi - lo) / np.where(flat, 1.0, hi - lo)
    return np.where(flat, 1.0, (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0))


def _offers(x: np.ndarray, a: np.ndarray, b: np.ndarray, conflict: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xi, xj = x[:, :, None], x[:, None, :]
    distinct = xi != xj
    conflict_ = (a > 0) & (b > 0) & (b > a)
    upper = (a < 0) & (b > 0)
    compromise_ = upper & (np.abs(b) > np.abs(a))
    capitulate = upper & (np.abs(a) >= np.abs(b))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(compromise_, np.abs(a) / np.where(b != 0, np.abs(b), 1.0), 0.0)
    target = np.where(compromise_, xi + (xj - xi) * ratio, np.broadcast_to(xj, a.shape))
    kind = np.where(conflict_, 0, np.where(compromise_, 1, 2))
    moving = conflict_ if conflict == "moves" else np.zeros_like(conflict_)
    return target, kind, distinct & (moving | compromise_ | capitulate)


def _choose(x: np.ndarray, target: np.ndarray, kind: np.ndarray, valid: np.ndarray, b: np.ndarray,
            rule: str) -> np.ndarray:
    move = np.abs(target - x[:, :, None])
    big = np.inf
    has = valid.any(axis=2)
    if rule == "enforceable":
        bv = np.where(valid, b, -big)
        top = bv.max(axis=2, keepdims=True)
        tol = 1e-12 * np.maximum(1.0, np.abs(np.where(np.isfinite(top), top, 0.0)))
        best_b = valid & (bv >= top - tol)
        mv = np.where(best_b, move, big)
        least = mv.min(axis=2, keepdims=True)
        cand = best_b & (mv <= least + 1e-12 * np.maximum(1.0, least))
        chosen = np.where(cand, target, big).min(axis=2)
        return np.where(has, chosen, x)
    key = np.where(valid, move, big) if rule == "least_move" else np.where(valid, kind * 1e6 + move, big)
    best = np.argmin(key, axis=2)
    picked = np.take_along_axis(target, best[:, :, None], axis=2)[:, :, 0]
    return np.where(has, picked, x)


def _median(x: np.ndarray, w: np.ndarray, rule: str) -> np.ndarray:
    if rule == "midpoint":
        return condorcet_draws(x, w)
    order = np.argsort(x, axis=1, kind="stable")
    cum = np.cumsum(np.take_along_axis(w, order, axis=1), axis=1)
    k = np.argmax(cum >= (0.5 * cum[:, -1:] * (1.0 - 1e-12)), axis=1)
    return np.take_along_axis(np.take_along_axis(x, order, axis=1), k[:, None], axis=1)[:, 0]


def bdm_draws(position: np.ndarray, capability: np.ndarray, salience: np.ndarray, rounds: int = 10,
              options: BDMOptions | None = None) -> np.ndarray:
    """BDM's forecast (the median after the last round) for every row of ``(D, n)``
    matrices: :func:`~standoff.engines.forecast.bdm.bdm` with the rounds of all draws run
    together (module docstring)."""
    opt = options or BDMOptions()
    x = np.asarray(position, dtype=float).copy()
    c = np.asarray(capability, dtype=float)
    s = np.asarray(salience, dtype=float)
    if opt.stop != "fixed":
        return np.array([bdm(x[k], c[k], s[k], rounds, opt).forecast for k in range(x.shape[0])])
    w = c * s
    d_rows, n = x.shape
    span0 = x.max(axis=1) - x.min(axis=1)
    med = _median(x, w, opt.median)
    risks: np.ndarray | None = None
    alive = np.ones(d_rows, dtype=bool)
    for _ in range(rounds):
        span = span0 if opt.range == "initial" else x.max(axis=1) - x.min(axis=1)
        alive = alive & (span > 0)
        if not alive.any():
            break
        safe = np.where(span > 0, span, 1.0)
        mu = med
        p = _win_probability(x, w, opt.probability)
        first = risks if (opt.carry_risk and risks is not None) else np.ones((d_rows, n))
        if opt.risk:
            e1 = _expected_utilities(x, s, p, mu, safe, first, opt.q, opt.salience)
            r = _risk_exponents(e1, opt.security)
        else:
            r = np.ones((d_rows, n))
        risks = r
        if opt.vote_risk and opt.risk:
            p = _win_probability(x, w, opt.probability, r, safe)
        own = _expected_utilities(x, s, p, mu, safe, r, opt.q, opt.salience)
        a = own
        if opt.perspective == "own":
            b = np.swapaxes(own, 1, 2)
        else:
            b = np.swapaxes(_expected_utilities(x, s, p, mu, safe, r, opt.q, opt.salience, own_axis=False), 1, 2)
        target, kind, valid = _offers(x, a, b, opt.conflict)
        moved = _choose(x, target, kind, valid, b, opt.selection)
        x = np.where(alive[:, None], moved, x)
        med = np.where(alive, _median(x, w, opt.median), med)
    return med


# ------------------------------------------------------------------------- per case
@dataclass(frozen=True)
class _Chunk:
    x: np.ndarray
    c: np.ndarray
    s: np.ndarray
    models: tuple[str, ...]
    rounds: int


def _run_models(x: np.ndarray, c: np.ndarray, s: np.ndarray, names: Sequence[str], rounds: int) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for name in names:
        base = name.partition(":")[0]
        if base == "compromise":
            out[name] = compromise_draws(x, c, s)
        elif base == "median":
            out[name] = median_draws(x, c * s)
        elif base == "condorcet":
            out[name] = condorcet_draws(x, c * s)
        elif base == "ktab":
            out[name] = ktab_draws(x, c, s)
        elif base == "bdm":
            model = make_model(name)
            opts = getattr(model, "options", None)
            out[name] = bdm_draws(x, c, s, rounds, opts if isinstance(opts, BDMOptions) else None)
        else:  # a model without a batched form: draw by draw
            from standoff.core.stakeholders import Stakeholders

            m = make_model(name)
            out[name] = np.array([m.run(Stakeholders(tuple(str(i) for i in range(x.shape[1])), c[k], x[k], s[k]),
                                        rounds).forecast for k in range(x.shape[0])])
    return out


def _chunk(ch: _Chunk) -> dict[str, np.ndarray]:
    return _run_models(ch.x, ch.c, ch.s, ch.models, ch.rounds)


def stakeholder_matrices(case: Case, issue: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions, capabilities and saliences of an issue's stakeholders, ``(D, n)`` each,
    checked in every draw (the checks of :func:`~standoff.engines.forecast.mapping.stakeholders`)."""
    from standoff.engines.forecast.mapping import stakeholders

    stakeholders(case, issue, 0)  # structure and the first draw, with the file's words
    sh = case.stakeholders[issue]
    n = case.draws
    x, c, s = (np.broadcast_to(sh.matrix(f), (n, len(sh.names))) for f in ("position", "capability", "salience"))
    if (s > 1.0).any() or (c < 0).any() or ((x < 0) | (x > 100)).any():
        raise UserError(f"{case.id}: issue {issue!r}: some draws put a salience above 100, a capability below 0 "
                        "or a position outside 0-100", hint="narrow the distributions to the field's range")
    if not ((c * s) > 0).any(axis=1).all():
        raise UserError(f"{case.id}: issue {issue!r}: in some draws no actor has both capability and salience")
    return x, c, s


def forecast_draws(case: Case, *, issues: Sequence[str] | None = None, models: Sequence[str] | None = None,
                   rounds: int = 10, executor: Executor | None = None) -> dict[str, dict[str, np.ndarray]]:
    """Per 0-100 issue, each model's forecast in every draw: ``{issue: {model: (D,)}}``."""
    from standoff.engines.forecast.mapping import scale_issues

    names = tuple(models or MODELS)
    for name in names:
        make_model(name)
    out: dict[str, dict[str, np.ndarray]] = {}
    ex = executor or Serial()
    for issue in issues or scale_issues(case):
        x, c, s = stakeholder_matrices(case, issue)
        chunks = [_Chunk(np.ascontiguousarray(x[a:b]), np.ascontiguousarray(c[a:b]), np.ascontiguousarray(s[a:b]),
                         names, rounds) for a, b in chunk_ranges(case.draws, CHUNK)]
        parts = ex.map(_chunk, chunks)
        out[issue] = {m: np.concatenate([p[m] for p in parts]) for m in names}
    return out


def forecast_over_draws(case: Case, *, models: Sequence[str] | None = None, rounds: int = 10,
                        executor: Executor | None = None) -> dict[str, ForecastOverDraws]:
    """Each model's position on each 0-100 issue, over the draws, as Estimates."""
    got = forecast_draws(case, models=models, rounds=rounds, executor=executor)
    return {issue: ForecastOverDraws(issue=issue, draws=case.draws, rounds=rounds,
                                     models={m: summarise(v) for m, v in by_model.items()})
            for issue, by_model in got.items()}
