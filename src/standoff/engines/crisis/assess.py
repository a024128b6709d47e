"""Solve every crisis model on a scenario's inputs (or on parameters given directly) and
describe the equilibria in words. Pure functions of arrays over draws: one call handles a
single nominal draw or a million Monte Carlo draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from standoff.core.errors import UserError, did_you_mean
from standoff.engines.crisis import alternating, attrition, fearon, mapping, ultimatum
from standoff.results.crisis import CrisisModelResult, CrisisResult
from standoff.scenario.model import Scenario

Params = dict[str, np.ndarray]

#: model name -> aliases accepted on the command line
ALIASES = {
    "fearon": "fearon",
    "bargaining-range": "fearon",
    "ultimatum": "ultimatum",
    "compellence": "ultimatum",
    "rubinstein": "rubinstein",
    "alternating": "rubinstein",
    "attrition": "attrition",
    "war-of-attrition": "attrition",
}
MODELS = ("fearon", "ultimatum", "rubinstein", "attrition")


def model_name(name: str) -> str:
    key = name.strip().lower().replace("_", "-")
    if key not in ALIASES:
        raise UserError(f"unknown crisis model {name!r}", hint=did_you_mean(key, MODELS))
    return ALIASES[key]


# ------------------------------------------------------------------ parameter domains
def _prob(v: float) -> bool:
    return 0.0 <= v <= 1.0


def _nonneg(v: float) -> bool:
    return v >= 0.0


def _discount(v: float) -> bool:
    return 0.0 <= v < 1.0


def _any(v: float) -> bool:
    return True


#: model -> parameter -> (domain test, description of the domain)
DOMAINS: dict[str, dict[str, tuple[Callable[[float], bool], str]]] = {
    "fearon": {
        "p": (_prob, "a probability in [0, 1]"),
        "c_a": (_nonneg, "a non-negative cost"),
        "c_b": (_nonneg, "a non-negative cost"),
        "c_b_low": (_nonneg, "a non-negative cost"),
        "c_b_high": (_nonneg, "a non-negative cost"),
    },
    "ultimatum": {
        "credibility": (_prob, "a probability in [0, 1]"),
        "u_comply": (_any, "a number"),
        "u_war": (_any, "a number"),
        "u_backdown": (_any, "a number"),
    },
    "rubinstein": {
        "d_a": (_discount, "a discount factor in [0, 1)"),
        "d_b": (_discount, "a discount factor in [0, 1)"),
        "w_a": (_prob, "a share in [0, 1]"),
        "w_b": (_prob, "a share in [0, 1]"),
        "beta": (_prob, "a probability in [0, 1]"),
        "b_a": (_prob, "a share in [0, 1]"),
        "b_b": (_prob, "a share in [0, 1]"),
    },
    "attrition": {
        "cost_target": (_nonneg, "a non-negative cost per period"),
        "cost_imposer": (_nonneg, "a non-negative cost per period"),
        "gain_target": (_any, "a number"),
        "gain_imposer": (_any, "a number"),
    },
}

#: Largest magnitude of a parameter given by hand: utilities and costs live on a scale of
#: about one, and far larger values overflow the closed forms (differences, products).
MAX_MAGNITUDE = 1e6

#: parameter -> command-line flag
FLAGS = {
    "p": "--p", "c_a": "--cost-a", "c_b": "--cost-b", "c_b_low": "--cost-b-low", "c_b_high": "--cost-b-high",
    "credibility": "--credibility", "u_comply": "--u-comply", "u_war": "--u-war", "u_backdown": "--u-backdown",
    "d_a": "--d-a", "d_b": "--d-b", "w_a": "--w-a", "w_b": "--w-b", "beta": "--breakdown", "b_a": "--b-a",
    "b_b": "--b-b", "cost_target": "--cost-target", "cost_imposer": "--cost-imposer",
    "gain_target": "--gain-target", "gain_imposer": "--gain-imposer",
}

def apply_overrides(model: str, params: Mapping[str, np.ndarray], overrides: Mapping[str, float]) -> Params:
    """Replace parameters by the values given, checking each against its domain."""
    dom = DOMAINS[model]
    out = {k: np.asarray(v, dtype=float) for k, v in params.items()}
    for key, value in overrides.items():
        if key not in dom:
            raise UserError(
                f"model {model!r} takes no {FLAGS.get(key, key)}",
                hint=f"its parameters: {', '.join(FLAGS[k] for k in dom)}",
            )
        test, what = dom[key]
        if not math.isfinite(value) or not test(value):
            raise UserError(f"{FLAGS[key]} must be {what} (got {value:g})")
        if abs(value) > MAX_MAGNITUDE:
            raise UserError(f"{FLAGS[key]} is out of range (got {value:g})",
                            hint=f"values are on the scale of utilities; keep them within ±{MAX_MAGNITUDE:g}")
        out[key] = np.asarray([value])
    if model == "fearon" and ("c_b_low" in out) != ("c_b_high" in out):
        raise UserError("give both --cost-b-low and --cost-b-high for a uniform cost of B")
    if model == "fearon" and "c_b_low" in out and not float(out["c_b_low"][0]) < float(out["c_b_high"][0]):
        raise UserError("--cost-b-low must be below --cost-b-high")
    return out


# ----------------------------------------------------------------------- helpers
def _f(x: Any) -> float:
    return float(np.asarray(x, dtype=float).mean())


def _finite_or_none(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _summary(x: np.ndarray) -> dict[str, float] | float:
    a = np.asarray(x, dtype=float).ravel()
    if a.size == 1 or np.all(a == a[0]):
        return float(a[0])
    q = np.quantile(a, [0.05, 0.5, 0.95])
    return {"mean": float(a.mean()), "p05": float(q[0]), "median": float(q[1]), "p95": float(q[2])}


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


@dataclass(frozen=True)
class Context:
    """Names and units for the words."""

    challenger: str = "the challenger"
    target: str = "the target"
    period: str = "period"
    deadline_periods: float = 1.0


# --------------------------------------------------------------------- the models
def solve_fearon(params: Params, ctx: Context) -> CrisisModelResult:
    """Bargaining range and A's optimal demand (Fearon 1995)."""
    p = _f(params["p"])
    c_a = _f(params["c_a"])
    war_a = p - c_a
    if "c_b_low" in params:
        lo, hi = _f(params["c_b_low"]), _f(params["c_b_high"])
        dem = fearon.optimal_demand_uniform(p, c_a, lo, hi)
        cb_shown: Any = {"uniform": [lo, hi]}
        range_hi = p + hi
        how = f"B's cost uniform on [{lo:g}, {hi:g}]"
    else:
        c_b = np.asarray(params["c_b"], dtype=float).ravel()
        dem = fearon.optimal_demand_thresholds(war_a, p + c_b)
        cb_shown = _summary(c_b)
        range_hi = p + float(np.mean(c_b))
        how = "B's cost known" if c_b.size == 1 else f"B's cost one of {c_b.size} equally likely types"
    x, pw = float(dem.demand), float(dem.p_war)
    lo_r, hi_r = war_a, range_hi
    c, t = ctx.challenger, ctx.target
    if hi_r < lo_r:
        rng_text = (
            f"No bargaining range: {c} expects {war_a:.2f} of the prize from war and {t} concedes at most "
            f"{hi_r:.2f}, so their expectations of war are incompatible."
        )
    else:
        rng_text = f"Every split giving {c} between {max(lo_r, 0):.2f} and {min(hi_r, 1):.2f} beats war for both."
    words = (
        f"{rng_text} Making a take-it-or-leave-it demand ({how}), {c} demands {x:.2f} of the prize; "
        f"{t} accepts with probability {_pct(1 - pw)} and war follows otherwise."
    )
    drivers = [
        f"{c}'s chance of prevailing p = {p:.2f} anchors the range",
        f"{c}'s cost of war c_A = {c_a:.2f}: the higher it is, the more modest the demand",
        "uncertainty about the target's cost: the risk-return trade-off makes war possible",
    ]
    return CrisisModelResult(
        model="fearon",
        title="Bargaining range and risk-return trade-off",
        citation="Fearon 1995, Rationalist explanations for war; Powell 1999, In the Shadow of Power",
        equilibrium=words,
        p_comply=1.0 - pw,
        p_escalate=pw,
        expected_duration=None,
        endings={"capitulation": 1.0 - pw, "escalation": pw},
        inputs={"p": p, "c_a": c_a, "c_b": cb_shown},
        details={"bargaining_range": [lo_r, hi_r], "range_empty": bool(hi_r < lo_r), "demand": x,
                 "payoff_challenger": float(dem.payoff)},
        drivers=drivers,
    )


