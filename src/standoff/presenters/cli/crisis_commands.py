"""The `standoff crisis` command: the crisis games of a scenario, in words or JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.markup import escape

from standoff.core.errors import UserError
from standoff.presenters.cli.app import (
    DEFAULT_SCENARIO,
    JsonOpt,
    PlotOpt,
    SeedOpt,
    SourceArg,
    app,
    console,
    emit_json,
    err,
    write_atomic,
)
from standoff.presenters.files import matplotlib_axes, plot_format, save_matplotlib, save_plotly
from standoff.results.crisis import CrisisModelResult, CrisisResult

#: Most Monte Carlo draws we take: 10^6 take about 4 s and 0.5 GB here, memory grows
#: linearly, and the standard error of a probability is already below 0.001 at 10^6.
MAX_DRAWS = 2_000_000


def _opt(flag: str, text: str) -> Any:
    return typer.Option(flag, help=text, show_default=False)


@app.command()
def crisis(
    source: SourceArg = DEFAULT_SCENARIO,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="One model: fearon, ultimatum, rubinstein or attrition.")
    ] = None,
    draws: Annotated[int, typer.Option("--draws", help="Monte Carlo draws (the players' types).")] = 20_000,
    seed: SeedOpt = 0,
    nominal: Annotated[bool, typer.Option("--nominal", help="Use nominal values only (no draws).")] = False,
    deadline: Annotated[str | None, typer.Option("--deadline", help="Deadline YYYY-MM-DD (overrides the scenario's).")] = None,
    export_efg: Annotated[Path | None, typer.Option("--export-efg", help="Write the game tree as a Gambit .efg file.")] = None,
    levels: Annotated[int, typer.Option("--levels", help="Demand levels of the discretised Fearon game.")] = 11,
    types: Annotated[int, typer.Option("--types", help="Target types in the game tree.")] = 5,
    gambit: Annotated[
        str | None, typer.Option("--gambit", help="Cross-check the game tree with Gambit: logit or lcp.")
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Time limit for Gambit, in seconds.")] = 60.0,
    plot: PlotOpt = None,
    p: Annotated[float | None, _opt("--p", "Fearon: probability the challenger prevails.")] = None,
    cost_a: Annotated[float | None, _opt("--cost-a", "Fearon: challenger's cost of war (share).")] = None,
    cost_b: Annotated[float | None, _opt("--cost-b", "Fearon: target's cost of war (share).")] = None,
    cost_b_low: Annotated[float | None, _opt("--cost-b-low", "Fearon: target's cost uniform from.")] = None,
    cost_b_high: Annotated[float | None, _opt("--cost-b-high", "Fearon: target's cost uniform to.")] = None,
    credibility: Annotated[float | None, _opt("--credibility", "Ultimatum: P(threat carried out).")] = None,
    u_comply: Annotated[float | None, _opt("--u-comply", "Ultimatum: target's value of complying.")] = None,
    u_war: Annotated[float | None, _opt("--u-war", "Ultimatum: target's value of escalation.")] = None,
    u_backdown: Annotated[float | None, _opt("--u-backdown", "Ultimatum: target's value if the threat lapses.")] = None,
    d_a: Annotated[float | None, _opt("--d-a", "Rubinstein: challenger's discount factor.")] = None,
    d_b: Annotated[float | None, _opt("--d-b", "Rubinstein: target's discount factor.")] = None,
    w_a: Annotated[float | None, _opt("--w-a", "Rubinstein: challenger's outside option (share).")] = None,
    w_b: Annotated[float | None, _opt("--w-b", "Rubinstein: target's outside option (share).")] = None,
    breakdown: Annotated[float | None, _opt("--breakdown", "Rubinstein: P(breakdown) per round.")] = None,
    b_a: Annotated[float | None, _opt("--b-a", "Rubinstein: challenger's breakdown payoff (share).")] = None,
    b_b: Annotated[float | None, _opt("--b-b", "Rubinstein: target's breakdown payoff (share).")] = None,
    cost_target: Annotated[float | None, _opt("--cost-target", "Attrition: pressure cost to the target per period.")] = None,
    cost_imposer: Annotated[float | None, _opt("--cost-imposer", "Attrition: cost to the imposer per period.")] = None,
    gain_target: Annotated[float | None, _opt("--gain-target", "Attrition: target's gain if the imposer quits.")] = None,
    gain_imposer: Annotated[float | None, _opt("--gain-imposer", "Attrition: imposer's gain if the target gives in.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Crisis games: will the target comply, will the challenger escalate, how long will it last?"""
    from standoff.engines.crisis import assess, mapping
    from standoff.scenario.model import load_scenario

    given = {
        "p": p, "c_a": cost_a, "c_b": cost_b, "c_b_low": cost_b_low, "c_b_high": cost_b_high,
        "credibility": credibility, "u_comply": u_comply, "u_war": u_war, "u_backdown": u_backdown,
        "d_a": d_a, "d_b": d_b, "w_a": w_a, "w_b": w_b, "beta": breakdown, "b_a": b_a, "b_b": b_b,
        "cost_target": cost_target, "cost_imposer": cost_imposer, "gain_target": gain_target,
        "gain_imposer": gain_imposer,
    }
    overrides = {k: float(v) for k, v in given.items() if v is not None}
    models: tuple[str, ...] = assess.MODELS if model is None else (assess.model_name(model),)
    if overrides and model is None:
        owners = {m for m in assess.MODELS for k in overrides if k in assess.DOMAINS[m]}
        if len(owners) != 1:
            raise UserError("parameters given for several models", hint="choose one with --model")
        models = tuple(owners)
    for m in models:
        for k in overrides:
            if k not in assess.DOMAINS[m]:
                raise UserError(
                    f"model {m!r} takes no {assess.FLAGS[k]}",
                    hint=f"its parameters: {', '.join(assess.FLAGS[x] for x in assess.DOMAINS[m])}",
                )
    if not 1 <= draws <= MAX_DRAWS:
        raise UserError(f"--draws must lie between 1 and {MAX_DRAWS:,} (got {draws})")
    if levels < 1 or types < 1:
        raise UserError("--levels and --types must be at least 1")
    if gambit is not None and gambit not in ("logit", "lcp"):
        raise UserError(f"unknown Gambit method {gambit!r}", hint="use logit or lcp")
    when = None
    if deadline is not None:
        try:
            when = dt.date.fromisoformat(deadline)
        except ValueError as exc:
            raise UserError(f"--deadline {deadline!r} is not a date", hint="write it as YYYY-MM-DD") from exc

    scenario = load_scenario(source)
    n_draws = None if nominal else draws
    result = assess.analyse_scenario(
        scenario, models=models, draws=n_draws, seed=seed, overrides=overrides, deadline=when
    )
    tree_model = "fearon" if models == ("fearon",) else "ultimatum"
    if export_efg is not None or gambit is not None:
        from standoff.engines.crisis import efg, ultimatum

        inp = mapping.crisis_inputs(scenario, draws=n_draws, seed=seed, deadline=when)
        params = assess.apply_overrides(tree_model, assess.params_for(tree_model, inp), overrides)
        if tree_model == "fearon":
            game = assess.fearon_game(params, levels=levels, types=types)
            title = f"{scenario.title}: Fearon's risk-return game, {levels} demand levels"
        else:
            game = assess.scenario_game(params, mapping.challenger_params(inp), types=types)
            title = f"{scenario.title}: the ultimatum with escalation"
        if export_efg is not None:
            write_atomic(export_efg, efg.ultimatum_efg(game, title=title, comment=f"exported by standoff from {scenario.id}"))
            if not json_out:
                err.print(f"wrote {escape(str(export_efg))}")
        if gambit is not None:
            from standoff.engines.crisis.gambit import solve_with_gambit

            ours = ultimatum.solve_ultimatum(game)
            with err.status(f"Gambit ({gambit}) is solving the game tree..."):
                gs = solve_with_gambit(game, gambit, timeout=timeout)
            check = _compare(game, ours, gs)
            result = _with_gambit(result, tree_model, check)
    if plot is not None:
        _plot(result, plot)
    if json_out:
        emit_json(result)
        return
    _print(result)


