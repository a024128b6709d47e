"""The `standoff` commands of the bargain engine: ``standoff bargain [SOURCE]``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from standoff.engines.bargain.analysis import analyse
from standoff.engines.bargain.mapping import BargainProblem
from standoff.presenters import charts, figures
from standoff.presenters.cli import sources
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
from standoff.presenters.sections.bargain import describe_logroll, describe_opening
from standoff.results.bargain import BargainResult, Point
from standoff.results.uncertainty import ZoneOverDraws

BargainSource = Annotated[
    str,
    typer.Argument(help="A bundled scenario name, a scenario file, or a GENIUS domain folder."),
]
FrontierOpt = Annotated[
    int, typer.Option("--show-frontier", min=0, help="Frontier points to list (text output).")
]


def _package(problem: BargainProblem, outcome: dict[str, str]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in outcome.items())


def _utils(res: BargainResult, p: Point) -> str:
    return ", ".join(f"{a} {u:.3f}" for a, u in zip(res.parties, p.utilities, strict=True))


def print_result(problem: BargainProblem, res: BargainResult, show_frontier: int = 5) -> None:
    console.print(
        f"[bold]Bargaining analysis[/] of {escape(res.source)}: {len(res.parties)} parties, "
        f"{len(res.issues)} issues, {res.n_outcomes:,} packages ({res.n_admissible:,} cross no red line)"
    )
    table = Table(title="What no deal is worth (reservation values)", title_justify="left")
    table.add_column("party", style="bold")
    table.add_column("value", justify="right")
    detailed = res.kind == "scenario"
    if detailed:
        for col in ("pressure", "lottery", "conflict", "p win", "cost/t", "T", "δ"):
            table.add_column(col, justify="right")
    for p in res.parties:
        parts = res.reservation_parts.get(p, {})
        row = [p, f"{res.reservation[p]:+.3f}"]
        if detailed:
            row += [
                f"{parts.get(k, float('nan')):+.3f}" if k in ("pressure", "lottery", "conflict_cost")
                else f"{parts.get(k, float('nan')):.3g}"
                for k in ("pressure", "lottery", "conflict_cost", "p_prevail", "cost_per_period", "horizon",
                          "discount")
            ]
        table.add_row(*row)
    console.print(table)
    if detailed:
        console.print(
            "  value = pressure (cost/t endured for T periods, discounted by δ) + lottery "
            "(δ^T·(p·u_win + (1-p)·u_lose)) + conflict (-δ^T·cost of conflict)"
        )
        for p in res.parties:
            by = res.reservation_parts[p].get("pressure_by_instrument", {})
            if by:
                console.print(f"  pressure on {p} per {problem.period}: "
                              + ", ".join(f"{k} {v:.4g}" for k, v in by.items()))  # type: ignore[union-attr]
    z = res.zopa
    if res.frontier_scope == "none":
        console.print("\n[bold yellow]Not solved:[/] the exact method does not scale to this problem.")
        for note in res.notes:
            console.print(f"[dim]note: {escape(note)}[/]")
        return
    if z.empty:
        why = (f" — red lines clash on {', '.join(res.blocking)}" if res.blocking else
               " — every package leaves some party below its no-deal value")
        console.print(f"\n[bold red]No zone of agreement[/]{why}.")
    else:
        size = f"{z.size:,} packages" if z.size is not None else "too many packages to count"
        console.print(f"\n[bold green]Zone of agreement:[/] {size} every party prefers to no deal.")
    scope = {"admissible": "", "ignoring_red_lines": " (ignoring red lines)", "none": ""}[res.frontier_scope]
    console.print(f"Pareto frontier{scope}: {res.frontier_size:,} points. Method: {res.method}.")
    for name, pt in (("Nash bargaining", res.nash), ("Kalai-Smorodinsky", res.kalai_smorodinsky),
                     ("Max total utility", res.max_welfare), ("Egalitarian", res.egalitarian)):
        if pt is None:
            console.print(f"  [bold]{name}[/]: none (no zone of agreement)")
            continue
        flag = "" if pt.in_zone else " [dim](outside the zone)[/]"
        console.print(f"  [bold]{name}[/] ({_utils(res, pt)}){flag}\n    {escape(_package(problem, pt.outcome))}")
    if show_frontier and res.frontier:
        console.print(f"  first {min(show_frontier, len(res.frontier))} frontier points:")
        for pt in res.frontier[:show_frontier]:
            console.print(f"    ({_utils(res, pt)})  {escape(_package(problem, pt.outcome))}")
    if res.openings:
        console.print("\n[bold]What would it take[/] (smallest first; size = utility given up by those who move):")
        for i, o in enumerate(res.openings, 1):
            zs = f", opens {o.zone_size:,} packages" if o.zone_size is not None else ""
            console.print(f"  {i}. {escape(describe_opening(res, o))}  [dim](size {o.size:.3f}{zs})[/]")
            if o.nash is not None:
                console.print(f"     then Nash: {escape(_package(problem, o.nash.outcome))}")
    if res.logrolls:
        ref = res.logrolls[0].reference
        console.print(f"\n[bold]Logrolls[/] from {escape(ref)} (trades both sides prefer):")
        for lr in res.logrolls:
            gains = ", ".join(f"{a} {g:+.3f}" for a, g in zip(res.parties, lr.gains, strict=True))
            console.print(f"  • {escape(describe_logroll(lr))}  ({gains})")
    for note in res.notes:
        console.print(f"[dim]note: {escape(note)}[/]")


@app.command()
def bargain(
    source: BargainSource = DEFAULT_SCENARIO,
    as_json: JsonOpt = False,
    plot: PlotOpt = None,
    show_frontier: FrontierOpt = 5,
    set_: SetOpt = None,
    draws: DrawsOpt = None,  # issue 10: the zone test over Monte Carlo draws
    seed: SeedOpt = 0,
) -> None:
    """Is there a deal every side prefers to no deal? Frontier, Nash, Kalai-Smorodinsky,
    zone of agreement, and what would it take to open one. With --draws N, also the
    chance of a zone over N draws (--json then prints {"nominal": ..., "over_draws": ...})."""
    problem, case = sources.bargain_problem(source, parse_sets(set_))
    over = _over_draws(source, parse_sets(set_), draws, seed) if draws is not None else None
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err, transient=True) as prog:
        prog.add_task("solving the bargaining problem...", total=None)
        res = analyse(problem, source=str(source))
    if plot is not None:
        figures.write(charts.frontier(res, case), plot)
    if as_json:
        emit_json(res if over is None else {"nominal": res.to_dict(), "over_draws": over.to_dict()})
        return
    print_result(problem, res, show_frontier)
    if over is not None:
        from standoff.presenters.sections.sensitivity import zone_lines

        console.print("\n[bold]Over the draws[/]")
        for line in zone_lines(over):
            console.print(escape(line), soft_wrap=True)
    if plot is not None:
        err.print(f"plot written to {escape(str(plot))}")


def _over_draws(source: str, sets: dict[str, float], draws: int, seed: int) -> ZoneOverDraws:
    """The zone test over ``draws`` Monte Carlo draws (issue 10)."""
    from standoff.core.errors import UserError
    from standoff.engines.bargain.draws import zone_over_draws

    if sources.is_genius(source):
        raise UserError("--draws needs a scenario: a GENIUS domain has no uncertain numbers")
    return zone_over_draws(sources.scenario(source).case(draws=draws, seed=seed, overrides=sets))
