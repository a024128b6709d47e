"""The crisis models as plug-ins: one small class per model, one contract for all.

Like Axelrod's strategies, each model declares what it is -- ``name``, ``aliases``,
``title``, ``citation``, a ``properties`` dict, and a ``parameters`` table (each
parameter's domain and help text, from which the command line builds ``--param``
completion and checks) -- and implements two methods: :meth:`CrisisModel.params` maps
the case's crisis inputs (:func:`standoff.engines.crisis.inputs.crisis_inputs`) to its
parameters, and :meth:`CrisisModel.solve` solves it, element-wise over draws, returning
numbers only (:class:`Solution`). The registry :data:`MODELS` is built from a tuple;
:func:`catalogue` filters it. A new model is one class here (or in its own module,
added to :data:`KINDS`) plus its contract test: ``tests/test_crisis_contract.py`` checks
every member.

Each draw of the case is one profile of the players' private types; a model's per-draw
answer is what happens for that profile (for the ultimatum: whether the target complies;
for the war of attrition: the probability it gives in first), and the result summarises
them over the draws (:mod:`standoff.engines.crisis.analysis`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from standoff.core.errors import UserError, did_you_mean
from standoff.engines.crisis import alternating, attrition, fearon, ultimatum
from standoff.engines.crisis.inputs import CrisisInputs, crisis_inputs
from standoff.results import Note
from standoff.scenario.case import Case

Params = dict[str, np.ndarray]

#: Largest magnitude of a parameter given by hand: utilities and costs live on a scale of
#: about one, and far larger values overflow the closed forms (differences, products).
MAX_MAGNITUDE = 1e6


@dataclass(frozen=True)
class Parameter:
    """One parameter of a model: its domain (a test and its description) and help text."""

    test: Callable[[float], bool]
    domain: str
    help: str

    def check(self, model: str, name: str, value: float) -> None:
        if not math.isfinite(value) or not self.test(value):
            raise UserError(f"{model} parameter {name} must be {self.domain} (got {value:g})")
        if abs(value) > MAX_MAGNITUDE:
            raise UserError(f"{model} parameter {name} is out of range (got {value:g})",
                            hint=f"values are on the scale of utilities; keep them within ±{MAX_MAGNITUDE:g}")


def _prob(v: float) -> bool:
    return 0.0 <= v <= 1.0


def _nonneg(v: float) -> bool:
    return v >= 0.0


def _discount(v: float) -> bool:
    return 0.0 <= v < 1.0


def _any(v: float) -> bool:
    return True


PROBABILITY = (_prob, "a probability in [0, 1]")
SHARE = (_prob, "a share in [0, 1]")
COST = (_nonneg, "a non-negative cost")
NUMBER = (_any, "a number")
DISCOUNT = (_discount, "a discount factor in [0, 1)")
OPTION = (lambda v: v <= 1.0, "a share of the prize of at most 1 (below 0: worse than the worst split)")


def _param(kind: tuple[Callable[[float], bool], str], help_text: str) -> Parameter:
    return Parameter(kind[0], kind[1], help_text)


@dataclass(frozen=True)
class Context:
    """What a solution needs besides its parameters: the deadline in periods."""

    deadline_periods: float = 1.0


@dataclass(frozen=True)
class Solution:
    """A model solved, element-wise over draws (arrays of shape ``(D,)``, or scalars
    where the model picks one answer for the whole distribution of types).

    ``endings`` uses the outcome vocabulary of :mod:`standoff.core.endings` (``escalation``
    where a model cannot tell limited force from removal); the values sum to one per
    draw. ``details`` holds model-specific numbers.
    """

    endings: dict[str, np.ndarray]
    p_comply: np.ndarray | None
    p_escalate: np.ndarray | None
    duration: np.ndarray | None
    details: dict[str, Any] = field(default_factory=dict)


class CrisisModel:
    """Base of the crisis-model plug-ins (see the module docstring)."""

    name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    title: ClassVar[str] = ""
    citation: ClassVar[str] = ""
    properties: ClassVar[dict[str, Any]] = {}
    parameters: ClassVar[dict[str, Parameter]] = {}

    def params(self, inp: CrisisInputs) -> Params:
        """The model's parameters from the case's crisis inputs."""
        raise NotImplementedError

    def inputs(self, case: Case) -> Params:
        """The model's parameters straight from a case."""
        return self.params(crisis_inputs(case))

    def solve(self, params: Params, ctx: Context) -> Solution:
        """Solve the model element-wise over draws."""
        raise NotImplementedError

    def check(self, params: Params) -> None:
        """Refuse parameter values the model has no answer for (after overrides)."""

    def not_applicable(self, case: Case, inp: CrisisInputs) -> list[Note]:
        """Why the case violates the model's assumptions (empty when it does not): the
        model then answers ``not applicable`` rather than with a number."""
        return []

    def with_overrides(self, params: Mapping[str, np.ndarray], overrides: Mapping[str, float]) -> Params:
        """Replace parameters by the values given, each checked against its domain."""
        out = {k: np.asarray(v, dtype=float) for k, v in params.items()}
        for key, value in overrides.items():
            spec = self.parameters.get(key)
            if spec is None:
                raise UserError(f"model {self.name!r} has no parameter {key!r}",
                                hint=did_you_mean(key, self.parameters))
            spec.check(self.name, key, float(value))
            out[key] = np.asarray([float(value)])
        self.check(out)
        return out