def solve_compellence_model(params: Params, ctx: Context) -> CrisisModelResult:
    """The ultimatum already issued: comply or resist, then escalate or back down."""
    pi = np.asarray(params["credibility"], dtype=float)
    sol = ultimatum.solve_compellence(params["u_comply"], params["u_war"], params["u_backdown"], pi)
    n = max(np.broadcast(sol.p_comply, pi).size, 1)
    pc = float(np.mean(np.broadcast_to(sol.p_comply, (n,))))
    pe = float(np.mean(np.broadcast_to(sol.p_escalate, (n,))))
    pb = float(np.mean(np.broadcast_to(sol.p_backdown, (n,))))
    pi_m = float(np.mean(pi))
    dur = (1.0 - pc) * ctx.deadline_periods
    # credibility the target would need to see before complying, where it exists
    u_c, u_w, u_s = (np.broadcast_to(np.asarray(params[k], dtype=float), (n,)) for k in ("u_comply", "u_war", "u_backdown"))
    with np.errstate(divide="ignore", invalid="ignore"):
        needed = np.where(u_s > u_w, (u_s - u_c) / (u_s - u_w), np.where(u_c >= u_s, 0.0, np.inf))
    needed = np.clip(needed, 0.0, np.inf)
    reachable = needed <= 1.0
    med_needed = float(np.median(needed[reachable])) if reachable.any() else None
    c, t = ctx.challenger, ctx.target
    words = (
        f"{t} complies with the demand in {_pct(pc)} of cases; otherwise it resists and at the deadline "
        f"{c} carries out its threat with probability {_pct(pi_m)} (its resolve type), escalating in "
        f"{_pct(pe)} of all cases and backing down in {_pct(pb)}. Off the path of play the same rules hold: "
        f"a resolved {c} escalates and an irresolute one backs down whatever {t} did."
    )
    if med_needed is None:
        cred_text = ""
    elif med_needed <= 0:
        cred_text = f"; typically {t} prefers complying even to living with the pressure: the threat is not what decides"
    else:
        cred_text = f"; {t} complies once it exceeds about {_pct(med_needed)}"
    drivers = [
        f"credibility of the threat: {_pct(pi_m)}" + cred_text,
        f"{t}'s value of complying (the guarantees in the demand) against its value of war and of outlasting "
        "the pressure",
    ]
    if not reachable.all():
        drivers.append(
            f"in {_pct(1 - float(reachable.mean()))} of cases no credibility would make {t} comply: it prefers war"
            " or the pressure to the demand as worded"
        )
    return CrisisModelResult(
        model="ultimatum",
        title="Ultimatum with escalation (compellence, perfect Bayesian equilibrium)",
        citation="Schelling 1966; Fearon 1995; Morrow 1989; Fudenberg & Tirole 1991 (PBE)",
        equilibrium=words,
        p_comply=pc,
        p_escalate=pe,
        expected_duration=dur,
        endings={"capitulation": pc, "escalation": pe, "backdown": pb},
        inputs={k: _summary(np.asarray(v)) for k, v in params.items()},
        details={"credibility_needed_median": med_needed, "p_no_credibility_suffices": float(1 - reachable.mean()),
                 "margin": _summary(sol.margin)},
        drivers=drivers,
    )


