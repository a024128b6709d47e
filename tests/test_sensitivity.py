"""Sensitivity: Sobol' indices against the Ishigami function, tornado and thresholds in
closed form, the direction check, and the command line."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from standoff.engines.uncertainty.sensitivity import analyse
from standoff.scenario import Scenario
from tests.helpers import run_cli

pytest.importorskip("SALib", reason="the sensitivity extra is not installed (pip install 'standoff[sensitivity]')")

CLOSED = """
standoff: 1
id: closed-form
title: A forecast known in closed form
as_of: 2025-01-01
period: week
actors:
  a: {name: A, kind: state, capability: {value: 1, assumption: test}}
  b: {name: B, kind: state, capability: {value: 1, assumption: test}}
  c: {name: C, kind: state, capability: {dist: uniform, low: 1, high: 5, assumption: read by no forecast}}
issues:
  level: {name: Level, kind: scale, ends: [none, all], steps: 11}
negotiation: {parties: [a, b]}
preferences:
  a:
    assumption: test
    issues: {level: {salience: 50, ideal: {dist: uniform, low: 20, high: 80}}}
  b:
    assumption: test
    issues: {level: {salience: 50, ideal: 40}}
"""


@pytest.fixture(scope="module")
def closed() -> Scenario:
    return Scenario.from_text(CLOSED, shown="closed.yaml")


def test_tornado_and_threshold_in_closed_form(closed: Scenario) -> None:
    # compromise = (x_a + 40) / 2; x_a ~ U(20, 80): 5 % = 23, 95 % = 77; flips at 50 when x_a = 60
    res = analyse(closed, target="forecast.level", method="tornado", draws=None)
    assert res.tornado is not None
    top, last = res.tornado.bars[0], res.tornado.bars[-1]
    assert top.path == "preferences.a.issues.level.ideal"
    assert top.at_low == pytest.approx((23 + 40) / 2) and top.at_high == pytest.approx((77 + 40) / 2)
    assert top.effect == pytest.approx(27.0)
    assert last.path == "actors.c.capability" and last.effect == 0.0
    (th,) = res.thresholds
    assert th.flips and th.value == pytest.approx(60.0, abs=1e-4) and th.direction == "up" and th.within_range
    assert th.side == "below"
    assert not res.warnings


def test_threshold_over_draws_and_no_flip(closed: Scenario) -> None:
    res = analyse(closed, target="forecast.level", method="tornado", draws=200, seed=3)
    assert res.thresholds[0].value == pytest.approx(60.0, abs=1e-4)  # others drawn: c moves nothing
    fixed = analyse(closed, target="forecast.level.median", method="tornado", draws=None)
    assert all(t.flips is False or t.value is not None for t in fixed.thresholds)


def _ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_sobol_indices_of_the_ishigami_function() -> None:
    from standoff.engines.uncertainty.inputs import UncertainInput
    from standoff.engines.uncertainty.sobol import indices, sobol_design

    inputs = [UncertainInput(f"x{k}", "uniform", 0.0, (-math.pi, math.pi), {"low": -math.pi, "high": math.pi})
              for k in range(3)]
    u = sobol_design(inputs, 4096, seed=1)
    x = np.stack([inp.ppf(u[:, j]) for j, inp in enumerate(inputs)], axis=1)
    got = indices([i.path for i in inputs], _ishigami(x), seed=1)
    a, b = 7.0, 0.1
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * math.pi**8 * (1 / 18 - 1 / 50)
    var = v1 + v2 + v13
    s1 = [v1 / var, v2 / var, 0.0]
    st = [(v1 + v13) / var, v2 / var, v13 / var]
    for k in range(3):
        assert abs(got["S1"][k] - s1[k]) <= got["S1_conf"][k]
        assert abs(got["ST"][k] - st[k]) <= got["ST_conf"][k]


def test_direction_check_flags_the_war_of_attrition() -> None:
    res = analyse(Scenario.load("venezuela-2025"), target="crisis.attrition.p_comply", method="tornado", draws=200)
    flagged = {w.path for w in res.warnings}
    assert "instruments.airspace_closure.cost_to_target" in flagged  # uncertain
    assert "instruments.fto_designation.cost_to_target" in flagged  # fixed, probed
    assert all(w.rule == "pressure_on_target" and w.effect < 0 for w in res.warnings)


def test_sobol_in_one_compile_and_reproducible() -> None:
    scn = Scenario.load("venezuela-2025")
    a = analyse(scn, target="crisis.attrition.p_comply", method="sobol", draws=100, n=64, seed=2)
    b = analyse(scn, target="crisis.attrition.p_comply", method="sobol", draws=100, n=64, seed=2)
    assert a.to_json() == b.to_json()
    assert a.sobol is not None and a.sobol.evaluations == 64 * (len(a.inputs) + 2)
    assert a.sobol.indices[0].st >= a.sobol.indices[-1].st


def test_cli_sensitivity_json_plot_and_errors(tmp_path: Path) -> None:
    args = ["sensitivity", "--target", "crisis.attrition.p_comply", "--draws", "50", "--samples", "32"]
    one = run_cli(*args, "--json")
    assert one.code == 0, one.stderr
    data = json.loads(one.stdout)
    assert data["tornado"]["bars"] and data["sobol"]["indices"] and data["warnings"]
    assert run_cli(*args, "--json", "--jobs", "2").stdout == one.stdout
    plot = tmp_path / "tornado.html"
    assert run_cli(*args, "--method", "tornado", "--plot", str(plot)).code == 0 and plot.stat().st_size > 0
    bad = run_cli("sensitivity", "--target", "crisis.ultimatum.p_comly")
    assert bad.code == 2 and "did you mean" in bad.stderr.lower()
    assert run_cli("sensitivity", "--samples", "100", "--method", "sobol").code == 2
    assert run_cli("sensitivity", "--set", "no_deal.usa.p_prevail=0.7", "--method", "tornado", "--draws", "20").code == 0
    listed = run_cli("sensitivity", "--list-targets", "--json")
    assert "zone_open" in json.loads(listed.stdout)["targets"]


@pytest.mark.parametrize("command", [["bargain"], ["forecast"], ["simulate"]])
def test_draws_option_on_engine_commands(command: list[str]) -> None:
    res = run_cli(*command, "--draws", "4", "--json")
    assert res.code == 0, res.stderr
    data = json.loads(res.stdout)
    assert set(data) == {"schema_version", "nominal", "over_draws"}


# ------------------------------------------------------------------ the headline's targets
def test_the_headline_answers_are_targets_and_agree_with_the_headline() -> None:
    """``force_used``, each ending and each question can be explained; a design point's
    answer is the record-weighted mean, as in the headline (agreement within Monte Carlo
    error: the headline and the target draw their inner samples from different seeds)."""
    from standoff.assess import headline
    from standoff.engines.uncertainty import targets

    scn = Scenario.load("venezuela-2025")
    known = targets.targets(scn.case())
    assert {"force_used", *(f"ending.{e}" for e in ("deal", "stalemate", "forced_removal"))} <= set(known)
    assert {f"question.{q.id}" for q in scn.spec.questions} <= set(known)
    assert targets.default(scn.case()).preferred
    assert all(t.weighted and not t.elementwise for n, t in known.items() if n.startswith(("ending.", "question.")))
    res = analyse(scn, target="force_used", method="tornado", draws=400, seed=1)
    h = headline(scn, draws=2_000, details=False)
    assert res.tornado is not None and not isinstance(h, type(None))
    assert abs(res.tornado.base.mean - h.force_used.p) < 0.05  # type: ignore[union-attr]
    assert 0.0 <= res.tornado.base.low <= res.tornado.base.high <= 1.0  # a probability, not a weighted value
    # raising the threat's credibility makes force more likely, never less (on the flagship
    # the challenger's choice is derived from its courses of action, so the stated
    # credibility may not move it at all)
    bar = next((b for b in res.tornado.bars if b.path == "instruments.military_action.credibility"), None)
    assert bar is None or bar.effect >= -1e-9
    top = min(res.tornado.bars, key=lambda b: b.rank)
    assert top.rank == 1 and top.effect != 0
