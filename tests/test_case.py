"""The one compile step: every engine receives the same demand, threats and deadline
from the Case, draws are keyed by path, and views of a case agree with the whole."""

from __future__ import annotations

import numpy as np
import pytest

from standoff.core.periods import round_of
from standoff.engines.bargain import from_case as bargain_problem
from standoff.engines.crisis.inputs import crisis_inputs
from standoff.engines.simulate import from_case as negotiation
from standoff.scenario import Scenario, bundled_names


@pytest.mark.parametrize("name", bundled_names())
def test_every_engine_reads_the_same_demand_threats_and_deadline(name: str) -> None:
    case = Scenario.load(name).case()
    co = case.coercion
    assert co is not None
    if co.demand is None or co.challenger not in case.no_deal or co.target not in case.no_deal:
        pytest.skip(f"{name}: no demand, or a party without a no-deal value")
    inp = crisis_inputs(case) if (co.deadline_periods is None or co.deadline_periods >= 0) else None
    domain = negotiation(case)
    # the demand
    assert domain.demand is not None and np.array_equal(domain.demand, co.demand.codes)
    assert domain.demand_issues == co.demand.named
    if inp is not None:
        assert inp.demand == co.demand.package
        # the threats and the deadline
        assert inp.threats == tuple(t.instrument for t in co.threats)
        if co.deadline_periods is not None:
            assert inp.deadline_periods == co.deadline_periods
    assert [t.label for t in domain.threats] == sorted(
        (t.instrument for t in co.threats if t.target in case.parties), key=lambda i: (co.threats[0].round, i))
    for th in domain.threats:
        if co.deadline_periods is not None:
            assert th.round == round_of(max(co.deadline_periods, 0.0))
    # what no deal is worth, the same everywhere
    problem = bargain_problem(case)
    for i, p in enumerate(case.parties):
        assert problem.reservations[i] == pytest.approx(float(case.no_deal[p].total[0]))
        assert domain.parties[i].reservation == pytest.approx(float(case.no_deal[p].total[0]))
        if inp is not None and p in (co.challenger, co.target):
            assert inp.backdown[p][0] == pytest.approx(float(case.no_deal[p].total[0]))


def test_a_new_number_does_not_reshuffle_the_others() -> None:
    from tests.helpers import FLAGSHIP

    text = FLAGSHIP.read_text(encoding="utf-8")
    a = Scenario.from_text(text).case(draws=300, seed=4)
    # make a fixed number uncertain: every other number keeps its draws
    edited = text.replace("      military_control:\n        salience: 15\n        values: {civilian_transition: 1.0, shared: 0.45",
                          "      military_control:\n        salience: {dist: uniform, low: 10, high: 20}\n"
                          "        values: {civilian_transition: 1.0, shared: 0.45", 1)
    assert edited != text
    b = Scenario.from_text(edited).case(draws=300, seed=4)
    assert set(b.inputs) - set(a.inputs) == {"preferences.usa.issues.military_control.salience"}
    for path, draws in a.inputs.items():
        assert np.array_equal(draws, b.inputs[path]), path


def test_a_view_of_one_draw_is_that_draw() -> None:
    from standoff.scenario import load_scenario

    case = load_scenario("venezuela-2025").case(draws=50, seed=2)
    for d in (0, 17, 49):
        one = case.at(d)
        assert one.draws == 1
        for actor in ("usa", "maduro"):
            assert float(one.no_deal[actor].total[0]) == pytest.approx(float(case.no_deal[actor].total[d]))
            codes = case.coercion.demand.codes
            assert float(one.utility(actor).of(codes)[0]) == pytest.approx(float(case.utility(actor).of(codes)[d]))