def _compare(game: Any, ours: Any, gs: Any) -> dict[str, Any]:
    from standoff.engines.crisis import ultimatum

    beh = gs.behaviour
    k = int(np.argmax(beh.demand))
    p_comply = float(game.q @ beh.accept[:, k])
    return {
        "method": gs.method,
        "seconds": gs.seconds,
        "same_demand": bool(k == ours.demand),
        "p_comply": p_comply,
        "agrees": bool(k == ours.demand and abs(p_comply - ours.p_comply) < 1e-3),
        "max_regret_on_path": ultimatum.max_regret(game, beh, reached_only=True),
        "max_regret_anywhere": ultimatum.max_regret(game, beh),
        "ours_p_comply": ours.p_comply,
    }


def _with_gambit(result: CrisisResult, model: str, check: dict[str, Any]) -> CrisisResult:
    models = [
        m.model_copy(update={"details": {**m.details, "gambit": check}}) if m.model == model else m
        for m in result.models
    ]
    return result.model_copy(update={"models": models})


def _num(x: float | None, pct: bool = True) -> str:
    if x is None:
        return "n/a"
    return f"{100 * x:.1f}%" if pct else f"{x:.2f}"


def _print(result: CrisisResult) -> None:
    head = f"[bold]Crisis games[/] for {escape(result.scenario or '')}"
    if result.challenger:
        head += f": {escape(result.challenger)} (challenger) vs {escape(result.target or '')} (target)"
    console.print(head)
    if result.demand:
        console.print("demand: " + escape(", ".join(f"{k}={v}" for k, v in result.demand.items())))
    if result.threats:
        console.print("threat: " + escape(", ".join(result.threats)))
    if result.deadline:
        console.print(f"deadline: {result.deadline} ({result.deadline_periods:.1f} {result.period}s away)")
    console.print(f"draws: {result.draws}" + (f" (seed {result.seed})" if result.seed is not None else " (nominal values)"))
    for m in result.models:
        _print_model(m, result.period)
    for note in result.notes:
        console.print(f"[dim]note: {escape(note)}[/]")


