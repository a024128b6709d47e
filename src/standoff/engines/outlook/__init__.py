"""The outlook: how likely each ending is by each date, per draw, from the engines that
can speak to each branch.

A standoff is followed from the as-of date as competing risks in continuous time (in the
scenario's periods), draw by draw:

* **deal** -- each red line (and each constraint of an instrument in force) gives way at
  a constant rate that leaves ``p_hold`` of it standing at the horizon; once the lines
  that have given way leave a zone of agreement (decided exactly per draw by
  :mod:`standoff.engines.bargain.zone_draws`), agreement follows at the rate of the
  talks (``deal_rate``: from the simulated talks under the case's channel and mediators,
  faster once a proposed direct meeting takes place);
* **capitulation** -- the target accepts the demand as it stands at the deadline, with
  the probability the leader-fate model gives (:mod:`standoff.engines.leader`);
* **the challenger's choice** after a refusal (:mod:`standoff.engines.challenger`):
  backing down (``backdown``), keeping up pressure, or a course of force, carried out
  when it can be; its success removes the leader (``forced_removal``) or makes the target
  give in (``capitulation``), its failure leaves ``limited_force``;
* **insiders** remove the leader at a constant rate that gives the insider model's
  chance by the horizon (:mod:`standoff.engines.insiders`; ``forced_removal``).

The first of the terminal events (deal, capitulation, backdown, forced removal) by a
date is the ending; failed force before it makes ``limited_force`` the state if
nothing settles the matter; otherwise ``stalemate``. ``force_used`` counts any force by
the date (the challenger's or insiders').

**Conditioning on the record** (Bayes on each draw's types): a logged refusal of the
demand has likelihood ``1 - P(comply)``; a challenger's option that would already have
been carried out by the as-of date (its decision came at a lapsed deadline and its time
to act has passed) is ruled out, with likelihood the probability of the options that are
still consistent; a request by the target that the challenger ignored is taken as
evidence of resolve (likelihood ``0.5 + 0.3 * resolve``, an assumption). Each draw's
answers are conditional on its record, and each draw weighs its likelihood.

Random times are drawn ``inner`` times per draw from one seed (common random numbers),
so each draw's probability is an average over its inner samples.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from standoff.core.endings import ENDINGS, Ending
from standoff.core.periods import periods_between
from standoff.engines import challenger as ch
from standoff.engines import insiders as ins
from standoff.engines import leader as ld
from standoff.engines.bargain.zone_draws import zone_open
from standoff.results import Note
from standoff.scenario.case import Case, Lock

#: Periods between a decision and its effect when the scenario says nothing (a
#: capitulation announced, a demand dropped).
LAG = 1.0
#: Likelihood of a request ignored by the challenger: ``BASE + SLOPE * resolve``.
IGNORED_BASE, IGNORED_SLOPE = 0.5, 0.3
#: Most locks whose give-way is modelled one by one (2**n zone tests per draw batch).
MAX_LOCKS = 8


@dataclass(frozen=True, eq=False)
class Outlook:
    """Per-draw answers and the quantities behind them.

    ``endings[j][e]`` is the per-draw probability (shape ``(D,)``) that the standoff is in
    ending ``e`` at ``dates[j]``; ``force_used[j]`` the probability force has been used
    by then; ``weight`` each draw's likelihood of the record (normalise before use).
    """

    dates: tuple[dt.date, ...]
    periods: tuple[float, ...]
    endings: tuple[dict[str, np.ndarray], ...]
    force_used: tuple[np.ndarray, ...]
    weight: np.ndarray
    p_comply: np.ndarray
    resolve: np.ndarray
    p_coup: np.ndarray
    zone_at_horizon: np.ndarray
    options: tuple[str, ...]
    option_prob: np.ndarray
    exile: np.ndarray
    refuse: np.ndarray
    models: dict[str, str] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()


def applicable(case: Case) -> str | None:
    """``None`` when the outlook can be computed, else the reason (a code)."""
    co = case.coercion
    if co is None:
        return "no_challenger_or_target"
    if co.demand is None:
        return "no_demand"
    for a in (co.challenger, co.target):
        if a not in case.no_deal:
            return "no_no_deal_value"
        if a not in case.utilities:
            return "no_preferences"
    return None


def _party_locks(case: Case) -> tuple[list[Lock], list[Lock]]:
    """The challenger's and target's locks: those that may give way, and those that hold."""
    co = case.coercion
    assert co is not None
    parties = (co.challenger, co.target)
    may: list[Lock] = []
    hold: list[Lock] = []
    for lk in case.locks:
        if lk.actor not in parties:
            continue
        (may if np.any(lk.p_hold < 1.0) else hold).append(lk)
    if len(may) > MAX_LOCKS:  # keep the least firm ones moving; the rest hold
        may.sort(key=lambda lk: float(np.mean(lk.p_hold)))
        hold += may[MAX_LOCKS:]
        may = may[:MAX_LOCKS]
    return may, hold


def zone_table(case: Case, may: Sequence[Lock], hold: Sequence[Lock]) -> np.ndarray:
    """``(D, 2**L)``: whether a zone of agreement exists once the locks in each subset
    (bit ``l`` set: lock ``l`` of ``may`` has given way) are released."""
    co = case.coercion
    assert co is not None
    parties = (co.challenger, co.target)
    sizes = case.space.sizes
    utils = (case.utility(parties[0]), case.utility(parties[1]))
    res = (case.no_deal[parties[0]].total, case.no_deal[parties[1]].total)
    L = len(may)
    out = np.zeros((case.draws, 2**L), dtype=bool)
    # monotone in the released set: with everything released closed, all subsets are closed
    for mask in range(2**L - 1, -1, -1):
        forb_a = [np.zeros(k, dtype=bool) for k in sizes]
        forb_b = [np.zeros(k, dtype=bool) for k in sizes]
        forb = (forb_a, forb_b)
        for lk in hold:
            forb[parties.index(lk.actor)][lk.issue][list(lk.options)] = True
        for bit, lk in enumerate(may):
            if not mask >> bit & 1:
                forb[parties.index(lk.actor)][lk.issue][list(lk.options)] = True
        if mask != 2**L - 1 and not out[:, 2**L - 1].any():
            break
        out[:, mask] = zone_open(utils, res, forb, sizes, case.draws)
    return out


def outlook(
    case: Case,
    dates: Sequence[dt.date],
    *,
    deal_rate: float,
    deal_rate_direct: float | None = None,
    inner: int = 64,
    seed: int = 0,
    noise: float = ch.NOISE,
    table: np.ndarray | None = None,
) -> Outlook:
    """The outlook of a case at each of ``dates`` (module docstring). ``deal_rate`` is the
    rate of agreement per period once a zone is open, under the case's channel;
    ``deal_rate_direct`` the rate once a proposed direct meeting has taken place;
    ``table`` a zone table already computed for this case's utilities and locks
    (:func:`zone_table`: it does not depend on the locks' chances of holding)."""
    co = case.coercion
    assert co is not None and co.demand is not None and applicable(case) is None
    D, M = case.draws, inner
    notes: list[Note] = []
    models: dict[str, str] = {}
    H = max(co.horizon_periods, 1e-9)

    # -- insiders and the challenger (two passes: the challenger's pressure option
    #    depends on the chance of a coup, which depends on its chance of prevailing)
    use_courses = ch.applicable(case)
    models["challenger"] = "courses_of_action" if use_courses else "stated_credibility"
    if not use_courses:
        notes.append(Note(code="resolve_stated", data={"credibility": None if co.credibility is None
                                                        else float(np.mean(co.credibility))}))
    p_coup: np.ndarray = np.zeros(D)
    if ins.applicable(case):
        p_coup = ins.insiders(case).p_coup
    opts = ch.options(case, p_coup=p_coup, noise=noise) if use_courses else ch.stated(case)
    if ins.applicable(case):
        removal = opts.is_force & opts.takes_leader
        p_fall = (opts.prob[:, removal] * opts.success[:, removal]).sum(axis=1)
        p_coup = ins.insiders(case, p_fall=p_fall).p_coup
        if use_courses:
            opts = ch.options(case, p_coup=p_coup, noise=noise)
        models["insiders"] = "insiders"
    else:
        models["insiders"] = "not_applicable"
    belief = ld.belief(opts, co.target_belief)
    fate = ld.fate(case, opts, belief=belief, p_coup=p_coup, noise=noise)
    models["leader"] = "leader_fate"

    # -- the record
    weight = np.ones(D)
    raw_deadline = co.deadline_periods if co.deadline_periods is not None else LAG
    t_dec = raw_deadline
    demand_ev = next((e for e in case.record if e.id == co.demand.event), None)
    refused = (demand_ev is not None and demand_ev.fate == "rejected") or any(
        e.category == "REJECT" and e.responds_to == co.demand.event and e.actor == co.target for e in case.record
    )
    p_comply = fate.p_comply.copy()
    if refused:
        weight = weight * (1.0 - p_comply)
        p_comply = np.zeros(D)
        notes.append(Note(code="conditioned_on_refusal", data={"event": co.demand.event}))
    scheduled = np.where(np.array(opts.kinds) == "backdown", LAG, 0.0)[None, :]
    act_time = np.maximum(t_dec, opts.earliest[None, :]) + np.where(opts.is_force[None, :], opts.time, scheduled)
    pending = np.array([k == "pressure" for k in opts.kinds])[None, :] | (act_time >= 0.0)
    prob = opts.prob * pending
    mass = prob.sum(axis=1)
    weight = weight * mass
    prob = np.where(mass[:, None] > 0, prob / np.where(mass > 0, mass, 1.0)[:, None], opts.prob)
    if t_dec < 0:
        notes.append(Note(code="deadline_lapsed", data={"periods_ago": -float(t_dec), "period": case.period}))
    resolve = (prob * opts.is_force[None, :]).sum(axis=1)
    ignored = [e for e in case.record if e.actor == co.target and e.target == co.challenger and e.fate == "ignored"
               and e.at <= 0 and (co.demand.date is None or e.date >= co.demand.date)]
    if ignored:
        weight = weight * (IGNORED_BASE + IGNORED_SLOPE * resolve)
        notes.append(Note(code="conditioned_on_silence", data={"events": [e.id for e in ignored]}))

    # -- red lines giving way, and the zone they open
    may, hold = _party_locks(case)
    if table is None:
        table = zone_table(case, may, hold)
    rng = np.random.default_rng(seed)
    L = len(may)
    if L:
        p_hold = np.stack([np.broadcast_to(lk.p_hold, (D,)) for lk in may], axis=1)  # (D, L)
        rate = np.maximum(-np.log(np.clip(p_hold, 1e-12, 1.0)) / H, 0.0)
        e_tau = rng.exponential(1.0, size=(D, M, L))
        tau = np.where(rate[:, None, :] > 0, e_tau / np.where(rate > 0, rate, 1.0)[:, None, :], np.inf)
        order = np.argsort(tau, axis=2)
        t_sorted = np.take_along_axis(tau, order, axis=2)
        bits = (1 << order).astype(np.int64)
        masks = np.concatenate([np.zeros((D, M, 1), dtype=np.int64), np.cumsum(bits, axis=2)], axis=2)  # (D, M, L+1)
        is_open = np.take_along_axis(np.broadcast_to(table[:, None, :], (D, M, 2**L)), masks, axis=2)
        first = np.where(is_open.any(axis=2), np.argmax(is_open, axis=2), -1)
        times = np.concatenate([np.zeros((D, M, 1)), t_sorted], axis=2)
        t_open = np.where(first >= 0, np.take_along_axis(times, np.maximum(first, 0)[..., None], axis=2)[..., 0], np.inf)
    else:
        t_open = np.where(table[:, 0][:, None], 0.0, np.inf) * np.ones((1, M))
    zone_at_horizon = (t_open <= H).mean(axis=1)

    # -- the talks once a zone is open (faster after a proposed direct meeting, if it happens)
    e1 = rng.exponential(1.0, size=(D, M))
    t_deal = t_open + (e1 / deal_rate if deal_rate > 0 else np.inf)
    summit = [e for e in case.record if not e.confirmed and e.category == "CONSULT" and e.probability is not None
              and {e.actor, e.target} == {co.challenger, co.target} and e.at >= 0]
    if summit and deal_rate_direct is not None and deal_rate_direct > deal_rate:
        ev = summit[0]
        assert ev.probability is not None
        happens = rng.random((D, M)) < np.broadcast_to(ev.probability, (D,))[:, None]
        start = np.maximum(t_open, ev.at)
        e2 = rng.exponential(1.0, size=(D, M))
        direct = start + e2 / deal_rate_direct
        t_deal = np.where(happens & (t_deal > ev.at), np.minimum(t_deal, direct), t_deal)
        models["summit"] = ev.id
    # -- the target's decision at the deadline (only if not already refused)
    t_cap = np.where(rng.random((D, M)) < p_comply[:, None], max(t_dec, 0.0) + LAG, np.inf)
    # -- the challenger's response to a refusal
    u_choice = rng.random((D, M))
    cum = np.cumsum(prob, axis=1)
    k = np.minimum((u_choice[..., None] > cum[:, None, :]).sum(axis=2), prob.shape[1] - 1)  # (D, M)
    t_act = np.take_along_axis(np.broadcast_to(act_time, (D, prob.shape[1])), k, axis=1)
    kinds = np.array(opts.kinds)[k]
    force = opts.is_force[k]
    success = rng.random((D, M)) < np.take_along_axis(opts.success, k, axis=1)
    takes = opts.takes_leader[k]
    refused_now = ~np.isfinite(t_cap)
    t_act = np.where(refused_now, t_act, np.inf)
    t_force = np.where(force, t_act, np.inf)
    t_back = np.where(kinds == "backdown", t_act, np.inf)
    t_remove_force = np.where(force & success & takes, t_force, np.inf)
    t_yield_force = np.where(force & success & ~takes, t_force, np.inf)
    t_fail = np.where(force & ~success, t_force, np.inf)
    # -- insiders
    lam_c = np.maximum(-np.log(np.clip(1.0 - p_coup, 1e-12, 1.0)) / H, 0.0)
    e_coup = rng.exponential(1.0, size=(D, M))
    t_coup = np.where(lam_c[:, None] > 0, e_coup / np.where(lam_c > 0, lam_c, 1.0)[:, None], np.inf)

    events = {
        "deal": t_deal,
        "capitulation": np.minimum(t_cap, t_yield_force),
        "backdown": t_back,
        "forced_removal": np.minimum(t_remove_force, t_coup),
    }
    stack = np.stack(list(events.values()), axis=2)
    t_term = stack.min(axis=2)
    which = np.argmin(stack, axis=2)
    names = list(events)
    out_end: list[dict[str, np.ndarray]] = []
    out_force: list[np.ndarray] = []
    periods = tuple(periods_between(case.as_of, d, case.period) for d in dates)
    for T in periods:
        settled = t_term <= T
        res: dict[str, np.ndarray] = {}
        for i, name in enumerate(names):
            res[name] = (settled & (which == i)).mean(axis=1)
        failed = (~settled) & (t_fail <= T)
        res[Ending.limited_force.value] = failed.mean(axis=1)
        res[Ending.stalemate.value] = ((~settled) & ~(t_fail <= T)).mean(axis=1)
        out_end.append({e.value: res[e.value] for e in ENDINGS})
        used = ((t_force <= T) & (t_force <= t_term)) | ((t_coup <= T) & (t_coup <= t_term))
        out_force.append(used.mean(axis=1))
    return Outlook(
        dates=tuple(dates), periods=periods, endings=tuple(out_end), force_used=tuple(out_force),
        weight=weight, p_comply=fate.p_comply, resolve=resolve, p_coup=p_coup,
        zone_at_horizon=zone_at_horizon, options=opts.names, option_prob=prob,
        exile=fate.exile, refuse=fate.refuse, models=models, notes=tuple(notes),
    )
