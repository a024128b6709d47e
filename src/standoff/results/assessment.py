"""The assessment: every engine's answer on one case, assembled once (``standoff assess``).

:func:`standoff.assess` builds it; the brief, the HTML page and the web app present it.
"""

from __future__ import annotations

from pydantic import Field

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


class Assessment(Result):
    """The whole assessment of one case."""

    schema_version: str = SCHEMA_VERSION
    scenario: str
    title: str
    as_of: str
    seed: int
    draws: int
    case: CaseFacts
    bargain: BargainResult | None = None
    crisis: CrisisResult | None = None
    simulate: TalksSummary | None = None
    forecast: dict[str, ForecastResult] = Field(default_factory=dict)
    # issue 10 (uncertainty hook): the zone test and every forecast model over the draws
    bargain_draws: ZoneOverDraws | None = None
    forecast_draws: dict[str, ForecastOverDraws] = Field(default_factory=dict)
    notes: list[Note] = Field(default_factory=list)
