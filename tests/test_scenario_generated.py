"""Hypothesis-generated valid scenarios load, round-trip through YAML, and map to arrays."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from standoff.scenario import Scenario

IDS = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
UNIT = st.floats(0, 1, allow_nan=False)


def quantity(lo: float, hi: float) -> st.SearchStrategy[Any]:
    fixed = st.floats(lo, hi, allow_nan=False)
    uniform = st.tuples(fixed, fixed).filter(lambda t: t[0] < t[1]).map(
        lambda t: {"dist": "uniform", "low": t[0], "high": t[1], "assumption": "generated"}
    )
    tri = st.lists(fixed, min_size=3, max_size=3, unique=True).map(sorted).map(
        lambda t: {"dist": "triangular", "low": t[0], "mode": t[1], "high": t[2]}
    )
    beta = st.tuples(st.floats(0.5, 5), st.floats(0.5, 5)).map(lambda ab: {"dist": "beta", "a": ab[0], "b": ab[1]})
    options = [fixed, uniform, tri]
    if (lo, hi) == (0.0, 1.0):
        options.append(beta)
    return st.one_of(*options)


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    actor_ids = draw(st.lists(IDS, min_size=2, max_size=5, unique=True))
    issue_ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    issues: dict[str, Any] = {}
    for iid in issue_ids:
        kind = draw(st.sampled_from(["ordered", "categorical", "scale"]))
        if kind == "scale":
            issues[iid] = {"name": f"issue {iid}", "kind": "scale", "ends": ["low end", "high end"],
                           "steps": draw(st.integers(2, 11))}
        else:
            opts = draw(st.lists(IDS, min_size=2, max_size=4, unique=True))
            issues[iid] = {"name": f"issue {iid}", "kind": kind, "options": opts}
    parties = actor_ids[:2]
    prefs: dict[str, Any] = {}
    for a in actor_ids:
        chosen = draw(st.lists(st.sampled_from(issue_ids), min_size=1, unique=True))
        block: dict[str, Any] = {}
        for iid in chosen:
            entry: dict[str, Any] = {"salience": draw(quantity(0.1, 100))}
            if issues[iid]["kind"] == "scale":
                entry["ideal"] = draw(quantity(0.0, 100.0))
            else:
                entry["values"] = {o: draw(quantity(0.0, 1.0)) for o in issues[iid]["options"]}
            block[iid] = entry
        prefs[a] = {"assumption": "generated", "issues": block}
    no_deal = {
        p: {
            "assumption": "generated",
            "against": [q for q in parties if q != p],
            "conflict_cost": draw(quantity(0.0, 0.5)),
            "horizon": draw(quantity(0.0, 20.0)),
            "discount": draw(st.floats(0.5, 1.0)),
        }
        for p in parties
    }
    instruments = {}
    if draw(st.booleans()):
        instruments["pressure"] = {
            "name": "generated sanction", "kind": "sanction", "imposer": parties[0], "target": parties[1],
            "status": draw(st.sampled_from(["in_force", "lifted"])), "cost_to_target": draw(quantity(0.0, 0.1)),
            "cost_to_imposer": draw(quantity(0.0, 0.1)), "assumption": "generated",
        }
    return {
        "standoff": 1,
        "id": "generated",
        "title": "A generated scenario",
        "as_of": "2025-01-01",
        "actors": {a: {"name": a.upper(), "kind": "state", "capability": draw(quantity(0.0, 100.0)),
                       "assumption": "generated"} for a in actor_ids},
        "issues": issues,
        "negotiation": {"parties": parties},
        "preferences": prefs,
        "no_deal": no_deal,
        "instruments": instruments,
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_generated_scenarios_load_round_trip_and_map(data: dict[str, Any]) -> None:
    scn = Scenario.from_dict(data)
    buf = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.sort_base_mapping_type_on_output = False
    yaml.dump(scn.spec.model_dump(mode="json", exclude_none=True), buf)
    again = Scenario.from_text(buf.getvalue(), shown="generated.yaml")
    assert again.spec == scn.spec
    codes = scn.outcome_space.enumerate()
    for party in scn.parties:
        u = scn.utility(party)
        values = u(codes)
        assert np.all(values >= -1e-9) and np.all(values <= 1 + 1e-9)
        nd = scn.no_deal_value(party)
        assert np.isfinite(nd.total)
