"""The forecast engine: where a many-actor decision on a 0-100 issue lands.

Models (one module each, with their sources): the compromise model
(:mod:`.compromise`), the weighted median and Condorcet winner (:mod:`.median`), the
Bueno de Mesquita expected-utility model as replicated by Scholz, Calbert & Smith 2011
(:mod:`.bdm`), and a KTAB-style probabilistic Condorcet model (:mod:`.ktab`). Case
wiring is in :mod:`.mapping`; scoring against known decisions in :mod:`.backtest`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from standoff.core.stakeholders import Stakeholders, check_stakeholders
from standoff.engines.forecast.cost import MAX_ACTORS
from standoff.engines.forecast.models import MODELS, Outlook, run_models
from standoff.results.forecast import ForecastResult, ModelForecast

if TYPE_CHECKING:
    from standoff.scenario.case import Case

__all__ = [
    "MODELS",
    "Outlook",
    "Stakeholders",
    "check_stakeholders",
    "forecast_case",
    "forecast_issue",
    "run_models",
]


def forecast_issue(st: Stakeholders, *, source: str, models: list[str] | None = None,
                   rounds: int = 10, outcome: float | None = None, max_actors: int = MAX_ACTORS) -> ForecastResult:
    """Every requested model's forecast for one issue, as a typed result (the cubic models
    refused above ``max_actors``: :mod:`standoff.engines.forecast.cost`)."""
    outs = run_models(st, models, rounds, max_actors=max_actors)
    return ForecastResult(
        source=source,
        issue=st.issue,
        rounds=rounds,
        actors={
            n: {"capability": float(st.capability[k]), "position": float(st.position[k]),
                "salience": float(st.salience[k])}
            for k, n in enumerate(st.names)
        },
        models={
            name: ModelForecast(
                forecast=o.forecast, trajectory=o.trajectory, details=o.details,
                label=MODELS[name].properties["label"], dynamic=MODELS[name].properties["dynamic"],
            )
            for name, o in outs.items()
        },
        outcome=outcome,
    )


def forecast_case(case: Case, *, models: list[str] | None = None, rounds: int = 10) -> dict[str, ForecastResult]:
    """Every model on each 0-100 issue of a case (its nominal draw)."""
    from standoff.engines.forecast.mapping import scale_issues, stakeholders

    return {iid: forecast_issue(stakeholders(case, iid), source=case.id, models=models, rounds=rounds)
            for iid in scale_issues(case)}
