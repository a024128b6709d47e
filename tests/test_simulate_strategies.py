"""Every strategy passes one shared contract (modelled on Axelrod's TestPlayer):
valid offers only, reset, cloning, identical replay with the same seed."""

from __future__ import annotations

from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings

from standoff.core.errors import UserError
from standoff.engines.simulate.domain import prepare
from standoff.engines.simulate.protocols import negotiate
from standoff.engines.simulate.strategies import (
    ACCEPT,
    STRATEGIES,
    WALK,
    Strategy,
    Turn,
    catalogue,
    make_strategy,
)
from standoff.engines.simulate.strategies.base import Strategy as BaseStrategy
from tests.simulate_helpers import random_domain, seeds

OPPONENTS = ("hardliner", "conceder", "tit-for-tat", "noisy-linear")


class Spy(BaseStrategy):
    """Wraps a strategy and records every decision with what it saw."""

    name: ClassVar[str] = "spy"

    def __init__(self, inner: Strategy) -> None:
        super().__init__()
        self.inner = inner
        self.seen: list[tuple[int, float, float, int]] = []

    def decide(self, s: Turn) -> int:
        choice = self.inner.decide(s)
        self.seen.append((s.offer, s.offer_u, s.reservation, choice))
        return choice

    def reset(self) -> None:
        self.inner.reset()
        self.seen = []


class StrategyContract:
    """The shared base test class: subclasses set ``name``. (Hypothesis runs the
    inherited property tests once per subclass, as Axelrod's TestPlayer does, hence the
    suppressed ``differing_executors`` check.)"""

    name: ClassVar[str] = ""

    def make(self) -> Strategy:
        return make_strategy(self.name)

    def test_declares_every_property(self) -> None:
        cls = STRATEGIES[self.name]
        assert cls.name == self.name
        assert set(cls.properties) == set(Strategy.properties)
        assert all(isinstance(v, bool) for v in cls.properties.values())

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.differing_executors])
    @given(seed=seeds)
    def test_valid_offers_only(self, seed: int) -> None:
        domain = random_domain(seed)
        for information in ("complete", "private"):
            board = prepare(domain, information)  # type: ignore[arg-type]
            for opp in OPPONENTS:
                spy = Spy(self.make())
                for protocol in ("alternating", "single-text", "ultimatum"):
                    neg = negotiate(board, [spy, make_strategy(opp)], protocol=protocol, rounds=12,
                                    seed=seed, mediator="neutral" if protocol == "single-text" else None)
                    menu = set(board.menus[0].asc_idx)
                    res = domain.parties[0].reservation
                    for offer, offer_u, reservation, choice in spy.seen:
                        assert choice in (ACCEPT, WALK) or choice in menu
                        if choice >= 0:
                            assert board.U[0, choice] >= reservation  # never offers below walking away
                        if choice == ACCEPT:
                            assert offer >= 0 and offer_u >= reservation and board.ok[0, offer]
                        if choice == WALK:
                            assert board.menus[0].best < res or board.menus[0].empty
                    assert neg.agreement == -1 or neg.acceptable[0]
                    spy.reset()

    def test_reset_forgets(self) -> None:
        board = prepare(random_domain(7), "complete")
        player = self.make()
        fresh = player.clone()
        negotiate(board, [player, make_strategy("conceder")], protocol="alternating", rounds=15, seed=3)
        player.reset()
        assert player == fresh

    def test_clone_is_equal_and_independent(self) -> None:
        player = self.make()
        clone = player.clone()
        assert clone == player and clone is not player
        board = prepare(random_domain(11), "private")
        a = negotiate(board, [player, make_strategy("tit-for-tat")], protocol="alternating", rounds=20, seed=5)
        b = negotiate(board, [clone, make_strategy("tit-for-tat")], protocol="alternating", rounds=20, seed=5)
        assert a.trace == b.trace

    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.differing_executors])
    @given(seed=seeds)
    def test_identical_replay_with_same_seed(self, seed: int) -> None:
        board = prepare(random_domain(seed), "private")
        for opp in OPPONENTS:
            runs = [
                negotiate(board, [self.make(), make_strategy(opp)], protocol="alternating", rounds=25,
                          seed=seed, breakdown=0.02)
                for _ in range(2)
            ]
            assert runs[0].trace == runs[1].trace
            assert runs[0].payoffs == runs[1].payoffs


class TestBoulware(StrategyContract):
    name = "boulware"


class TestLinear(StrategyContract):
    name = "linear"


class TestConceder(StrategyContract):
    name = "conceder"


class TestNoisyLinear(StrategyContract):
    name = "noisy-linear"


class TestTitForTat(StrategyContract):
    name = "tit-for-tat"


class TestHardLiner(StrategyContract):
    name = "hardliner"


class TestDeadlineDriven(StrategyContract):
    name = "deadline"


class TestAspirationAdaptive(StrategyContract):
    name = "adaptive"


class TestMediatorAware(StrategyContract):
    name = "mediator-aware"


def test_every_strategy_has_a_contract_test() -> None:
    tested = {cls.name for cls in StrategyContract.__subclasses__()}
    assert tested == set(STRATEGIES)


def test_catalogue_filters_by_property() -> None:
    time_based = {c.name for c in catalogue(time_based=True)}
    assert {"boulware", "linear", "conceder", "deadline"} <= time_based
    assert "hardliner" not in time_based
    assert {c.name for c in catalogue(stochastic=True)} == {"noisy-linear"}
    assert {c.name for c in catalogue(pressure_sensitive=True)} == {"adaptive"}
    assert {c.name for c in catalogue(uses_mediator=True)} == {"mediator-aware"}
    for cls in catalogue(responsive=True, time_based=False):
        assert cls.properties["responsive"] and not cls.properties["time_based"]
    with pytest.raises(UserError, match="did you mean 'stochastic'"):
        catalogue(stochastik=True)


def test_unknown_strategy_suggests_a_name() -> None:
    with pytest.raises(UserError) as info:
        make_strategy("boulwere")
    assert "did you mean 'boulware'" in info.value.format()


def test_stochastic_strategy_depends_on_the_seed() -> None:
    board = prepare(random_domain(3, max_issues=3), "private")
    traces = {
        tuple((s.round, s.offer) for s in negotiate(board, [make_strategy("noisy-linear"), make_strategy("hardliner")],
                                                   protocol="alternating", rounds=30, seed=k).trace)
        for k in range(8)
    }
    assert len(traces) > 1