# -------------------------------------------------------------- applicability checks
def refusal_logged(case: Case, inp: CrisisInputs) -> list[Note]:
    """The demand is already refused in the record: a model of the choice to comply
    cannot predict a choice already made (the outlook conditions on it instead)."""
    co = case.coercion
    if co is None or co.demand is None:
        return []
    ev = next((e for e in case.record if e.id == co.demand.event), None)
    refused = (ev is not None and ev.fate == "rejected") or any(
        e.category == "REJECT" and e.responds_to == co.demand.event and e.actor == co.target for e in case.record)
    return [Note(code="refusal_logged", data={"event": co.demand.event or ""})] if refused else []


#: A stated red line that holds at the horizon with at least this chance rules out a
#: model that weighs it as an ordinary cost.
FIRM_RED_LINE = 0.5


def firm_red_line(case: Case, inp: CrisisInputs) -> list[Note]:
    """The demand crosses a red line of the target that probably holds."""
    co = case.coercion
    if co is None or co.demand is None:
        return []
    out = []
    for lk in case.locks_of(co.target):
        k = int(co.demand.codes[lk.issue])
        if lk.source == "red_line" and k in lk.options and float(np.mean(lk.p_hold)) >= FIRM_RED_LINE:
            out.append(Note(code="demand_crosses_firm_red_line", data={
                "actor": co.target, "issue": case.space.issues[lk.issue].id,
                "option": case.space.issues[lk.issue].options[k], "p_hold": round(float(np.mean(lk.p_hold)), 3)}))
    return out


def indivisible(case: Case, inp: CrisisInputs) -> list[Note]:
    """The demand is the leader's exit: an indivisible stake, where the models of
    dividing a prize do not apply (Fearon 1995 treats indivisibility as its own cause
    of war)."""
    co = case.coercion
    if co is None or co.demand is None or co.exit_issue is None or co.exit_stays is None:
        return []
    if not bool(co.exit_stays[int(co.demand.codes[co.exit_issue])]):
        return [Note(code="indivisible_stake", data={"issue": case.space.issues[co.exit_issue].id})]
    return []


