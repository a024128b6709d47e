"""Correctness of the protocols: the issue's invariants, closed-form oracles, brute force."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from standoff.core.errors import UserError
from standoff.engines.simulate.domain import (
    Domain,
    MediatorProfile,
    Party,
    Threat,
    nash_candidate,
    prepare,
)
from standoff.engines.simulate.mapping import from_case
from standoff.engines.simulate.mediators import make_mediator_strategy
from standoff.engines.simulate.protocols import negotiate
from standoff.engines.simulate.strategies import STRATEGIES, catalogue, make_strategy
from standoff.scenario.model import Scenario
from tests.simulate_helpers import random_domain, seeds

PROTOCOLS = ("alternating", "single-text", "ultimatum")
DETERMINISTIC = [c.name for c in catalogue(stochastic=False)]
CONCEDERS = [c.name for c in catalogue(time_based=True)]


def zopa(board) -> np.ndarray:  # type: ignore[no-untyped-def]
    r = np.array([p.reservation for p in board.domain.parties]).reshape(-1, 1)
    return board.ok.all(axis=0) & (r <= board.U).all(axis=0)


@settings(max_examples=25, deadline=None)
@given(seed=seeds, n=st.sampled_from([2, 2, 3]), info=st.sampled_from(["complete", "private"]))
def test_agreements_are_acceptable_to_every_party_when_made(seed: int, n: int, info: str) -> None:
    board = prepare(random_domain(seed, n_parties=n), info)  # type: ignore[arg-type]
    rng = np.random.default_rng(seed)
    for protocol in PROTOCOLS:
        for _ in range(6):
            names = [str(rng.choice(list(STRATEGIES))) for _ in range(n)]
            neg = negotiate(board, [make_strategy(x) for x in names], protocol=protocol, rounds=15,
                            seed=seed, mediator="neutral" if protocol == "single-text" else None)
            if neg.agreed:
                for i, _p in enumerate(board.domain.parties):
                    assert board.ok[i, neg.agreement], (protocol, names)
                    assert board.U[i, neg.agreement] >= neg.reservations[i], (protocol, names)
                assert all(neg.acceptable)


@settings(max_examples=30, deadline=None)
@given(seed=seeds, rounds=st.integers(1, 40), info=st.sampled_from(["complete", "private"]))
def test_hardliners_never_agree_before_the_deadline(seed: int, rounds: int, info: str) -> None:
    board = prepare(random_domain(seed), info)  # type: ignore[arg-type]
    m0, m1 = board.menus
    if m0.empty or m1.empty:
        return
    # opposed interests: neither side's best is worth its best to the other
    if board.U[1, m0.asc_idx[-1]] >= m1.best or board.U[0, m1.asc_idx[-1]] >= m0.best:
        return
    neg = negotiate(board, [make_strategy("hardliner"), make_strategy("hardliner")],
                    protocol="alternating", rounds=rounds, seed=seed)
    assert not neg.agreed
    if m0.best >= board.domain.parties[0].reservation and m1.best >= board.domain.parties[1].reservation:
        assert neg.reason == "deadline" and neg.end_round == rounds - 1


@settings(max_examples=30, deadline=None)
@given(seed=seeds, rounds=st.integers(2, 60))
def test_time_based_conceders_reach_agreement_in_a_zone_of_agreement(seed: int, rounds: int) -> None:
    board = prepare(random_domain(seed, reservation_high=0.5), "complete")
    if not zopa(board).any():
        return
    for a, b in itertools.product(CONCEDERS, repeat=2):
        neg = negotiate(board, [make_strategy(a), make_strategy(b)], protocol="alternating",
                        rounds=rounds, seed=seed)
        assert neg.agreed, (a, b)
    for a in CONCEDERS:
        neg = negotiate(board, [make_strategy(a), make_strategy(a)], protocol="single-text",
                        rounds=rounds, seed=seed, mediator="neutral")
        assert neg.agreed, a


def _offers_of(neg, party: str) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return [(s.round, s.offer) for s in neg.trace if s.actor == party and s.action == "offer"]


SCENARIO = """
standoff: 1
id: pressure-test
title: A two-party standoff with one sanction
as_of: 2025-01-01
period: week
sources:
  made-up: {{title: invented for the test, kind: analysis}}
