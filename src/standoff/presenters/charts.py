"""One figure spec per result (:mod:`standoff.presenters.figures` renders them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from standoff.core.errors import UserError
from standoff.presenters.figures import FigureSpec, Heatmap, RefLine, Trace, plotly_text
from standoff.presenters.sections.words import describe
from standoff.results.bargain import BargainResult
from standoff.results.crisis import CrisisResult
from standoff.results.forecast import ForecastResult
from standoff.results.simulate import SimulationResult, TalksSummary, TournamentResult
from standoff.results.uncertainty import SensitivityResult
from standoff.scenario.case import Case

ENDING_ORDER = ("deal", "capitulation", "backdown", "forced_removal", "limited_force", "escalation", "stalemate")


def _package_words(case: Case | None, outcome: dict[str, str]) -> str:
    """A package for a hover label: one issue per line, the scenario's words escaped."""
    if case is None:
        return plotly_text("; ".join(f"{k}: {v}" for k, v in outcome.items()))
    return "<br>".join(plotly_text(p) for p in describe(case, outcome))


def frontier(res: BargainResult, case: Case | None = None) -> FigureSpec:
    """The Pareto frontier of two parties with each side's no-deal point, the bargaining
    solutions and the packages the first openings would make the fair bargain; hovering
    a point shows its package in words."""
    if len(res.parties) != 2:
        raise UserError("the frontier is drawn for two-party problems only", hint=f"this one has {len(res.parties)} parties")
    if not res.frontier:
        raise UserError("nothing to plot: the problem is too large for the exact method")
    a, b = res.parties
    label = "Pareto frontier" + (" (red lines ignored)" if res.blocking else "")
    traces = [Trace(label, "lines+markers", [p.utilities[0] for p in res.frontier], [p.utilities[1] for p in res.frontier],
                    hover=[_package_words(case, p.outcome) for p in res.frontier])]
    d = [res.reservation[a], res.reservation[b]]
    traces.append(Trace("no deal", "markers", [d[0]], [d[1]], marker="x", color="#000000",
                        hover=[f"{a} {d[0]:+.3f}, {b} {d[1]:+.3f}"]))
    for n, p in (("Nash", res.nash), ("Kalai-Smorodinsky", res.kalai_smorodinsky),
                 ("max welfare", res.max_welfare), ("egalitarian", res.egalitarian)):
        if p is not None:
            traces.append(Trace(n, "markers", [p.utilities[0]], [p.utilities[1]], marker="square",
                                hover=[_package_words(case, p.outcome)]))
    for i, o in enumerate(res.openings[:3], 1):
        if o.nash is not None:
            traces.append(Trace(f"opening {i}: fair bargain", "markers", [o.nash.utilities[0]], [o.nash.utilities[1]],
                                marker="diamond", hover=[_package_words(case, o.nash.outcome)]))
    return FigureSpec(
        key="frontier",
        title=f"{res.source}: frontier and zone of agreement",
        x_title=f"utility of {a}", y_title=f"utility of {b}", traces=tuple(traces),
        refs=(RefLine("x", d[0], f"{a}'s no deal"), RefLine("y", d[1], f"{b}'s no deal")),
        size=(6.0, 5.0),
    )


def crisis_endings(res: CrisisResult) -> FigureSpec:
    """Each crisis model's endings as stacked bars."""
    names = [m.model for m in res.models]
    present = [e for e in ENDING_ORDER if any(e in m.endings for m in res.models)]
    traces = tuple(
        Trace(e, "bar", names, [m.endings[e].mean if e in m.endings else 0.0 for m in res.models])
        for e in present
    )
    return FigureSpec(key="crisis", title=f"Endings by model ({res.scenario})", y_title="probability",
                      traces=traces, stacked=True, y_range=(0.0, 1.0), size=(7.0, 4.0))


def offers(res: SimulationResult) -> FigureSpec:
    """The offers on the table round by round, in each party's utility, with the level
    below which each party walks away."""
    on_table = [e for e in res.trace if e.utilities is not None and e.action in ("offer", "propose", "reject")]
    if not on_table:
        raise UserError("nothing to plot: no offer was made")
    traces = tuple(
        Trace(f"utility to {p}", "lines+markers", [e.round for e in on_table],
              [e.utilities[i] for e in on_table if e.utilities is not None],
              hover=[f"offer by {e.actor}" for e in on_table])
        for i, p in enumerate(res.parties)
    )
    refs = tuple(RefLine("y", r, f"{p} walks away below") for p, r in zip(res.parties, res.reservations, strict=True))
    return FigureSpec(key="offers", title=f"Offers on the table, {res.domain}", x_title="round", y_title="utility",
                      traces=traces, refs=refs)


def tournament_grid(res: TournamentResult) -> FigureSpec:
    """The share of negotiations ending in a deal, by pairing."""
    names = list(res.strategies)
    k = len(names)
    rate = [[0.0] * k for _ in range(k)]
    count = [[0] * k for _ in range(k)]
    for r in res.rows:
        i, j = names.index(r.strategies[0]), names.index(r.strategies[1])
        rate[i][j] += r.agreement_rate
        count[i][j] += 1
    grid = [[rate[i][j] / count[i][j] if count[i][j] else 0.0 for j in range(k)] for i in range(k)]
    return FigureSpec(
        key="tournament",
        title="Share of negotiations ending in a deal (row: first party, column: the others)",
        x_title="strategy of the others", y_title="strategy of the first party",
        heatmap=Heatmap(z=grid, x=names, y=names, text=[[f"{v:.0%}" for v in row] for row in grid]),
        size=(1.2 * k + 2, 1.0 * k + 1.5),
    )


