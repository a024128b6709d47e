"""standoff draft, the reading step: dates, names, events, roles, determinism."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("spacy", reason="the optional 'draft' extra (spaCy) is not installed")

from standoff.draft import article_date, draft_text
from standoff.draft.dates import dateline, find_dates
from standoff.draft.extract import read
from standoff.draft.lexicon import lexicon, pipeline

AS_OF = dt.date(2025, 12, 2)  # a Tuesday


@pytest.mark.parametrize(("phrase", "expected"), [
    ("on Saturday", dt.date(2025, 11, 29)),
    ("last week", dt.date(2025, 11, 25)),
    ("earlier this week", dt.date(2025, 11, 30)),
    ("last month", dt.date(2025, 11, 2)),
    ("a month before", dt.date(2025, 11, 2)),
    ("yesterday", dt.date(2025, 12, 1)),
    ("until Friday", dt.date(2025, 12, 5)),
    ("on 19 January 2017", dt.date(2017, 1, 19)),
    ("in November 1979", dt.date(1979, 11, 15)),
    ("next month", dt.date(2026, 1, 1)),
])
def test_dates_resolve_against_the_article_date(phrase: str, expected: dt.date) -> None:
    found = find_dates(f"The talks resumed {phrase} in the capital.", AS_OF)
    assert found and found[0].date == expected


def test_no_date_in_a_sentence_without_one() -> None:
    assert find_dates("The two sides met in the capital.", AS_OF) == []


def test_dateline_and_the_date_the_draft_uses() -> None:
    assert dateline("Vienna, 14 July 2015. Iran and six powers met.") == dt.date(2015, 7, 14)
    assert dateline("Iran and six powers met on Tuesday.") is None
    assert article_date("no dateline here", dt.date(2020, 1, 1)) == (dt.date(2020, 1, 1), "option")
    assert article_date("Kabul, 3 March 2020. Talks.", None) == (dt.date(2020, 3, 3), "dateline")
    assert article_date("no dateline here", None, today=dt.date(2024, 5, 6)) == (dt.date(2024, 5, 6), "today")


def test_gazetteer_names_with_codes_accents_and_agents() -> None:
    doc = pipeline()("Nicolás Maduro met the White House while Venezuela's armed forces watched.")
    found = {m.text.lower().removeprefix("the "): (m.info.country, m.agent or m.info.sector)
             for m in lexicon().find_actors(list(doc))}
    assert found["nicolás maduro"] == ("VEN", "GOV")
    assert found["white house"] == ("USA", "GOV")
    assert found["venezuela 's armed forces"] == ("VEN", "MIL")


def test_lower_case_words_are_not_names() -> None:
    doc = pipeline()("The organization said turkey and the army were ready.")
    assert [m.text for m in lexicon().find_actors(list(doc))] == []


def test_roles_passive_voice_and_go_betweens() -> None:
    text = ("Kenya, 2 March 2024. A phone call between Chile and Peru, arranged by Norway and Brazil, took place last week. "
            "Peru's offer of a stake in the fisheries was dismissed by Chile on Monday.")
    ex = read(text, dt.date(2024, 3, 2))
    consult = next(e for e in ex.events if e.category == "CONSULT")
    assert (consult.actor, consult.target) == ("CHL:GOV", "PER:GOV")
    assert consult.via == ["NOR:GOV", "BRA:GOV"]
    offer = next(e for e in ex.events if e.category == "AGREE")
    reject = next(e for e in ex.events if e.category == "REJECT")
    assert (reject.actor, reject.target) == ("CHL:GOV", "PER:GOV")  # passive: the agent after "by"
    assert offer.package == {"economic": "side_payment"}
    assert offer.fate == "rejected" and reject.date == dt.date(2024, 2, 26)


def test_unconfirmed_meeting_and_attribution() -> None:
    text = ("According to the Lima Herald, Chile demanded that Peru withdraw its boats. "
            "A possible meeting between Chile and Peru was discussed, though nothing is confirmed.")
    ex = read(text, dt.date(2024, 3, 2))
    demand = next(e for e in ex.events if e.category == "REQUEST")
    assert demand.attribution == "the Lima Herald" and demand.reliability == "low"
    meeting = next(e for e in ex.events if e.category == "CONSULT")
    assert meeting.confirmed is False and meeting.fate == "pending" and meeting.date > dt.date(2024, 3, 2)


def test_instruments_with_status() -> None:
    text = ("Chile closed its airspace to Peruvian aircraft on Monday. "
            "Chile threatened sanctions on Peru unless the boats left.")
    ex = read(text, dt.date(2024, 3, 6))
    kinds = {(i.kind, i.imposer, i.target, i.status) for i in ex.instruments}
    assert ("airspace_closure", "CHL:GOV", "PER:GOV", "in_force") in kinds
    assert ("sanction", "CHL:GOV", "PER:GOV", "threatened") in kinds


def test_the_same_text_gives_the_same_draft() -> None:
    text = "Oslo, 2 March 2024. Chile gave Peru until Friday to withdraw its boats. Peru refused outright."
    a = draft_text(text, name="x.txt").yaml
    b = draft_text(text, name="x.txt").yaml
    assert a == b


def test_long_runs_without_spaces_do_not_slow_the_reader() -> None:
    """spaCy's affix search grows with the square of a token's length: a run of many
    kilobytes without white space (pasted data, a mangled file) is broken before it is
    tokenised, at the same length, so the draft is the same as with the run cut short."""
    from standoff.draft.extract import MAX_RUN, breakable

    run = "x/" * 6000
    broken = breakable(f"a {run} b")
    assert len(broken) == len(run) + 4 and broken[:2] == "a " and broken[-2:] == " b"
    assert max(len(w) for w in broken.split()) == MAX_RUN
    text = "Oslo, 2 March 2024. Chile gave Peru until Friday to withdraw its boats. Peru refused outright. "
    from ruamel.yaml import YAML

    def actors(t: str) -> set[str]:
        return set(YAML(typ="safe").load(draft_text(t, name="x.txt").yaml)["actors"])

    assert actors(text + run) == actors(text) and len(actors(text)) >= 2  # seconds before the runs were broken
