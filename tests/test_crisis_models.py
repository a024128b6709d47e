"""Closed forms of the crisis models against published results and brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from standoff.core.errors import UserError
from standoff.engines.crisis import alternating, attrition, fearon, ultimatum

unit = st.floats(0.0, 1.0)
prob = st.floats(0.01, 0.99)
cost = st.floats(0.0, 0.5)


# ----------------------------------------------------------------------- Fearon 1995
def test_bargaining_range_is_p_minus_ca_to_p_plus_cb():
    lo, hi = fearon.bargaining_range(0.6, 0.1, 0.2)
    assert lo == pytest.approx(0.5) and hi == pytest.approx(0.8)


@settings(max_examples=60, deadline=None)
@given(p=st.floats(0.0, 0.6), c_a=cost, lo=st.floats(0.0, 0.2), width=st.floats(0.05, 0.4))
def test_uniform_demand_matches_closed_form_and_brute_force(p, c_a, lo, width):
    hi = lo + width
    d = fearon.optimal_demand_uniform(p, c_a, lo, hi)
    y = min(max(lo, (hi - c_a) / 2), hi, 1 - p)
    assert d.demand == pytest.approx(p + y)
    assert d.p_war == pytest.approx(np.clip((y - lo) / (hi - lo), 0, 1))
    # brute force: maximise the expected payoff on a fine grid of demands
    xs = np.linspace(min(p + lo, 1.0), min(p + hi, 1.0), 20001)  # demands below p + lo are dominated
    f = np.clip((xs - p - lo) / (hi - lo), 0, 1)
    u = (1 - f) * xs + f * (p - c_a)
    assert d.payoff == pytest.approx(u.max(), abs=1e-6)
    assert d.payoff >= u.max() - 1e-9


def test_uniform_demand_published_example():
    # p = 0.5, c_A = 0.1, c_B ~ U[0, 0.4]: x* = 0.5 + 0.15, P(war) = 0.375
    d = fearon.optimal_demand_uniform(0.5, 0.1, 0.0, 0.4)
    assert d.demand == pytest.approx(0.65) and d.p_war == pytest.approx(0.375)


@settings(max_examples=100, deadline=None)
@given(p=st.floats(0.0, 0.5), c_a=cost, c_t=st.floats(0.0, 0.2), gap=st.floats(0.01, 0.3), q=prob)
def test_two_types_threshold(p, c_a, c_t, gap, q):
    c_w = c_t + gap
    thr = (c_w - c_t) / (c_w + c_a)
    assume(abs(q - thr) > 1e-6)
    d = fearon.optimal_demand_two_types(p, c_a, c_t, c_w, q)
    expected = p + c_w if q < thr else p + c_t
    assert d.demand == pytest.approx(expected)
    assert d.p_war == pytest.approx(q if q < thr else 0.0)
    # the empirical-distribution solver agrees
    e = fearon.optimal_demand_discrete(p, c_a, np.array([c_t, c_w]), np.array([q, 1 - q]))
    assert e.demand == pytest.approx(d.demand) and e.payoff == pytest.approx(d.payoff)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-0.3, 1.3), min_size=1, max_size=12), st.floats(-0.5, 0.9))
def test_threshold_demand_is_the_brute_force_optimum(ts, war):
    t = np.array(ts)
    d = fearon.optimal_demand_thresholds(war, t)
    xs = np.linspace(0, 1, 4001)
    xs = np.concatenate([xs, np.clip(t, 0, 1)])
    rej = (t[None, :] < xs[:, None]).mean(axis=1)
    u = (1 - rej) * xs + rej * war
    assert d.payoff == pytest.approx(u.max(), abs=1e-12)


def test_continuous_demand_agrees_with_uniform_closed_form():
    lo, hi = 0.05, 0.45
    d = fearon.optimal_demand_continuous(0.4, 0.1, lambda y: (y - lo) / (hi - lo), lo, hi)
    c = fearon.optimal_demand_uniform(0.4, 0.1, lo, hi)
    assert d.demand == pytest.approx(c.demand, abs=1e-6)
    assert d.p_war == pytest.approx(c.p_war, abs=1e-6)


def test_fearon_rejects_bad_domain():
    with pytest.raises(UserError):
        fearon.bargaining_range(1.2, 0.1, 0.1)
    with pytest.raises(UserError):
        fearon.optimal_demand_uniform(0.5, -0.1, 0.0, 0.2)


# ---------------------------------------------------------------------- Rubinstein
def test_rubinstein_share():
    assert alternating.rubinstein_share(0.9, 0.8) == pytest.approx(0.2 / 0.28)
    s = alternating.solve_alternating(0.9, 0.8)
    assert s.share_a == pytest.approx((1 - 0.8) / (1 - 0.72))


def test_outside_option_principle():
    d_a, d_b = 0.9, 0.9
    thr = d_b * (1 - d_a) / (1 - d_a * d_b)
    below = alternating.solve_alternating(d_a, d_b, w_b=thr - 0.01)
    above = alternating.solve_alternating(d_a, d_b, w_b=thr + 0.05)
    assert below.share_a == pytest.approx((1 - d_b) / (1 - d_a * d_b))
    assert above.share_a == pytest.approx(1 - (thr + 0.05))
    assert below.threshold_w_b == pytest.approx(thr)


@settings(max_examples=80, deadline=None)
@given(d_a=st.floats(0.3, 0.95), d_b=st.floats(0.3, 0.95), w_a=st.floats(0, 0.45), w_b=st.floats(0, 0.45),
       beta=st.floats(0, 0.5), b_a=st.floats(0, 0.45), b_b=st.floats(0, 0.45))
def test_stationary_spe_is_the_limit_of_backward_induction(d_a, d_b, w_a, w_b, beta, b_a, b_b):
    s = alternating.solve_alternating(d_a, d_b, w_a=w_a, w_b=w_b, beta=beta, b_a=b_a, b_b=b_b)
    va, vb = alternating.backward_induction(d_a, d_b, 801, w_a=w_a, w_b=w_b, beta=beta, b_a=b_a, b_b=b_b)
    assert s.deal
    assert s.share_a == pytest.approx(va, abs=1e-6)
    assert 1 - s.share_a == pytest.approx(vb, abs=1e-6)


def test_vectorised_alternating_matches_scalar():
    rng = np.random.default_rng(3)
    d = rng.uniform(0.5, 0.95, (2, 50))
    w = rng.uniform(0, 0.4, (2, 50))
    v = alternating.solve_alternating(d[0], d[1], w_a=w[0], w_b=w[1], beta=0.1, b_a=0.1, b_b=0.2)
    for i in range(0, 50, 7):
        s = alternating.solve_alternating(d[0, i], d[1, i], w_a=w[0, i], w_b=w[1, i], beta=0.1, b_a=0.1, b_b=0.2)
        assert v.share_a[i] == pytest.approx(s.share_a)


# ----------------------------------------------------------------------- attrition
@settings(max_examples=50, deadline=None)
@given(ct=st.floats(0.001, 0.1), ci=st.floats(0.001, 0.1), gt=st.floats(0.05, 1), gi=st.floats(0.05, 1))
def test_attrition_is_sequentially_rational_at_every_date(ct, ci, gt, gi):
    sol = attrition.solve_attrition(ct, ci, gt, gi)
    # each side is indifferent about when to concede: holding out until any date pays the same
    for own, gain, other in ((ct, gt, sol.hazard_imposer), (ci, gi, sol.hazard_target)):
        vals = [attrition.value_of_holding_out(s, own, gain, other) for s in (0.0, 0.5, 3.0, 20.0, 100.0)]
        assert np.ptp(vals) < 1e-9 * max(1.0, gain)
    assert sol.p_target_first + sol.p_imposer_first + sol.p_never == pytest.approx(1.0)
    assert sol.p_imposer_first == pytest.approx((ct / gt) / (ct / gt + ci / gi))
    assert sol.expected_duration == pytest.approx(1 / (ct / gt + ci / gi))


def test_attrition_duration_matches_simulation():
    sol = attrition.solve_attrition(0.02, 0.01, 0.4, 0.5)
    rng = np.random.default_rng(0)
    t_t = rng.exponential(1 / sol.hazard_target, 200_000)
    t_i = rng.exponential(1 / sol.hazard_imposer, 200_000)
    assert np.minimum(t_t, t_i).mean() == pytest.approx(sol.expected_duration, rel=0.02)
    assert (t_t < t_i).mean() == pytest.approx(sol.p_target_first, abs=0.01)


@settings(max_examples=80, deadline=None)
@given(ct=st.floats(0, 0.1), extra=st.floats(0, 0.1), ci=st.floats(0, 0.1), gt=st.floats(-0.2, 1), gi=st.floats(-0.2, 1))
@example(ct=0.0, extra=0.0625, ci=0.0, gt=2.2250738585e-313, gi=1.0)  # a denormal gain once gave nan
def test_more_pressure_never_lengthens_the_standoff(ct, extra, ci, gt, gi):
    a = attrition.solve_attrition(ct, ci, gt, gi)
    b = attrition.solve_attrition(ct + extra, ci, gt, gi)
    assert b.expected_duration <= a.expected_duration + 1e-12
    for s in (a, b):
        total = s.p_target_first + s.p_imposer_first + s.p_never
        assert total == pytest.approx(1.0)
        assert all(0 <= x <= 1 for x in (s.p_target_first, s.p_imposer_first, s.p_never))


def test_attrition_pure_cases():
    # a costless side never concedes (limit of the stationary equilibrium)
    only_i = attrition.solve_attrition(0.01, 0.0, 0.5, 0.5)
    assert only_i.p_imposer_first == 1.0 and only_i.expected_duration == pytest.approx(50.0)
    assert attrition.solve_attrition(0.0, 0.01, 0.5, 0.5).p_target_first == 1.0
    assert attrition.solve_attrition(0.0, 0.0, 0.5, 0.5).p_never == 1.0
    assert attrition.solve_attrition(0.01, 0.01, -0.1, 0.5).p_target_first == 1.0


# ------------------------------------------------------------------- ultimatum game
def random_game(rng: np.random.Generator, k: int, nt: int, nc: int) -> ultimatum.UltimatumGame:
    return ultimatum.UltimatumGame(
        a=rng.uniform(0, 1, k), b=rng.uniform(-1, 1, (nt, k)), q=rng.dirichlet(np.ones(nt)),
        wT=rng.uniform(-1, 1, nt), sT=rng.uniform(-1, 1, nt), r=rng.dirichlet(np.ones(nc)),
        wC=rng.uniform(-1, 1, nc), sC=rng.uniform(-1, 1, nc),
    )


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), k=st.integers(1, 6), nt=st.integers(1, 4), nc=st.integers(1, 3))
def test_our_equilibrium_is_sequentially_rational_everywhere(seed, k, nt, nc):
    g = random_game(np.random.default_rng(seed), k, nt, nc)
    sol = ultimatum.solve_ultimatum(g)
    rs = ultimatum.regrets(g, sol.behaviour)
    if k > 1:
        assert any(not r.reached for r in rs)  # off-path information sets are checked too
    assert max(r.regret for r in rs) <= 1e-12  # on and off the path
    assert sol.p_comply + sol.p_escalate + sol.p_backdown == pytest.approx(1.0)
    assert 0 <= sol.p_comply <= 1 and 0 <= sol.p_escalate <= 1


def pure_profiles(g: ultimatum.UltimatumGame):
    k, nt, nc = g.n_demands, g.q.size, g.r.size
    for dem in range(k):
        for acc in itertools.product((0.0, 1.0), repeat=nt * k):
            for esc in itertools.product((0.0, 1.0), repeat=nc * k):
                d = np.zeros(k)
                d[dem] = 1
                yield ultimatum.Behaviour(d, np.array(acc).reshape(nt, k), np.array(esc).reshape(nc, k))


def expected_payoffs(g: ultimatum.UltimatumGame, b: ultimatum.Behaviour) -> tuple[float, float]:
    """Brute-force evaluation of the tree: sum over every terminal history."""
    uc = ut = 0.0
    for j, k, i in itertools.product(range(g.q.size), range(g.n_demands), range(g.r.size)):
        pr = g.q[j] * b.demand[k] * g.r[i]
        acc, esc = b.accept[j, k], b.escalate[i, k]
        uc += pr * (acc * g.a[k] + (1 - acc) * (esc * g.wC[i] + (1 - esc) * g.sC[i]))
        ut += pr * (acc * g.b[j, k] + (1 - acc) * (esc * g.wT[j] + (1 - esc) * g.sT[j]))
    return uc, ut


@pytest.mark.parametrize("seed", range(8))
def test_brute_force_over_all_pure_profiles(seed):
    g = random_game(np.random.default_rng(seed), 2, 2, 2)
    sol = ultimatum.solve_ultimatum(g)
    sequential, nash = [], []
    for b in pure_profiles(g):
        if ultimatum.max_regret(g, b) <= 1e-12:
            sequential.append(b)
        # Nash by brute force: no unilateral pure deviation of a player's whole strategy pays
        uc, ut = expected_payoffs(g, b)
        ok = True
        for dev in pure_profiles(g):
            if np.array_equal(dev.accept, b.accept) and (
                expected_payoffs(g, dev)[0] > uc + 1e-12
            ):
                ok = False
                break
            if np.array_equal(dev.demand, b.demand) and np.array_equal(dev.escalate, b.escalate) and (
                expected_payoffs(g, dev)[1] > ut + 1e-12
            ):
                ok = False
                break
        if ok:
            nash.append(b)
    assert sequential, "a finite game of this kind always has a pure sequential equilibrium"
    ours = expected_payoffs(g, sol.behaviour)
    assert ours[0] == pytest.approx(sol.payoff_challenger)
    assert ours[1] == pytest.approx(sol.payoff_target)
    # generic payoffs: every sequentially rational pure profile gives the same payoffs as ours
    for b in sequential:
        assert expected_payoffs(g, b) == pytest.approx(ours)
    assert len(nash) >= len(sequential)


def test_nash_equilibrium_resting_on_a_non_credible_threat_is_rejected():
    # the target complies because an irresolute challenger "would" escalate: Nash, not sequential
    g = ultimatum.UltimatumGame(a=[1.0], b=[[0.0]], q=[1.0], wT=[-1.0], sT=[1.0], r=[1.0], wC=[-0.5], sC=[0.0])
    threat = ultimatum.Behaviour(demand=np.array([1.0]), accept=np.array([[1.0]]), escalate=np.array([[1.0]]))
    assert ultimatum.max_regret(g, threat, reached_only=True) == 0.0  # the escalation node is never reached
    assert ultimatum.max_regret(g, threat) == pytest.approx(0.5)  # but escalating there is not rational
    sol = ultimatum.solve_ultimatum(g)
    assert sol.p_comply == 0.0 and sol.p_backdown == 1.0


@settings(max_examples=60, deadline=None)
@given(p=st.floats(0.1, 0.6), c_a=st.floats(0.0, 0.3), c_t=st.floats(0.0, 0.15), gap=st.floats(0.02, 0.3), q=prob,
       k=st.integers(3, 60))
def test_discretised_game_agrees_with_two_type_closed_form(p, c_a, c_t, gap, q, k):
    c_w = c_t + gap
    assume(p + c_w < 1.0)
    thr = (c_w - c_t) / (c_w + c_a)
    assume(abs(q - thr) > 0.02)
    demands = (np.arange(k) + 0.5) / k
    assume(np.min(np.abs(demands - (p + c_t))) > 1e-9 and np.min(np.abs(demands - (p + c_w))) > 1e-9)
    assume(p + c_t >= 1.0 / k)  # some demand within a step below each type's threshold
    # Fearon's model has war follow a rejection: an audience cost makes escalation credible
    g = ultimatum.screening_game(p, c_a, np.array([c_t, c_w]), np.array([q, 1 - q]), demands, backdown_cost=1.0)
    sol = ultimatum.solve_ultimatum(g)
    exact = fearon.optimal_demand_two_types(p, c_a, c_t, c_w, q)
    step = 1.0 / k
    # the grid optimum loses at most one step of demand against the continuous optimum
    assert exact.payoff - step - 1e-12 <= sol.payoff_challenger <= exact.payoff + 1e-12
    # and equals the exact optimum over the grid (brute force over the K demands)
    best = max(
        sum(qq * (x <= p + c + 1e-15) * x + qq * (x > p + c) * (p - c_a) for qq, c in ((q, c_t), (1 - q, c_w)))
        for x in demands
    )
    assert sol.payoff_challenger == pytest.approx(best)


@settings(max_examples=100, deadline=None)
@given(u_c=st.floats(-1, 1), u_s=st.floats(-1, 1), loss=st.floats(0, 1), pi=unit, more=st.floats(0, 1))
@example(u_c=6.992387741341073e-125, u_s=6.992387741341073e-125, loss=0.0, pi=0.0, more=0.2175364578719466)
def test_more_credible_threats_never_lower_compliance(u_c, u_s, loss, pi, more):
    u_w = u_s - loss  # carrying out the threat hurts the target
    lo = ultimatum.solve_compellence(np.array(u_c), np.array(u_w), np.array(u_s), np.array(pi))
    hi = ultimatum.solve_compellence(np.array(u_c), np.array(u_w), np.array(u_s), np.array(min(1.0, pi + more)))
    assert hi.p_comply >= lo.p_comply
    assert lo.p_comply + lo.p_escalate + lo.p_backdown == pytest.approx(1.0)


def test_compellence_rejects_bad_credibility():
    with pytest.raises(UserError):
        ultimatum.solve_compellence(np.array(0.0), np.array(0.0), np.array(0.0), np.array(1.5))
