"""From a scenario to the crisis games: every mapping in one place.

The crisis games need a handful of numbers per side; this module computes them from the
:class:`~standoff.scenario.Scenario`, as arrays over Monte Carlo draws (one element per
draw; the nominal analysis is the single draw at every quantity's nominal value). The
challenger ``C`` and the target ``T`` are ``negotiation.challenger`` / ``negotiation.target``
(default: the first two parties).

**The demand and the threat.** The demand is the package of the latest THREATEN event
by ``C`` against ``T`` that carries a package (else the latest event by ``C`` with a
package). Issues it leaves open keep their ``status_quo`` option (or, without one, the
target's best). The threat is the event's ``threat`` list (else every instrument
``threatened`` by ``C`` against ``T``). The *status quo* package is every issue at its
``status_quo`` (else the target's best).

**Values, in each side's utility units** (``Scenario.utility``, evaluated draw by draw by
:func:`package_utility`, which mirrors it exactly; red lines are *not* imposed here: a
threat is precisely an attempt to push a side across a stated red line):

* comply ``= u(demand)``: the guarantees on the table (safe passage, amnesty...) are
  options of the demand package, so wider guarantees raise the target's value of
  complying, and instruments the demand does not lift keep their ``residual_cost``;
* back down ``S = no-deal value`` (:func:`standoff.core.nodeal.no_deal_value`): the
  instruments in force keep costing both sides each period (``cost_to_target`` /
  ``cost_to_imposer``) for the no-deal ``horizon``, then the matter is settled by force
  with probability ``p_prevail`` of winning (``p_prevail`` given, else the capability
  share against the actors in ``against``);
* escalate ``E = S - c_threat d^D (1 - d^n) / (1 - d)``: carrying out the threat adds
  the threatened instruments' per-period costs from the deadline ``D`` on, for
  ``n = max(horizon - D, 1)`` periods (discount ``d``);
* credibility ``pi`` = the threatened instruments' ``credibility`` (weighted by their cost
  to the target when there are several): the probability the threat is carried out,
  i.e. that the challenger's resolve type is *resolved*;
* the deadline ``D`` = periods from ``as_of`` to the threat event's ``deadline`` (else
  ``negotiation.deadline``; else one period), in the scenario's ``period`` unit.

**Shares of a prize** (Fearon and Rubinstein): each side's values are rescaled so that
its outcome when defeated is 0 and when it prevails is 1 (``u_lose``, ``u_win`` of the
no-deal model; risk-neutral, Fearon 1995). A share ``x`` to the challenger leaves
``1 - x`` to the target. So ``p`` = challenger's ``p_prevail``; the challenger's war value
``p - c_A`` is ``E_C`` in shares; the target accepts a demand ``x`` iff
``x <= 1 - E_T`` in shares, so ``c_B = 1 - E_T - p`` (negative ``c_B`` means the two sides'
expectations of war are incompatible: no bargaining range, Fearon's "mutual optimism").
Outside options are the no-deal values ``S`` in shares; the risk of breakdown per period
is ``1 - (1 - pi)^(1/D)`` (the threat carried out by the deadline with probability
``pi``), with breakdown giving the escalation values ``E`` in shares; discount factors are
the no-deal ``discount``.

**War of attrition**: per-period costs are the instruments in force (plus
``extra_cost_per_period``); the target gains ``u_T(status quo) - u_T(demand)`` if the
challenger quits, the challenger ``u_C(demand) - u_C(status quo)`` if the target gives in.

**Types.** Distributions in the scenario are the players' private types: each Monte
Carlo draw is one type profile; the incomplete-information games average over them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from standoff.core.errors import UserError
from standoff.core.nodeal import discounted_periods, no_deal_value
from standoff.core.rng import child_seeds, make_rng
from standoff.scenario.model import Scenario
from standoff.scenario.quantity import Quantity
from standoff.scenario.schema import Event, InstrumentStatus, Plover

Path = tuple[str | int, ...]
Values = Callable[[Path, Quantity], np.ndarray]

PERIOD_DAYS = {"day": 1.0, "week": 7.0, "month": 365.25 / 12.0}


@dataclass(frozen=True)
class CrisisInputs:
    """Everything the crisis games take from a scenario, as arrays over draws."""

    challenger: str
    target: str
    demand: dict[str, str]
    demand_event: str | None
    threats: tuple[str, ...]
    deadline: str | None
    deadline_periods: float
    n: int
    p: np.ndarray  # challenger's p_prevail
    credibility: np.ndarray
    comply: dict[str, np.ndarray]  # actor -> u(demand)
    status_quo: dict[str, np.ndarray]  # actor -> u(status quo package)
    backdown: dict[str, np.ndarray]  # actor -> S (no-deal value)
    escalate: dict[str, np.ndarray]  # actor -> E
    win: dict[str, np.ndarray]
    lose: dict[str, np.ndarray]
    discount: dict[str, np.ndarray]
    pressure: dict[str, np.ndarray]  # per-period cost of the instruments in force (+ extra)
    threat_cost: dict[str, np.ndarray]
    notes: list[str] = field(default_factory=list)

    def share(self, actor: str, value: np.ndarray) -> np.ndarray:
        """A utility of ``actor`` as a share of the prize (0 = defeated, 1 = prevails)."""
        stake = self.win[actor] - self.lose[actor]
        with np.errstate(divide="ignore", invalid="ignore"):
            return (value - self.lose[actor]) / stake


# ------------------------------------------------------------------------- sampling
def sampler(scenario: Scenario, draws: int | None, seed: int | None) -> Values:
    """Values of the scenario's quantities: nominal (``draws=None``) or ``draws`` samples,
    one child seed per uncertain quantity, drawn up front in file order."""
    if draws is None:
        return lambda path, q: np.asarray([q.nominal])
    if draws < 1:
        raise UserError("the number of draws must be at least 1")
    uncertain = scenario.uncertain()
    seeds = child_seeds(seed, max(len(uncertain), 1))
    cache = {p: q.sample(make_rng(s), draws) for (p, q), s in zip(uncertain, seeds, strict=False)}

    def values(path: Path, q: Quantity) -> np.ndarray:
        got = cache.get(path)
        return got if got is not None else np.full(draws, q.nominal)

    return values


# ----------------------------------------------------------------- package utility
def package_utility(scenario: Scenario, actor: str, codes: np.ndarray, values: Values) -> np.ndarray:
    """``Scenario.utility(actor)(codes)`` evaluated for each draw of the quantities
    (saliences, option values, ideal points, residual costs, interaction terms)."""
    spec = scenario.spec
    pref = spec.preferences.get(actor)
    if pref is None:
        raise UserError(f"actor {actor!r} has no preferences in this scenario")
    space = scenario.outcome_space
    base: Path = ("preferences", actor, "issues")
    num: np.ndarray = np.zeros(1)
    den: np.ndarray = np.zeros(1)
    for k, issue in enumerate(space.issues):
        ip = pref.issues.get(issue.id)
        if ip is None:
            continue
        s = values((*base, issue.id, "salience"), ip.salience)
        code = int(codes[k])
        if issue.points is not None:
            ideal = values((*base, issue.id, "ideal"), ip.ideal) if ip.ideal is not None else 50.0
            v = 1.0 - np.abs(issue.points[code] - ideal) / 100.0
        else:
            opt = issue.options[code]
            v = values((*base, issue.id, "values", opt), (ip.values or {})[opt])
        num = num + s * v
        den = den + s
    with np.errstate(invalid="ignore", divide="ignore"):
        total = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
    for iid, ins in scenario.instruments(status=InstrumentStatus.in_force).items():
        if ins.target == actor and ins.residual_cost is not None and ins.lifted_by:
            issue_id = ins.lifted_by[0].issue
            k = space.issue_index(issue_id)
            lifting = {scenario.option_code(issue_id, o) for c in ins.lifted_by for o in c.options}
            if int(codes[k]) not in lifting:
                total = total - values(("instruments", iid, "residual_cost"), ins.residual_cost)
    for n, inter in enumerate(pref.interactions):
        i, j = (space.issue_index(x) for x in inter.issues)
        for t, term in enumerate(inter.terms):
            a = scenario.option_code(inter.issues[0], term.options[0])
            b = scenario.option_code(inter.issues[1], term.options[1])
            if int(codes[i]) == a and int(codes[j]) == b:
                total = total + values(("preferences", actor, "interactions", n, "terms", t, "value"), term.value)
    return np.asarray(total, dtype=float)


# ------------------------------------------------------------------------ inputs
def find_demand(scenario: Scenario, challenger: str, target: str) -> Event:
    """The challenger's demand: its latest THREATEN event with a package against the
    target, else its latest event with a package addressed to the target."""
    events = [e for e in scenario.spec.events if e.actor == challenger and e.package and e.target in (None, target)]
    threats = [e for e in events if e.category is Plover.THREATEN]
    pool = threats or events
    if not pool:
        raise UserError(
            f"no demand by {challenger!r} on {target!r} in the event log",
            hint="add a THREATEN event with a `package` (the demand), a `deadline` and `threat`",
        )
    return max(enumerate(pool), key=lambda ie: (ie[1].date, ie[0]))[1]


def package_codes(scenario: Scenario, target: str, package: dict[str, str | float] | None) -> np.ndarray:
    """Codes of a package: given options; else the status quo; else the target's best."""
    best = scenario.complete(target, None, best=True)
    codes = best.copy()
    for k, (iid, isp) in enumerate(scenario.spec.issues.items()):
        if isp.status_quo is not None:
            codes[k] = scenario.option_code(iid, isp.status_quo)
    for iid, opt in (package or {}).items():
        codes[scenario.outcome_space.issue_index(iid)] = scenario.option_code(iid, opt)
    return codes


