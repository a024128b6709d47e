"""Results of scoring the assessment against the case library (``standoff backtest cases``)
and of grading a forecast ledger (``standoff ledger score``).

The scoring protocol is ``docs/explanation/backtest.md``; the numbers are computed by
:mod:`standoff.engines.scoring`. Every score is lower-is-better (Brier, logarithmic), and
every difference is the forecast's score minus the comparator's, so a negative difference
means the forecast did better.
"""

from __future__ import annotations

from pydantic import Field

from standoff.results import Result

#: Version of the backtest's JSON; it changes only when a field changes meaning or
#: disappears (new fields are additions).
SCHEMA_VERSION = "1.0"


class Interval(Result):
    """A mean over cases with its bootstrap percentile interval (cases resampled)."""

    mean: float
    low: float
    high: float


class FamilyScore(Result):
    """The scores of one family of targets under one way of setting the pooling weight.

    ``scheme`` is ``loo`` (each case scored with the weight fitted on the others: the
    out-of-sample score the protocol reports), ``default`` (the unfitted weight, the same
    for every case) or ``in_sample`` (the weight fitted on every case, the scored one
    included: labelled in-sample, never the reported score). ``base_*`` is the reference
    class's base rate, falling back to the coin for the ``base_fallback`` targets whose
    class does not code the event; ``coin_*`` is 0.5 for a question and 1/6 per ending.
    ``clipped`` counts the forecasts whose probability of what happened was clipped to
    [0.001, 0.999] in the logarithmic score.
    """

    family: str
    label: str
    scheme: str
    weight: float | None = Field(description="the pooling weight, when it is the same for every case")
    cases: int
    targets: int
    brier: Interval
    log: Interval
    base_brier: Interval
    base_log: Interval
    coin_brier: Interval
    coin_log: Interval
    diff_base_brier: Interval
    diff_base_log: Interval
    diff_coin_brier: Interval
    diff_coin_log: Interval
    base_fallback: int
    clipped: int
    base_clipped: int


class ReliabilityBin(Result):
    """One bin of a reliability diagram: forecasts in ``[low, high)`` (the last bin
    includes 1), how many, their mean and how often the event happened."""

    low: float
    high: float
    count: int
    mean_forecast: float | None
    observed: float | None


class QuestionScore(Result):
    """One question of one case: the forecast pooled with the held-out weight (``p``),
    the models' own answer, the base rate (``None`` when the class does not code it), what
    happened and the scores."""

    id: str
    family: str
    by: str
    p: float
    model: float
    base: float | None
    outcome: bool
    brier: float
    log: float
    base_brier: float
    coin_brier: float


class CaseScore(Result):
    """One case of the library, scored leave-one-out."""

    case: str
    title: str
    reference_class: str
    as_of: str
    horizon: str
    weight: float = Field(description="the pooling weight fitted on the other cases")
    ending: str = Field(description="what happened at the horizon")
    endings: dict[str, float] = Field(description="the forecast of each ending at the horizon, pooled")
    most_likely: str
    ending_brier: float
    ending_log: float
    brier: float = Field(description="mean Brier score over the case's questions")
    base_brier: float
    coin_brier: float
    top_driver: str | None = None
    after_outcome: bool = Field(
        default=False, description="inputs added after the outcome was known (rubric defaults only)")
    questions: list[QuestionScore] = Field(default_factory=list)


class BacktestRun(Result):
    """The scores of one set of cases: the fitted weights, every family under every
    scheme, the reliability of the held-out forecasts and each case."""

    name: str
    label: str
    cases: list[str]
    grid: list[float]
    objective: str
    weight: float = Field(description="the weight fitted on every case of the run (what --fit writes)")
    loo_weights: dict[str, float]
    default_weight: float
    scores: list[FamilyScore]
    reliability: list[ReliabilityBin]
    base_reliability: list[ReliabilityBin]
    per_case: list[CaseScore]

    def score(self, family: str, scheme: str = "loo") -> FamilyScore | None:
        """The score of a family under a scheme, if the run has it."""
        return next((s for s in self.scores if s.family == family and s.scheme == scheme), None)


class NotScored(Result):
    """A closed case the assessment does not apply to, and why."""

    case: str
    why: str


class BacktestReport(Result):
    """``standoff backtest cases``: every closed case of a library, scored."""

    schema_version: str = SCHEMA_VERSION
    library: str
    draws: int
    seed: int
    resamples: int
    bootstrap_seed: int
    level: float
    clip: list[float]
    weight_in_use: float = Field(description="the pooling weight the assessment used when this ran")
    weight_fitted: bool
    runs: list[BacktestRun]
    not_scored: list[NotScored] = Field(default_factory=list)

    def run(self, name: str) -> BacktestRun | None:
        return next((r for r in self.runs if r.name == name), None)


# --------------------------------------------------------------------------- ledger
class LedgerCheck(Result):
    """``standoff ledger verify``: the entries checked and the hash at the head."""

    ledger: str
    entries: int
    head: str | None


class GradedAnswer(Result):
    """One recorded answer whose question has resolved."""

    entry: int
    recorded: str
    scenario: str
    question: str
    by: str
    p: float
    outcome: bool
    brier: float
    log: float
    in_time: bool = Field(description="recorded on or before the question's date (a forecast, not a hindcast)")
    same_scenario: bool = Field(description="the outcome's scenario file has the bytes recorded in the entry")


class LedgerScore(Result):
    """``standoff ledger score``: the graded answers and their means (forecasts recorded
    in time only; late answers are listed but not averaged)."""

    ledger: str
    entries: int
    graded: list[GradedAnswer]
    unresolved: int = Field(description="recorded answers no given outcome resolves")
    brier: float | None
    log: float | None
    coin_brier: float | None
    coin_log: float | None
    late: int