actors:
  a: {{name: A, kind: state, capability: 3, assumption: test}}
  b: {{name: B, kind: state, capability: 1, assumption: test}}
  m: {{name: M, kind: mediator, capability: 1, assumption: test}}
issues:
  x: {{name: X, options: [x0, x1, x2, x3, x4]}}
  y: {{name: Y, options: [y0, y1, y2]}}
negotiation: {{parties: [a, b], mediators: [m]}}
preferences:
  a:
    assumption: test
    issues:
      x: {{salience: 2, values: {{x0: 0, x1: 0.25, x2: 0.5, x3: 0.75, x4: 1}}}}
      y: {{salience: 1, values: {{y0: 0, y1: 0.5, y2: 1}}}}
  b:
    assumption: test
    issues:
      x: {{salience: 1, values: {{x0: 1, x1: 0.75, x2: 0.5, x3: 0.25, x4: 0}}}}
      y: {{salience: 2, values: {{y0: 1, y1: 0.6, y2: 0}}}}
no_deal:
  a: {{assumption: test, against: [b], conflict_cost: 0.2, horizon: 10, discount: 0.95}}
  b: {{assumption: test, against: [a], conflict_cost: 0.2, horizon: 10, discount: 0.95}}
instruments:
  sanction:
    name: A sanction on B
    kind: sanction
    imposer: a
    target: b
    status: in_force
    cost_to_target: {cost}
    cost_to_imposer: 0.0
    assumption: test
  strike:
    name: A strike on B
    kind: military_action
    imposer: a
    target: b
    status: threatened
    cost_to_target: 0.05
    cost_to_imposer: 0.01
    credibility: {cred}
    assumption: test
events:
  - id: ultimatum
    date: 2025-01-01
    actor: a
    target: b
    category: THREATEN
    summary: Give in or else.
    package: {{x: x4}}
    deadline: 2025-01-22
    threat: [strike]
    assumption: test
channels:
  - {{between: [a, b], status: {channel}, assumption: test}}
