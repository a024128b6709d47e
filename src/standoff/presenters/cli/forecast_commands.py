"""The `standoff` commands of the forecast engine: ``forecast`` and ``backtest deu``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from standoff.core.errors import UserError, did_you_mean
from standoff.presenters import charts, figures
from standoff.presenters.cli.app import (
    DEFAULT_SCENARIO,
    DrawsOpt,
    JsonOpt,
    PlotOpt,
    SeedOpt,
    SetOpt,
    app,
    console,
    emit_json,
    err,
    parse_sets,
)
from standoff.results.forecast import BacktestResult, ForecastResult

DEFAULT_DEU = "../shared/data/deu3.tsv"

ModelOpt = Annotated[
    list[str] | None,
    typer.Option("--model", "-m", help="Model to run (repeatable): compromise, median, condorcet, bdm, ktab."),
]
RoundsOpt = Annotated[int, typer.Option("--rounds", help="Rounds of the dynamic models.", min=1, max=1000)]
CapabilityOpt = Annotated[
    str, typer.Option("--capability", help="DEU capabilities: council (Nice votes), treaty (the Council "
                                           "weights in force on each decision date), gdp or equal.")
]
VariantOpt = Annotated[
    list[str] | None,
    typer.Option("--bdm-variant", help="Also score this named reading of the BDM model (repeatable): scholz "
                                       "(the default), reference, dyad, enforceable, conflict-stays, "
                                       "current-range, lower-median, converged."),
]

backtest_app = typer.Typer(help="Score the forecasting models against known decisions.", no_args_is_help=True)
app.add_typer(backtest_app, name="backtest")


def _models(names: list[str] | None) -> list[str] | None:
    from standoff.engines.forecast import MODELS

    if not names:
        return None
    for n in names:
        if n not in MODELS:
            raise UserError(f"unknown model {n!r}", hint=did_you_mean(n, MODELS))
    return list(dict.fromkeys(names))


def _load(source: str, issue: str | None, capability: str,
          sets: dict[str, float] | None = None) -> tuple[object, str, float | None]:
    """Stakeholders from a CSV, a DEU table (with --issue) or a scenario."""
    from standoff.engines.forecast import mapping
    from standoff.interop.deu import read_deu
    from standoff.interop.positions import read_positions
    from standoff.scenario import Scenario

    suffix = Path(source).suffix.lower()
    if suffix == ".csv":
        if issue is not None:
            raise UserError("--issue is for DEU tables and scenarios, not for a CSV of one issue")
        return read_positions(source), source, None
    if suffix in (".tsv", ".tab"):
        table = read_deu(source, capability=capability)  # type: ignore[arg-type]
        if issue is None:
            ids = [i.id for i in table.issues[:3]]
            raise UserError(f"{source} holds {len(table.issues)} issues; choose one with --issue",
                            hint=f"e.g. --issue {ids[0]} (others: {', '.join(ids[1:])}, ...)")
        row = table.issue(issue)
        return row.stakeholders, f"{source}:{row.line}", row.outcome
    case = Scenario.load(source).case(overrides=sets)
    issues = mapping.scale_issues(case)
    if not issues and issue is None:
        raise UserError(f"{source}: the scenario has no 0-100 issue (kind: scale) to forecast")
    chosen = issues[0] if issue is None else issue
    return mapping.stakeholders(case, chosen), case.id, None


@app.command()
def forecast(
    source: Annotated[str, typer.Argument(help="A scenario (name or file), a CSV (Actor, Capability, "
                                                "Position, Salience) or a DEU table (.tsv) with --issue.")]
    = DEFAULT_SCENARIO,
    model: ModelOpt = None,
    rounds: RoundsOpt = 10,
    issue: Annotated[str | None, typer.Option("--issue", help="Issue id (scenario scale issue or DEU row).")] = None,
    capability: CapabilityOpt = "council",
    plot: PlotOpt = None,
    as_json: JsonOpt = False,
    set_: SetOpt = None,
    draws: DrawsOpt = None,  # issue 10: every model over Monte Carlo draws
    seed: SeedOpt = 0,
) -> None:
    """Forecast where a many-actor decision on a 0-100 issue lands, model by model. With
    --draws N (a scenario), also each model's position over N draws (--json then prints
    {"nominal": ..., "over_draws": ...})."""
    from standoff.engines.forecast import forecast_issue

    names = _models(model)
    sets = parse_sets(set_)
    if (sets or draws is not None) and Path(source).suffix.lower() in (".csv", ".tsv", ".tab"):
        raise UserError("--set and --draws apply to scenarios, not to tables of positions")
    st, shown, outcome = _load(source, issue, capability, sets)
    res = forecast_issue(st, source=shown, models=names, rounds=rounds, outcome=outcome)  # type: ignore[arg-type]
    over = None
    if draws is not None:
        from standoff.engines.forecast.draws import forecast_over_draws
        from standoff.scenario import Scenario

        case = Scenario.load(source).case(draws=draws, seed=seed, overrides=sets)
        over = forecast_over_draws(case, models=names, rounds=rounds)[res.issue]
    if plot is not None:
        figures.write(charts.forecast_trajectories(res), plot)
    if as_json:
        emit_json(res if over is None else {"nominal": res.to_dict(), "over_draws": over.to_dict()})
        return
    _print_forecast(res)
    if over is not None:
        from standoff.presenters.sections.sensitivity import forecast_lines

        console.print(f"[bold]Over {over.draws:,} draws[/] (mean, 90% interval, Monte Carlo error):")
        for line in forecast_lines(over, {n: m.label for n, m in res.models.items()}):
            console.print("  " + line, soft_wrap=True)
    if plot is not None:
        err.print(f"plot written to {plot}")


def _print_forecast(res: ForecastResult) -> None:
    table = Table(title=f"Forecasts for {res.issue} ({res.source})", title_justify="left")
    table.add_column("model", style="bold")
    table.add_column("forecast", justify="right")
    table.add_column("by round", overflow="fold")
    for m in res.models.values():
        traj = " ".join(f"{v:.1f}" for v in m.trajectory) if m.dynamic else ""
        table.add_row(m.label, f"{m.forecast:.1f}", traj)
    console.print(table)
    actors = Table(title="Actors", title_justify="left")
    for col in ("actor", "capability", "position", "salience"):
        actors.add_column(col, justify="left" if col == "actor" else "right")
    for name, a in res.actors.items():
        actors.add_row(name, f"{a['capability']:g}", f"{a['position']:g}", f"{a['salience']:.2f}")
    console.print(actors)
    if res.outcome is not None:
        console.print(f"known outcome: {res.outcome:g}")


@backtest_app.command("deu")
def backtest_deu(
    path: Annotated[str, typer.Argument(help="A DEU-style table.")] = DEFAULT_DEU,
    model: ModelOpt = None,
    rounds: RoundsOpt = 10,
    capability: CapabilityOpt = "council",
    bdm_variant: VariantOpt = None,
    seed: SeedOpt = 0,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap resamples.", min=100, max=100000)] = 2000,
    plot: PlotOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Score every model on every issue of a DEU table that has an outcome."""
    from standoff.engines.forecast import MODELS
    from standoff.engines.forecast.backtest import backtest
    from standoff.engines.forecast.bdm import variant
    from standoff.interop.deu import read_deu

    names = _models(model)
    for v in bdm_variant or []:
        variant(v)  # an unknown name is a user error before any work
    extra = [f"bdm:{v}" for v in dict.fromkeys(bdm_variant or [])]
    table = read_deu(path, capability=capability)  # type: ignore[arg-type]
    todo = ([*(names or MODELS), *extra] if extra else names) or None
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        count = len(todo or MODELS) + (0 if todo is None or "compromise" in todo else 1)
        task = bar.add_task("backtest", total=count)
        run = backtest(table, todo, rounds=rounds, seed=seed, n_boot=bootstrap,
                       progress=lambda name, n: bar.update(task, advance=1, description=name))
    if plot is not None:
        figures.write(_error_figure(run), plot)
    if as_json:
        emit_json(run.result)
        return
    _print_backtest(run.result)
    if plot is not None:
        err.print(f"plot written to {plot}")


