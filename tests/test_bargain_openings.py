"""Openings really open a zone; the zone count is exact; the scenario wiring and brief."""

from __future__ import annotations

import numpy as np
import pytest

from standoff.core.space import Issue, OutcomeSpace
from standoff.core.utility import AdditiveUtility
from standoff.engines.bargain import zone as zone_mod
from standoff.engines.bargain.analysis import analyse
from standoff.engines.bargain.factors import make_factors
from standoff.engines.bargain.mapping import BargainProblem, from_case
from standoff.engines.bargain.openings import RawChange, apply_changes
from standoff.engines.bargain.solutions import ZONE_MARGIN
from standoff.scenario import Scenario

SCENARIO = """
standoff: 1
id: toy
title: Toy standoff
as_of: 2025-01-01
actors:
  a: {name: A, kind: state, capability: {value: 3, assumption: toy}}
  b: {name: B, kind: leader, capability: {value: 1, assumption: toy}}
  m: {name: M, kind: mediator, capability: {value: 1, assumption: toy}}
issues:
  exit: {name: Exit, options: [now, later, never]}
  amnesty: {name: Amnesty, options: [none, personal, full]}
  money: {name: Money, options: [zero, some, lots]}
negotiation: {parties: [a, b], challenger: a, target: b, mediators: [m]}
preferences:
  a:
    assumption: toy
    issues:
      exit: {salience: 50, values: {now: 1.0, later: 0.6, never: 0.0}}
      amnesty: {salience: 30, values: {none: 1.0, personal: 0.5, full: 0.0}}
      money: {salience: 20, values: {zero: 1.0, some: 0.5, lots: 0.0}}
    red_lines: [{issue: amnesty, options: [full]}]
  b:
    assumption: toy
    issues:
      exit: {salience: 20, values: {now: 0.0, later: 0.5, never: 1.0}}
      amnesty: {salience: 40, values: {none: 0.0, personal: 0.7, full: 1.0}}
      money: {salience: 40, values: {zero: 0.0, some: 0.6, lots: 1.0}}
    red_lines: [{issue: amnesty, options: [none]}]
no_deal:
  a: {assumption: toy, against: [b], p_prevail: %(pa)s, conflict_cost: 0.1, horizon: 10, discount: 0.95}
  b: {assumption: toy, against: [a], p_prevail: %(pb)s, conflict_cost: 0.1, horizon: 10, discount: 0.95}
instruments:
  sanctions:
    name: Sanctions
    kind: sanction
    imposer: a
    target: b
    status: in_force
    cost_to_target: 0.01
    cost_to_imposer: 0.002
    assumption: toy
    constrains: [{actor: a, issue: amnesty, options: [personal]}]
events:
  - {id: demand, date: 2025-01-01, actor: a, target: b, category: THREATEN, summary: demand,
     package: {exit: now, amnesty: none, money: zero}, fate: rejected, assumption: toy}
"""


def toy(pa: float = 0.8, pb: float = 0.3) -> Scenario:
    return Scenario.from_text(SCENARIO % {"pa": pa, "pb": pb})


def brute_zone(problem: BargainProblem, utilities, d) -> int:
    codes = problem.space.enumerate()
    ok = np.ones(len(codes), dtype=bool)
    for u in utilities:
        ok &= u.acceptable(codes) & (u(codes) > d[list(utilities).index(u)] + ZONE_MARGIN)
    return int(ok.sum())


def _raw(problem: BargainProblem, change) -> RawChange:
    p = problem.parties.index(change.actor)
    k = problem.space.issue_index(change.issue) if change.issue else None
    o = problem.space.issues[k].index(change.option) if k is not None and change.option else None
    return RawChange(change.kind, p, k, o, change.instrument, change.amount)


def check_openings_open(problem: BargainProblem) -> int:
    res = analyse(problem)
    assert res.zopa.empty
    for op in res.openings:
        utils, d = apply_changes(problem, [_raw(problem, c) for c in op.changes])
        n = brute_zone(problem, utils, d)
        assert n > 0, op.changes
        assert n == op.zone_size, op.changes
    return len(res.openings)


def test_clashing_red_lines_give_empty_zone_and_openings_that_open_it() -> None:
    problem = from_case(toy().case())
    res = analyse(problem)
    assert res.zopa.empty and res.blocking == ["amnesty"]
    assert res.frontier_scope == "ignoring_red_lines"
    assert res.nash is None and res.kalai_smorodinsky is None
    assert check_openings_open(problem) >= 1
    # conceding 'personal' needs both a's red line... no: a has no red line on personal, only the
    # sanctions' constraint, so the opening must lift the instrument
    kinds = {(c.kind, c.option) for op in res.openings for c in op.changes}
    assert ("lift_constraint", "personal") in kinds