def solve_rubinstein(params: Params, ctx: Context) -> CrisisModelResult:
    """Alternating offers with outside options and breakdown risk."""
    sol = alternating.solve_alternating(
        params["d_a"], params["d_b"], w_a=params["w_a"], w_b=params["w_b"], beta=params["beta"],
        b_a=params["b_a"], b_b=params["b_b"],
    )
    deal = np.atleast_1d(np.asarray(sol.deal, dtype=bool))
    share = np.atleast_1d(np.asarray(sol.share_a, dtype=float))
    p_deal = float(deal.mean())
    mean_share = float(share[deal].mean()) if deal.any() else None
    binding = np.atleast_1d(np.asarray(sol.binding))[deal]
    c = ctx.challenger
    if p_deal > 0:
        words = (
            f"With {c} proposing first, agreement is immediate in {_pct(p_deal)} of cases, "
            f"giving {c} {mean_share:.2f} of the prize on average."
        )
    else:
        words = "No split beats both sides' outside options: talks end at once without a deal."
    if p_deal < 1 and p_deal > 0:
        words += f" In the other {_pct(1 - p_deal)} no split beats both outside options and talks end without a deal."
    drivers = [
        "patience (discount factors): the more patient side gets more",
        f"outside options bind in {_pct(float((binding > 0).mean()) if binding.size else 0.0)} of deals: "
        "a binding option sets the split (outside option principle)",
        "risk of breakdown into escalation each round: acts like impatience",
    ]
    return CrisisModelResult(
        model="rubinstein",
        title="Alternating offers with outside options and breakdown risk",
        citation="Rubinstein 1982; Binmore, Rubinstein & Wolinsky 1986; Binmore, Shaked & Sutton 1989",
        equilibrium=words,
        p_comply=None,
        p_escalate=0.0,
        expected_duration=0.0 if p_deal > 0 else None,
        endings={"deal": p_deal, "stalemate": 1.0 - p_deal},
        inputs={k: _summary(np.asarray(v)) for k, v in params.items()},
        details={"share_challenger": mean_share, "p_deal": p_deal},
        drivers=drivers,
    )


