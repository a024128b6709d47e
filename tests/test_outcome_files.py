"""`standoff validate` accepts outcome files: recognised by their shape, validated with
located errors, and checked against the scenario they resolve."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from standoff.core.errors import UserError
from standoff.scenario import bundled_names, bundled_outcome_path, bundled_path
from standoff.scenario.outcome import is_outcome_tree, load_outcome, load_scenario_or_outcome
from tests.helpers import run_cli

CLOSED = [n for n in bundled_names() if bundled_outcome_path(n) is not None]

#: a small leader-exit case with the standard questions and a horizon
SCENARIO = """\
standoff: 1
id: toy-exit
title: A toy leader-exit case
as_of: 2020-01-01
actors:
  big: {name: Big state, kind: state, capability: {value: 90, assumption: toy}}
  ruler: {name: The ruler, kind: leader, capability: {value: 10, assumption: toy}}
issues:
  exit:
    name: Whether the ruler leaves
    options: {leaves: leaves office, stays: stays in office}
    status_quo: stays
  amnesty:
    name: Amnesty
    options: [none, full]
  change:
    name: Political change
    kind: scale
    ends: [none, complete]
negotiation: {parties: [big, ruler], challenger: big, target: ruler}
preferences:
  big:
    assumption: toy
    issues:
      exit: {salience: 80, values: {leaves: 1, stays: 0}}
      amnesty: {salience: 20, values: {none: 1, full: 0}}
  ruler:
    assumption: toy
    issues:
      exit: {salience: 80, values: {leaves: 0, stays: 1}}
      change: {salience: 20, ideal: 0}
questions:
  - {id: yields, text: The ruler leaves without force by 2020-04-30., by: 2020-04-30, yes_if: [deal, capitulation]}
  - {id: force, text: Force is used by 2020-04-30., by: 2020-04-30, yes_if: [force_used]}
  - {id: leader-out, text: The ruler no longer holds power on 2020-04-30., by: 2020-04-30, yes_if: [leader_out]}
  - {id: early, text: A deal by 2020-02-01., by: 2020-02-01, yes_if: [deal]}
coercion:
  assumption: toy
  leader: ruler
  reference_class: leader_exit
  horizon: 2020-04-30
  exit: {issue: exit, stays: [stays]}
  courses_of_action:
    keep_up: {name: keep up pressure, kind: pressure, cost: 0.01, p_success: 0.2, periods: 4}
"""

OUTCOME = """\
scenario: toy-exit
ending: deal
date: 2020-03-01
force_used: false
leader_out: true
summary: The ruler left under a deal.
package:
  exit: leaves
  amnesty: full
  change: 40
questions:
  yields: true
  force: false
  leader-out: true
  early: false
