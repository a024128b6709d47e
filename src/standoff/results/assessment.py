"""The assessment: every engine's answer on one case, assembled once (``standoff assess``).

:func:`standoff.assess` builds it; the brief, the HTML page and the web app present it.
"""

from __future__ import annotations

from pydantic import Field

from standoff.core.estimate import Estimate
from standoff.results import Note, Result
from standoff.results.bargain import BargainResult
from standoff.results.crisis import CrisisResult
from standoff.results.forecast import ForecastResult
from standoff.results.simulate import TalksSummary
from standoff.results.uncertainty import (  # issue 10 (uncertainty hook)
    ForecastOverDraws,
    ZoneOverDraws,
)

#: Version of the assessment's JSON; it changes only when a field changes meaning or
#: disappears (new fields are additions).
SCHEMA_VERSION = "1.0"


class RefusalCheck(Result):
    """Whether a refusal in the record is explained by the encoded preferences."""

    event: str
    refuser: str
    package: dict[str, str]
    value_to_refuser: float
    no_deal_value: float
    crosses_red_line: bool
    consistent: bool


class CaseFacts(Result):
    """What the case says, as the engines read it (ids; the presenters add names)."""

    id: str
    title: str
    as_of: str
    period: str
    parties: list[str]
    mediators: list[str]
    challenger: str | None
    target: str | None
    demand: dict[str, str]
    demand_event: str | None
    deadline: str | None
    deadline_periods: float | None
    horizon: str | None
    threats: list[str]
    instruments_in_force: list[str]
    instruments_threatened: list[str]
    channel: str
    channel_via: list[str]
    refusals: list[RefusalCheck]


class Prob(Result):
    """A probability by a date: the answer ``p`` with its 90 % interval over the draws
    (``low``/``high``, the 5 % and 95 % points), the models' own answer before the base
    rate is pooled in (``model``) and the reference class's (``base``; ``None`` when the
    class does not code it)."""

    p: float
    low: float
    high: float
    model: float
    base: float | None = None


class QuestionAnswer(Result):
    """One of the scenario's questions, answered."""

    id: str
    text: str
    by: str
    yes_if: list[str]
    p: float
    low: float
    high: float
    model: float
    base: float | None = None


class Driver(Result):
    """An uncertain input that drives the most likely ending: its path in the file, the
    share of the spread of that ending's probability across the draws that it explains
    (squared rank correlation), and the sign of its effect."""

    path: str
    ending: str
    importance: float
    direction: int


class Threshold(Result):
    """The value of an input at which the most likely ending changes (``flips``), or the
    range searched when it does not change within it."""

    path: str
    current: float
    low: float
    high: float
    flips: bool
    value: float | None = None
    ending_from: str | None = None
    ending_to: str | None = None


class Indicator(Result):
    """Something to watch: an event or change (``code`` with its ``data``) and how much it
    would move the probability of ``ending`` by the horizon if it happened (``change``)."""

    code: str
    data: dict[str, str | float] = Field(default_factory=dict)
    ending: str
    change: float


class Headline(Result):
    """The answer: each ending by the horizon, force used, every question, and why.

    ``endings`` holds the six endings at ``horizon``; ``structural`` the answers of the
    classic crisis games that speak to the same question, shown as a band rather than
    averaged in; ``pooling`` how the models' answer and the base rate are combined;
    ``effective_draws`` the draws' effective number after weighting by the record.
    """

    schema_version: str = SCHEMA_VERSION
    scenario: str
    as_of: str
    horizon: str
    seed: int
    draws: int
    endings: dict[str, Prob]
    force_used: Prob
    leader_out: Prob | None = None
    most_likely: str
    questions: list[QuestionAnswer] = Field(default_factory=list)
    drivers: list[Driver] = Field(default_factory=list)
    thresholds: list[Threshold] = Field(default_factory=list)
    watch: list[Indicator] = Field(default_factory=list)
    base_rate: dict[str, object] | None = None
    pooling: dict[str, object] = Field(default_factory=dict)
    models: dict[str, str] = Field(default_factory=dict)
    parts: dict[str, Estimate] = Field(default_factory=dict)
    structural: dict[str, dict[str, float]] = Field(default_factory=dict)
    effective_draws: float = 0.0
    notes: list[Note] = Field(default_factory=list)


class Assessment(Result):
    """The whole assessment of one case."""

    schema_version: str = SCHEMA_VERSION
    scenario: str
    title: str
    as_of: str
    seed: int
    draws: int
    case: CaseFacts
    headline: Headline | None = None
    not_applicable: list[Note] = Field(default_factory=list)
    bargain: BargainResult | None = None
    crisis: CrisisResult | None = None
    simulate: TalksSummary | None = None
    forecast: dict[str, ForecastResult] = Field(default_factory=dict)
    # issue 10 (uncertainty hook): the zone test and every forecast model over the draws
    bargain_draws: ZoneOverDraws | None = None
    forecast_draws: dict[str, ForecastOverDraws] = Field(default_factory=dict)
    notes: list[Note] = Field(default_factory=list)