def solve_attrition_model(params: Params, ctx: Context) -> CrisisModelResult:
    """War of attrition under per-period pressure."""
    sol = attrition.solve_attrition(
        params["cost_target"], params["cost_imposer"], params["gain_target"], params["gain_imposer"]
    )
    pt = _f(sol.p_target_first)
    pi = _f(sol.p_imposer_first)
    pn = _f(sol.p_never)
    durs = np.atleast_1d(np.asarray(sol.expected_duration, dtype=float))
    dur = float(durs.mean()) if np.all(np.isfinite(durs)) else math.inf
    by_deadline = _f(attrition.p_resolved_by(sol, ctx.deadline_periods))
    c, t = ctx.challenger, ctx.target
    dur_text = f"{dur:.1f} {ctx.period}s on average" if math.isfinite(dur) else "possibly forever"
    words = (
        f"Each side holds out hoping the other gives in first: {t} gives in first with probability {_pct(pt)}, "
        f"{c} lifts the pressure first with probability {_pct(pi)}; the standoff lasts {dur_text}, and is over "
        f"by the deadline with probability {_pct(by_deadline)}."
    )
    drivers = [
        f"the pressure's cost to {t} per {ctx.period} (mean {_f(params['cost_target']):.3g}) shortens the standoff",
        f"its cost to {c} per {ctx.period} makes {t} give in faster only through {c}'s indifference",
        "what each side gains by outlasting the other",
    ]
    return CrisisModelResult(
        model="attrition",
        title="War of attrition under pressure",
        citation="Maynard Smith 1974; Hendricks, Weiss & Wilson 1988; Fudenberg & Tirole 1991",
        equilibrium=words,
        p_comply=pt,
        p_escalate=None,
        expected_duration=_finite_or_none(dur),
        endings={"capitulation": pt, "backdown": pi, "stalemate": pn},
        inputs={k: _summary(np.asarray(v)) for k, v in params.items()},
        details={"p_resolved_by_deadline": by_deadline, "hazard_target": _summary(np.asarray(sol.hazard_target)),
                 "hazard_imposer": _summary(np.asarray(sol.hazard_imposer))},
        drivers=drivers,
    )


