"""``standoff brief``: the one-page assessment, assembled from each engine's section.

Each engine contributes a :class:`~standoff.results.brief.BriefSection` through its
``for_brief(scenario)`` function; this module only orders and prints them.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from standoff.presenters.summary import case_section
from standoff.results import Result
from standoff.results.brief import BriefSection
from standoff.scenario import Scenario


class Brief(Result):
    """The whole brief: the scenario's identity and its sections, in reading order."""

    scenario: str
    title: str
    as_of: str
    seed: int
    sections: list[BriefSection]


def section_builders() -> list[Callable[[Scenario], BriefSection]]:
    """The sections of a brief, in reading order."""
    from standoff.engines import bargain, crisis, forecast, simulate

    return [case_section, bargain.for_brief, crisis.for_brief, simulate.for_brief, forecast.for_brief]


def build_brief(scn: Scenario, *, seed: int = 0) -> Brief:
    sections = [build(scn) for build in section_builders()]
    return Brief(
        scenario=scn.id,
        title=scn.title,
        as_of=scn.spec.as_of.isoformat(),
        seed=seed,
        sections=sections,
    )


def print_brief(result: Brief, console: Console) -> None:
    console.print(Panel.fit(f"[bold]{escape(result.title)}[/]\nassessment as of {result.as_of}",
                            title="standoff brief"))
    for sec in result.sections:
        console.rule(f"[bold]{escape(sec.title)}[/]", align="left")
        for line in sec.lines:
            console.print(escape(line))
        for b in sec.bullets:
            console.print(f"  • {escape(b)}")
        console.print()
