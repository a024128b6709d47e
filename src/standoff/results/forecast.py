"""Results of the forecast engine: one issue's forecasts, and a backtest's scores."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from standoff.results import Result


class ModelForecast(Result):
    """One model on one issue: the forecast (0-100) and the forecast after each round
    (round 0 first; a single value for static models)."""

    forecast: float
    trajectory: list[float]
    label: str
    dynamic: bool
    details: dict[str, Any] = Field(default_factory=dict)


class ForecastResult(Result):
    """Every model's forecast for one issue."""

    source: str
    issue: str
    rounds: int
    actors: dict[str, dict[str, float]] = Field(description="capability, position, salience per actor")
    models: dict[str, ModelForecast]
    outcome: float | None = Field(default=None, description="the known outcome, when the source has one")


class ModelScore(Result):
    """Accuracy of one model over the backtest's issues (absolute errors on 0-100)."""

    label: str
    mae: float
    rmse: float
    median_ae: float
    within_5: float
    within_10: float
    within_20: float
    diff_vs_compromise: list[float] = Field(
        description="bootstrap 95% interval of this model's MAE minus the compromise model's"
    )
    variant: str | None = Field(default=None, description="the named reading of the BDM model (bdm only)")
    options: dict[str, Any] = Field(default_factory=dict, description="the BDM options of that reading")


class BacktestResult(Result):
    """A backtest on a DEU-style table."""

    dataset: str
    n_issues: int
    rounds: int
    capability: str
    seed: int
    bootstrap: int
    models: dict[str, ModelScore]
