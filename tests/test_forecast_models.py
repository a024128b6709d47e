"""Forecast models: closed forms, brute force, the Scholz et al. (2011) Table 2 replication,
and invariants as hypothesis properties."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standoff.core.stakeholders import Stakeholders
from standoff.engines.forecast.bdm import BDMOptions, bdm, risk_exponents, win_probability
from standoff.engines.forecast.compromise import compromise
from standoff.engines.forecast.ktab import ktab
from standoff.engines.forecast.median import condorcet_position, pairwise_votes, weighted_median
from standoff.engines.forecast.models import MODELS
from standoff.interop.positions import read_positions

# Scholz, Calbert & Smith (2011), Table 2: median and mean voter position after rounds 1-8.
TABLE2_MEDIAN = np.array([8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6])
TABLE2_MEAN = np.array([7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6])


@pytest.fixture(scope="module")
def eu(shared_data):
    return read_positions(shared_data / "eu-emissions-1994.csv")


# ------------------------------------------------------------------ closed forms
def test_compromise_by_hand(eu):
    w = eu.capability * eu.salience
    assert compromise(eu.position, eu.capability, eu.salience) == pytest.approx(
        sum(w[k] * eu.position[k] for k in range(eu.n)) / sum(w)
    )
    # BDM (1994) reports the weighted mean of the emissions case as about 7.4
    assert compromise(eu.position, eu.capability, eu.salience) == pytest.approx(7.39, abs=0.01)


def test_median_of_emissions_case(eu):
    # cumulative c*s: 0.248 at 4, 0.589 at 7 of 0.925 -> half (0.4625) is reached at 7
    assert weighted_median(eu.position, eu.weight) == 7.0
    assert condorcet_position(eu.position, eu.weight) == 7.0


def test_even_split_gives_midpoint():
    assert weighted_median(np.array([10.0, 30.0]), np.array([1.0, 1.0])) == 20.0
    assert condorcet_position(np.array([30.0, 10.0]), np.array([1.0, 1.0])) == 20.0


def test_ktab_two_actors_is_the_weighted_mean():
    # Two options: P(1 > 2) = w1 / (w1 + w2) and the chain's stationary law is (P, 1 - P).
    x, c, s = np.array([20.0, 80.0]), np.array([3.0, 1.0]), np.array([0.5, 0.9])
    r = ktab(x, c, s)
    w = c * s
    assert r.probability == pytest.approx(w / w.sum())
    assert r.forecast == pytest.approx(compromise(x, c, s))


def test_ktab_condorcet_winner_with_square_victory_is_favoured():
    x = np.array([0.0, 50.0, 100.0])
    c = np.array([1.0, 1.0, 1.0])
    s = np.array([1.0, 1.0, 1.0])
    r = ktab(x, c, s, "square")
    assert r.probability.argmax() == 1
    assert r.forecast == pytest.approx(50.0)


def test_win_probability_brute_force():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 101, 6).astype(float)
    w = rng.random(6)
    p = win_probability(x, w, "dyad")
    for i, j in itertools.product(range(6), repeat=2):
        if x[i] == x[j]:
            continue
        args = [abs(x[k] - x[j]) - abs(x[k] - x[i]) for k in range(6)]
        num = sum(w[k] * a for k, a in enumerate(args) if a > 0)
        den = sum(w[k] * abs(a) for k, a in enumerate(args))
        assert p[i, j] == pytest.approx(num / den)
        assert p[i, j] + p[j, i] == pytest.approx(1.0)  # eq. 31: P^j = 1 - P^i


def test_risk_exponents_span_half_to_two():
    e = np.random.default_rng(0).normal(size=(7, 7))
    np.fill_diagonal(e, 0)
    r = risk_exponents(e)
    assert r.min() == pytest.approx(0.5) and r.max() == pytest.approx(2.0)  # eq. 33 at R = +-1


# --------------------------------------------------------- the Table 2 replication
def test_scholz_table2(eu):
    """Scholz et al. (2011) Table 2, with the default (documented) options.

    Tolerance and why: Table 2 prints one decimal (+-0.05) and the figure-only octant
    boundaries and offer rule leave readings open (see bdm.BDMOptions). With the defaults
    the mean by round is reproduced within 0.3 in all eight rounds and the median within
    0.5 in rounds 1-5. Rounds 6-8, where Scholz et al. report that the median "appears to
    stabilise, but then continues to change" (7.4, 8.8, 9.6), are not reproduced: our median
    stays at 10.0; the test pins that documented deviation (at most 2.6) so it cannot grow.
    """
    run = bdm(eu.position, eu.capability, eu.salience, rounds=8)
    median, mean = run.median[1:], run.mean[1:]
    assert np.abs(mean - TABLE2_MEAN).max() <= 0.3
    assert np.abs(median[:5] - TABLE2_MEDIAN[:5]).max() <= 0.5
    assert np.abs(median[5:] - TABLE2_MEDIAN[5:]).max() <= 2.65
    # BDM's own reading of the case: the decision stabilises between 8.35 and 10 years
    assert 8.35 <= run.forecast <= 10.0


def test_bdm_named_options_change_the_dynamics(eu):
    base = bdm(eu.position, eu.capability, eu.salience, rounds=4)
    other = bdm(eu.position, eu.capability, eu.salience, rounds=4, options=BDMOptions(probability="dyad"))
    assert not np.allclose(base.positions, other.positions)
    assert other.options.probability == "dyad"


# ------------------------------------------------------------------------ properties
actors = st.integers(min_value=2, max_value=9).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 100), min_size=n, max_size=n),
        st.lists(st.integers(1, 50), min_size=n, max_size=n),
        st.lists(st.integers(1, 10), min_size=n, max_size=n),
    )
)


def _st(x, c, s) -> Stakeholders:
    n = len(x)
    return Stakeholders(tuple(f"a{k}" for k in range(n)), np.array(c, float), np.array(x, float),
                        np.array(s, float) / 10.0)


@settings(max_examples=40, deadline=None)
@given(actors)
def test_compromise_within_range(data):
    stk = _st(*data)
    f = compromise(stk.position, stk.capability, stk.salience)
    assert stk.position.min() - 1e-9 <= f <= stk.position.max() + 1e-9


@settings(max_examples=40, deadline=None)
@given(actors)
def test_condorcet_position_beats_every_actor_position(data):
    stk = _st(*data)
    m = condorcet_position(stk.position, stk.weight)
    assert m == pytest.approx(weighted_median(stk.position, stk.weight))
    v = pairwise_votes(np.append(stk.position, m), np.append(stk.weight, 0.0))
    assert (v[-1, :-1] >= -1e-9).all()


@settings(max_examples=25, deadline=None)
@given(actors, st.randoms(use_true_random=False))
def test_permuting_actors_changes_nothing(data, rnd):
    stk = _st(*data)
    perm = list(range(stk.n))
    rnd.shuffle(perm)
    p = np.array(perm)
    other = Stakeholders(tuple(stk.names[k] for k in perm), stk.capability[p], stk.position[p], stk.salience[p])
    for cls in MODELS.values():
        a, b = cls().run(stk, 5), cls().run(other, 5)
        assert a.forecast == pytest.approx(b.forecast, abs=1e-9)
        assert a.trajectory == pytest.approx(b.trajectory, abs=1e-9)


@settings(max_examples=25, deadline=None)
@given(actors, st.sampled_from([0.001, 0.5, 3.0, 1000.0]))
def test_scaling_capabilities_changes_nothing(data, k):
    stk = _st(*data)
    scaled = Stakeholders(stk.names, stk.capability * k, stk.position, stk.salience)
    for cls in MODELS.values():
        a, b = cls().run(stk, 5), cls().run(scaled, 5)
        assert a.trajectory == pytest.approx(b.trajectory, abs=1e-7)


@pytest.mark.parametrize("name", list(MODELS))
@pytest.mark.parametrize("x", [0.0, 37.5, 100.0])
def test_single_actor_gets_its_position(name, x):
    stk = Stakeholders(("only",), np.array([2.0]), np.array([x]), np.array([0.7]))
    out = MODELS[name]().run(stk, 5)
    assert out.forecast == x
    assert all(v == x for v in out.trajectory)


@settings(max_examples=25, deadline=None)
@given(actors)
def test_bdm_positions_stay_within_the_initial_range(data):
    stk = _st(*data)
    run = bdm(stk.position, stk.capability, stk.salience, 6)
    assert run.positions.min() >= stk.position.min() - 1e-9
    assert run.positions.max() <= stk.position.max() + 1e-9
    assert ((run.risk >= 0.5 - 1e-9) & (run.risk <= 2.0 + 1e-9)).all()