"""


@pytest.fixture
def case(tmp_path: Path) -> Path:
    """A case folder laid out like the bundled one: scenario beside outcomes/."""
    (tmp_path / "toy-exit.yaml").write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "outcomes").mkdir()
    return tmp_path


def write_outcome(case: Path, text: str) -> Path:
    path = case / "outcomes" / "toy-exit.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_outcome_validates_beside_its_scenario(case: Path) -> None:
    path = write_outcome(case, OUTCOME)
    loaded = load_outcome(path)
    assert loaded.id == "toy-exit" and loaded.scenario.spec.as_of.isoformat() == "2020-01-01"
    res = run_cli("validate", str(path), "--json")
    assert res.code == 0, res.stderr
    assert json.loads(res.stdout)["files"] == [
        {"file": str(path), "ok": True, "id": "toy-exit", "kind": "outcome", "problems": []}
    ]
    res = run_cli("validate", str(path))
    assert res.code == 0 and "outcome of toy-exit" in res.stdout


def test_the_outcome_may_sit_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "toy-exit.yaml").write_text(SCENARIO, encoding="utf-8")
    other = tmp_path / "toy-exit-outcome.yaml"
    other.write_text(OUTCOME, encoding="utf-8")
    assert load_outcome(other).id == "toy-exit"


def test_shape_decides_what_a_file_is(case: Path) -> None:
    path = write_outcome(case, OUTCOME)
    assert not isinstance(load_scenario_or_outcome(case / "toy-exit.yaml"), type(load_outcome(path)))
    assert is_outcome_tree({"scenario": "x", "ending": "deal"})
    assert not is_outcome_tree({"scenario": "x"}) and not is_outcome_tree(["scenario", "ending"])


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


#: (what is broken, the edit, the text that must appear in the message, the line's needle)
BROKEN = [
    ("misspelt key", ("force_used: false", "forced_used: false"), "did you mean 'force_used'", "forced_used"),
    ("unknown ending", ("ending: deal", "ending: deel"), "ending", "ending: deel"),
    ("bad date", ("date: 2020-03-01", "date: 2020-13-01"), "invalid date", "date: 2020-13-01"),
    ("unknown scenario", ("scenario: toy-exit", "scenario: toy-exiit"), "did you mean 'toy-exit'", "scenario:"),
    ("unknown question", ("  early: false", "  eraly: false"), "no question 'eraly'", "eraly"),
    ("unknown issue", ("  amnesty: full", "  amnsty: full"), "did you mean 'amnesty'", "amnsty"),
    ("unknown option", ("  exit: leaves", "  exit: leave"), "did you mean 'leaves'", "exit: leave"),
    ("off the scale", ("  change: 40", "  change: 140"), "outside the 0-100 scale", "change: 140"),
    ("leader_out disagrees", ("leader_out: true", "leader_out: false"), "disagrees with the ending", "leader_out"),
    ("date before as-of", ("date: 2020-03-01", "date: 2019-12-01"), "not after the scenario's as-of", "date:"),
    ("date after horizon", ("date: 2020-03-01", "date: 2020-06-01"), "after the scenario's horizon", "date:"),
    ("answer contradicts the ending", ("  yields: true", "  yields: false"), "resolves it true", "yields: false"),
    ("question left out", ("  early: false\n", ""), "not answered: early", "questions:"),
]


@pytest.mark.parametrize(("what", "edit", "message", "needle"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_outcome_files_get_located_errors(
    case: Path, what: str, edit: tuple[str, str], message: str, needle: str
) -> None:
    text = OUTCOME.replace(*edit)
    assert text != OUTCOME, what
    path = write_outcome(case, text)
    res = run_cli("validate", str(path))
    assert res.code == 2, (what, res.stdout)
    assert "Traceback" not in res.stderr + res.stdout
    assert message in res.stderr, res.stderr
    located = re.search(re.escape(str(path)) + r":(\d+):(\d+):", res.stderr)
    assert located, res.stderr
    assert int(located[1]) == line_of(text, needle), res.stderr


def test_ending_and_force_must_agree(case: Path) -> None:
    text = OUTCOME.replace("ending: deal", "ending: forced_removal").replace("  yields: true", "  yields: false")
    path = write_outcome(case, text)
    with pytest.raises(UserError) as info:
        load_outcome(path)
    assert [p.message for p in info.value.problems] == [
        "force_used: false disagrees with the ending 'forced_removal'"
    ]
    assert info.value.problems[0].line == line_of(text, "force_used")
    # with force_used true, the answers to the questions at the horizon must follow
    text = text.replace("force_used: false", "force_used: true")
    with pytest.raises(UserError) as info:
        load_outcome(write_outcome(case, text))
    assert {p.path for p in info.value.problems} == {("questions", "force")}


def test_a_stalemate_is_dated_at_the_horizon(case: Path) -> None:
    text = (OUTCOME.replace("ending: deal", "ending: stalemate").replace("leader_out: true", "leader_out: false")
            .replace("  yields: true", "  yields: false").replace("  leader-out: true", "  leader-out: false"))
    with pytest.raises(UserError) as info:
        load_outcome(write_outcome(case, text))
    assert [p.message for p in info.value.problems] == ["a stalemate is dated at the horizon (2020-04-30), not 2020-03-01"]
    assert load_outcome(write_outcome(case, text.replace("date: 2020-03-01", "date: 2020-04-30"))).id == "toy-exit"


def test_a_library_case_says_whether_force_was_used_and_the_leader_left(case: Path) -> None:
    text = OUTCOME.replace("force_used: false\n", "").replace("leader_out: true\n", "")
    with pytest.raises(UserError) as info:
        load_outcome(write_outcome(case, text))
    messages = {p.message for p in info.value.problems}
    assert messages == {"give force_used (true or false)", "give leader_out (true or false)"}


def test_a_scenario_file_is_still_validated_as_a_scenario(case: Path) -> None:
    res = run_cli("validate", str(case / "toy-exit.yaml"), "--json")
    assert res.code == 0, res.stderr
    assert json.loads(res.stdout)["files"][0]["kind"] == "scenario"


@pytest.mark.parametrize("name", CLOSED)
def test_every_bundled_outcome_validates(name: str) -> None:
    path = bundled_outcome_path(name)
    assert path is not None
    loaded = load_outcome(path)
    assert loaded.id == name and loaded.scenario.path == bundled_path(name)


def test_every_bundled_outcome_validates_on_the_command_line() -> None:
    paths = [str(bundled_outcome_path(n)) for n in CLOSED]
    res = run_cli("validate", *paths, "--json")
    assert res.code == 0, res.stderr
    assert [r["kind"] for r in json.loads(res.stdout)["files"]] == ["outcome"] * len(paths)
