"""Results of the Monte Carlo runs over every engine and of the sensitivity analyses.

Every probability, share, size and position here is an
:class:`~standoff.core.estimate.Estimate` over the draws (mean, median, 5-95 % interval,
number of draws, Monte Carlo standard error; ``fixed`` when no uncertain input moves it).
Numbers and codes only: the words are in :mod:`standoff.presenters.sections.sensitivity`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from standoff.core.estimate import Estimate
from standoff.results import Note, Result


# --------------------------------------------------------------------- Monte Carlo
class ZoneOverDraws(Result):
    """The zone of agreement in every draw (:mod:`standoff.engines.bargain.draws`).

    ``p_open``: the share of draws with a zone (red lines as they stand); ``size`` and
    ``share``: the number of packages in the zone and its share of all packages, over the
    first ``size_draws`` draws; the same ``..._without_red_lines`` with every red line set
    aside; ``routes``: how many draws each route decided (``red_lines``: the red lines
    clash in every draw; ``bound``/``package``: a certificate; ``frontier``: the exact
    frontier; ``too_large``: undecided, the problem is too large for the exact method).
    """

    draws: int
    p_open: Estimate | None
    size: Estimate | None
    share: Estimate | None
    size_draws: int
    blocking: list[str] = Field(default_factory=list)
    routes: dict[str, int] = Field(default_factory=dict)
    p_open_without_red_lines: Estimate | None = None
    size_without_red_lines: Estimate | None = None
    routes_without_red_lines: dict[str, int] = Field(default_factory=dict)
    n_outcomes: int
    n_feasible: int


class ForecastOverDraws(Result):
    """Each forecasting model's position (0-100) on one issue, over the draws."""

    issue: str
    draws: int
    rounds: int
    models: dict[str, Estimate]


class TalksOverDraws(Result):
    """The talks summary over a subsample of draws (:mod:`standoff.engines.simulate.draws`):
    per draw, the share of style pairings that reach a deal, the share of each ending and
    the mean number of rounds."""

    draws: int = Field(description="draws simulated (the first ones of the case)")
    of: int = Field(description="draws of the case")
    seed: int
    strategies: list[str]
    p_deal: Estimate
    endings: dict[str, Estimate]
    rounds: Estimate


# --------------------------------------------------------------------- sensitivity
class InputRange(Result):
    """An uncertain number of the scenario: its path, distribution, nominal value and
    5-95 % range."""

    path: str
    dist: str
    nominal: float
    low: float
    high: float


class TornadoBar(Result):
    """One input swung across its 5-95 % range, the others as in the base run.

    ``at_low``/``at_high``: the target's mean with the input fixed at ``low``/``high``;
    ``effect = at_high - at_low``; ``se``: its Monte Carlo standard error (common random
    numbers: the same draws of the other inputs at both ends)."""

    path: str
    low: float
    high: float
    at_low: float
    at_high: float
    effect: float
    se: float
    rank: int


class Tornado(Result):
    """One-at-a-time swings of every uncertain input, largest effect first."""

    base: Estimate
    draws: int
    bars: list[TornadoBar]


class SobolIndex(Result):
    """First-order (``s1``) and total (``st``) Sobol' indices of one input, each with the
    half-width of its bootstrap confidence interval (SALib's ``*_conf``)."""

    path: str
    s1: float
    s1_conf: float
    st: float
    st_conf: float


class Sobol(Result):
    """Variance-based sensitivity (Saltelli sampling, Sobol' indices by SALib)."""

    n: int = Field(description="base samples N; the model was evaluated N (k + 2) times")
    evaluations: int
    conf_level: float
    variance: float
    indices: list[SobolIndex]
    salib: str = Field(description="the SALib version that computed the indices")


class Threshold(Result):
    """Where the most likely outcome changes as one input moves (the others as in the
    base run): the root of ``mean target - flip`` found by Brent's method, or ``None``
    when it does not flip within ``searched``."""

    path: str
    nominal: float
    searched: list[float]
    flips: bool
    value: float | None
    within_range: bool | None = Field(description="whether the value lies in the input's 5-95 % range")
    at_nominal: float
    side: Literal["above", "below"] = Field(description="the target at the nominal value is above or below the flip level")
    direction: Literal["up", "down"] | None = Field(default=None, description="whether the input must rise or fall to cross it")


class DirectionWarning(Result):
    """An input whose effect on the target has the opposite sign to the one its meaning
    implies (``rule``: the rule's code, ``expected``: +1 or -1)."""

    path: str
    rule: str
    expected: int
    effect: float
    se: float
    uncertain: bool = Field(description="false for a fixed number probed around its value")


class SensitivityResult(Result):
    """Which uncertain numbers drive one target, and what would flip it."""

    scenario: str
    target: str
    target_kind: str
    flip: float | None
    seed: int
    draws: int | None = Field(description="draws of the other inputs per design point (None: nominal values)")
    method: Literal["tornado", "sobol", "both"]
    inputs: list[InputRange]
    tornado: Tornado | None = None
    sobol: Sobol | None = None
    thresholds: list[Threshold] = Field(default_factory=list)
    warnings: list[DirectionWarning] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
