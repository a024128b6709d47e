"""The `standoff` command of the forecast engine: ``forecast`` (``backtest deu`` scores it:
:mod:`standoff.presenters.cli.backtest_commands`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from standoff.core.errors import UserError
from standoff.engines.forecast.cost import MAX_ACTORS
from standoff.presenters.cli.app import (
    DEFAULT_SCENARIO,
    CsvOpt,
    DrawsOpt,
    JsonOpt,
    ParquetOpt,
    PlotOpt,
    SeedOpt,
    SetOpt,
    app,
    console,
    emit_json,
    parse_sets,
    write_tables,
    wrote_plot,
)
from standoff.presenters.cli.forecast_options import (
    CapabilityOpt,
    ModelOpt,
    RoundsOpt,
    models_named,
)
from standoff.presenters.text import markup

if TYPE_CHECKING:
    from standoff.results.forecast import ForecastResult

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
    csv: CsvOpt = None,
    parquet: ParquetOpt = None,
    set_: SetOpt = None,
    draws: DrawsOpt = None,  # issue 10: every model over Monte Carlo draws
    seed: SeedOpt = 0,
    max_actors: Annotated[int, typer.Option("--max-actors", min=1, help="Most actors the BDM and KTAB models "
                                            "take (their time grows with the cube of the actors).")] = MAX_ACTORS,
) -> None:
    """Forecast where a many-actor decision on a 0-100 issue lands, model by model. With
    --draws N (a scenario), also each model's position over N draws (--json then prints
    {"nominal": ..., "over_draws": ...})."""
    from standoff.engines.forecast import forecast_issue
    from standoff.presenters import charts, figures

    names = models_named(model)
    sets = parse_sets(set_)
    if (sets or draws is not None) and Path(source).suffix.lower() in (".csv", ".tsv", ".tab"):
        raise UserError("--set and --draws apply to scenarios, not to tables of positions")
    st, shown, outcome = _load(source, issue, capability, sets)
    res = forecast_issue(st, source=shown, models=names, rounds=rounds, outcome=outcome,  # type: ignore[arg-type]
                         max_actors=max_actors)
    over = None
    if draws is not None:
        from standoff.engines.forecast.draws import forecast_over_draws
        from standoff.scenario import Scenario

        case = Scenario.load(source).case(draws=draws, seed=seed, overrides=sets)
        over = forecast_over_draws(case, models=names, rounds=rounds)[res.issue]
    if plot is not None:
        figures.write(charts.forecast_trajectories(res), plot)
        wrote_plot(plot)
    write_tables(res, csv, parquet)
    if as_json:
        from standoff.results.commands import ForecastWithDraws

        emit_json(res if over is None else ForecastWithDraws(nominal=res, over_draws=over))
        return
    _print_forecast(res)
    if over is not None:
        from standoff.presenters.sections.sensitivity import forecast_lines

        console.print(f"[bold]Over {over.draws:,} draws[/] (mean, 90% interval, Monte Carlo error):")
        for line in forecast_lines(over, {n: m.label for n, m in res.models.items()}):
            console.print("  " + line, soft_wrap=True)


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
        actors.add_row(markup(name), f"{a['capability']:g}", f"{a['position']:g}", f"{a['salience']:.2f}")
    console.print(actors)
    if res.outcome is not None:
        console.print(f"known outcome: {res.outcome:g}")
