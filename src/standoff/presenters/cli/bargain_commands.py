"""The `standoff` commands of the bargain engine: ``standoff bargain [SOURCE]``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from standoff.presenters.cli import sources
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
    err,
    parse_sets,
    write_tables,
    wrote_plot,
)
from standoff.presenters.text import markup

if TYPE_CHECKING:
    from standoff.engines.bargain.analysis import Method
    from standoff.engines.bargain.mapping import BargainProblem
    from standoff.results.bargain import BargainResult, Point
    from standoff.results.uncertainty import ZoneOverDraws

BargainSource = Annotated[
    str,
    typer.Argument(help="A bundled scenario name, a scenario file, or a GENIUS domain folder."),
]
FrontierOpt = Annotated[
    int, typer.Option("--show-frontier", min=0, help="Frontier points to list (text output).")
]
MethodOpt = Annotated[
    str, typer.Option("--method", help="auto (exact where its estimated cost allows, else optimisation that says "
                                       "what is proven), exact (the full frontier, however long it takes) or "
                                       "approximate (optimisation).")
]


def _package(problem: BargainProblem, outcome: dict[str, str]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in outcome.items())


def _utils(res: BargainResult, p: Point) -> str:
    return ", ".join(f"{markup(a)} {p.utilities[a]:.3f}" for a in res.parties)


def print_result(problem: BargainProblem, res: BargainResult, show_frontier: int = 5) -> None:
    from standoff.presenters.sections.bargain import (
        describe_logroll,
        describe_opening,
        method_note,
        nash_bound_phrase,
        zone_sentence,
    )

    console.print(
        f"[bold]Bargaining analysis[/] of {markup(res.source)}: {len(res.parties)} parties, "
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
        row = [markup(p), f"{res.reservation[p]:+.3f}"]
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
                console.print(f"  pressure on {markup(p)} per {problem.period}: "
                              + ", ".join(f"{markup(k)} {v:.4g}" for k, v in by.items()))  # type: ignore[union-attr]
    z = res.zopa
    if res.frontier_scope == "none":
        console.print("\n[bold yellow]Not solved:[/] the exact method does not scale to this problem.")
        for note in res.notes:
            console.print(f"[dim]note: {markup(note)}[/]")
        return
    res_txt = ", ".join(f"{p} {v:+.2f}" for p, v in res.reservation.items())
    if z.empty and not z.proven:
        console.print(f"\n[bold yellow]No zone of agreement found[/] (not proven; {markup(res_txt)}).")
    elif z.empty:
        why = (f" — red lines clash on {', '.join(res.blocking)}" if res.blocking else
               " — every package leaves some party below its no-deal value")
        proof = {"certificate": " (proven by a certificate)", "branch_and_bound": " (proven by branch and bound)"}
        console.print(f"\n[bold red]No zone of agreement[/]{why}{proof.get(z.decided_by or '', '')}.")
    elif z.size is not None:
        console.print(f"\n[bold green]Zone of agreement:[/] {z.size:,} packages every party prefers to no deal.")
    else:
        console.print(f"\n[bold green]Zone of agreement:[/] {markup(zone_sentence(res, res_txt))}")
    scope = {"admissible": "", "ignoring_red_lines": " (ignoring red lines)", "none": ""}[res.frontier_scope]
    if res.approach == "frontier":
        console.print(f"Pareto frontier{scope}: {res.frontier_size:,} points. Method: {res.method}.")
    else:
        console.print(f"Method: {markup(res.method)}.")
    found = {"nash": "Nash bargaining", "egalitarian": "Egalitarian", "max_welfare": "Max total utility"}
    for key, name, pt in (("nash", "Nash bargaining", res.nash), ("kalai_smorodinsky", "Kalai-Smorodinsky",
                                                                   res.kalai_smorodinsky),
                          ("max_welfare", "Max total utility", res.max_welfare),
                          ("egalitarian", "Egalitarian", res.egalitarian)):
        if pt is None:
            why = "not computed without the frontier" if key == "kalai_smorodinsky" and res.approach != "frontier" \
                else "no zone of agreement"
            console.print(f"  [bold]{name}[/]: none ({why})")
            continue
        flag = "" if pt.in_zone else " [dim](outside the zone)[/]"
        b = res.bounds.get(key)
        bound = ""
        if b is not None:
            bound = (" [dim](proven best)[/]" if b.proven else
                     f" [dim](within {b.gap:.3g} of the best, in {b.criterion.replace('_', ' ')})[/]")
        console.print(f"  [bold]{found.get(key, name)}[/] ({_utils(res, pt)}){flag}{bound}\n"
                      f"    {markup(_package(problem, pt.outcome))}")
    if "nash" in res.bounds and not res.bounds["nash"].proven:
        console.print(f"  [dim]{markup(nash_bound_phrase(res).strip(' ()'))}[/]")
    if show_frontier and res.frontier:
        console.print(f"  first {min(show_frontier, len(res.frontier))} frontier points:")
        for pt in res.frontier[:show_frontier]:
            console.print(f"    ({_utils(res, pt)})  {markup(_package(problem, pt.outcome))}")
    if res.openings:
        console.print("\n[bold]What would it take[/] (smallest first; size = utility given up by those who move):")
        for i, o in enumerate(res.openings, 1):
            zs = f", opens {o.zone_size:,} packages" if o.zone_size is not None else ""
            console.print(f"  {i}. {markup(describe_opening(res, o))}  [dim](size {o.size:.3f}{zs})[/]")
            if o.nash is not None:
                console.print(f"     then Nash: {markup(_package(problem, o.nash.outcome))}")
    if res.logrolls:
        ref = res.logrolls[0].reference
        console.print(f"\n[bold]Logrolls[/] from {markup(ref)} (trades both sides prefer):")
        for lr in res.logrolls:
            gains = ", ".join(f"{markup(a)} {lr.gains[a]:+.3f}" for a in res.parties)
            console.print(f"  • {markup(describe_logroll(lr))}  ({gains})")
    for note in res.notes:
        console.print(f"[dim]note: {markup(note)}[/]")
    for n in res.method_notes:
        console.print(f"[dim]note: {markup(method_note(res, n))}[/]")


def _method(name: str) -> Method:
    from standoff.core.errors import UserError

    if name not in ("auto", "exact", "approximate"):
        raise UserError(f"unknown method {name!r}", hint="auto, exact or approximate")
    return name  # type: ignore[return-value]


@app.command()
def bargain(
    source: BargainSource = DEFAULT_SCENARIO,
    as_json: JsonOpt = False,
    plot: PlotOpt = None,
    show_frontier: FrontierOpt = 5,
    set_: SetOpt = None,
    draws: DrawsOpt = None,  # issue 10: the zone test over Monte Carlo draws
    seed: SeedOpt = 0,
    csv: CsvOpt = None,
    parquet: ParquetOpt = None,
    method: MethodOpt = "auto",
) -> None:
    """Is there a deal every side prefers to no deal? Frontier, Nash, Kalai-Smorodinsky,
    zone of agreement, and what would it take to open one. With --draws N, also the
    chance of a zone over N draws (--json then prints {"nominal": ..., "over_draws": ...})."""
    from standoff.engines.bargain.analysis import analyse
    from standoff.presenters import charts, figures

    problem, case = sources.bargain_problem(source, parse_sets(set_))
    over = _over_draws(source, parse_sets(set_), draws, seed) if draws is not None else None
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err, transient=True) as prog:
        prog.add_task("solving the bargaining problem...", total=None)
        res = analyse(problem, source=str(source), method=_method(method))
    if plot is not None:
        figures.write(charts.frontier(res, case), plot)
        wrote_plot(plot)
    write_tables(res, csv, parquet)
    if as_json:
        from standoff.results.commands import BargainOverDraws

        emit_json(res if over is None else BargainOverDraws(nominal=res, over_draws=over))
        return
    print_result(problem, res, show_frontier)
    if over is not None:
        from standoff.presenters.sections.sensitivity import zone_lines

        console.print("\n[bold]Over the draws[/]")
        for line in zone_lines(over):
            console.print(markup(line), soft_wrap=True)


def _over_draws(source: str, sets: dict[str, float], draws: int, seed: int) -> ZoneOverDraws:
    """The zone test over ``draws`` Monte Carlo draws (issue 10)."""
    from standoff.core.errors import UserError
    from standoff.engines.bargain.draws import zone_over_draws

    if sources.is_genius(source):
        raise UserError("--draws needs a scenario: a GENIUS domain has no uncertain numbers")
    return zone_over_draws(sources.scenario(source).case(draws=draws, seed=seed, overrides=sets))
