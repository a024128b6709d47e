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

    def __repr__(self) -> str:
        got = ", ".join(f"{k} {m.forecast:.1f}" for k, m in self.models.items())
        return f"ForecastResult(source={self.source!r}, issue={self.issue!r}, forecasts: {got})"

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """``models`` (each model's forecast and its trajectory by round) and ``actors``."""
        rounds = max((len(m.trajectory) for m in self.models.values()), default=0)
        return {
            "models": [{"model": k, "label": m.label, "forecast": m.forecast,
                        **{f"round_{r}": (m.trajectory[r] if r < len(m.trajectory) else None) for r in range(rounds)}}
                       for k, m in self.models.items()],
            "actors": [{"actor": a, **v} for a, v in self.actors.items()],
        }


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


class IssuePrediction(Result):
    """One issue of a backtest: its known outcome and each model's forecast (0-100)."""

    issue: str
    outcome: float
    forecasts: dict[str, float] = Field(description="model -> forecast, rounded to 6 decimals")


class BacktestResult(Result):
    """A backtest on a DEU-style table."""

    dataset: str
    n_issues: int
    rounds: int
    capability: str
    seed: int
    bootstrap: int
    models: dict[str, ModelScore]
    predictions: list[IssuePrediction] = Field(default_factory=list, description="every issue scored, in order")

    def __repr__(self) -> str:
        got = ", ".join(f"{k} {m.mae:.2f}" for k, m in self.models.items())
        return f"BacktestResult(dataset={self.dataset!r}, issues={self.n_issues}, MAE: {got})"

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """``scores`` (each model's errors) and ``predictions`` (each issue: the outcome
        and each model's forecast)."""
        return {
            "scores": [{"model": k, "label": m.label, "mae": m.mae, "rmse": m.rmse, "median_ae": m.median_ae,
                        "within_5": m.within_5, "within_10": m.within_10, "within_20": m.within_20,
                        "diff_vs_compromise_low": m.diff_vs_compromise[0] if m.diff_vs_compromise else None,
                        "diff_vs_compromise_high": m.diff_vs_compromise[1] if m.diff_vs_compromise else None}
                       for k, m in self.models.items()],
            "predictions": [{"issue": p.issue, "outcome": p.outcome, **p.forecasts} for p in self.predictions],
        }
