"""Bundled scenarios load, round-trip, and carry every element of the flagship case."""

from __future__ import annotations

import io
import json

import jsonschema
import numpy as np
import pytest
from ruamel.yaml import YAML

import standoff
from standoff.core.errors import UserError
from standoff.scenario import (
    Scenario,
    ScenarioSpec,
    bundled_names,
    bundled_outcome_path,
    bundled_path,
)
from standoff.scenario.loader import parse_yaml
from standoff.scenario.schema import ActorKind, HistoricalOutcome, InstrumentStatus, Plover


@pytest.mark.parametrize("name", bundled_names())
def test_bundled_scenario_round_trips(name: str) -> None:
    scn = Scenario.load(name)
    data = scn.spec.model_dump(mode="json", exclude_none=True)
    buf = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.sort_base_mapping_type_on_output = False  # option order is meaningful
    yaml.dump(data, buf)
    again = Scenario.from_text(buf.getvalue(), shown=f"{name}-roundtrip.yaml")
    assert again.spec == scn.spec
    assert again.outcome_space == scn.outcome_space


@pytest.mark.parametrize("name", bundled_names())
def test_bundled_scenario_matches_the_exported_json_schema(name: str) -> None:
    schema = ScenarioSpec.model_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    tree = parse_yaml(bundled_path(name).read_text(encoding="utf-8"), name)
    data = json.loads(json.dumps(tree, default=str))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert errors == []


@pytest.mark.parametrize("name", bundled_names())
def test_historical_outcomes_are_stored_apart_and_valid(name: str) -> None:
    path = bundled_outcome_path(name)
    if path is None:
        pytest.skip(f"{name} is not a historical case")
    outcome = HistoricalOutcome.model_validate(parse_yaml(path.read_text(encoding="utf-8"), str(path)))
    scn = Scenario.load(name)
    assert outcome.scenario == scn.id
    assert outcome.date > scn.spec.as_of
    assert set(outcome.questions) == {q.id for q in scn.spec.questions}
    # the as-of inputs must not mention the outcome date's events as confirmed facts
    assert all(e.date <= scn.spec.as_of or not e.confirmed for e in scn.spec.events)


def test_at_least_two_historical_cases() -> None:
    assert sum(bundled_outcome_path(n) is not None for n in bundled_names()) >= 2


@pytest.fixture(scope="module")
def flagship() -> Scenario:
    return Scenario.load("venezuela-2025")


def test_flagship_encodes_the_thirteen_elements(flagship: Scenario) -> None:
    spec = flagship.spec
    events = {e.id: e for e in spec.events}
    # 1 call arranged by three mediators
    call = [e for e in spec.events if e.category is Plover.CONSULT and e.via and e.confirmed]
    assert call and set(call[0].via) == {"brazil", "qatar", "turkey"}
    assert all(spec.actors[m].kind is ActorKind.mediator for m in call[0].via)
    # 2 ultimatum: demand package + conditional threat + deadline (the week that lapsed)
    ult = [e for e in spec.events if e.category is Plover.THREATEN]
    assert ult and ult[0].package and ult[0].threat and ult[0].deadline
    assert spec.instruments[ult[0].threat[0]].status is InstrumentStatus.threatened
    assert ult[0].deadline < spec.as_of
    assert any(e.category is Plover.REJECT and e.responds_to == ult[0].id and e.date == ult[0].deadline
               for e in spec.events)
    # 3 amnesty counter-proposal rejected; 4 military control + elections rejected
    assert events["amnesty-request"].package == {"amnesty": "global"}
    assert {"military_control", "elections"} <= set(events["nicaragua-proposal"].package or {})
    assert events["nicaragua-proposal"].package["military_control"] == "regime_keeps"
    assert any(e.category is Plover.REJECT and e.responds_to == "amnesty-request" for e in spec.events)
    # 5 exit timing; 6 safe-passage scope offered to the family only
    assert ult[0].package["exit_timing"] == "immediate"
    assert ult[0].package["safe_passage"] == "family_only"
    # 7 oil stake side payment rejected a month earlier
    assert events["oil-offer"].package == {"oil": "major_stake"}
    assert events["oil-offer"].date.month == 10
    # 8 unconfirmed meeting with a probability
    assert not events["proposed-meeting"].confirmed and events["proposed-meeting"].probability
    # 9-11 airspace closure, terrorist designation constraining amnesty, bounty lowering exile
    ins = spec.instruments
    assert ins["airspace_closure"].status is InstrumentStatus.in_force
    assert ins["fto_designation"].constrains[0].issue == "amnesty"
    assert ins["bounty"].residual_cost is not None
    # ... as legal exposure that follows the leader out of office, not in office
    assert ins["bounty"].follows_leader is not False and spec.coercion and spec.coercion.exit
    assert spec.coercion.exit.stays == ["no_exit"] and spec.coercion.exile
    # 12 no channel except mediators
    assert spec.channels[0].status == "mediated" and spec.channels[0].via
    # the actors the article leaves out, as assumptions
    for extra in ("fanb", "opposition", "cuba", "russia", "china", "colombia"):
        assert extra in spec.actors
        assert spec.actors[extra].capability.assumption


def test_flagship_pressure_elements_change_the_analysis(flagship: Scenario) -> None:
    """Elements 9-11: removing each instrument changes a utility or a no-deal value."""
    base_v = flagship.no_deal_value("maduro").total
    base_u_us = flagship.utility("usa")
    base_u_m = flagship.utility("maduro")
    data = flagship.spec.model_dump(mode="python", exclude_none=True)
    for iid in ("airspace_closure", "fto_designation", "bounty"):
        d = json.loads(json.dumps(data, default=str))
        del d["instruments"][iid]
        d["events"] = [e for e in d["events"] if e.get("instrument") != iid]
        other = Scenario.from_dict(d)
        changed = (
            other.no_deal_value("maduro").total != base_v
            or any(not np.array_equal(a, b) for a, b in zip(other.utility("usa").forbidden, base_u_us.forbidden, strict=True))
            or any(not np.array_equal(a, b) for a, b in zip(other.utility("maduro").offsets, base_u_m.offsets, strict=True))
        )
        assert changed, iid


def test_flagship_refusals_are_explained_by_the_encoding(flagship: Scenario) -> None:
    from standoff.engines.bargain.refusals import refusal_checks

    checks = refusal_checks(flagship.case())
    assert len(checks) >= 4
    assert all(c.consistent for c in checks)


def test_every_number_has_provenance() -> None:
    text = bundled_path("venezuela-2025").read_text(encoding="utf-8")
    broken = text.replace(
        "    capability: {value: 5, assumption: neighbour most exposed to spillover; not in the article}",
        "    capability: 5",
    )
    assert broken != text
    with pytest.raises(UserError, match="no provenance"):
        Scenario.from_text(broken, shown="x.yaml")


def test_monte_carlo_realisations_stay_in_range(flagship: Scenario) -> None:
    uncertain = flagship.uncertain()
    assert len(uncertain) >= 10
    rng = np.random.default_rng(7)
    for _, q in uncertain:
        draws = q.sample(rng, 200)
        lo, hi = q.bounds
        assert np.all(draws >= lo) and np.all(draws <= hi)
    a = flagship.case(draws=50, seed=3)
    b = standoff.load_scenario("venezuela-2025").case(draws=50, seed=3)
    assert a.inputs.keys() == b.inputs.keys() and len(a.inputs) == len(uncertain)
    assert all(np.array_equal(a.inputs[k], b.inputs[k]) for k in a.inputs)
