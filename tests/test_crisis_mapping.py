"""The scenario -> crisis-game mapping, on the flagship and on small scenarios."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import standoff
from standoff.core.errors import UserError
from standoff.engines.crisis import for_brief, mapping
from standoff.engines.crisis.assess import analyse_scenario
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


def test_vectorised_utility_mirrors_scenario_utility(flagship):
    values = mapping.sampler(flagship, None, None)
    inp = mapping.crisis_inputs(flagship)
    for actor in ("usa", "maduro"):
        u = flagship.utility(actor)
        codes = mapping.package_codes(flagship, "maduro", inp.demand)
        assert mapping.package_utility(flagship, actor, codes, values)[0] == pytest.approx(float(u(codes)))
        assert inp.backdown[actor][0] == pytest.approx(flagship.no_deal_value(actor).total)


def test_draws_match_realised_scenarios(flagship):
    n = 3
    values = mapping.sampler(flagship, n, 11)
    inp = mapping.crisis_inputs(flagship, draws=n, seed=11)
    paths = flagship.uncertain()
    for i in range(n):
        real = flagship.with_values({p: float(values(p, q)[i]) for p, q in paths})
        for actor in ("usa", "maduro"):
            codes = mapping.package_codes(real, "maduro", inp.demand)
            assert inp.comply[actor][i] == pytest.approx(float(real.utility(actor)(codes)))
            assert inp.backdown[actor][i] == pytest.approx(real.no_deal_value(actor).total)


def test_flagship_inputs(flagship):
    inp = mapping.crisis_inputs(flagship)
    assert (inp.challenger, inp.target) == ("usa", "maduro")
    assert inp.threats == ("military_action",)
    assert inp.demand["exit_timing"] == "immediate"
    assert inp.deadline_periods == pytest.approx(29 / 7)
    # escalation is worse than the threat lapsing for both sides: the threat costs them
    assert np.all(inp.escalate["maduro"] <= inp.backdown["maduro"])


def test_wider_guarantees_never_lower_compliance():
    pcs = []
    for g in ("none", "some", "wide"):
        res = analyse_scenario(small(g), models=("ultimatum",), draws=4000, seed=5)
        pcs.append(res.models[0].p_comply)
    assert pcs[0] <= pcs[1] <= pcs[2]
    assert pcs[2] > pcs[0]  # the test scenario is built so that guarantees matter


def test_more_credibility_never_lowers_compliance():
    pcs = []
    for cred in ("{value: 0.1}", "{value: 0.5}", "{value: 0.9}"):
        scn = small("none", **{"{dist: uniform, low: 0.2, high: 0.8}": cred})
        pcs.append(analyse_scenario(scn, models=("ultimatum",), draws=4000, seed=5).models[0].p_comply)
    assert pcs == sorted(pcs)
    assert pcs[0] < pcs[-1]


def test_endings_are_probabilities_summing_to_one(flagship):
    res = analyse_scenario(flagship, draws=3000, seed=2)
    assert {m.model for m in res.models} == {"fearon", "ultimatum", "rubinstein", "attrition"}
    for m in res.models:
        assert all(0.0 <= v <= 1.0 for v in m.endings.values())
        assert sum(m.endings.values()) == pytest.approx(1.0)
        for x in (m.p_comply, m.p_escalate):
            assert x is None or 0.0 <= x <= 1.0


def test_same_seed_same_json(flagship):
    a = analyse_scenario(flagship, draws=2000, seed=9).to_json()
    b = analyse_scenario(flagship, draws=2000, seed=9).to_json()
    assert a == b


def test_deadline_before_as_of_is_a_user_error(flagship):
    with pytest.raises(UserError, match="before the as-of date"):
        mapping.crisis_inputs(flagship, deadline=dt.date(2025, 1, 1))


def test_no_demand_is_a_user_error():
    text = SMALL.replace("GUAR", "some").split("events:")[0]
    with pytest.raises(UserError, match="no demand"):
        mapping.crisis_inputs(Scenario.from_text(text))


def test_brief_section(flagship):
    sec = for_brief(flagship, draws=2000)
    assert sec.key == "crisis" and 2 <= len(sec.lines) <= 3
    assert sec.data["models"]
