"""The forecast engine: where a many-actor decision on a 0-100 issue lands.

Models (one module each, with their sources): the compromise model
(:mod:`.compromise`), the weighted median and Condorcet winner (:mod:`.median`), the
Bueno de Mesquita expected-utility model as replicated by Scholz, Calbert & Smith 2011
(:mod:`.bdm`), and a KTAB-style probabilistic Condorcet model (:mod:`.ktab`). Scenario
wiring is in :mod:`.mapping`; scoring against known decisions in :mod:`.backtest`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from standoff.core.stakeholders import Stakeholders, check_stakeholders
from standoff.engines.forecast.models import MODELS, Outlook, run_models
from standoff.results.brief import BriefSection
from standoff.results.forecast import ForecastResult, ModelForecast

if TYPE_CHECKING:
    from standoff.scenario import Scenario

__all__ = [
    "MODELS",
    "Outlook",
    "Stakeholders",
    "check_stakeholders",
    "for_brief",
    "forecast_issue",
    "run_models",
]


def forecast_issue(st: Stakeholders, *, source: str, models: list[str] | None = None,
                   rounds: int = 10, outcome: float | None = None) -> ForecastResult:
    """Every requested model's forecast for one issue, as a typed result."""
    outs = run_models(st, models, rounds)
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


def for_brief(scenario: Scenario) -> BriefSection:
    """The forecast section of ``standoff brief``: every model on each 0-100 issue."""
    from standoff.engines.forecast.mapping import scale_issues, stakeholders

    issues = scale_issues(scenario)
    if not issues:
        return BriefSection(key="forecast", title="Where a many-sided decision would land",
                            lines=["The scenario has no 0-100 issue, so there is no collective forecast."])
    data: dict[str, object] = {}
    bullets: list[str] = []
    lines: list[str] = []
    for iid in issues:
        res = forecast_issue(stakeholders(scenario, iid), source=scenario.id)
        isp = scenario.spec.issues[iid]
        ends = isp.ends or ("0", "100")
        data[iid] = {name: {"forecast": m.forecast, "trajectory": m.trajectory} for name, m in res.models.items()}
        comp = res.models["compromise"].forecast
        lo = min(m.forecast for m in res.models.values())
        hi = max(m.forecast for m in res.models.values())
        lines.append(
            f"On '{isp.name}' (0 = {ends[0]}, 100 = {ends[1]}), weighing all {len(res.actors)} actors "
            f"by capability and salience puts the outcome near {comp:.0f}; the models span {lo:.0f} to {hi:.0f}."
        )
        prefix = f"{isp.name}: " if len(issues) > 1 else ""
        for m in res.models.values():
            bullets.append(f"{prefix}{m.label}: {m.forecast:.1f}")
    lines.append(
        "On 353 real EU decisions the simple weighted mean (compromise) was the most accurate of these "
        "models (mean error about 23 points out of 100), so read it as the baseline."
    )
    return BriefSection(key="forecast", title="Where a many-sided decision would land", lines=lines,
                        bullets=bullets, data=data)
