"""Monte Carlo over every engine: exact per draw, intervals that behave, keyed streams."""

from __future__ import annotations

import numpy as np
import pytest

from standoff.core.estimate import _equal_weight_quantiles, summarise, weighted_quantile
from standoff.engines.bargain.draws import certify, exact_open, zone_draws
from standoff.engines.forecast.bdm import BDM_VARIANTS, bdm
from standoff.engines.forecast.draws import bdm_draws, forecast_draws
from standoff.engines.forecast.mapping import stakeholders
from standoff.engines.forecast.models import run_models
from standoff.engines.simulate.draws import talks_draws
from standoff.scenario import Scenario
from tests.helpers import FLAGSHIP

SMALL = """
standoff: 1
id: small
title: A small two-party problem
as_of: 2025-01-01
period: week
actors:
  a: {name: A, kind: state, capability: {value: 1, assumption: test}}
  b: {name: B, kind: state, capability: {value: 1, assumption: test}}
issues:
  x: {name: X, kind: ordered, options: [x0, x1, x2]}
  y: {name: Y, kind: ordered, options: [y0, y1, y2]}
  z: {name: Z, kind: ordered, options: [z0, z1]}
negotiation: {parties: [a, b]}
preferences:
  a:
    assumption: a test case built for the zone test
    issues:
      x: {salience: {dist: uniform, low: 10, high: 60}, values: {x0: 1.0, x1: 0.4, x2: 0.0}}
      y: {salience: {dist: uniform, low: 10, high: 60}, values: {y0: 1.0, y1: 0.7, y2: 0.0}}
      z: {salience: 20, values: {z0: 0.0, z1: 1.0}}
    red_lines: [{issue: y, options: [y2], reason: test}]
  b:
    assumption: a test case built for the zone test
    issues:
      x: {salience: {dist: uniform, low: 10, high: 60}, values: {x0: 0.0, x1: 0.6, x2: 1.0}}
      y: {salience: {dist: uniform, low: 10, high: 60}, values: {y0: 0.0, y1: 0.2, y2: 1.0}}
      z: {salience: {dist: uniform, low: 5, high: 40}, values: {z0: 1.0, z1: 0.3}}
no_deal:
  a: {assumption: test, p_prevail: {dist: uniform, low: 0.2, high: 0.9},
      conflict_cost: {dist: uniform, low: 0.0, high: 0.4}, horizon: 4, discount: 0.98,
      if_prevail: {x: x0, y: y0, z: z1}, if_defeated: {x: x2, y: y1, z: z0}}
  b: {assumption: test, p_prevail: {dist: uniform, low: 0.2, high: 0.9},
      conflict_cost: {dist: uniform, low: 0.0, high: 0.4}, horizon: 4, discount: 0.98,
      if_prevail: {x: x2, y: y2, z: z0}, if_defeated: {x: x0, y: y0, z: z1}}
"""


@pytest.fixture(scope="module")
def small() -> Scenario:
    return Scenario.from_text(SMALL, shown="small.yaml")


@pytest.mark.parametrize("red_lines", [True, False])
def test_zone_test_equals_the_exact_frontier_on_every_draw(small: Scenario, red_lines: bool) -> None:
    case = small.case(draws=600, seed=11)
    z = zone_draws(case, red_lines=red_lines)
    assert np.array_equal(z.open, np.array(exact_open(case, case.parties, red_lines)))
    assert 0 < z.open.mean() < 1  # the case is built so that both answers occur


@pytest.mark.parametrize("name", ["gambia-2016", "haiti-1994", "venezuela-2025"])
def test_zone_test_equals_the_exact_frontier_on_bundled_cases(name: str) -> None:
    case = Scenario.load(name).case(draws=150, seed=3)
    for rl in (True, False):
        assert np.array_equal(zone_draws(case, red_lines=rl).open, np.array(exact_open(case, case.parties, rl)))


def test_zone_size_is_the_exact_count(small: Scenario) -> None:
    from standoff.engines.bargain.factors import make_factors
    from standoff.engines.bargain.zone import count_zone

    case = small.case(draws=200, seed=5)
    z = zone_draws(case, red_lines=False, size_draws=200)
    for d in range(0, 200, 7):
        utils = [case.utility(p).at(d, locks=False) for p in case.parties]
        r = np.array([case.no_deal[p].value(d).total for p in case.parties])
        assert z.size[d] == count_zone(make_factors(case.space, utils), r)


