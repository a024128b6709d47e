"""The crisis games' inputs from a compiled case, on the flagship and on small scenarios."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import standoff
from standoff.core.errors import UserError
from standoff.engines.crisis import analyse
from standoff.engines.crisis.inputs import crisis_inputs
from standoff.scenario.model import Scenario

SMALL = """
standoff: 1
id: small
title: A small ultimatum
as_of: 2025-01-01
period: week
actors:
  a: {name: A, kind: state, capability: 3, assumption: test}
  b: {name: B, kind: leader, capability: 3, assumption: test}
issues:
  exit: {name: Exit, options: [now, never], status_quo: never}
  guarantee: {name: Guarantee, options: [none, some, wide], status_quo: none}
negotiation: {parties: [a, b], challenger: a, target: b, deadline: 2025-01-29}
preferences:
  a:
    assumption: test
    issues:
      exit: {salience: 3, values: {now: 1, never: 0}}
      guarantee: {salience: 1, values: {none: 1, some: 0.6, wide: 0.2}}
  b:
    assumption: test
    issues:
      exit: {salience: 2, values: {now: 0, never: 1}}
      guarantee: {salience: 1, values: {none: 0, some: 0.6, wide: 1}}
no_deal:
  a: {against: [b], conflict_cost: 0.1, horizon: 10, discount: 0.98, assumption: test}
  b: {against: [a], conflict_cost: {dist: uniform, low: 0.05, high: 0.4}, horizon: 10, discount: 0.95, assumption: test}
instruments:
  sanctions:
    {name: S, kind: sanction, imposer: a, target: b, status: in_force, cost_to_target: 0.01, cost_to_imposer: 0.002, assumption: test}
  strike:
    name: Strike
    kind: military_action
    imposer: a
    target: b
    status: threatened
    cost_to_target: 0.05
    cost_to_imposer: 0.01
    credibility: {dist: uniform, low: 0.2, high: 0.8}
    assumption: test
events:
  - {id: ult, date: 2025-01-01, actor: a, target: b, category: THREATEN, summary: Leave now,
     package: {exit: now, guarantee: GUAR}, threat: [strike], assumption: test}
"""


def small(guarantee: str = "some", **repl: str) -> Scenario:
    text = SMALL.replace("GUAR", guarantee)
    for k, v in repl.items():
        text = text.replace(k, v)
    return Scenario.from_text(text)


@pytest.fixture(scope="module")
def flagship() -> Scenario:
    return standoff.load_scenario("venezuela-2025")


def test_inputs_read_the_case(flagship):
    case = flagship.case()
    inp = crisis_inputs(case)
    co = case.coercion
    for actor in ("usa", "maduro"):
        u = flagship.utility(actor)
        assert inp.comply[actor][0] == pytest.approx(float(u(co.demand.codes)))
        assert inp.status_quo[actor][0] == pytest.approx(float(u(co.status_quo)))
        assert inp.backdown[actor][0] == pytest.approx(flagship.no_deal_value(actor).total)


def test_draws_match_nominal_cases_at_each_draw(flagship):
    """Draw d of a case over draws equals the nominal case compiled with every uncertain
    number fixed at its draw-d value: the draws axis and the nominal compile agree."""
    n = 3
    case = flagship.case(draws=n, seed=11)
    inp = crisis_inputs(case)
    for i in range(n):
        fixed = flagship.case(overrides={p: float(v[i]) for p, v in case.inputs.items()})
        one = crisis_inputs(fixed)
        for actor in ("usa", "maduro"):
            assert inp.comply[actor][i] == pytest.approx(one.comply[actor][0])
            assert inp.backdown[actor][i] == pytest.approx(one.backdown[actor][0])
            assert inp.escalate[actor][i] == pytest.approx(one.escalate[actor][0])


def test_flagship_inputs(flagship):
    inp = crisis_inputs(flagship.case())
    assert (inp.challenger, inp.target) == ("usa", "maduro")
    assert inp.threats == ("military_action",)
    assert inp.demand["exit_timing"] == "immediate"
    # the week given on 21 November lapsed on the 28th, four days before the as-of date:
    # the games are played as if the deadline were now, and the reader is told
    assert inp.deadline_periods == 0.0
    lapsed = [n for n in inp.notes if n.code == "deadline_lapsed"]
    assert len(lapsed) == 1 and lapsed[0].data["periods_ago"] == pytest.approx(4 / 7)
    # escalation is worse than the threat lapsing for both sides: the threat costs them
    assert np.all(inp.escalate["maduro"] <= inp.backdown["maduro"])


def _p_comply(scn: Scenario) -> float:
    res = analyse(scn.case(draws=4000, seed=5), models=("ultimatum",))
    assert res.models[0].p_comply is not None
    return res.models[0].p_comply.mean


def test_wider_guarantees_never_lower_compliance():
    pcs = [_p_comply(small(g)) for g in ("none", "some", "wide")]
    assert pcs[0] <= pcs[1] <= pcs[2]
    assert pcs[2] > pcs[0]  # the test scenario is built so that guarantees matter


def test_more_credibility_never_lowers_compliance():
    pcs = [_p_comply(small("none", **{"{dist: uniform, low: 0.2, high: 0.8}": cred}))
           for cred in ("{value: 0.1}", "{value: 0.5}", "{value: 0.9}")]
    assert pcs == sorted(pcs)
    assert pcs[0] < pcs[-1]


def test_endings_are_probabilities_summing_to_one(flagship):
    res = analyse(flagship.case(draws=3000, seed=2))
    assert {m.model for m in res.models} == {"fearon", "ultimatum", "rubinstein", "attrition"}
    for m in res.models:
        assert all(0.0 <= v.mean <= 1.0 for v in m.endings.values())
        assert sum(v.mean for v in m.endings.values()) == pytest.approx(1.0)
        for x in (m.p_comply, m.p_escalate):
            assert x is None or 0.0 <= x.mean <= 1.0


def test_same_seed_same_json(flagship):
    a = analyse(flagship.case(draws=2000, seed=9)).to_json()
    b = analyse(standoff.load_scenario("venezuela-2025").case(draws=2000, seed=9)).to_json()
    assert a == b


def test_deadline_before_as_of_is_a_user_error(flagship):
    with pytest.raises(UserError, match="before the as-of date"):
        crisis_inputs(flagship.case(), deadline=dt.date(2025, 1, 1))


def test_no_demand_is_a_user_error():
    text = SMALL.replace("GUAR", "some").split("events:")[0]
    with pytest.raises(UserError, match="no demand"):
        crisis_inputs(Scenario.from_text(text).case())


def test_brief_section(flagship):
    from standoff.assess import assess
    from standoff.presenters.sections.crisis import crisis_section

    sec = crisis_section(assess(flagship, draws=2000), flagship.case())
    assert sec.key == "crisis" and 1 <= len(sec.lines) <= 3
    assert sec.data["models"]
