"""The shared array-level types: outcome space, additive utility, no-deal value."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from standoff.core import (
    AdditiveUtility,
    Interaction,
    Issue,
    OutcomeSpace,
    UserError,
    no_deal_value,
)


def space_of(sizes: list[int]) -> OutcomeSpace:
    return OutcomeSpace(
        tuple(Issue(id=f"i{k}", options=tuple(f"o{j}" for j in range(n))) for k, n in enumerate(sizes))
    )


@given(st.lists(st.integers(1, 5), min_size=1, max_size=4))
def test_enumerate_covers_space_once_in_row_major_order(sizes: list[int]) -> None:
    space = space_of(sizes)
    codes = space.enumerate()
    assert codes.shape == (math.prod(sizes), len(sizes))
    assert len({tuple(c) for c in codes}) == space.n_outcomes
    assert np.array_equal(space.ravel(codes), np.arange(space.n_outcomes))
    assert np.array_equal(space.unravel(np.arange(space.n_outcomes)), codes)


def test_encode_decode_round_trip_and_errors() -> None:
    space = space_of([3, 2])
    pkg = {"i0": "o2", "i1": "o0"}
    assert space.decode(space.encode(pkg)) == pkg
    with pytest.raises(UserError, match="did you mean 'o1'"):
        space.encode({"i0": "o1x", "i1": "o0"})
    with pytest.raises(UserError, match="undecided"):
        space.encode({"i0": "o1"})


def test_huge_space_counts_exactly_but_refuses_enumeration() -> None:
    space = space_of([10] * 10)
    assert space.n_outcomes == 10**10
    with pytest.raises(UserError, match="too many to enumerate"):
        space.enumerate()


@given(
    st.lists(st.integers(1, 4), min_size=1, max_size=4).flatmap(
        lambda sizes: st.tuples(
            st.just(sizes),
            st.lists(st.floats(0, 1), min_size=sum(sizes), max_size=sum(sizes)),
            st.lists(st.floats(0.01, 1), min_size=len(sizes), max_size=len(sizes)),
        )
    )
)
def test_utility_is_the_weighted_sum_of_option_values(args: tuple[list[int], list[float], list[float]]) -> None:
    sizes, flat, raw_w = args
    w = np.array(raw_w) / sum(raw_w)
    values, k = [], 0
    for n in sizes:
        values.append(np.array(flat[k : k + n]))
        k += n
    u = AdditiveUtility(weights=w, values=tuple(values))
    codes = space_of(sizes).enumerate()
    expected = [sum(w[i] * values[i][c[i]] for i in range(len(sizes))) for c in codes]
    assert np.allclose(u(codes), expected)
    assert u.best() == pytest.approx(max(expected))
    assert u.worst() == pytest.approx(min(expected))


def test_red_lines_and_interactions() -> None:
    forbidden = (np.array([False, True]), np.array([False, False, False]))
    inter = Interaction(0, 1, np.array([[0.0, 0.0, 0.5], [0.0, 0.0, 0.0]]))
    u = AdditiveUtility(
        weights=np.array([0.5, 0.5]),
        values=(np.array([0.0, 1.0]), np.array([0.0, 0.5, 1.0])),
        forbidden=forbidden,
        interactions=(inter,),
    )
    codes = space_of([2, 3]).enumerate()
    assert list(u.acceptable(codes)) == [True, True, True, False, False, False]
    assert u(np.array([0, 2])) == pytest.approx(0.5 + 0.5)
    assert not u.is_additive
    with pytest.raises(UserError):
        u.best()


def test_no_deal_value_closed_forms() -> None:
    # no discounting: pressure is cost x periods, then the costly lottery (Fearon 1995)
    v = no_deal_value(p_prevail=0.3, u_win=1.0, u_lose=0.0, conflict_cost=0.1,
                      cost_per_period=0.02, horizon=10, discount=1.0)
    assert v.total == pytest.approx(-0.2 + 0.3 - 0.1)
    # discounting: geometric sum of pressure, lottery discounted by d**T
    d, t = 0.9, 5
    v = no_deal_value(p_prevail=0.5, u_win=0.8, u_lose=0.2, conflict_cost=0.0,
                      cost_per_period=0.1, horizon=t, discount=d)
    assert v.pressure == pytest.approx(-0.1 * sum(d**k for k in range(t)))
    assert v.lottery == pytest.approx(d**t * 0.5)
    assert v.total == pytest.approx(v.pressure + v.lottery + v.conflict_cost)
    # an endless standoff is a perpetuity of pressure
    v = no_deal_value(p_prevail=0.5, u_win=1, u_lose=0, cost_per_period=0.1,
                      horizon=math.inf, discount=0.95)
    assert v.total == pytest.approx(-0.1 / 0.05)
    with pytest.raises(UserError):
        no_deal_value(p_prevail=1.2, u_win=1, u_lose=0)
    with pytest.raises(UserError):
        no_deal_value(p_prevail=0.5, u_win=1, u_lose=0, horizon=math.inf, discount=1.0)


@given(st.floats(0, 1), st.floats(0, 0.2), st.floats(0, 0.2), st.integers(0, 50), st.floats(0.5, 1))
def test_no_deal_value_falls_with_pressure_and_rises_with_strength(
    p: float, c: float, extra: float, t: int, d: float
) -> None:
    base = dict(u_win=1.0, u_lose=0.0, conflict_cost=0.1, horizon=t, discount=d)
    low = no_deal_value(p_prevail=p, cost_per_period=c, **base).total
    high = no_deal_value(p_prevail=p, cost_per_period=c + extra, **base).total
    assert high <= low + 1e-12
    stronger = no_deal_value(p_prevail=min(1.0, p + 0.1), cost_per_period=c, **base).total
    assert stronger >= low - 1e-12


def test_no_deal_value_broadcasts_over_draws() -> None:
    p = np.linspace(0, 1, 5)
    v = no_deal_value(p_prevail=p, u_win=1.0, u_lose=0.0, horizon=0)
    assert np.allclose(v.total, p)
