"""Every validation error names file:line:column, the key path, what is wrong and a fix."""

from __future__ import annotations

import re

import pytest

from standoff.core.errors import UserError
from standoff.scenario import Scenario
from tests.helpers import FLAGSHIP

TEXT = FLAGSHIP.read_text(encoding="utf-8")


def where(old: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column where ``old`` starts (its first non-blank character)."""
    idx = -1
    for _ in range(occurrence):
        idx = TEXT.index(old, idx + 1)
    line = TEXT.count("\n", 0, idx) + 1
    col = idx - (TEXT.rfind("\n", 0, idx) + 1) + 1
    stripped = len(old) - len(old.lstrip())
    return line, col + stripped


def errors_of(old: str, new: str, occurrence: int = 1) -> list[str]:
    idx = -1
    for _ in range(occurrence):
        idx = TEXT.index(old, idx + 1)
    text = TEXT[:idx] + new + TEXT[idx + len(old) :]
    with pytest.raises(UserError) as info:
        Scenario.from_text(text, shown="case.yaml")
    return [p.format() for p in info.value.problems] or [info.value.format()]


CASES = [
    # (description, old, new, occurrence, anchor, expected path, expected message pattern)
    ("misspelt key", "        salience: 15\n", "        salinece: 15\n", 1, "salinece",
     "preferences.usa.issues.military_control.salinece", r"unknown key 'salinece'.*did you mean 'salience'"),
    ("unknown actor in an event", "    actor: maduro\n    target: usa\n    category: CONCEDE",
     "    actor: madruo\n    target: usa\n    category: CONCEDE", 1, "madruo",
     "events[1].actor", r"unknown actor 'madruo'.*did you mean 'maduro'"),
    ("value for an unknown option", "within_weeks: 0.7,", "within_week: 0.7,", 1, "within_week:",
     "preferences.usa.issues.exit_timing.values.within_week", r"no option 'within_week'.*did you mean 'within_weeks'"),
    ("distribution outside the field's range", "low: 0.4, mode: 0.65, high: 0.85",
     "low: 0.4, mode: 0.65, high: 1.3", 1, "high: 1.3",
     "instruments.military_action.credibility", r"outside this field's range \[0, 1\]"),
    ("wrong type", "capability: {value: 12,", "capability: {value: twelve,", 1, "value: twelve",
     "actors.fanb.capability.value", r"valid number"),
    ("unknown issue in a red line", "      - issue: amnesty\n        options: [none]",
     "      - issue: amnsty\n        options: [none]", 1, "amnsty",
     "preferences.maduro.red_lines[0].issue", r"unknown issue 'amnsty'.*did you mean 'amnesty'"),
    ("unknown instrument threatened", "threat: [military_action]", "threat: [military_acton]", 1,
     "military_acton", "events[5].threat[0]", r"unknown instrument 'military_acton'"),
    ("bad enum", "    kind: airspace_closure\n", "    kind: airspace_closed\n", 1, "airspace_closed",
     "instruments.airspace_closure.kind", r"unknown value 'airspace_closed'.*did you mean 'airspace_closure'"),
    ("mediator of the wrong kind", "  mediators: [brazil, qatar, turkey]", "  mediators: [brazil, qatar, cuba]",
     1, "cuba]", "negotiation.mediators[2]", r"not of kind mediator"),
    ("unknown source", "    source: public-record\n    note: the airspace", "    source: public-recrod\n    note: the airspace",
     1, "public-recrod", "instruments.airspace_closure.source", r"unknown source 'public-recrod'"),
]


@pytest.mark.parametrize(("desc", "old", "new", "occ", "anchor", "path", "pattern"), CASES,
                         ids=[c[0] for c in CASES])
def test_error_is_located(desc: str, old: str, new: str, occ: int, anchor: str, path: str, pattern: str) -> None:
    problems = errors_of(old, new, occ)
    mutated = TEXT.replace(old, new, 1) if occ == 1 else None
    assert mutated is not None
    idx = mutated.index(anchor)
    exp_line = mutated.count("\n", 0, idx) + 1
    matching = [p for p in problems if f": {path}: " in p]
    assert matching, f"{desc}: no problem at {path} in {problems}"
    text = matching[0]
    assert re.search(pattern, text), text
    m = re.match(r"case\.yaml:(\d+):(\d+): ", text)
    assert m, text
    # the reported line is the anchor's line, or the line of the key that holds it
    assert int(m[1]) in (exp_line, exp_line - 1), (text, exp_line)


def test_missing_required_key_points_at_its_block() -> None:
    old = "    conflict_cost: {dist: triangular, low: 0.05, mode: 0.15, high: 0.3}\n"
    problems = errors_of(old, "")
    line, _ = where("  usa:\n    description: Pressure continues")
    hit = [p for p in problems if "no_deal.usa.conflict_cost" in p]
    assert hit and f"case.yaml:{line}:" in hit[0] and "Field required" in hit[0]


def test_broken_yaml_is_located() -> None:
    problems = errors_of("  maduro:\n    name: Nicolas", "  maduro:\n   name: [Nicolas")
    assert re.match(r"case\.yaml:\d+:\d+: ", problems[0])


def test_all_problems_are_reported_at_once() -> None:
    text = TEXT.replace("actor: maduro\n    target: usa\n    category: CONCEDE", "actor: nobody\n    target: usa\n    category: CONCEDE")
    text = text.replace("threat: [military_action]", "threat: [nothing]")
    with pytest.raises(UserError) as info:
        Scenario.from_text(text, shown="case.yaml")
    assert len(info.value.problems) >= 2


def test_enum_and_cross_reference_problems_come_in_one_pass() -> None:
    """A misspelt kind and an unknown actor: both reported, each with its fix."""
    text = TEXT.replace("    kind: airspace_closure\n", "    kind: airspace_closed\n", 1)
    text = text.replace("actor: maduro\n    target: usa\n    category: CONCEDE",
                        "actor: madruo\n    target: usa\n    category: CONCEDE", 1)
    text = text.replace("        salience: 15\n", "        salinece: 15\n", 1)
    with pytest.raises(UserError) as info:
        Scenario.from_text(text, shown="case.yaml")
    shown = [p.format() for p in info.value.problems]
    assert any("did you mean 'airspace_closure'" in p for p in shown), shown
    assert any("unknown actor 'madruo'" in p and "did you mean 'maduro'" in p for p in shown), shown
    assert any("unknown key 'salinece'" in p for p in shown), shown
    assert all(re.match(r"case\.yaml:\d+:\d+: ", p) for p in shown), shown


def test_a_problem_that_cannot_be_mended_still_reports_the_field_problems() -> None:
    text = TEXT.replace("capability: {value: 12,", "capability: {value: twelve,", 1)
    text = text.replace("actor: maduro\n    target: usa\n    category: CONCEDE",
                        "actor: madruo\n    target: usa\n    category: CONCEDE", 1)
    with pytest.raises(UserError) as info:
        Scenario.from_text(text, shown="case.yaml")
    shown = [p.format() for p in info.value.problems]
    assert any("valid number" in p for p in shown), shown
