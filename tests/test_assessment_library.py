"""The assessment on every bundled scenario (issue 11, "done when"):

* the headline answers every question of every bundled scenario, each with an interval
  around its probability;
* no model says "almost certainly" (P >= 0.95) for the same ending on every case it
  applies to: the failure of the first crisis games, which had every target comply,
  including those later invaded.

The cases run once per module at a few hundred draws (the intervals are wider than the
brief's, the checks do not depend on their width).
"""

from __future__ import annotations

from functools import cache

import pytest

from standoff.assess import headline
from standoff.core.endings import ENDINGS
from standoff.engines.crisis.analysis import analyse
from standoff.results.assessment import Headline
from standoff.results.crisis import CrisisResult
from standoff.scenario import Scenario, bundled_names

DRAWS = 300
CERTAIN = 0.95
NAMES = bundled_names()


@cache
def _headline(name: str) -> Headline:
    got = headline(Scenario.load(name), draws=DRAWS, seed=0, details=False)
    assert isinstance(got, Headline), f"{name}: the headline does not apply: {got}"
    return got


@cache
def _crisis(name: str) -> CrisisResult | None:
    scn = Scenario.load(name)
    if scn.spec.coercion is None:
        return None
    try:
        return analyse(scn.case(draws=DRAWS, seed=0))
    except Exception as exc:  # a case the games cannot be set up on says so (UserError)
        from standoff.core.errors import UserError

        if isinstance(exc, UserError):
            return None
        raise


@pytest.mark.parametrize("name", NAMES)
def test_every_question_is_answered_with_an_interval(name: str) -> None:
    scn = Scenario.load(name)
    if scn.spec.coercion is None:
        pytest.skip(f"{name} is not a coercion case (no challenger and target): no headline")
    h = _headline(name)
    asked = [q.id for q in scn.spec.questions]
    assert [a.id for a in h.questions] == asked
    for a in h.questions:
        # the probability is the mean over the draws and the interval their 5th to 95th
        # percentiles: with most draws at one value the mean can lie just outside it
        assert 0.0 <= a.low <= a.high <= 1.0 and 0.0 <= a.p <= 1.0, a
    total = sum(h.endings[e.value].p for e in ENDINGS)
    assert total == pytest.approx(1.0, abs=1e-6)


def test_no_model_is_certain_of_the_same_ending_everywhere() -> None:
    certain: dict[tuple[str, str], list[str]] = {}
    applies: dict[str, list[str]] = {}
    for name in NAMES:
        res = _crisis(name)
        if res is None:
            continue
        for m in res.models:
            if not m.applicable:
                continue
            applies.setdefault(m.model, []).append(name)
            for ending, est in m.endings.items():
                if est.mean >= CERTAIN:
                    certain.setdefault((m.model, ending), []).append(name)
    assert applies, "no crisis model applies to any bundled case"
    for (model, ending), cases in certain.items():
        if len(applies[model]) >= 2:
            assert len(cases) < len(applies[model]), (
                f"{model} gives {ending} P >= {CERTAIN} on every case it applies to: {cases}")
    # the headline, too, is not certain of one ending on every case
    for ending in ENDINGS:
        sure = [n for n in NAMES if Scenario.load(n).spec.coercion is not None
                and _headline(n).endings[ending.value].p >= CERTAIN]
        closed = [n for n in NAMES if Scenario.load(n).spec.coercion is not None]
        assert len(sure) < len(closed), ending
