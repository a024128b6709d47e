"""From a compiled case to the crisis games' inputs: the per-model parameters.

The crisis games need a handful of numbers per side, as arrays over the case's Monte
Carlo draws (the nominal case is the single draw at every quantity's nominal value).
The challenger ``C``, the target ``T``, the demand (completed by the case's one rule for
silent issues), the threats with their due period, the status quo package and every
utility come from the :class:`~standoff.scenario.case.Case`; nothing here re-reads the
scenario.

**Values, in each side's utility units** (``case.utility(actor).of(codes)``, draw by draw;
red lines are *not* imposed here: a threat is precisely an attempt to push a side across
a stated red line):

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
* credibility ``pi`` = the threat's stated credibility (``case.coercion.credibility``):
  the probability the threat is carried out, i.e. that the challenger's resolve type is
  *resolved*;
* the deadline ``D`` = periods from the as-of date to the deadline
  (``case.coercion.deadline_periods``; one period without a deadline).

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
from dataclasses import dataclass, field

import numpy as np

from standoff.core.errors import UserError
from standoff.core.nodeal import discounted_periods
from standoff.core.periods import periods_between
from standoff.results import Note
from standoff.scenario.case import Case


@dataclass(frozen=True)
class CrisisInputs:
    """Everything the crisis games take from a case, as arrays over draws."""

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
    war_cost: dict[str, np.ndarray]  # what war costs beyond the lottery: conflict cost + threat costs
    notes: list[Note] = field(default_factory=list)

    def share(self, actor: str, value: np.ndarray) -> np.ndarray:
        """A utility of ``actor`` as a share of the prize (0 = defeated, 1 = prevails)."""
        stake = self.win[actor] - self.lose[actor]
        with np.errstate(divide="ignore", invalid="ignore"):
            return (value - self.lose[actor]) / stake


def crisis_inputs(case: Case, *, deadline: dt.date | None = None) -> CrisisInputs:
    """The crisis games' inputs (module docstring), over the case's draws; ``deadline``
    replaces the case's deadline."""
    co = case.coercion
    if co is None:
        raise UserError("the crisis games need a challenger and a target")
    c, t = co.challenger, co.target
    for a in (c, t):
        if a not in case.no_deal:
            raise UserError(f"actor {a!r} has no `no_deal` entry", hint="the crisis games need what no deal is worth")
    if co.demand is None:
        raise UserError(
            f"no demand by {c!r} on {t!r} in the event log",
            hint="add a THREATEN event with a `package` (the demand), a `deadline` and `threat`",
        )
    n = case.draws
    notes: list[Note] = []
    when = deadline or co.deadline
    if deadline is not None:
        d_periods = periods_between(case.as_of, deadline, case.period)
    elif co.deadline_periods is not None:
        d_periods = co.deadline_periods
    else:
        d_periods = 1.0
        notes.append(Note(code="no_deadline"))
    if d_periods < 0 and deadline is not None:
        raise UserError(
            f"deadline {when} is before the as-of date {case.as_of}",
            hint="give a deadline on or after the as-of date",
        )
    if d_periods < 0:
        # The scenario's deadline lapsed before the as-of date with no force yet: the
        # challenger's decision to carry out the threat is still open, so the games are
        # played as if the deadline were now, and the reader is told.
        notes.append(Note(code="deadline_lapsed", data={"periods_ago": -float(d_periods), "period": case.period}))
        d_periods = 0.0

    def full(x: np.ndarray | float) -> np.ndarray:
        return np.broadcast_to(np.asarray(x, dtype=float), (n,)).copy()

    threat_cost = {c: np.zeros(n), t: np.zeros(n)}
    for th in co.threats:
        if th.target == t:
            threat_cost[t] += full(th.cost_to_target)
        if th.imposer == c:
            threat_cost[c] += full(th.cost_to_imposer)
        if not th.stated:
            notes.append(Note(code="threat_without_credibility", data={"instrument": th.instrument}))
    if co.threats:
        credibility = full(co.credibility) if co.credibility is not None else np.ones(n)
    else:
        credibility = np.zeros(n)
        notes.append(Note(code="no_threat"))

    comply, sq, back, esc, win, lose, disc, press, war = {}, {}, {}, {}, {}, {}, {}, {}, {}
    for a in (c, t):
        u = case.utility(a)
        nd = case.no_deal[a]
        comply[a] = full(u.of(co.demand.codes))
        sq[a] = full(u.of(co.status_quo))
        win[a] = full(nd.u_win)
        lose[a] = full(nd.u_lose)
        disc[a] = full(nd.discount)
        horizon = full(nd.horizon)
        press[a] = full(nd.cost_per_period)
        back[a] = full(nd.total)
        rest = np.maximum(np.where(np.isinf(horizon), np.inf, horizon - d_periods), 1.0)
        threat_burden = threat_cost[a] * disc[a] ** d_periods * np.asarray(discounted_periods(disc[a], rest))
        esc[a] = back[a] - threat_burden
        war[a] = full(-nd.conflict_cost) + threat_burden  # nd.conflict_cost is the discounted cost (<= 0)
    return CrisisInputs(
        challenger=c,
        target=t,
        demand=dict(co.demand.package),
        demand_event=co.demand.event,
        threats=tuple(th.instrument for th in co.threats),
        deadline=str(when) if when is not None else None,
        deadline_periods=float(d_periods),
        n=n,
        p=full(case.no_deal[c].p_prevail),
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
        war_cost=war,
        notes=notes,
    )


def challenger_params(inp: CrisisInputs) -> dict[str, np.ndarray]:
    """Challenger's values of compliance, escalation and backing down (for the game tree)."""
    c = inp.challenger
    return {"u_comply": inp.comply[c], "u_war": inp.escalate[c], "u_backdown": inp.backdown[c]}
