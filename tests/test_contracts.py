"""Every plug-in passes its family's contract (Axelrod's TestPlayer pattern): one shared
base test class per family, one small subclass per member, and a guard that fails when a
member of a registry has no subclass here.

Families: crisis models, pressure-instrument kinds, negotiation protocols, mediators,
forecast models. (Negotiation strategies have theirs in ``test_simulate_strategies.py``.)
"""

from __future__ import annotations

import inspect
import sys
from typing import ClassVar

import numpy as np
import pytest

import standoff
from standoff.core.errors import UserError
from standoff.core.stakeholders import Stakeholders
from standoff.engines.crisis import MODELS, model_name
from standoff.engines.crisis.inputs import crisis_inputs
from standoff.engines.crisis.models import Context, CrisisModel
from standoff.engines.forecast.models import MODELS as FORECAST_MODELS
from standoff.engines.simulate.domain import prepare
from standoff.engines.simulate.mediators import MEDIATOR_STRATEGIES, make_mediator_strategy
from standoff.engines.simulate.protocols import PROTOCOLS
from standoff.engines.simulate.strategies import make_strategy
from standoff.results import Note
from standoff.scenario.case import instruments as inst
from tests.simulate_helpers import random_domain


@pytest.fixture(scope="module")
def flagship_inputs():
    case = standoff.load_scenario("venezuela-2025").case(draws=400, seed=3)
    return case, crisis_inputs(case)


# ----------------------------------------------------------------------- crisis models
class CrisisModelContract:
    name: ClassVar[str] = ""

    @property
    def model(self) -> CrisisModel:
        return MODELS[self.name]

    def test_declares_itself(self) -> None:
        m = self.model
        assert m.name == self.name and m.title and m.citation
        assert model_name(m.name) == m.name
        for alias in m.aliases:
            assert model_name(alias) == m.name
        assert m.parameters, "a model without parameters cannot be explored"
        for p in m.parameters.values():
            assert p.domain and p.help

    def test_params_cover_its_table(self, flagship_inputs) -> None:
        _, inp = flagship_inputs
        params = self.model.params(inp)
        assert set(params) <= set(self.model.parameters)
        for v in params.values():
            assert np.all(np.isfinite(v))

    def test_endings_are_probabilities_per_draw(self, flagship_inputs) -> None:
        _, inp = flagship_inputs
        sol = self.model.solve(self.model.params(inp), Context(inp.deadline_periods))
        total = sum(np.broadcast_to(v, (inp.n,)) for v in sol.endings.values())
        assert np.allclose(total, 1.0)
        for v in sol.endings.values():
            assert np.all((np.asarray(v) >= -1e-12) & (np.asarray(v) <= 1 + 1e-12))

    def test_refuses_values_outside_a_domain(self) -> None:
        name, spec = next(iter(self.model.parameters.items()))
        bad = next((v for v in (-1.0, 2.0, float("nan"), 1e300) if not spec.test(v) or v != v or abs(v) > 1e6), None)
        assert bad is not None
        with pytest.raises(UserError):
            self.model.with_overrides({}, {name: bad})

    def test_not_applicable_gives_reasons(self, flagship_inputs) -> None:
        case, inp = flagship_inputs
        why = self.model.not_applicable(case, inp)
        assert all(isinstance(n, Note) and n.code for n in why)


class TestFearon(CrisisModelContract):
    name = "fearon"


class TestUltimatum(CrisisModelContract):
    name = "ultimatum"


class TestRubinstein(CrisisModelContract):
    name = "rubinstein"


class TestAttrition(CrisisModelContract):
    name = "attrition"


# -------------------------------------------------------------------- instrument kinds
class InstrumentContract:
    kind: ClassVar[str] = ""

    @property
    def plugin(self) -> inst.InstrumentKind:
        return inst.REGISTRY[self.kind]

    def test_declares_every_property(self) -> None:
        p = self.plugin
        assert p.kind == self.kind and p.label
        assert set(p.properties) == set(inst.InstrumentKind.properties)
        assert all(isinstance(v, bool) for v in p.properties.values())

    def test_costs_pass_through(self) -> None:
        eff = self.plugin.effects(cost_to_target=np.array([0.3]), cost_to_imposer=np.array([0.1]), residual=None,
                                  follows_leader=None, ctx=inst.InstrumentContext(sizes=(3, 2)))
        assert eff.cost_to_target[0] == 0.3 and eff.cost_to_imposer[0] == 0.1 and eff.residual is None

    def test_residual_lands_only_where_the_deal_does_not_lift_it(self) -> None:
        # issue 0: exit (option 2 = the leader stays); issue 1: amnesty (option 1 lifts it)
        ctx = inst.InstrumentContext(sizes=(3, 2), lifting={1: np.array([False, True])}, exit_issue=0,
                                     stays=np.array([False, False, True]), exposure=np.array([0.5]))
        eff = self.plugin.effects(cost_to_target=np.zeros(1), cost_to_imposer=np.zeros(1), residual=np.array([0.2]),
                                  follows_leader=None, ctx=ctx)
        grid = np.zeros((3, 2))
        for term in eff.residual_terms:
            if term.issues == (1,):
                grid += term.mask[None, :]
            elif term.issues == (0,):
                grid += term.mask[:, None]
            else:
                grid += term.mask
        assert not grid[:, 1].any(), "a deal that lifts the instrument carries no residual cost"
        if self.plugin.properties["follows_leader"]:
            assert not grid[2].any(), "legal exposure does not follow a leader who stays in office"
            assert grid[0, 0] and grid[1, 0]
            assert eff.residual is not None and eff.residual[0] == pytest.approx(0.1)  # scaled by the exposure
        else:
            assert grid[:, 0].all()
            assert eff.residual is not None and eff.residual[0] == pytest.approx(0.2)