# ------------------------------------------------------------------------ models
class Fearon(CrisisModel):
    """Bargaining range and the risk-return trade-off of a take-it-or-leave-it demand
    (Fearon 1995; Powell 1999, ch. 3), the target's cost of war known up to its draws."""

    name = "fearon"
    aliases = ("bargaining-range",)
    title = "Bargaining range and risk-return trade-off"
    citation = "Fearon 1995, Rationalist explanations for war; Powell 1999, In the Shadow of Power"
    properties: ClassVar[dict[str, Any]] = {"information": "incomplete (target's cost)", "dynamic": False, "has_tree": True}
    parameters: ClassVar[dict[str, Parameter]] = {
        "p": _param(PROBABILITY, "probability the challenger prevails in war"),
        "c_a": _param(COST, "challenger's cost of war, as a share of the prize"),
        "c_b": _param(COST, "target's cost of war, as a share of the prize"),
        "c_b_low": _param(COST, "lower end of a uniform target cost"),
        "c_b_high": _param(COST, "upper end of a uniform target cost"),
    }

    def params(self, inp: CrisisInputs) -> Params:
        """``p`` is the challenger's chance of prevailing; each side's cost of war is what
        war costs it beyond the lottery -- its one-off cost of conflict and the threatened
        instruments' costs over the standoff -- in proportion to its own stake (the gap
        between prevailing and being defeated), so costs are shares of the prize."""
        c, t = inp.challenger, inp.target

        def cost(a: str) -> np.ndarray:
            stake = np.maximum(inp.win[a] - inp.lose[a], 1e-12)
            return np.maximum(inp.war_cost[a], 0.0) / stake

        return {"p": inp.p, "c_a": cost(c), "c_b": cost(t)}

    def not_applicable(self, case: Case, inp: CrisisInputs) -> list[Note]:
        return indivisible(case, inp) + refusal_logged(case, inp)

    def check(self, params: Params) -> None:
        fearon.check_probability("p", params["p"])
        if ("c_b_low" in params) != ("c_b_high" in params):
            raise UserError("give both c_b_low and c_b_high for a uniform cost of the target")
        if "c_b_low" in params and not float(params["c_b_low"][0]) < float(params["c_b_high"][0]):
            raise UserError("c_b_low must be below c_b_high")

    def solve(self, params: Params, ctx: Context) -> Solution:
        p = float(np.mean(params["p"]))
        c_a = float(np.mean(params["c_a"]))
        war_a = p - c_a
        if "c_b_low" in params:
            lo, hi = float(params["c_b_low"][0]), float(params["c_b_high"][0])
            dem = fearon.optimal_demand_uniform(p, c_a, lo, hi)
            accept = np.atleast_1d(1.0 - np.asarray(dem.p_war, dtype=float))
            range_hi = p + hi
            types = {"kind": "uniform", "low": lo, "high": hi}
        else:
            c_b = np.asarray(params["c_b"], dtype=float).ravel()
            dem = fearon.optimal_demand_thresholds(war_a, p + c_b)
            accept = (float(dem.demand) <= p + c_b).astype(float)
            range_hi = p + float(np.mean(c_b))
            types = {"kind": "known" if c_b.size == 1 else "draws", "n": int(c_b.size)}
        return Solution(
            endings={"capitulation": accept, "escalation": 1.0 - accept},
            p_comply=accept,
            p_escalate=1.0 - accept,
            duration=None,
            details={"bargaining_range": [war_a, range_hi], "range_empty": bool(range_hi < war_a),
                     "demand": float(dem.demand), "p_war": float(dem.p_war), "payoff_challenger": float(dem.payoff),
                     "types": types, "p": p, "c_a": c_a},
        )


class Ultimatum(CrisisModel):
    """The ultimatum already issued: the target complies or resists; at the deadline a
    resolved challenger escalates and an irresolute one backs down (compellence with
    two-sided incomplete information, perfect Bayesian equilibrium: Schelling 1966;
    Morrow 1989; Fudenberg & Tirole 1991)."""

    name = "ultimatum"
    aliases = ("compellence",)
    title = "Ultimatum with escalation (compellence, perfect Bayesian equilibrium)"
    citation = "Schelling 1966; Fearon 1995; Morrow 1989; Fudenberg & Tirole 1991 (PBE)"
    properties: ClassVar[dict[str, Any]] = {"information": "incomplete (both sides)", "dynamic": False, "has_tree": True}
    parameters: ClassVar[dict[str, Parameter]] = {
        "credibility": _param(PROBABILITY, "probability the threat is carried out"),
        "u_comply": _param(NUMBER, "target's value of complying"),
        "u_war": _param(NUMBER, "target's value if the threat is carried out"),
        "u_backdown": _param(NUMBER, "target's value if the threat lapses"),
    }

    def params(self, inp: CrisisInputs) -> Params:
        """The target's values: complying (the demand), the threat carried out (the
        no-deal value with the threatened instruments' costs), and the threat lapsing --
        the challenger backs down and the target keeps the status quo."""
        t = inp.target
        return {"u_comply": inp.comply[t], "u_war": inp.escalate[t], "u_backdown": inp.status_quo[t],
                "credibility": inp.credibility}

    def not_applicable(self, case: Case, inp: CrisisInputs) -> list[Note]:
        return firm_red_line(case, inp) + refusal_logged(case, inp)

    def solve(self, params: Params, ctx: Context) -> Solution:
        pi = np.asarray(params["credibility"], dtype=float)
        sol = ultimatum.solve_compellence(params["u_comply"], params["u_war"], params["u_backdown"], pi)
        n = max(np.broadcast(sol.p_comply, pi, params["u_comply"], params["u_war"], params["u_backdown"]).size, 1)

        def full(x: Any) -> np.ndarray:
            return np.broadcast_to(np.asarray(x, dtype=float), (n,)).copy()

        pc, pe, pb = full(sol.p_comply), full(sol.p_escalate), full(sol.p_backdown)
        u_c, u_w, u_s = (full(params[k]) for k in ("u_comply", "u_war", "u_backdown"))
        with np.errstate(divide="ignore", invalid="ignore"):
            needed = np.where(u_s > u_w, (u_s - u_c) / (u_s - u_w), np.where(u_c >= u_s, 0.0, np.inf))
        needed = np.clip(needed, 0.0, np.inf)
        reachable = needed <= 1.0
        return Solution(
            endings={"capitulation": pc, "escalation": pe, "backdown": pb},
            p_comply=pc,
            p_escalate=pe,
            duration=(1.0 - pc) * ctx.deadline_periods,
            details={"credibility": float(np.mean(pi)),
                     "credibility_needed_median": float(np.median(needed[reachable])) if reachable.any() else None,
                     "p_no_credibility_suffices": float(1.0 - reachable.mean()),
                     "margin_mean": float(np.mean(sol.margin))},
        )


