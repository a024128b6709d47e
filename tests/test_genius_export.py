"""GENIUS export: import(export(x)) == x, on the reference domains and on generated ones;
``standoff export genius`` on the bundled scenarios; the bundled GENIUS domain."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from standoff.core.errors import UserError
from standoff.core.space import Issue, OutcomeSpace
from standoff.core.utility import AdditiveUtility, Interaction
from standoff.interop.genius import (
    GeniusDomain,
    bundled_genius_names,
    bundled_genius_path,
    genius_form,
    is_genius_folder,
    load_genius,
    write_genius,
)
from standoff.scenario import Scenario, bundled_names
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "docs/examples/minimal.yaml"


def assert_same(a: GeniusDomain, b: GeniusDomain) -> None:
    """The same outcome space, parties, utilities (as functions), reservations and discounts."""
    assert a.space.issue_ids == b.space.issue_ids
    assert [i.options for i in a.space.issues] == [i.options for i in b.space.issues]
    assert sorted(a.parties) == sorted(b.parties)
    for party, u in zip(a.parties, a.utilities, strict=True):
        k = b.parties.index(party)
        v = b.utilities[k]
        assert isinstance(u, AdditiveUtility) and isinstance(v, AdditiveUtility)
        for cu, cv in zip(u.contributions(), v.contributions(), strict=True):
            np.testing.assert_allclose(cv, cu, rtol=0, atol=1e-12)
        assert v.reservation == pytest.approx(u.reservation, abs=1e-15)
        assert b.discounts[k] == a.discounts[a.parties.index(party)]


def round_trip(d: GeniusDomain, folder: Path) -> GeniusDomain:
    write_genius(folder, d.space, [u for u in d.utilities if isinstance(u, AdditiveUtility)], d.parties,
                 discounts=d.discounts)
    return load_genius(folder)


# ---------------------------------------------------------------- reference domains
def test_every_two_party_linear_reference_domain_round_trips(genius_dir: Path, tmp_path: Path) -> None:
    n = 0
    for folder in sorted({p.parent for p in genius_dir.rglob("*.xml")}):
        d = load_genius(folder)
        if not d.is_additive or len(d.parties) != 2:
            continue
        e = round_trip(d, tmp_path / f"d{n}")
        assert_same(d, e)
        for u, v in zip(d.utilities, (e.utilities[e.parties.index(p)] for p in d.parties), strict=True):
            assert isinstance(u, AdditiveUtility) and isinstance(v, AdditiveUtility)
            np.testing.assert_array_equal(u.weights, v.weights)  # GENIUS form already: weights as written
        n += 1
    assert n >= 100


# ------------------------------------------------------------------ generated domains
NAME_CHARS = st.characters(min_codepoint=0x20, max_codepoint=0x2FF, exclude_characters="/\\")
names = st.text(NAME_CHARS, min_size=1, max_size=12).filter(lambda s: s.strip() == s and not s.startswith("."))
party_names = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-_é"), min_size=1, max_size=10)
unit = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def domains(draw: st.DrawFn) -> GeniusDomain:
    """Linear-additive domains in GENIUS form: discrete evaluations divided by their largest,
    integer issues either discrete or linear (clipped to [0, 1]) in every profile."""
    n_issues = draw(st.integers(1, 4))
    issue_names = draw(st.lists(names, min_size=n_issues, max_size=n_issues, unique=True))
    issues = []
    linear = []  # GENIUS integer issues have a linear evaluator in every profile
    for name in issue_names:
        if draw(st.booleans()):
            options = draw(st.lists(names, min_size=1, max_size=5, unique=True))
            issues.append(Issue(id=name, options=tuple(options), name=name, kind="categorical"))
            linear.append(False)
        else:
            lo = draw(st.integers(-1000, 1000))
            size = draw(st.integers(1, 12))
            issues.append(Issue(id=name, options=tuple(str(v) for v in range(lo, lo + size)), name=name))
            linear.append(draw(st.booleans()))
    space = OutcomeSpace(tuple(issues))
    parties = draw(st.lists(party_names, min_size=2, max_size=3, unique_by=str.lower))
    utilities = []
    for party in parties:
        raw = np.array(draw(st.lists(st.floats(0.01, 1.0), min_size=n_issues, max_size=n_issues)))
        weights = raw / raw.sum()
        values = []
        for issue, is_linear in zip(issues, linear, strict=True):
            if not is_linear:
                v = np.array(draw(st.lists(unit, min_size=issue.size, max_size=issue.size)))
                v = v / v.max() if v.max() > 0 else v  # GENIUS normal form (what the importer gives)
            else:  # linear along an integer issue, clipped to [0, 1] as GENIUS does
                offset, slope = draw(unit), draw(st.floats(-0.5, 0.5))
                v = np.clip(offset + slope * np.arange(issue.size), 0.0, 1.0)
            values.append(v)
        reservation = draw(st.floats(-1.0, 2.0))
        utilities.append(AdditiveUtility(weights=weights, values=tuple(values), reservation=reservation,
                                          name=party))
    discounts = [draw(st.floats(0.01, 1.0)) for _ in parties]
    return GeniusDomain("generated", space, list(utilities), list(parties), discounts, [])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(d=domains())
def test_generated_domains_round_trip(d: GeniusDomain, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert_same(d, round_trip(d, tmp_path_factory.mktemp("g") / "out"))


def test_an_issue_whose_best_value_is_below_one_keeps_its_utility(tmp_path: Path) -> None:
    """GENIUS divides evaluations by their largest; the writer moves the scale to the
    weight, so the utility (not the weights) round-trips."""
    space = OutcomeSpace((Issue("a", ("x", "y"), kind="categorical"), Issue("b", ("p", "q"), kind="categorical")))
    u = AdditiveUtility(weights=np.array([0.6, 0.4]), values=(np.array([0.5, 1.0]), np.array([1.0, 0.0])),
                        reservation=0.1)
    d = GeniusDomain("half", space, [u, u], ["one", "two"], [1.0, 1.0], [])
    with pytest.raises(UserError, match=r"sum to 0\.5, not 1"):
        round_trip(GeniusDomain("h", space, [u, AdditiveUtility(np.array([0.6, 0.4]),
                                                                  (np.array([0.5, 0.5]), np.array([0.5, 0.0])))],
                                ["one", "two"], [1.0, 1.0], []), tmp_path / "bad")
    assert_same(d, round_trip(d, tmp_path / "ok"))


# ------------------------------------------------------------------ what is refused
SPACE = OutcomeSpace((Issue("a", ("x", "y"), kind="categorical"),))


def test_writer_refuses_what_genius_cannot_hold(tmp_path: Path) -> None:
    good = AdditiveUtility(weights=np.array([1.0]), values=(np.array([0.0, 1.0]),))
    red = AdditiveUtility(weights=np.array([1.0]), values=(np.array([0.0, 1.0]),),
                          forbidden=(np.array([True, False]),))
    cases = {
        "red lines": ([good, red], ["p", "q"]),
        "cannot name a profile file": ([good, good], ["p", "../q"]),
        "differ only in case": ([good, good], ["p", "P"]),
        "non-negative": ([good, AdditiveUtility(np.array([1.0]), (np.array([-0.5, 1.0]),))], ["p", "q"]),
    }
    for words, (utilities, parties) in cases.items():
        with pytest.raises(UserError, match=words):
            write_genius(tmp_path / "x", SPACE, utilities, parties)
    bad_option = OutcomeSpace((Issue("a", ("x", "y\x01"), kind="categorical"),))
    with pytest.raises(UserError, match="control characters"):
        write_genius(tmp_path / "x", bad_option, [good, good], ["p", "q"])
    assert not (tmp_path / "x").exists()  # nothing written half-way


def test_genius_form_is_a_positive_affine_map() -> None:
    space = OutcomeSpace((Issue("a", ("x", "y", "z")), Issue("b", ("p", "q"))))
    u = AdditiveUtility(weights=np.array([0.7, 0.3]), values=(np.array([0.2, 0.9, 0.5]), np.array([1.0, 0.0])),
                        offsets=(np.zeros(3), np.array([0.0, -0.4])), reservation=0.35)
    g = genius_form(u)
    codes = space.enumerate()
    lo, hi = u.worst(), u.best()
    np.testing.assert_allclose(g(codes), (u(codes) - lo) / (hi - lo))
    assert g.reservation == pytest.approx((0.35 - lo) / (hi - lo))
    assert g.weights.sum() == pytest.approx(1.0) and all(v.max() == 1.0 for v in g.values)
    with pytest.raises(UserError, match="interaction"):
        genius_form(AdditiveUtility(u.weights, u.values, interactions=(Interaction(0, 1, np.ones((3, 2))),)))
    with pytest.raises(UserError, match="the same"):
        genius_form(AdditiveUtility(np.array([0.5, 0.5]), (np.ones(3), np.ones(2))))


# ---------------------------------------------------------------- scenario export (CLI)
@pytest.mark.parametrize("name", bundled_names())
def test_export_of_a_bundled_scenario(name: str, tmp_path: Path) -> None:
    out = tmp_path / "genius"
    r = run_cli("export", "genius", name, str(out))
    scenario = Scenario.load(name)
    if any(scenario.utility(p).interactions for p in scenario.parties):
        assert r.code == 2 and "interaction terms" in r.stderr and not out.exists()
        return
    assert r.code == 0, r.stderr
    d = load_genius(out)
    space = scenario.outcome_space
    assert d.space.issue_ids == space.issue_ids
    assert [i.options for i in d.space.issues] == [i.options for i in space.issues]
    assert sorted(d.parties) == sorted(scenario.parties)
    codes = space.enumerate()
    for party in scenario.parties:
        u = scenario.utility(party)
        v = d.utilities[d.parties.index(party)]
        lo, hi = u.worst(), u.best()
        # the exported utility is the scenario's, rescaled: worst package 0, best 1
        np.testing.assert_allclose(v(codes), (u(codes) - lo) / (hi - lo), atol=1e-12)
        no_deal = float(scenario.no_deal_value(party).total)
        assert v.reservation == pytest.approx((no_deal - lo) / (hi - lo), abs=1e-12)
        for issue, mask in zip(space.issues, u.forbidden, strict=True):
            for option in np.array(issue.options)[mask]:
                line = f"{party}: red line on {issue.id} = {option} dropped"
                assert line in r.stderr and line in (out / "NOTES.txt").read_text()
    assert all(str(out / f) in r.stdout for f in ("NOTES.txt", f"{scenario.id}-domain.xml"))
    assert run_cli("bargain", str(out)).code == 0


def test_export_json_and_rewrite_in_place(tmp_path: Path) -> None:
    out = tmp_path / "g"
    first = run_cli("export", "genius", str(MINIMAL), str(out), "--json")
    assert first.code == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["parties"] == ["north", "south"] and len(data["files"]) == 4
    assert any("red line on border = new_line" in n for n in data["notes"])
    again = run_cli("export", "genius", str(MINIMAL), str(out))
    assert again.code == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == ["NOTES.txt", "minimal-domain.xml", "north.xml", "south.xml"]


def test_export_refuses_a_folder_with_other_xml_and_a_file(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "other.xml").write_text("<x/>")
    r = run_cli("export", "genius", str(MINIMAL), str(tmp_path / "busy"))
    assert r.code == 2 and "other XML files" in r.stderr
    (tmp_path / "file").write_text("x")
    r = run_cli("export", "genius", str(MINIMAL), str(tmp_path / "file"))
    assert r.code == 2 and "not a folder" in r.stderr


def test_export_refuses_interactions(tmp_path: Path) -> None:
    text = (ROOT / "src/standoff/scenario/bundled/venezuela-2025.yaml").read_text()
    anchor = "    red_lines:\n      - issue: exit_timing"
    assert anchor in text
    inter = ("    interactions:\n      - issues: [exit_timing, amnesty]\n        assumption: test\n"
             "        terms:\n          - {options: [immediate, none], value: 0.1}\n")
    path = tmp_path / "inter.yaml"
    path.write_text(text.replace(anchor, inter + anchor, 1))
    assert run_cli("validate", str(path)).code == 0
    r = run_cli("export", "genius", str(path), str(tmp_path / "out"))
    assert r.code == 2 and "interaction" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


# -------------------------------------------------------------------- bundled domain
def test_bundled_domain_by_name() -> None:
    assert "ceasefire" in bundled_genius_names()
    d = load_genius("genius:ceasefire")
    assert d.parties == ["government", "insurgents"] and d.space.n_outcomes == 2268
    assert d.is_additive and d.reservations == [0.35, 0.3]
    assert is_genius_folder("genius:ceasefire")
    assert (bundled_genius_path("ceasefire") / "README.md").is_file()
    with pytest.raises(UserError, match="did you mean 'ceasefire'"):
        load_genius("genius:ceasfire")


@pytest.mark.parametrize("command", [["simulate", "--rounds", "20"],
                                     ["tournament", "-s", "linear,boulware", "--seeds", "1", "--rounds", "20"]])
def test_bundled_domain_runs(command: list[str]) -> None:
    r = run_cli(*command, "genius:ceasefire")
    assert r.code == 0, r.stderr


def test_bundled_domain_folder_runs_in_bargain() -> None:
    r = run_cli("bargain", str(bundled_genius_path("ceasefire")), "--json")
    assert r.code == 0, r.stderr
    assert json.loads(r.stdout)["zopa"]["empty"] is False
