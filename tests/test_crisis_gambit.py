"""Gambit cross-checks: the discretised game solved by pygambit agrees with our solution."""

from __future__ import annotations

import io

import numpy as np
import pytest

from standoff.core.errors import UserError
from standoff.engines.crisis import efg, fearon, ultimatum
from standoff.engines.crisis.gambit import solve_with_gambit

pygambit = pytest.importorskip("pygambit")

# thresholds p + c = 0.47 and 0.73 are off the demand grid (k + 0.5) / K for these K
P, C_A, COSTS, Q = 0.42, 0.08, np.array([0.05, 0.31]), np.array([0.3, 0.7])


def game(k: int, **kw: float) -> ultimatum.UltimatumGame:
    return ultimatum.screening_game(P, C_A, COSTS, Q, (np.arange(k) + 0.5) / k, backdown_cost=0.05, **kw)


def test_efg_export_is_read_by_gambit():
    g = game(4, resolve=np.array([[0.6, 0.0], [0.4, 0.5]]))
    text = efg.ultimatum_efg(g)
    assert text.startswith("EFG 2 R")
    gg = pygambit.read_efg(io.StringIO(text))
    assert list(gg.players) == ["Challenger", "Target"]
    assert len(gg.get_infosets("Target")) == 2 * 4
    assert len(gg.get_infosets("Challenger")) == 1 + 2 * 4


@pytest.mark.parametrize("k", [5, 9])
def test_logit_agrees_with_our_equilibrium_and_the_closed_form(k):
    g = game(k)
    ours = ultimatum.solve_ultimatum(g)
    gs = solve_with_gambit(g, "logit", timeout=120)
    assert int(np.argmax(gs.behaviour.demand)) == ours.demand
    assert np.allclose(gs.behaviour.accept, ours.behaviour.accept, atol=1e-2)  # on and off the path
    assert np.allclose(gs.behaviour.escalate, ours.behaviour.escalate, atol=1e-2)
    # our equilibrium approximates the continuous model within one grid step
    exact = fearon.optimal_demand_two_types(P, C_A, COSTS[0], COSTS[1], Q[0])
    assert abs(ours.payoff_challenger - exact.payoff) <= 1.0 / k


def test_two_sided_types_agree_with_logit():
    g = game(5, resolve=np.array([[0.55, 0.0], [0.45, 0.6]]))
    ours = ultimatum.solve_ultimatum(g)
    gs = solve_with_gambit(g, "logit", timeout=120)
    assert int(np.argmax(gs.behaviour.demand)) == ours.demand
    assert ultimatum.max_regret(g, gs.behaviour) < 1e-2


def test_lcp_is_nash_but_need_not_be_sequential():
    g = game(5)
    gs = solve_with_gambit(g, "lcp", timeout=120)
    # a Nash equilibrium: no regret where play actually goes
    assert ultimatum.max_regret(g, gs.behaviour, reached_only=True) < 1e-6
    ours = ultimatum.solve_ultimatum(g)
    assert ultimatum.max_regret(g, ours.behaviour) <= 1e-12


def test_time_limit_is_a_user_error():
    with pytest.raises(UserError, match="within"):
        solve_with_gambit(game(31), "logit", timeout=0.05)
