"""``standoff brief``: the assessment as a one-page brief (terminal and JSON).

The brief is the :class:`~standoff.results.assessment.Assessment` with its sections
written out (:mod:`standoff.presenters.sections`); this module assembles and prints it.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field
from rich.console import Console
from rich.panel import Panel

from standoff.assess import DEFAULT_DRAWS, MEMORY_LIMIT, assess, drawn_case
from standoff.presenters.sections import sections
from standoff.presenters.text import markup
from standoff.results import Result
from standoff.results.assessment import SCHEMA_VERSION, Assessment
from standoff.results.brief import BriefSection
from standoff.scenario import Scenario


class Brief(Result):
    """The whole brief: the scenario's identity, its sections in reading order, and the
    assessment they were written from."""

    schema_version: str = SCHEMA_VERSION
    scenario: str
    title: str
    as_of: str
    seed: int
    draws: int
    sections: list[BriefSection]
    assessment: Assessment = Field(description="the numbers behind every section")


def build_brief(scn: Scenario, *, seed: int = 0, draws: int | None = None, jobs: int = 1,
                overrides: Mapping[str, float] | None = None, max_memory: float = MEMORY_LIMIT) -> Brief:
    a = assess(scn, seed=seed, jobs=jobs, draws=DEFAULT_DRAWS if draws is None else draws, overrides=overrides,
               max_memory=max_memory)
    case = drawn_case(scn, draws=a.draws, seed=seed, overrides=overrides)
    return Brief(scenario=a.scenario, title=a.title, as_of=a.as_of, seed=a.seed, draws=a.draws,
                 sections=sections(a, case), assessment=a)


def print_brief(result: Brief, console: Console) -> None:
    console.print(Panel.fit(f"[bold]{markup(result.title)}[/]\nassessment as of {result.as_of}",
                            title="standoff brief"))
    for sec in result.sections:
        console.rule(f"[bold]{markup(sec.title)}[/]", align="left")
        for line in sec.lines:
            console.print(markup(line))
        for b in sec.bullets:
            console.print(f"  • {markup(b)}")
        console.print()
