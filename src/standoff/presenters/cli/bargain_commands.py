"""The `standoff` commands of the bargain engine: ``standoff bargain [SOURCE]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from standoff.core.errors import UserError
from standoff.engines.bargain.analysis import analyse, problem_from_source
from standoff.engines.bargain.mapping import BargainProblem
from standoff.presenters.cli.app import (
    DEFAULT_SCENARIO,
    JsonOpt,
    PlotOpt,
    app,
    console,
    emit_json,
)
from standoff.presenters.files import matplotlib_axes, plot_format, save_matplotlib, save_plotly
from standoff.results.bargain import BargainResult, Point

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
            console.print(f"  {i}. {escape(o.summary)}  [dim](size {o.size:.3f}{zs})[/]")
            if o.nash is not None:
                console.print(f"     then Nash: {escape(_package(problem, o.nash.outcome))}")
    if res.logrolls:
        ref = res.logrolls[0].reference
        console.print(f"\n[bold]Logrolls[/] from {escape(ref)} (trades both sides prefer):")
        for lr in res.logrolls:
            gains = ", ".join(f"{a} {g:+.3f}" for a, g in zip(res.parties, lr.gains, strict=True))
            console.print(f"  • {escape(lr.summary)}  ({gains})")
    for note in res.notes:
        console.print(f"[dim]note: {escape(note)}[/]")


def write_plot(res: BargainResult, path: Path) -> None:
    """The frontier with the no-deal point, zone and solutions (2 parties)."""
    if len(res.parties) != 2:
        raise UserError("--plot draws two-party problems only", hint=f"this one has {len(res.parties)} parties")
    if not res.frontier:
        raise UserError("nothing to plot: the problem is too large for the exact method")
    xs = [p.utilities[0] for p in res.frontier]
    ys = [p.utilities[1] for p in res.frontier]
    d = [res.reservation[p] for p in res.parties]
    sols = [(n, p) for n, p in (("Nash", res.nash), ("Kalai-Smorodinsky", res.kalai_smorodinsky),
                                ("max welfare", res.max_welfare), ("egalitarian", res.egalitarian)) if p]
    label = "Pareto frontier" + (" (red lines ignored)" if res.blocking else "")
    title = f"{res.source}: frontier and zone of agreement"
    if plot_format(path) == ".html":
        import plotly.graph_objects as go

        fig = go.Figure()
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=label))
        fig.add_trace(go.Scatter(x=[d[0]], y=[d[1]], mode="markers", name="no deal",
                                 marker={"symbol": "x", "size": 12}))
        for n, p in sols:
            fig.add_trace(go.Scatter(x=[p.utilities[0]], y=[p.utilities[1]], mode="markers", name=n,
                                     marker={"size": 11}))
        fig.add_vline(x=d[0], line_dash="dot")
        fig.add_hline(y=d[1], line_dash="dot")
        fig.update_layout(title=title,
                          xaxis_title=f"utility of {res.parties[0]}", yaxis_title=f"utility of {res.parties[1]}")
        save_plotly(path, fig)
    else:
        fig2, ax = matplotlib_axes((6, 5))
        ax.plot(xs, ys, "o-", ms=3, label=label)
        ax.set_title(title, fontsize=10)
        ax.axvline(d[0], ls=":", c="grey")
        ax.axhline(d[1], ls=":", c="grey")
        ax.plot([d[0]], [d[1]], "kx", ms=10, label="no deal")
        for n, p in sols:
            ax.plot([p.utilities[0]], [p.utilities[1]], "s", label=n)
        ax.set_xlabel(f"utility of {res.parties[0]}")
        ax.set_ylabel(f"utility of {res.parties[1]}")
        ax.legend(fontsize=8)
        save_matplotlib(path, fig2)


@app.command()
def bargain(
    source: BargainSource = DEFAULT_SCENARIO,
    as_json: JsonOpt = False,
    plot: PlotOpt = None,
    show_frontier: FrontierOpt = 5,
) -> None:
    """Is there a deal every side prefers to no deal? Frontier, Nash, Kalai-Smorodinsky,
    zone of agreement, and what would it take to open one."""
    problem = problem_from_source(source)
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from standoff.presenters.cli.app import err

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err, transient=True) as prog:
        prog.add_task("solving the bargaining problem...", total=None)
        res = analyse(problem, source=str(source))
    if plot is not None:
        write_plot(res, plot)
    if as_json:
        emit_json(res)
        return
    print_result(problem, res, show_frontier)
    if plot is not None:
        console.print(f"plot written to {plot}")