SOLVERS: dict[str, Callable[[Params, Context], CrisisModelResult]] = {
    "fearon": solve_fearon,
    "ultimatum": solve_compellence_model,
    "rubinstein": solve_rubinstein,
    "attrition": solve_attrition_model,
}


def params_for(model: str, inp: mapping.CrisisInputs) -> Params:
    fn = {
        "fearon": mapping.fearon_params,
        "ultimatum": mapping.compellence_params,
        "rubinstein": mapping.alternating_params,
        "attrition": mapping.attrition_params,
    }[model]
    return fn(inp)


def _check_inputs(model: str, params: Params) -> None:
    if model == "fearon":
        fearon.check_probability("p", params["p"])
    if model == "rubinstein":
        for k in ("d_a", "d_b"):
            d = params[k]
            if np.any(d >= 1) and np.all(params["beta"] == 0):
                raise UserError(f"{FLAGS[k]} = 1 with no risk of breakdown has no unique equilibrium",
                                hint=f"give {FLAGS[k]} below 1 or --breakdown above 0")


def analyse_scenario(
    scenario: Scenario,
    *,
    models: tuple[str, ...] = MODELS,
    draws: int | None = 20_000,
    seed: int | None = 0,
    overrides: Mapping[str, float] | None = None,
    deadline: Any = None,
) -> CrisisResult:
    """Solve the models on the scenario's inputs (``draws`` Monte Carlo type draws)."""
    inp = mapping.crisis_inputs(scenario, draws=draws, seed=seed, deadline=deadline)
    ctx = Context(inp.challenger, inp.target, scenario.spec.period, inp.deadline_periods)
    out = []
    for m in models:
        params = apply_overrides(m, params_for(m, inp), overrides or {})
        _check_inputs(m, params)
        out.append(SOLVERS[m](params, ctx))
    notes = list(inp.notes)
    notes.extend(_red_line_notes(scenario, inp))
    ev = next((e for e in scenario.spec.events if e.id == inp.demand_event), None)
    ult = next((r for r in out if r.model == "ultimatum"), None)
    if ev is not None and ev.fate.value == "rejected" and ult is not None and (ult.p_comply or 0) > 0.5:
        notes.append(
            f"the event log records that {inp.target} rejected this demand, while the ultimatum model predicts "
            "compliance: the scenario's assumptions may understate the target's value of resisting (or its red "
            "lines hold)"
        )
    return CrisisResult(
        scenario=scenario.id,
        challenger=inp.challenger,
        target=inp.target,
        period=scenario.spec.period,
        draws=inp.n,
        seed=seed if draws is not None else None,
        demand=inp.demand,
        threats=list(inp.threats),
        deadline=inp.deadline,
        deadline_periods=inp.deadline_periods,
        models=out,
        notes=notes,
    )


def _red_line_notes(scenario: Scenario, inp: mapping.CrisisInputs) -> list[str]:
    out = []
    for rl in scenario.spec.preferences[inp.target].red_lines:
        opt = inp.demand.get(rl.issue)
        if opt is not None and opt in rl.options:
            out.append(
                f"the demand crosses {inp.target}'s stated red line on {rl.issue} ({opt}); the crisis games weigh "
                "it by utility, i.e. they assume a red line can give way under threat"
            )
    return out


# ------------------------------------------------------------------ games for Gambit
#: margin by which the resolved (irresolute) challenger type prefers (shuns) escalation
RESOLVE_MARGIN = 0.05


