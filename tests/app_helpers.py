"""Scenarios and pages shared by the HTML-brief, web-app and browser tests."""

from __future__ import annotations

from functools import cache

from standoff.presenters.brief import build_brief
from standoff.presenters.html import brief_html
from standoff.scenario import Scenario
from tests.helpers import FLAGSHIP

#: Hostile text put where a scenario's words are shown.
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'


def hostile_text() -> str:
    """The flagship with script and markup in actor names, an issue, an option, an event
    and a source: every one must be shown as text."""
    text = FLAGSHIP.read_text(encoding="utf-8")
    swaps = {
        "    name: United States (White House)\n": f"    name: '{SCRIPT} States'\n",
        "    name: Nicolas Maduro\n": f"    name: '{IMG} Maduro'\n",
        "    name: Protection from prosecution\n": f"    name: 'Amnesty {SCRIPT}'\n",
        "      personal: immunity for Maduro and his family only\n": f"      personal: 'immunity {IMG}'\n",
        "    summary: Washington rejects the amnesty request outright.\n": f"    summary: 'Rejected {SCRIPT}'\n",
        "    title: Daily Caller report on the White House call with Maduro, as cited by the article\n":
            f"    title: 'Report & {SCRIPT}'\n",
    }
    for old, new in swaps.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


@cache
def flagship_page(draws: int = 400) -> str:
    scn = Scenario.load("venezuela-2025")
    b = build_brief(scn, draws=draws)
    return brief_html(scn, b.assessment, b.sections)


@cache
def hostile_page(draws: int = 300) -> str:
    scn = Scenario.from_text(hostile_text(), shown="hostile.yaml")
    b = build_brief(scn, draws=draws)
    return brief_html(scn, b.assessment, b.sections)