def _print_model(m: CrisisModelResult, period: str) -> None:
    console.print()
    console.print(f"[bold]{escape(m.title)}[/] [dim]({escape(m.citation)})[/]")
    console.print(escape(m.equilibrium), soft_wrap=True)
    dur = "n/a" if m.expected_duration is None else f"{m.expected_duration:.1f} {period}s"
    console.print(f"  P(comply) {_num(m.p_comply)}   P(escalate) {_num(m.p_escalate)}   expected time to resolution {dur}")
    console.print("  endings: " + ", ".join(f"{k} {_num(v)}" for k, v in m.endings.items()))
    for d in m.drivers:
        console.print(f"  - {escape(d)}", soft_wrap=True)
    g = m.details.get("gambit")
    if g:
        verdict = "agrees" if g["agrees"] else "differs"
        console.print(
            f"  Gambit ({g['method']}, {g['seconds']:.3f} s) {verdict}: P(comply) {_num(g['p_comply'])}; "
            f"largest regret on the path {g['max_regret_on_path']:.2g}, anywhere {g['max_regret_anywhere']:.2g}"
        )


def _plot(result: CrisisResult, path: Path) -> None:
    endings = ["capitulation", "deal", "escalation", "backdown", "stalemate"]
    names = [m.model for m in result.models]
    if plot_format(path) == ".html":
        import plotly.graph_objects as go

        fig = go.Figure()
        for e in endings:
            fig.add_bar(name=e, x=names, y=[m.endings.get(e, 0.0) for m in result.models])
        fig.update_layout(barmode="stack", title=f"Endings by model ({result.scenario})", yaxis_title="probability")
        save_plotly(path, fig)
    else:
        fig2, ax = matplotlib_axes((7, 4))
        bottom = np.zeros(len(names))
        for e in endings:
            vals = np.array([m.endings.get(e, 0.0) for m in result.models])
            ax.bar(names, vals, bottom=bottom, label=e)
            bottom += vals
        ax.set_ylabel("probability")
        ax.set_title(f"Endings by model ({result.scenario})")
        ax.legend(fontsize=8)
        save_matplotlib(path, fig2)