def forecast_trajectories(res: ForecastResult) -> FigureSpec:
    """Each model's forecast round by round."""
    traces = tuple(Trace(m.label, "lines+markers", list(range(len(m.trajectory))), m.trajectory)
                   for m in res.models.values())
    return FigureSpec(key="forecast", title=f"Forecast by round: {res.issue}", x_title="round",
                      y_title="position (0-100)", traces=traces, y_range=(0.0, 100.0), size=(8.0, 4.5))


def error_boxes(title: str, errors: Mapping[str, Sequence[float]]) -> FigureSpec:
    """Absolute errors by model, as box plots."""
    return FigureSpec(key="errors", title=title, x_title="model", y_title="absolute error (0-100)",
                      traces=tuple(Trace(n, "box", [], list(v)) for n, v in errors.items()), size=(8.0, 4.5))


# ------------------------------------------------------------------- sensitivity
def tornado(res: SensitivityResult, top: int = 15) -> FigureSpec:
    """The tornado: for each input (largest effect at the top), the target's mean with
    the input at its 5 % and at its 95 % quantile, around the base run."""
    if res.tornado is None:
        raise UserError("no tornado in this result", hint="run with --method tornado or both")
    bars = list(reversed(res.tornado.bars[:top]))
    names = [b.path for b in bars]
    base = res.tornado.base.mean
    return FigureSpec(
        key="tornado",
        title=f"{res.scenario}: what moves {res.target}",
        x_title=f"{res.target} (mean over {res.tornado.draws:,} draws)",
        traces=(
            Trace("input at its 5% quantile", "bar", names, [b.at_low - base for b in bars], horizontal=True,
                  hover=[f"{b.path} = {b.low:.4g}: {b.at_low:.4g}" for b in bars]),
            Trace("input at its 95% quantile", "bar", names, [b.at_high - base for b in bars], horizontal=True,
                  hover=[f"{b.path} = {b.high:.4g}: {b.at_high:.4g}" for b in bars]),
        ),
        refs=(RefLine("x", 0.0, f"base {base:.3g}"),),
        caption="bars are changes from the base run's mean",
        size=(8.0, 0.35 * len(bars) + 1.5),
    )


def sobol_bars(res: SensitivityResult, top: int = 15) -> FigureSpec:
    """First-order and total Sobol' indices per input, with their confidence intervals."""
    if res.sobol is None:
        raise UserError("no Sobol indices in this result", hint="run with --method sobol or both")
    idx = list(reversed(res.sobol.indices[:top]))
    names = [s.path for s in idx]
    return FigureSpec(
        key="sobol",
        title=f"{res.scenario}: share of the variance of {res.target}",
        x_title=f"Sobol' index ({res.sobol.conf_level:.0%} interval)",
        traces=(
            Trace("first order", "bar", names, [s.s1 for s in idx], low=[s.s1 - s.s1_conf for s in idx],
                  high=[s.s1 + s.s1_conf for s in idx], horizontal=True),
            Trace("total", "bar", names, [s.st for s in idx], low=[s.st - s.st_conf for s in idx],
                  high=[s.st + s.st_conf for s in idx], horizontal=True),
        ),
        size=(8.0, 0.35 * len(idx) + 1.5),
    )


def talks_endings(res: TalksSummary) -> FigureSpec:
    """How the simulated talks end, as a share of runs over every pairing of styles."""
    total = sum(res.endings.values()) or 1
    order = [e for e in ENDING_ORDER if e in res.endings] + sorted(e for e in res.endings if e not in ENDING_ORDER)
    return FigureSpec(key="talks", title=f"How {total} simulated talks end", y_title="share of runs",
                      traces=(Trace("talks", "bar", order, [res.endings[e] / total for e in order]),),
                      y_range=(0.0, 1.0), size=(6.0, 3.5))


def endings_by_date(endings: Mapping[str, Mapping[str, float]], horizon: str | None = None) -> FigureSpec:
    """Each ending's probability by the horizon with its 90 % interval (the headline's
    chart; ``endings`` as in the assessment's JSON: ``{name: {"p", "low", "high"}}``)."""
    names = [e for e in ENDING_ORDER if e in endings] + sorted(e for e in endings if e not in ENDING_ORDER)
    p = [float(endings[e]["p"]) for e in names]
    lo = [float(endings[e].get("low", endings[e]["p"])) for e in names]
    hi = [float(endings[e].get("high", endings[e]["p"])) for e in names]
    hover = [f"{n.replace('_', ' ')}: {100 * v:.0f}% (90% interval {100 * a:.0f}-{100 * b:.0f}%)"
             for n, v, a, b in zip(names, p, lo, hi, strict=True)]
    labels = [n.replace("_", " ") for n in names]
    by = f" by {horizon}" if horizon else ""
    return FigureSpec(key="endings", title=f"How the standoff ends{by}", x_title="probability",
                      traces=(Trace("probability (90% interval)", "bar", labels, p, low=lo, high=hi, hover=hover,
                                    horizontal=True),),
                      x_range=(0.0, 1.0), size=(6.5, 3.5))