def _print_backtest(res: BacktestResult) -> None:
    table = Table(title=f"Backtest on {res.dataset}: {res.n_issues} issues with an outcome "
                        f"(capability: {res.capability}, {res.rounds} rounds)", title_justify="left")
    table.add_column("model", style="bold")
    for col in ("MAE", "RMSE", "median AE", "≤5", "≤10", "≤20", "MAE − compromise (95%)"):
        table.add_column(col, justify="right")
    for name, m in res.models.items():
        diff = "" if name == "compromise" else f"[{m.diff_vs_compromise[0]:+.1f}, {m.diff_vs_compromise[1]:+.1f}]"
        table.add_row(name, f"{m.mae:.2f}", f"{m.rmse:.2f}", f"{m.median_ae:.2f}", f"{m.within_5:.0%}",
                      f"{m.within_10:.0%}", f"{m.within_20:.0%}", diff)
    console.print(table)
    console.print("Errors are absolute, on the 0-100 scale; no model was fitted to these data.")
    for name, m in res.models.items():
        console.print(f"  {name}: {m.label}")


# ---------------------------------------------------------------------------- plots
def _error_figure(run: object) -> figures.FigureSpec:
    from standoff.engines.forecast.backtest import BacktestRun

    assert isinstance(run, BacktestRun)
    errors = {run.result.models[n].label: [float(v) for v in run.errors(n)] for n in run.forecasts}
    return charts.error_boxes(f"Absolute error by model ({run.result.n_issues} DEU issues)", errors)
