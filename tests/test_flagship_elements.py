"""Every element of the flagship case (BRIEF section 2) changes some analysis when it changes.

Each case edits the bundled scenario's text in one place and checks that the section of
``standoff brief`` that should react to it does react. The demand was refused and its
deadline lapsed before the as-of date, so none of the classic crisis games applies to the
flagship: the elements they used to carry (the threat, the safe passage on offer, the
bounty) are checked on the headline assessment, and the threat also on the simulated
talks, which still replay its stated credibility.
"""

from __future__ import annotations

from typing import Any

import pytest

from standoff.presenters.brief import build_brief
from standoff.scenario import Scenario
from tests.helpers import FLAGSHIP

TEXT = FLAGSHIP.read_text(encoding="utf-8")

# (element, old text, new text, the brief section that must change)
ELEMENTS = [
    ("1 mediators", "  mediators: [brazil, qatar, turkey]", "  mediators: [qatar]", "simulate"),
    ("2 threat", "credibility: {dist: triangular, low: 0.4, mode: 0.65, high: 0.85}",
     "credibility: {dist: triangular, low: 0.05, mode: 0.1, high: 0.15}", "simulate"),
    ("2 deadline", "    threat: [military_action]\n    deadline: 2025-11-28\n",
     "    threat: [military_action]\n    deadline: 2025-12-31\n", "headline"),
    ("2 force behind the threat", "p_success: {dist: uniform, low: 0.25, high: 0.55,",
     "p_success: {dist: uniform, low: 0.01, high: 0.02,", "headline"),
    ("3 amnesty counter-proposal", "        options: [none]\n        reason: >-\n          reported condition",
     "        options: [personal]\n        reason: >-\n          reported condition", "bargain"),
    ("4 military control and elections",
     "values: {civilian_transition: 1.0, shared: 0.45, regime_keeps: 0.2, maduro_retains: 0.0}",
     "values: {civilian_transition: 1.0, shared: 0.45, regime_keeps: 0.9, maduro_retains: 0.0}", "bargain"),
    ("5 exit timing", "        options: [after_transition, no_exit]", "        options: [no_exit]", "bargain"),
    ("6 safe-passage scope", "      safe_passage: family_only\n      amnesty: none",
     "      safe_passage: broad\n      amnesty: none", "headline"),
    ("7 oil side payment", "values: {no_stake: 0.0, major_stake: 1.0}", "values: {no_stake: 1.0, major_stake: 0.0}",
     "bargain"),
    ("8 unconfirmed meeting", "probability: {dist: beta, a: 1.5, b: 8.5,", "probability: {dist: beta, a: 8.5, b: 1.5,",
     "case"),
    ("9 airspace closure", "cost_to_target: {dist: uniform, low: 0.003, high: 0.01}",
     "cost_to_target: {dist: uniform, low: 0.03, high: 0.1}", "bargain"),
    ("10 terrorist designation", "    status: in_force\n    since: 2025-11-24", "    status: lifted\n    since: 2025-11-24",
     "bargain"),
    ("11 bounty", "residual_cost: {dist: triangular, low: 0.05, mode: 0.15, high: 0.25}",
     "residual_cost: {dist: triangular, low: 0.3, mode: 0.4, high: 0.5}", "headline"),
    ("12 channel cut", "    status: mediated\n", "    status: open\n", "simulate"),
    ("13 deadlock", "        options: [personal, officials, global]\n        reason: >-\n          stated position",
     "        options: [global]\n        reason: >-\n          stated position", "bargain"),
]


def sections(text: str) -> dict[str, Any]:
    brief = build_brief(Scenario.from_text(text, shown="edited.yaml"), draws=1000)
    return {s.key: s.model_dump(mode="json") for s in brief.sections}


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    return sections(TEXT)


@pytest.mark.parametrize(("element", "old", "new", "key"), ELEMENTS, ids=[e[0] for e in ELEMENTS])
def test_element_changes_the_analysis(base: dict[str, Any], element: str, old: str, new: str, key: str) -> None:
    assert TEXT.count(old) == 1, f"{element}: the edit must hit exactly one place"
    edited = sections(TEXT.replace(old, new))
    assert edited[key] != base[key], f"{element}: the {key} section did not react"


def test_the_deadlock_is_explained_and_opened(base: dict[str, Any]) -> None:
    bargain = base["bargain"]
    text = " ".join(bargain["lines"])
    assert "amnesty" in text and bargain["bullets"], "the brief names the clash and lists openings"
    edited = sections(TEXT.replace(
        "        options: [personal, officials, global]\n        reason: >-\n          stated position",
        "        options: [global]\n        reason: >-\n          stated position"))
    assert edited["bargain"]["lines"] != bargain["lines"]