"""


def scenario(cost: float = 0.0, cred: float = 1.0, channel: str = "open") -> Scenario:
    return Scenario.from_text(SCENARIO.format(cost=cost, cred=cred, channel=channel))


@settings(max_examples=12, deadline=None)
@given(low=st.floats(0.0, 0.02), extra=st.floats(0.001, 0.05))
def test_more_pressure_never_delays_concession(low: float, extra: float) -> None:
    """Raising the pressure on b never makes it concede later, for every deterministic
    strategy, against a hard-liner (who does not react to it)."""
    boards = [prepare(from_case(scenario(cost=c, cred=0.0).case()), "complete") for c in (low, low + extra)]
    for name in DETERMINISTIC:
        seqs = []
        for board in boards:
            neg = negotiate(board, [make_strategy("hardliner"), make_strategy(name)], protocol="alternating",
                            rounds=10, seed=1)
            seqs.append([board.U[1, o] for _, o in _offers_of(neg, "b")])
        lo, hi = seqs
        for u_lo, u_hi in zip(lo, hi, strict=False):
            assert u_hi <= u_lo + 1e-12, name
        # under more pressure it never holds out longer
        assert len(hi) <= len(lo) or not lo, name


def test_mapping_reads_pressure_threat_demand_and_channel() -> None:
    s = scenario(cost=0.01, cred=0.7, channel="closed")
    d = from_case(s.case())
    assert [p.name for p in d.parties] == ["a", "b"]
    assert d.parties[1].cost_per_round == pytest.approx(0.01)
    assert d.parties[1].reservation == pytest.approx(float(s.no_deal_value("b").total))
    assert not d.channel_open and [m.name for m in d.mediators] == ["m"]
    (th,) = d.threats
    assert th.label == "strike" and th.round == 3 and th.probability == pytest.approx(0.7)
    assert th.extra_cost == pytest.approx((0.01, 0.05))
    assert th.reservation_after[1] < d.parties[1].reservation  # the strike makes no deal worse for b
    assert d.space.decode(d.demand)["x"] == "x4" and d.demand_issues == (0,)
    assert d.default_rounds == 10


def test_threat_is_carried_out_on_its_deadline() -> None:
    board = prepare(from_case(scenario(cost=0.0, cred=1.0).case()), "complete")
    d = board.domain
    neg = negotiate(board, [make_strategy("hardliner"), make_strategy("hardliner")], protocol="alternating",
                    rounds=8, seed=0)
    assert neg.threats_carried_out == ["strike"]
    (step,) = [s for s in neg.trace if s.action == "threat"]
    assert step.round == 3
    costs = {s.round: s.costs for s in neg.trace if s.action == "pressure"}
    assert min(costs) == 3  # no pressure at all before the strike
    assert costs[3] == pytest.approx((0.01, 0.05))
    assert neg.reservations == pytest.approx(list(d.threats[0].reservation_after))
    spared = negotiate(prepare(from_case(scenario(cred=0.0).case()), "complete"),
                       [make_strategy("hardliner"), make_strategy("hardliner")], protocol="alternating",
                       rounds=8, seed=0)
    assert spared.threats_carried_out == []


def test_pressure_costs_accumulate_with_discounting() -> None:
    board = prepare(from_case(scenario(cost=0.02, cred=0.0).case()), "complete")
    neg = negotiate(board, [make_strategy("hardliner"), make_strategy("hardliner")], protocol="alternating",
                    rounds=6, seed=0)
    expected = sum(0.95**r * 0.02 for r in range(6))
    assert neg.paid[1] == pytest.approx(expected)
    assert neg.payoffs[1] == pytest.approx(0.95**5 * neg.reservations[1] - expected)


def test_breakdown_risk_matches_the_geometric_law() -> None:
    """Two hard-liners never agree; the talks collapse before round R with probability
    1 - (1 - q)**(R - 1) (a breakdown draw before each round after the first)."""
    d = Domain(
        name="tug",
        space=random_domain(1).space,
        parties=random_domain(1).parties,
    )
    board = prepare(random_domain(5, red_lines=False), "complete")
    del d
    q, rounds, n = 0.05, 10, 600
    m0, m1 = board.menus
    assert board.U[1, m0.asc_idx[-1]] < m1.best
    broke = sum(
        negotiate(board, [make_strategy("hardliner"), make_strategy("hardliner")], protocol="alternating",
                  rounds=rounds, seed=k, breakdown=q, record=False).reason == "breakdown"
        for k in range(n)
    )
    p = 1 - (1 - q) ** (rounds - 1)
    assert abs(broke / n - p) < 4 * math.sqrt(p * (1 - p) / n)


@settings(max_examples=20, deadline=None)
@given(seed=seeds)
def test_nash_mediator_settles_on_the_brute_force_nash_point(seed: int) -> None:
    board = prepare(random_domain(seed, reservation_high=0.4), "complete")
    reservations = [p.reservation for p in board.domain.parties]
    target = nash_candidate(board.U, board.ok, reservations)
    if target is None:
        return
    # brute force over every outcome
    prod = np.where(zopa(board), np.prod(board.U - np.array(reservations).reshape(-1, 1), axis=0), -1)
    assert prod[target] == pytest.approx(prod.max())
    neg = negotiate(board, [make_strategy("linear"), make_strategy("boulware")], protocol="single-text",
                    rounds=20, seed=seed, mediator="neutral", mediator_strategy=make_mediator_strategy("nash"))
    assert neg.agreed and neg.agreement == target


@pytest.mark.parametrize("strategy", ["improve", "interested"])
def test_other_mediators_reach_a_deal_in_a_zone_of_agreement(strategy: str) -> None:
    found = 0
    for seed in range(40):
        board = prepare(random_domain(seed, reservation_high=0.3, red_lines=False), "complete")
        if not zopa(board).any():
            continue
        found += 1
        neg = negotiate(board, [make_strategy("linear"), make_strategy("linear")], protocol="single-text",
                        rounds=20, seed=seed, mediator="neutral", mediator_strategy=make_mediator_strategy(strategy))
        assert neg.agreed
        assert neg.mediator_payoff == pytest.approx(1.0)
    assert found > 10


def test_interested_mediator_tilts_the_terms_its_way() -> None:
    """A mediator whose interests are p0's proposes p0's best package once p1 asks for
    no more than that, so it closes a deal with a hard-liner p0 that the Nash mediator
    (which keeps proposing the Nash point) cannot."""
    checked = 0
    for seed in range(60):
        base = random_domain(seed, red_lines=False, reservation_high=0.2)
        d = Domain(name="tilt", space=base.space, parties=base.parties,
                   mediators=(MediatorProfile("friend-of-p0", utility=base.parties[0].utility),))
        board = prepare(d, "complete")
        best0 = board.menus[0].asc_idx[-1]
        nash = nash_candidate(board.U, board.ok, [p.reservation for p in d.parties])
        if board.U[1, best0] < d.parties[1].reservation or nash is None or board.U[0, nash] >= board.U[0, best0]:
            continue
        checked += 1
        runs = {
            ms: negotiate(board, [make_strategy("hardliner"), make_strategy("conceder")], protocol="single-text",
                          rounds=10, seed=0, mediator="friend-of-p0", mediator_strategy=make_mediator_strategy(ms))
            for ms in ("interested", "nash")
        }
        assert runs["interested"].agreed
        assert board.U[0, runs["interested"].agreement] == pytest.approx(board.menus[0].best)
        assert not runs["nash"].agreed
    assert checked >= 3


@settings(max_examples=20, deadline=None)
@given(seed=seeds, rounds=st.integers(1, 30))
def test_ultimatum_is_accepted_iff_the_demand_beats_walking_away(seed: int, rounds: int) -> None:
    base = random_domain(seed, red_lines=False)
    demand = base.space.unravel(int(np.random.default_rng(seed).integers(base.space.n_outcomes)))
    d = Domain(name="ultimatum", space=base.space, parties=base.parties, demand=demand, demand_issues=(0,))
    board = prepare(d, "complete")
    u = float(base.parties[1].utility(demand))
    for target in ("linear", "boulware", "conceder", "deadline"):
        neg = negotiate(board, [make_strategy("hardliner"), make_strategy(target)], protocol="ultimatum",
                        rounds=rounds, seed=seed)
        assert neg.agreed == (u >= base.parties[1].reservation), target
        if neg.agreed:
            assert (board.codes[neg.agreement] == demand).all()


def test_closed_channel_needs_a_mediator() -> None:
    s = scenario(channel="closed")
    d = from_case(s.case())
    board = prepare(d, "complete")
    neg = negotiate(board, [make_strategy("linear"), make_strategy("linear")], rounds=10, seed=0)
    assert neg.protocol == "single-text" and neg.mediator == "m"
    relayed = negotiate(board, [make_strategy("linear"), make_strategy("linear")], protocol="alternating",
                        rounds=10, seed=0)
    assert relayed.protocol == "alternating" and relayed.mediator == "m"
    assert all(st.via == "m" for st in relayed.trace if st.action in ("offer", "accept"))
    lonely = Domain(name="lonely", space=d.space, parties=d.parties, channel_open=False)
    with pytest.raises(UserError, match="no direct channel and no mediator"):
        negotiate(prepare(lonely, "complete"), [make_strategy("linear"), make_strategy("linear")], rounds=5)


def test_walking_away_when_nothing_beats_the_outside_option() -> None:
    base = random_domain(2, red_lines=False)
    rich = Party(name="rich", utility=base.parties[0].utility, reservation=5.0)
    d = Domain(name="outside", space=base.space, parties=(rich, base.parties[1]))
    neg = negotiate(prepare(d, "complete"), [make_strategy("linear"), make_strategy("linear")],
                    protocol="alternating", rounds=10, seed=0)
    assert neg.reason == "walked_away" and neg.walker == 0 and neg.utilities[0] == 5.0


def test_threat_probability_is_drawn_from_the_seed() -> None:
    board = prepare(from_case(scenario(cred=0.5).case()), "complete")
    outcomes = [
        bool(negotiate(board, [make_strategy("hardliner"), make_strategy("hardliner")], protocol="alternating",
                       rounds=6, seed=k, record=False).threats_carried_out)
        for k in range(200)
    ]
    assert 0.35 < sum(outcomes) / 200 < 0.65
    again = [
        bool(negotiate(board, [make_strategy("hardliner"), make_strategy("hardliner")], protocol="alternating",
                       rounds=6, seed=k, record=False).threats_carried_out)
        for k in range(200)
    ]
    assert outcomes == again


def test_threat_dataclass_is_plain_numbers() -> None:
    th = Threat("t", 2, 0.5, 0, 1, (0.0, 0.1), (0.2, -0.3))
    assert th.extra_cost[1] == 0.1