def _instrument_tests() -> None:
    for kind in inst.REGISTRY:
        cls_name = "TestInstrument" + "".join(w.title() for w in kind.split("_"))
        setattr(sys.modules[__name__], cls_name, type(cls_name, (InstrumentContract,), {"kind": kind}))


_instrument_tests()


# ------------------------------------------------------------------------- protocols
class ProtocolContract:
    name: ClassVar[str] = ""

    def test_declares_itself(self) -> None:
        p = PROTOCOLS[self.name]
        assert p.name == self.name and "needs_mediator" in p.properties

    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_an_agreement_is_acceptable_to_every_party(self, seed: int) -> None:
        board = prepare(random_domain(seed), "complete")
        d = board.domain
        neg = PROTOCOLS[self.name].run(board, [make_strategy("linear"), make_strategy("conceder")],
                                       mediator=d.mediators[0], mediator_strategy=None, rounds=20, seed=seed,
                                       breakdown=0.0, record=True)
        assert neg.protocol == self.name
        if neg.agreed:
            assert all(neg.acceptable), "an agreement crosses no party's red line"
            for i in range(d.n_parties):
                assert bool(board.ok[i, neg.agreement])


class TestAlternating(ProtocolContract):
    name = "alternating"


class TestUltimatumProtocol(ProtocolContract):
    name = "ultimatum"


class TestSingleText(ProtocolContract):
    name = "single-text"


# ------------------------------------------------------------------------- mediators
class MediatorContract:
    name: ClassVar[str] = ""

    @pytest.mark.parametrize("seed", [4, 5])
    def test_proposes_only_valid_texts(self, seed: int) -> None:
        board = prepare(random_domain(seed), "complete")
        neg = PROTOCOLS["single-text"].run(board, [make_strategy("linear"), make_strategy("linear")],
                                           mediator=board.domain.mediators[0],
                                           mediator_strategy=make_mediator_strategy(self.name), rounds=15, seed=seed,
                                           breakdown=0.0, record=True)
        assert neg.protocol == "single-text"
        for step in neg.trace:
            offer = getattr(step, "offer", None)
            if offer is not None and offer >= 0:
                assert 0 <= offer < board.codes.shape[0]


class TestNashMediator(MediatorContract):
    name = "nash"


class TestImproveMediator(MediatorContract):
    name = "improve"


class TestInterestedMediator(MediatorContract):
    name = "interested"


# -------------------------------------------------------------------- forecast models
class ForecastContract:
    name: ClassVar[str] = ""

    def test_forecast_within_the_positions_and_declared(self) -> None:
        st = Stakeholders(("a", "b", "c"), np.array([3.0, 2.0, 1.0]), np.array([10.0, 60.0, 90.0]),
                          np.array([0.5, 0.8, 0.3]))
        model = FORECAST_MODELS[self.name]()
        out = model.run(st, 5)
        assert 10.0 - 1e-9 <= out.forecast <= 90.0 + 1e-9
        assert out.trajectory and {"label", "dynamic"} <= set(type(model).properties)


class TestCompromise(ForecastContract):
    name = "compromise"


class TestMedian(ForecastContract):
    name = "median"


class TestCondorcet(ForecastContract):
    name = "condorcet"


class TestBDM(ForecastContract):
    name = "bdm"


class TestKTAB(ForecastContract):
    name = "ktab"


# ---------------------------------------------------------------------------- guards
def _covered(base: type) -> set[str]:
    attr = {CrisisModelContract: "name", ProtocolContract: "name", MediatorContract: "name",
            ForecastContract: "name", InstrumentContract: "kind"}[base]
    return {getattr(obj, attr) for _, obj in inspect.getmembers(sys.modules[__name__], inspect.isclass)
            if issubclass(obj, base) and obj is not base}


@pytest.mark.parametrize(("base", "registry"), [
    (CrisisModelContract, MODELS), (ProtocolContract, PROTOCOLS), (MediatorContract, MEDIATOR_STRATEGIES),
    (ForecastContract, FORECAST_MODELS), (InstrumentContract, inst.REGISTRY),
], ids=["crisis", "protocols", "mediators", "forecast", "instruments"])
def test_every_member_has_a_contract_test(base: type, registry: dict[str, object]) -> None:
    assert set(registry) == _covered(base)


def test_every_crisis_model_class_is_registered() -> None:
    from standoff.engines.crisis import models as module

    classes = {obj for _, obj in inspect.getmembers(module, inspect.isclass)
               if issubclass(obj, CrisisModel) and obj is not CrisisModel}
    assert classes == {type(m) for m in MODELS.values()}
