"""The --json outputs of the commands that are not one engine's result: the list of
bundled scenarios, a scenario shown, a validation report, a draft, a GENIUS export, the
targets of a sensitivity analysis, and an engine's nominal result beside the same answer
over Monte Carlo draws (``--draws N``)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from standoff.results import Result
from standoff.results.bargain import BargainResult
from standoff.results.forecast import ForecastResult
from standoff.results.simulate import SimulationResult
from standoff.results.uncertainty import ForecastOverDraws, TalksOverDraws, ZoneOverDraws


class ScenarioEntry(Result):
    """One bundled scenario."""

    name: str = Field(description="the name to give a command (`standoff show NAME`)")
    title: str
    as_of: str = Field(description="the date the scenario is written as of, YYYY-MM-DD")
    path: str = Field(description="the file, inside the installed package")


class ScenarioList(Result):
    """``standoff list --json``."""

    scenarios: list[ScenarioEntry]


class ProblemEntry(Result):
    """One problem of a file (``file:line:column``, what is wrong, how to fix it)."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = Field(default=None, description="dotted path of the value in the file")
    hint: str | None = None


class FileReport(Result):
    """The check of one file."""

    file: str
    ok: bool
    id: str | None = Field(default=None, description="the scenario's id (for an outcome file: its scenario's)")
    kind: str | None = Field(default=None, description="scenario or outcome")
    problems: list[ProblemEntry] = Field(default_factory=list)


class ValidationReport(Result):
    """``standoff validate --json``."""

    files: list[FileReport]


class TargetList(Result):
    """``standoff sensitivity --list-targets --json``."""

    scenario: str
    targets: list[str]


class GeniusExport(Result):
    """``standoff export genius --json``."""

    folder: str
    files: list[str]
    parties: list[str]
    notes: list[str]


class DraftTrace(Result):
    """Where one drafted element came from in the article."""

    path: str = Field(description="dotted path of the element in the draft")
    label: str
    line: int | None = Field(description="line of the element in the drafted YAML")
    sentences: list[int] = Field(description="1-based numbers of the article's sentences it comes from")
    spans: list[list[int]] = Field(description="character spans [start, end) of the evidence in the article")
    confidence: float | None


class DraftWritten(Result):
    yaml: str | None
    html: str | None


class DraftOutput(Result):
    """``standoff draft --json``."""

    as_of: str
    date_from: str
    scenario: dict[str, Any] = Field(description="the drafted scenario, as in the format")
    traces: list[DraftTrace]
    unjudged: list[str] = Field(description="paths of the placeholder numbers a person must judge")
    warnings: list[str]
    written: DraftWritten


class BargainOverDraws(Result):
    """``standoff bargain --draws N --json``."""

    nominal: BargainResult
    over_draws: ZoneOverDraws


class SimulationOverDraws(Result):
    """``standoff simulate --draws N --json``."""

    nominal: SimulationResult
    over_draws: TalksOverDraws


class ForecastWithDraws(Result):
    """``standoff forecast --draws N --json``."""

    nominal: ForecastResult
    over_draws: ForecastOverDraws