#: Largest game tree built: demand levels x target types (the .efg file grows with it).
MAX_TREE_CELLS = 1_000_000


def _check_tree(levels: int, types: int) -> None:
    if levels < 1 or types < 1:
        raise UserError("need at least one demand level and one target type")
    if levels * types > MAX_TREE_CELLS:
        raise UserError(f"a game tree of {levels:,} demand levels x {types:,} target types is too large",
                        hint=f"keep --levels x --types at most {MAX_TREE_CELLS:,}")


def scenario_game(params: Params, challenger: Params, *, types: int = 5) -> ultimatum.UltimatumGame:
    """The compellence game of the scenario as a finite game (for ``.efg`` export and Gambit).

    Target types: the draws sorted by how far the target is from complying, cut into
    ``types`` equally likely groups, each with its group's mean payoffs. Challenger types:
    *resolved* with probability the mean credibility, *irresolute* otherwise; their
    escalation payoff is the challenger's escalation value pushed just far enough
    (``RESOLVE_MARGIN``) that the resolved type prefers escalating and the irresolute
    type backing down: the unmodelled private cost or benefit of carrying out a threat
    (its audience cost, Fearon 1994) that the credibility summarises.
    """
    _check_tree(1, types)
    n = int(np.broadcast(*[np.asarray(v) for v in params.values()]).size)
    pi = float(np.mean(params["credibility"]))
    cols = {k: np.broadcast_to(np.asarray(params[k], dtype=float), (n,)) for k in ("u_comply", "u_war", "u_backdown")}
    margin = cols["u_comply"] - (pi * cols["u_war"] + (1 - pi) * cols["u_backdown"])
    order = np.argsort(margin, kind="stable")
    groups = [g for g in np.array_split(order, min(types, n)) if g.size]
    q = np.array([g.size / n for g in groups])
    b = np.array([[cols["u_comply"][g].mean()] for g in groups])
    w_t = np.array([cols["u_war"][g].mean() for g in groups])
    s_t = np.array([cols["u_backdown"][g].mean() for g in groups])
    e_c = float(np.mean(challenger["u_war"]))
    s_c = float(np.mean(challenger["u_backdown"]))
    a = np.array([float(np.mean(challenger["u_comply"]))])
    r = np.array([pi, 1.0 - pi])
    w_c = np.array([max(e_c, s_c + RESOLVE_MARGIN), min(e_c, s_c - RESOLVE_MARGIN)])
    keep = r > 0
    return ultimatum.UltimatumGame(
        a=a, b=b, q=q, wT=w_t, sT=s_t, r=r[keep], wC=w_c[keep], sC=np.full(int(keep.sum()), s_c),
        demand_labels=("the demand",),
        target_labels=tuple(f"type {i + 1} of {len(groups)}" for i in range(len(groups))),
        challenger_labels=tuple(lab for lab, k in zip(("resolved", "irresolute"), keep, strict=True) if k),
    )


def fearon_game(params: Params, *, levels: int = 11, types: int = 5) -> ultimatum.UltimatumGame:
    """Fearon's risk-return model discretised: ``levels`` demands evenly spaced in [0, 1]
    (shifted by half a step so that no demand sits exactly on a type's threshold in
    generic cases), target cost types from quantile groups of ``c_b``."""
    _check_tree(levels, types)
    p, c_a = _f(params["p"]), _f(params["c_a"])
    if "c_b_low" in params:
        lo, hi = _f(params["c_b_low"]), _f(params["c_b_high"])
        costs = lo + (hi - lo) * (np.arange(types) + 0.5) / types
    else:
        cb = np.sort(np.asarray(params["c_b"], dtype=float).ravel())
        costs = np.array([g.mean() for g in np.array_split(cb, min(types, cb.size)) if g.size])
    probs = np.full(costs.size, 1.0 / costs.size)
    demands = (np.arange(levels) + 0.5) / levels
    return ultimatum.screening_game(p, c_a, costs, probs, demands)
