"""Scoring forecasts against known decisions (the DEU III backtest).

Scores are the usual ones of the DEU literature (Thomson et al. 2006, *The European Union
Decides*, ch. 10; Achen 2006): mean absolute error on the 0-100 scale, with RMSE, median
absolute error and the share of issues forecast within 5, 10 and 20 points. Differences
between models are given as paired bootstrap 95% percentile intervals (Efron & Tibshirani
1993, *An Introduction to the Bootstrap*, ch. 13), resampling issues with replacement.

No model is fitted here: every model runs with its documented, fixed options, so the
scores are out-of-sample by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from standoff.core.rng import Seed, make_rng
from standoff.core.stakeholders import Stakeholders
from standoff.engines.forecast.models import BDM, MODELS, make_model, model_properties
from standoff.results.forecast import BacktestResult, IssuePrediction, ModelScore


def scores(errors: np.ndarray) -> dict[str, float]:
    """Summary of absolute errors."""
    e = np.abs(np.asarray(errors, dtype=float))
    return {
        "mae": float(e.mean()),
        "rmse": float(np.sqrt(np.mean(e**2))),
        "median_ae": float(np.median(e)),
        "within_5": float(np.mean(e <= 5.0)),
        "within_10": float(np.mean(e <= 10.0)),
        "within_20": float(np.mean(e <= 20.0)),
    }


def bootstrap_difference(errors: np.ndarray, reference: np.ndarray, rng: np.random.Generator,
                         n_boot: int = 2000, idx: np.ndarray | None = None) -> tuple[float, float]:
    """Paired bootstrap 95% interval of ``mean|errors| - mean|reference|``; ``idx``, when
    given, holds the resamples (one row of issue indices each) instead of fresh draws."""
    d = np.abs(errors) - np.abs(reference)
    if idx is None:
        idx = rng.integers(0, d.size, size=(n_boot, d.size))
    means = d[idx].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return float(lo), float(hi)


@dataclass(frozen=True)
class BacktestRun:
    """The typed result and the per-issue arrays behind it (for plots)."""

    result: BacktestResult
    issues: list[str]
    outcomes: np.ndarray
    forecasts: dict[str, np.ndarray]

    def errors(self, model: str) -> np.ndarray:
        return np.abs(self.forecasts[model] - self.outcomes)


class DecisionRow(Protocol):
    """One decision with its stakeholders and known outcome (a DEU row, for one)."""

    @property
    def id(self) -> str: ...

    @property
    def stakeholders(self) -> Stakeholders: ...

    @property
    def outcome(self) -> float | None: ...


class DecisionTable(Protocol):
    """A table of decisions: what :func:`standoff.interop.deu.read_deu` returns."""

    @property
    def with_outcome(self) -> Sequence[DecisionRow]: ...

    @property
    def path(self) -> str: ...

    @property
    def capability_source(self) -> str: ...


def backtest(table: DecisionTable, models: list[str] | None = None, *, rounds: int = 10,
             seed: Seed = 0, n_boot: int = 2000,
             progress: Callable[[str, int], None] | None = None) -> BacktestRun:
    """Run every model on every issue of ``table`` that has an outcome, and score them.

    ``progress(model, n_done)`` is called after each model (for a progress bar). The same
    seed gives the same bootstrap intervals. A name ``bdm:VARIANT`` runs a named reading
    of the BDM model (:data:`~standoff.engines.forecast.bdm.BDM_VARIANTS`).
    """
    names = list(dict.fromkeys(models or MODELS))
    if "compromise" not in names:
        names = ["compromise", *names]
    issues = table.with_outcome
    y = np.array([i.outcome for i in issues], dtype=float)
    forecasts: dict[str, np.ndarray] = {}
    built = {name: make_model(name) for name in names}
    for name, model in built.items():
        forecasts[name] = np.array([model.run(i.stakeholders, rounds).forecast for i in issues])
        if progress is not None:
            progress(name, len(issues))
    rng = make_rng(seed)
    # one set of resamples for every model: each interval does not depend on the others run
    idx = rng.integers(0, y.size, size=(n_boot, y.size))
    base = np.abs(forecasts["compromise"] - y)
    out: dict[str, ModelScore] = {}
    for name in names:
        err = np.abs(forecasts[name] - y)
        lo, hi = (0.0, 0.0) if name == "compromise" else bootstrap_difference(err, base, rng, n_boot, idx)
        model = built[name]
        extra: dict[str, object] = {}
        if isinstance(model, BDM):
            extra = {"variant": model.variant or "scholz", "options": model.options.as_dict()}
        out[name] = ModelScore(label=model_properties(name)["label"], **scores(err),
                               diff_vs_compromise=[lo, hi], **extra)
    seed_value = seed if isinstance(seed, int) else -1
    result = BacktestResult(dataset=table.path, n_issues=len(issues), rounds=rounds,
                            capability=table.capability_source, seed=seed_value, bootstrap=n_boot,
                            models=out, predictions=[
                                IssuePrediction(issue=str(row.id), outcome=float(y[k]),
                                                forecasts={n: round(float(forecasts[n][k]), 6) for n in names})
                                for k, row in enumerate(issues)])
    return BacktestRun(result, [i.id for i in issues], y, forecasts)
