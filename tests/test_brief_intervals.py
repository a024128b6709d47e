"""Every probability a brief prints carries its uncertainty (issue 10): a 90 % interval
over the draws, the Monte Carlo error of a share of draws, or a label saying why there is
none (an input of the file, the same in every draw, a figure on the central values)."""

from __future__ import annotations

import re

import pytest

from standoff.presenters.brief import build_brief
from standoff.scenario import Scenario

PCT = re.compile(r"[<>]?\d+%")
#: Words that qualify a percentage within its clause.
QUALIFIERS = ("interval", "an input", "every draw", "Monte Carlo", "of the spread", "over the draws",
              "of the draws", "central values", "range")


def bare(text: str) -> list[str]:
    """The percentages in ``text`` that no interval or label qualifies."""
    found = []
    for m in PCT.finditer(text):
        before, after = text[: m.start()], text[m.end():]
        if re.match(r"-[<>]?\d+%", after) or re.search(r"[<>]?\d+%-$", before):
            continue  # a bound of an interval 'a%-b%'
        clause = re.split(r";|\.(?:\s|$)", after, maxsplit=1)[0]
        if any(q in clause for q in QUALIFIERS) or re.match(r" \([<>]?\d+%-[<>]?\d+%\)", clause):
            continue
        if re.search(r"\(\s*$|,\s*$", before) and re.search(r"interval|range", text[m.start() - 40: m.start()]):
            continue
        found.append(text[max(0, m.start() - 60): m.end() + 30])
    return found


def test_the_checker_finds_a_bare_probability() -> None:
    assert bare("force used 62%; deal 12% (5%-20%).") == ["force used 62%; deal 12% (5%-20%)."]
    assert bare("likely (62%, 90% interval 48%-75%)") == []
    assert bare("stated credibility 63% (an input; 90% range 47%-78%).") == []


@pytest.mark.parametrize("name", ["venezuela-2025", "iraq-1991", "haiti-1994", "mexico-2019"])
def test_every_probability_in_the_brief_has_an_interval(name: str) -> None:
    brief = build_brief(Scenario.load(name), draws=300)
    found = [f"{sec.key}: {x}" for sec in brief.sections for t in (*sec.lines, *sec.bullets) for x in bare(t)]
    assert found == []


def test_every_uncertain_number_is_named_in_words() -> None:
    """The brief names a driver in words, never by its path in the file (every uncertain
    number of every bundled scenario)."""
    from standoff.presenters.sections.words import path_label
    from standoff.scenario import bundled_names

    for name in bundled_names():
        scn = Scenario.load(name)
        case = scn.case()
        raw = [p for p in scn.case(draws=2, seed=0).inputs if path_label(case, p) == p]
        assert not raw, (name, raw)
    case = Scenario.load("venezuela-2025").case()
    assert path_label(case, "coercion.exile[0].p_guarantee_holds").startswith("chance the exile guarantee holds in ")