def test_uncertified_draws_go_to_the_frontier() -> None:
    # two parties, one issue, three options: (1, 0), (0, 1), (0.5, 0.5) -> a duality gap
    u = np.array([[[1.0, 0.0], [0.0, 1.0], [0.45, 0.45]]])
    assert certify([u], np.array([[0.46, 0.46]]))[0] == -1  # hull reaches (0.5, 0.5); no package does
    assert certify([u], np.array([[0.6, 0.6]]))[0] == 0
    assert certify([u], np.array([[0.4, 0.4]]))[0] == -1  # open, but only an interior package shows it
    assert certify([u], np.array([[-0.1, -0.1]]))[0] == 1


def test_forecasts_over_draws_equal_the_models_draw_by_draw() -> None:
    case = Scenario.load("venezuela-2025").case(draws=400, seed=9)
    got = forecast_draws(case)["political_change"]
    for d in range(0, 400, 37):
        for name, o in run_models(stakeholders(case, "political_change", d)).items():
            assert got[name][d] == pytest.approx(o.forecast, abs=1e-9)


@pytest.mark.parametrize("variant", [v for v, spec in BDM_VARIANTS.items() if spec.options.stop == "fixed"])
def test_batched_bdm_equals_the_scalar_model(variant: str) -> None:
    rng = np.random.default_rng(3)
    opts = BDM_VARIANTS[variant].options
    for _ in range(40):
        n = int(rng.integers(3, 9))
        x = np.round(rng.uniform(0, 100, (1, n)))
        c, s = rng.uniform(0.1, 10, (1, n)), rng.uniform(0.05, 1, (1, n))
        assert bdm_draws(x, c, s, 10, opts)[0] == pytest.approx(bdm(x[0], c[0], s[0], 10, opts).forecast, abs=1e-9)


def test_equal_weight_quantiles_are_bit_identical() -> None:
    rng = np.random.default_rng(0)
    for v in (rng.random(5_000), rng.integers(0, 4, 9_999).astype(float)):
        assert np.array_equal(_equal_weight_quantiles(v, (0.05, 0.5, 0.95)),
                              weighted_quantile(v, np.ones(v.size), (0.05, 0.5, 0.95)))


def test_degenerate_inputs_give_an_interval_containing_the_nominal_result(small: Scenario) -> None:
    # every uncertain number fixed at its nominal value: the draws all equal the nominal case
    fixed = {p: float(q.nominal) for p, q in ((".".join(map(str, k)), q) for k, q in small.uncertain())}
    case = small.case(draws=300, seed=2, overrides=fixed)
    nominal = small.case(overrides=fixed)
    z = summarise(zone_draws(case).open.astype(float))
    assert z.fixed and z.low <= zone_draws(nominal).open[0] <= z.high
    from standoff.engines.crisis.analysis import analyse  # noqa: F401  (the crisis engine needs a demand)


def test_more_draws_do_not_widen_the_monte_carlo_error() -> None:
    scn = Scenario.load(FLAGSHIP)
    errs = []
    for n in (1_000, 4_000, 16_000):
        v = forecast_draws(scn.case(draws=n, seed=1), models=["compromise"])["political_change"]["compromise"]
        errs.append(summarise(v).mcse)
    assert errs[1] < errs[0] * 0.5 * 1.3 and errs[2] < errs[1] * 0.5 * 1.3  # ~1/sqrt(n), with room for noise


def test_reordering_the_file_does_not_change_any_draw() -> None:
    text = FLAGSHIP.read_text(encoding="utf-8")
    a = Scenario.from_text(text).case(draws=500, seed=8)
    # move the instruments block ahead of the preferences and swap two actors' entries
    lines = text.splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("instruments:"))
    stop = next(i for i in range(start + 1, len(lines)) if lines[i][:1].isalpha())
    pref = next(i for i, ln in enumerate(lines) if ln.startswith("preferences:"))
    moved = lines[:pref] + lines[start:stop] + lines[pref:start] + lines[stop:]
    b = Scenario.from_text("".join(moved)).case(draws=500, seed=8)
    assert set(a.inputs) == set(b.inputs)
    for path in a.inputs:
        assert np.array_equal(a.inputs[path], b.inputs[path]), path


def test_talks_over_draws_are_seeded() -> None:
    case = Scenario.load("gambia-2016").case(draws=50, seed=1)
    a, b = talks_draws(case, draws=3, seed=5), talks_draws(case, draws=3, seed=5)
    assert np.array_equal(a.deal, b.deal) and a.draws == 3