class Rubinstein(CrisisModel):
    """Alternating offers with outside options and a risk of breakdown (Rubinstein 1982;
    Binmore, Rubinstein & Wolinsky 1986; Binmore, Shaked & Sutton 1989)."""

    name = "rubinstein"
    aliases = ("alternating",)
    title = "Alternating offers with outside options and breakdown risk"
    citation = "Rubinstein 1982; Binmore, Rubinstein & Wolinsky 1986; Binmore, Shaked & Sutton 1989"
    properties: ClassVar[dict[str, Any]] = {"information": "complete", "dynamic": True, "has_tree": False}
    parameters: ClassVar[dict[str, Parameter]] = {
        "d_a": _param(DISCOUNT, "challenger's discount factor per round"),
        "d_b": _param(DISCOUNT, "target's discount factor per round"),
        "w_a": _param(OPTION, "challenger's outside option, as a share of the prize"),
        "w_b": _param(OPTION, "target's outside option, as a share of the prize"),
        "beta": _param(PROBABILITY, "probability of breakdown per round"),
        "b_a": _param(OPTION, "challenger's payoff on breakdown, as a share"),
        "b_b": _param(OPTION, "target's payoff on breakdown, as a share"),
    }

    def params(self, inp: CrisisInputs) -> Params:
        c, t = inp.challenger, inp.target
        d = max(inp.deadline_periods, 1.0)
        return {
            "d_a": inp.discount[c],
            "d_b": inp.discount[t],
            "w_a": np.minimum(inp.share(c, inp.backdown[c]), 1.0),
            "w_b": np.minimum(inp.share(t, inp.backdown[t]), 1.0),
            "beta": 1.0 - (1.0 - inp.credibility) ** (1.0 / d),
            "b_a": np.minimum(inp.share(c, inp.escalate[c]), 1.0),
            "b_b": np.minimum(inp.share(t, inp.escalate[t]), 1.0),
        }

    def not_applicable(self, case: Case, inp: CrisisInputs) -> list[Note]:
        """Never a forecast of the ending: with complete information the equilibrium agrees
        at once whenever the outside options leave a surplus (Rubinstein 1982; Binmore,
        Shaked & Sutton 1989), so it says "deal" on every case with terms to divide --
        22 of 22 bundled cases where it ran, including wars. Its use is the split it
        predicts and how the outside options bind (in the details)."""
        return [*indivisible(case, inp), Note(code="rubinstein_split_only")]

    def check(self, params: Params) -> None:
        for k in ("d_a", "d_b"):
            if np.any(params[k] >= 1) and np.all(params["beta"] == 0):
                raise UserError(f"{k} = 1 with no risk of breakdown has no unique equilibrium",
                                hint=f"give {k} below 1 or beta above 0")

    def solve(self, params: Params, ctx: Context) -> Solution:
        sol = alternating.solve_alternating(
            params["d_a"], params["d_b"], w_a=params["w_a"], w_b=params["w_b"], beta=params["beta"],
            b_a=params["b_a"], b_b=params["b_b"],
        )
        deal = np.atleast_1d(np.asarray(sol.deal, dtype=bool)).astype(float)
        share = np.atleast_1d(np.asarray(sol.share_a, dtype=float))
        binding = np.atleast_1d(np.asarray(sol.binding))
        dealt = deal > 0
        return Solution(
            endings={"deal": deal, "stalemate": 1.0 - deal},
            p_comply=None,
            p_escalate=np.zeros_like(deal),
            duration=np.where(dealt, 0.0, np.nan) if dealt.any() else None,
            details={"share_challenger": float(share[dealt].mean()) if dealt.any() else None,
                     "p_deal": float(deal.mean()),
                     "outside_option_binds": float((binding[dealt] > 0).mean()) if dealt.any() else 0.0},
        )