def opposed_problem(d: float) -> BargainProblem:
    """Two parties with exactly opposed values on 3 issues of 4 options: u_a + u_b = 1 on
    every package, so no-deal values summing to more than 1 leave no zone."""
    space = OutcomeSpace(tuple(Issue(f"i{k}", tuple(f"o{j}" for j in range(4))) for k in range(3)))
    rng = np.random.default_rng(7)
    w = rng.dirichlet(np.ones(3))
    vals = tuple(np.linspace(0, 1, 4) for _ in range(3))
    ua = AdditiveUtility(weights=w, values=vals, name="a")
    ub = AdditiveUtility(weights=w, values=tuple(1 - v for v in vals), name="b")
    return BargainProblem(name="opposed", kind="scenario", space=space, parties=("a", "b"),
                          utilities=(ua, ub), reservations=np.array([d, d]),
                          pressure_weight=np.array([8.0, 5.0]), period="week")


def test_pressure_and_guarantee_openings_are_exact() -> None:
    problem = opposed_problem(0.6)
    assert check_openings_open(problem) >= 1
    res = analyse(problem)
    amounts = {(c.kind, c.actor): c.amount for op in res.openings for c in op.changes
               if c.kind in ("pressure", "guarantee")}
    assert {k for k, _ in amounts} == {"pressure", "guarantee"}
    for (kind, actor), amount in amounts.items():
        p = problem.parties.index(actor)
        # the amount is the exact threshold d_p - max{u_p : the other party is above its d} ...
        codes = problem.space.enumerate()
        u = np.stack([v(codes) for v in problem.utilities], axis=1)
        other = 1 - p
        want = 0.6 - u[u[:, other] > 0.6 + ZONE_MARGIN, p].max()
        w = problem.pressure_weight[p] if kind == "pressure" else 1.0
        assert amount * w == pytest.approx(want, abs=1e-5)
        # ... and a little less does not open the zone
        utils, d = apply_changes(problem, [RawChange(kind, p, amount=amount - 1e-5)])
        assert brute_zone(problem, utils, d) == 0, (kind, actor)


def test_reservation_values_come_from_the_no_deal_model() -> None:
    scn = toy()
    problem = from_case(scn.case())
    for i, p in enumerate(problem.parties):
        nd = scn.no_deal_value(p)
        assert problem.reservations[i] == pytest.approx(float(nd.total))
        parts = problem.reservation_parts[p]
        assert parts["total"] == pytest.approx(parts["pressure"] + parts["lottery"] + parts["conflict_cost"])
    # more pressure on b lowers b's reservation value
    tougher = toy(pb=0.1)
    assert from_case(tougher.case()).reservations[1] < problem.reservations[1]


def test_logrolls_improve_both_sides() -> None:
    from standoff.engines.bargain.openings import compromise

    problem = from_case(toy().case())
    res = analyse(problem)
    assert res.logrolls
    ref = compromise(*problem.utilities)
    for lr in res.logrolls:
        codes = problem.space.encode(lr.outcome)
        assert sum(codes != ref) == 2
        for party, u in zip(problem.parties, problem.utilities, strict=True):
            assert float(u(codes)) - float(u(ref)) == pytest.approx(lr.gains[party])
            assert lr.gains[party] > 0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_zone_count_meet_in_the_middle_equals_enumeration(seed: int, monkeypatch) -> None:
    rng = np.random.default_rng(seed)
    space = OutcomeSpace(tuple(Issue(f"i{k}", tuple(f"v{j}" for j in range(5))) for k in range(7)))
    us = [AdditiveUtility(weights=rng.dirichlet(np.ones(7)), values=tuple(np.round(rng.random(5), 1) for _ in range(7)),
                          forbidden=tuple(rng.random(5) < 0.2 for _ in range(7))) for _ in range(2)]
    for u in us:
        for f in u.forbidden:
            f[0] = False
    factors = make_factors(space, us)
    d = rng.random(2) * 0.6
    codes = space.enumerate()
    ok = us[0].acceptable(codes) & us[1].acceptable(codes)
    want = int(np.sum(ok & (us[0](codes) > d[0] + ZONE_MARGIN) & (us[1](codes) > d[1] + ZONE_MARGIN)))
    monkeypatch.setattr(zone_mod, "MITM_FROM", 10)
    assert zone_mod.count_zone(factors, d) == want
    monkeypatch.setattr(zone_mod, "MITM_FROM", 10**12)
    assert zone_mod.count_zone(factors, d) == want


def test_flagship_brief_explains_deadlock() -> None:
    from standoff import load_scenario

    scn = load_scenario("venezuela-2025")
    problem = from_case(scn.case())
    check_openings_open(problem)
    from standoff.assess import assess
    from standoff.presenters.sections.bargain import bargain_section

    sec = bargain_section(assess(scn, draws=200), scn.case())
    assert 2 <= len(sec.lines) <= 4
    assert sec.data["zopa"]["empty"] is (sec.data["zopa"]["size"] == 0)
