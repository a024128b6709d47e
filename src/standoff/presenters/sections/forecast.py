"""The collective forecast on each 0-100 issue, in words."""

from __future__ import annotations

from standoff.presenters.sections.words import position
from standoff.results.assessment import Assessment
from standoff.results.brief import BriefSection
from standoff.scenario.case import Case

TITLE = "Where a many-sided decision would land"


def forecast_section(a: Assessment, case: Case) -> BriefSection:
    """Every model on each 0-100 issue, the compromise model as the baseline."""
    if not a.forecast:
        return BriefSection(key="forecast", title=TITLE,
                            lines=["The scenario has no 0-100 issue, so there is no collective forecast."])
    lines: list[str] = []
    bullets: list[str] = []
    data: dict[str, object] = {}
    for iid, res in a.forecast.items():
        i = case.space.issue_index(iid)
        ends = case.issue_ends[i] or ("0", "100")
        data[iid] = {n: {"forecast": m.forecast, "trajectory": m.trajectory} for n, m in res.models.items()}
        over = a.forecast_draws.get(iid)
        comp = res.models["compromise"].forecast
        lo = min(m.forecast for m in res.models.values())
        hi = max(m.forecast for m in res.models.values())
        label = case.issue_label(i)
        near = position(over.models["compromise"]) if over is not None else f"{comp:.0f}"
        lines.append(
            f"On '{label}' (0 = {ends[0]}, 100 = {ends[1]}), weighing all {len(res.actors)} actors "
            f"by capability and salience puts the outcome near {near}; the models span {lo:.0f} to {hi:.0f} "
            "on the central values."
        )
        prefix = f"{label}: " if len(a.forecast) > 1 else ""
        for key, m in res.models.items():
            est = over.models.get(key) if over is not None else None
            bullets.append(f"{prefix}{m.label}: " + (position(est) if est is not None else
                                                     f"{m.forecast:.1f} (central values; not run over the draws)"))
        if over is not None:
            lines.append(f"Intervals are over {over.draws:,} draws of the uncertain numbers.")
    lines.append(
        "On 353 real EU decisions the simple weighted mean (compromise) was the most accurate of these "
        "models (mean error about 23 points out of 100), so read it as the baseline."
    )
    return BriefSection(key="forecast", title=TITLE, lines=lines, bullets=bullets, data=data)