class Attrition(CrisisModel):
    """A war of attrition under per-period pressure, stationary mixed equilibrium
    (Maynard Smith 1974; Hendricks, Weiss & Wilson 1988; Fudenberg & Tirole 1991)."""

    name = "attrition"
    aliases = ("war-of-attrition",)
    title = "War of attrition under pressure"
    citation = "Maynard Smith 1974; Hendricks, Weiss & Wilson 1988; Fudenberg & Tirole 1991"
    properties: ClassVar[dict[str, Any]] = {"information": "complete", "dynamic": True, "has_tree": False}
    parameters: ClassVar[dict[str, Parameter]] = {
        "cost_target": _param(COST, "pressure cost to the target per period"),
        "cost_imposer": _param(COST, "cost to the imposer per period"),
        "gain_target": _param(NUMBER, "target's gain if the imposer quits"),
        "gain_imposer": _param(NUMBER, "imposer's gain if the target gives in"),
    }

    def not_applicable(self, case: Case, inp: CrisisInputs) -> list[Note]:
        """Not a forecast: in the stationary mixed equilibrium each side's chance of giving
        in first is set by the *other* side's costs, so more pressure on the target makes
        the challenger, not the target, give in sooner -- the wrong sign for a forecast of
        who yields -- and the model has no escalation ending. Shown for its comparative
        statics only."""
        return [Note(code="attrition_statics")]

    def params(self, inp: CrisisInputs) -> Params:
        c, t = inp.challenger, inp.target
        return {
            "cost_target": inp.pressure[t],
            "cost_imposer": inp.pressure[c],
            "gain_target": inp.status_quo[t] - inp.comply[t],
            "gain_imposer": inp.comply[c] - inp.status_quo[c],
        }

    def solve(self, params: Params, ctx: Context) -> Solution:
        sol = attrition.solve_attrition(
            params["cost_target"], params["cost_imposer"], params["gain_target"], params["gain_imposer"]
        )
        n = max(np.broadcast(*[np.asarray(v) for v in params.values()]).size, 1)

        def full(x: Any) -> np.ndarray:
            return np.broadcast_to(np.asarray(x, dtype=float), (n,)).copy()

        return Solution(
            endings={"capitulation": full(sol.p_target_first), "backdown": full(sol.p_imposer_first),
                     "stalemate": full(sol.p_never)},
            p_comply=full(sol.p_target_first),
            p_escalate=None,
            duration=full(sol.expected_duration),
            details={"p_resolved_by_deadline": float(np.mean(attrition.p_resolved_by(sol, ctx.deadline_periods))),
                     "hazard_target_mean": float(np.mean(np.where(np.isfinite(sol.hazard_target), sol.hazard_target, np.nan)))
                     if np.isfinite(np.asarray(sol.hazard_target)).any() else None},
        )


#: Every crisis model, in the order results list them.
KINDS: tuple[type[CrisisModel], ...] = (Fearon, Ultimatum, Rubinstein, Attrition)
MODELS: dict[str, CrisisModel] = {cls.name: cls() for cls in KINDS}


def register(cls: type[CrisisModel]) -> type[CrisisModel]:
    """Add a model to the registry (a class decorator, for models defined outside this
    module); a name already taken is refused."""
    if not cls.name or cls.name in MODELS:
        raise ValueError(f"a crisis model needs a new name (got {cls.name!r})")
    MODELS[cls.name] = cls()
    return cls


def catalogue(**properties: Any) -> list[CrisisModel]:
    """The models whose properties match every given value."""
    return [m for m in MODELS.values() if all(m.properties.get(k) == v for k, v in properties.items())]


def model_name(name: str) -> str:
    """A model's name from its name or an alias (case and ``_``/``-`` insensitive)."""
    key = name.strip().lower().replace("_", "-")
    for m in MODELS.values():
        if key == m.name or key in m.aliases:
            return m.name
    raise UserError(f"unknown crisis model {name!r}", hint=did_you_mean(key, MODELS))