def periods_until(scenario: Scenario, deadline: dt.date) -> float:
    """Periods (in the scenario's unit) from ``as_of`` to ``deadline``."""
    as_of = scenario.spec.as_of
    if deadline < as_of:
        raise UserError(
            f"deadline {deadline} is before the as-of date {as_of}",
            hint="give a deadline on or after the as-of date",
        )
    return (deadline - as_of).days / PERIOD_DAYS[scenario.spec.period]


def crisis_inputs(
    scenario: Scenario,
    *,
    draws: int | None = None,
    seed: int | None = 0,
    deadline: dt.date | None = None,
) -> CrisisInputs:
    """The crisis games' inputs (module docstring), nominal or over ``draws`` draws."""
    spec = scenario.spec
    neg = spec.negotiation
    c = neg.challenger or neg.parties[0]
    t = neg.target or (neg.parties[1] if neg.parties[0] == c else neg.parties[0])
    for a in (c, t):
        if a not in spec.no_deal:
            raise UserError(f"actor {a!r} has no `no_deal` entry", hint="the crisis games need what no deal is worth")
    values = sampler(scenario, draws, seed)
    n = 1 if draws is None else draws
    ev = find_demand(scenario, c, t)
    notes: list[str] = []
    threats = tuple(ev.threat) or tuple(
        scenario.instruments(status=InstrumentStatus.threatened, imposer=c, target=t)
    )
    when = deadline or ev.deadline or neg.deadline
    d_periods = periods_until(scenario, when) if when is not None else 1.0
    if when is None:
        notes.append("no deadline given: the challenger decides one period after the demand")

    demand_codes = package_codes(scenario, t, ev.package)
    sq_codes = package_codes(scenario, t, None)

    def full(x: np.ndarray | float) -> np.ndarray:
        return np.broadcast_to(np.asarray(x, dtype=float), (n,)).copy()

    def p_prevail(actor: str) -> np.ndarray:
        nd = spec.no_deal[actor]
        if nd.p_prevail is not None:
            return full(values(("no_deal", actor, "p_prevail"), nd.p_prevail))
        own = values(("actors", actor, "capability"), spec.actors[actor].capability)
        other = sum(
            (values(("actors", a, "capability"), spec.actors[a].capability) for a in nd.against),
            np.zeros(1),
        )
        tot = own + other
        with np.errstate(invalid="ignore", divide="ignore"):
            return full(np.where(tot > 0, own / np.where(tot > 0, tot, 1.0), 0.5))

    def pressure(actor: str) -> np.ndarray:
        total: np.ndarray = np.zeros(n)
        for iid, ins in scenario.instruments(status=InstrumentStatus.in_force).items():
            if ins.target == actor:
                total = total + values(("instruments", iid, "cost_to_target"), ins.cost_to_target)
            if ins.imposer == actor:
                total = total + values(("instruments", iid, "cost_to_imposer"), ins.cost_to_imposer)
        nd = spec.no_deal[actor]
        if nd.extra_cost_per_period is not None:
            total = total + values(("no_deal", actor, "extra_cost_per_period"), nd.extra_cost_per_period)
        return full(total)

    threat_cost = {c: np.zeros(n), t: np.zeros(n)}
    cred_num, cred_den, cred_plain = np.zeros(n), np.zeros(n), []
    for iid in threats:
        ins = spec.instruments[iid]
        ct = full(values(("instruments", iid, "cost_to_target"), ins.cost_to_target))
        ci = full(values(("instruments", iid, "cost_to_imposer"), ins.cost_to_imposer))
        if ins.target == t:
            threat_cost[t] += ct
        if ins.imposer == c:
            threat_cost[c] += ci
        if ins.credibility is None:
            notes.append(f"instrument {iid!r} is in the threat but has no credibility; taken as 1")
            cr = np.ones(n)
        else:
            cr = full(values(("instruments", iid, "credibility"), ins.credibility))
        cred_num += cr * ct
        cred_den += ct
        cred_plain.append(cr)
    if threats:
        mean_plain = np.mean(cred_plain, axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            credibility = np.where(cred_den > 0, cred_num / np.where(cred_den > 0, cred_den, 1.0), mean_plain)
    else:
        credibility = np.zeros(n)
        notes.append("no threat accompanies the demand: credibility 0")

    comply, sq, back, esc, win, lose, disc, press = {}, {}, {}, {}, {}, {}, {}, {}
    for a in (c, t):
        nd = spec.no_deal[a]
        comply[a] = full(package_utility(scenario, a, demand_codes, values))
        sq[a] = full(package_utility(scenario, a, sq_codes, values))
        win[a] = full(package_utility(scenario, a, scenario.complete(a, nd.if_prevail, best=True), values))
        lose[a] = full(package_utility(scenario, a, scenario.complete(a, nd.if_defeated, best=False), values))
        disc[a] = full(values(("no_deal", a, "discount"), nd.discount))
        horizon = full(values(("no_deal", a, "horizon"), nd.horizon))
        press[a] = pressure(a)
        ndv = no_deal_value(
            p_prevail=p_prevail(a),
            u_win=win[a],
            u_lose=lose[a],
            conflict_cost=full(values(("no_deal", a, "conflict_cost"), nd.conflict_cost)),
            cost_per_period=press[a],
            horizon=horizon,
            discount=disc[a],
        )
        back[a] = full(ndv.total)
        rest = np.maximum(np.where(np.isinf(horizon), np.inf, horizon - d_periods), 1.0)
        esc[a] = back[a] - threat_cost[a] * disc[a] ** d_periods * np.asarray(discounted_periods(disc[a], rest))
    return CrisisInputs(
        challenger=c,
        target=t,
        demand={k: str(v) for k, v in (ev.package or {}).items()},
        demand_event=ev.id,
        threats=threats,
        deadline=str(when) if when is not None else None,
        deadline_periods=float(d_periods),
        n=n,
        p=p_prevail(c),
        credibility=credibility,
        comply=comply,
        status_quo=sq,
        backdown=back,
        escalate=esc,
        win=win,
        lose=lose,
        discount=disc,
        pressure=press,
        threat_cost=threat_cost,
        notes=notes,
    )


# ------------------------------------------------------------ per-model parameters
def fearon_params(inp: CrisisInputs) -> dict[str, np.ndarray]:
    """``p``, ``c_A``, ``c_B`` in shares (see the module docstring)."""
    c, t = inp.challenger, inp.target
    war_a = inp.share(c, inp.escalate[c])
    accept_max = 1.0 - inp.share(t, inp.escalate[t])
    return {"p": inp.p, "c_a": inp.p - war_a, "c_b": accept_max - inp.p}


def compellence_params(inp: CrisisInputs) -> dict[str, np.ndarray]:
    """Target's comply / war / backdown values and the credibility."""
    t = inp.target
    return {
        "u_comply": inp.comply[t],
        "u_war": inp.escalate[t],
        "u_backdown": inp.backdown[t],
        "credibility": inp.credibility,
    }


def challenger_params(inp: CrisisInputs) -> dict[str, np.ndarray]:
    """Challenger's values of compliance, escalation and backing down (for the game tree)."""
    c = inp.challenger
    return {"u_comply": inp.comply[c], "u_war": inp.escalate[c], "u_backdown": inp.backdown[c]}


def alternating_params(inp: CrisisInputs) -> dict[str, np.ndarray]:
    """Discounts, outside options, breakdown risk and payoffs, in shares."""
    c, t = inp.challenger, inp.target
    d = max(inp.deadline_periods, 1.0)
    return {
        "d_a": inp.discount[c],
        "d_b": inp.discount[t],
        "w_a": np.clip(inp.share(c, inp.backdown[c]), 0.0, 1.0),
        "w_b": np.clip(inp.share(t, inp.backdown[t]), 0.0, 1.0),
        "beta": 1.0 - (1.0 - inp.credibility) ** (1.0 / d),
        "b_a": np.clip(inp.share(c, inp.escalate[c]), 0.0, 1.0),
        "b_b": np.clip(inp.share(t, inp.escalate[t]), 0.0, 1.0),
    }


def attrition_params(inp: CrisisInputs) -> dict[str, np.ndarray]:
    """Per-period costs and the gains from outlasting the other side."""
    c, t = inp.challenger, inp.target
    return {
        "cost_target": inp.pressure[t],
        "cost_imposer": inp.pressure[c],
        "gain_target": inp.status_quo[t] - inp.comply[t],
        "gain_imposer": inp.comply[c] - inp.status_quo[c],
    }
