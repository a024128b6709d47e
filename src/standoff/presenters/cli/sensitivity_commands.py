"""``standoff sensitivity``: which uncertain numbers drive an answer, and what would flip it."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from standoff.core.errors import UserError
from standoff.presenters.cli.app import (
    DEFAULT_SCENARIO,
    CsvOpt,
    JobsOpt,
    JsonOpt,
    ParquetOpt,
    PlotOpt,
    SchedulerOpt,
    SeedOpt,
    SetOpt,
    SourceArg,
    app,
    complete_names,
    console,
    emit_json,
    err,
    parse_sets,
    write_tables,
    wrote_plot,
)
from standoff.presenters.text import markup

if TYPE_CHECKING:
    from standoff.core.executors import Executor
    from standoff.results.uncertainty import SensitivityResult

METHODS = ("tornado", "sobol", "both")



def executor_for(jobs: int, scheduler: str | None) -> AbstractContextManager[Executor]:
    """The executor the options ask for (a context manager releasing its workers)."""
    from standoff.core.executors import executor

    return executor(jobs, scheduler)


@app.command()
def sensitivity(
    source: SourceArg = DEFAULT_SCENARIO,
    target: Annotated[str | None, typer.Option("--target", help="The answer to explain (see --list-targets); "
                                                                "default: the leader's exit (leader_out) where "
                                                                "the case has one, else the use of force (force_used).")] = None,
    method: Annotated[str, typer.Option("--method", metavar="NAME", autocompletion=complete_names(lambda: METHODS),
                                        help="tornado, sobol or both.")] = "both",
    draws: Annotated[int, typer.Option("--draws", help="Draws of the other numbers at each design point.")] = 1_000,
    nominal: Annotated[bool, typer.Option("--nominal", help="Hold the other numbers at their nominal values.")] = False,
    samples: Annotated[int, typer.Option("--samples", help="Sobol base samples N (a power of two; N (k+2) runs).")] = 1_024,
    inputs: Annotated[list[str] | None, typer.Option("--input", help="Analyse only this uncertain number "
                                                                     "(repeatable).")] = None,
    list_targets: Annotated[bool, typer.Option("--list-targets", help="List the targets of the scenario and stop.")] = False,
    seed: SeedOpt = 0,
    jobs: JobsOpt = 1,
    scheduler: SchedulerOpt = None,
    set_: SetOpt = None,
    plot: PlotOpt = None,
    as_json: JsonOpt = False,
    csv: CsvOpt = None,
    parquet: ParquetOpt = None,
) -> None:
    """Which uncertain numbers drive an answer (tornado, Sobol indices), the values that
    would flip it, and inputs that move it the wrong way."""
    from standoff.engines.uncertainty import targets as registry
    from standoff.engines.uncertainty.inputs import WithOverrides
    from standoff.engines.uncertainty.sensitivity import analyse
    from standoff.presenters import charts, figures
    from standoff.presenters.cli import sources
    from standoff.presenters.progress import progress_bar

    if method not in METHODS:
        raise UserError(f"unknown method {method!r}", hint="use tornado, sobol or both")
    if not nominal and not 1 <= draws <= 100_000:
        raise UserError(f"--draws must lie between 1 and 100,000 (got {draws})")
    scn = sources.scenario(source)
    sets = scn.check_overrides(parse_sets(set_))
    model = WithOverrides(scn, sets) if sets else scn
    if list_targets:
        names = list(registry.targets(scn.case(overrides=sets)))
        if as_json:
            from standoff.results.commands import TargetList

            emit_json(TargetList(scenario=scn.id, targets=names))
        else:
            for n in names:
                console.print(n)
        return
    with executor_for(jobs, scheduler) as ex, progress_bar("sensitivity", err):
        res = analyse(model, target=target, method=method, draws=None if nominal else draws,  # type: ignore[arg-type]
                      seed=seed, n=samples, executor=ex, paths=inputs)
    if plot is not None:
        figures.write(charts.tornado(res) if res.tornado is not None else charts.sobol_bars(res), plot)
        wrote_plot(plot)
    write_tables(res, csv, parquet)
    if as_json:
        emit_json(res)
        return
    print_result(res)


def print_result(res: SensitivityResult) -> None:
    from standoff.presenters.sections import sensitivity as words

    console.print(f"[bold]Sensitivity[/] of {markup(res.target)} in {markup(res.scenario)} "
                  f"({len(res.inputs)} uncertain numbers, seed {res.seed})")
    for line in words.summary_lines(res):
        console.print(markup(line), soft_wrap=True)
    if res.tornado is not None:
        t = Table(title=f"Tornado: each number at its 5% and 95% quantile ({res.tornado.draws:,} draws of the others)",
                  title_justify="left")
        for col, just in (("#", "right"), ("number", "left"), ("5%", "right"), ("95%", "right"), ("target at 5%", "right"),
                          ("target at 95%", "right"), ("effect", "right"), ("± se", "right")):
            t.add_column(col, justify=just, overflow="fold", min_width=24 if col == "number" else None)  # type: ignore[arg-type]
        for b in res.tornado.bars:
            t.add_row(str(b.rank), markup(b.path), f"{b.low:.4g}", f"{b.high:.4g}", words.value(res, b.at_low),
                      words.value(res, b.at_high), f"{b.effect:+.4f}", f"{b.se:.4f}")
        console.print(t)
    if res.sobol is not None:
        if res.sobol.variance == 0:
            console.print(f"Sobol indices: {markup(res.target)} does not vary over the {res.sobol.evaluations:,} runs.")
        else:
            t = Table(title=f"Sobol indices (N = {res.sobol.n:,}, {res.sobol.evaluations:,} runs; "
                            f"± {res.sobol.conf_level:.0%} interval; SALib {res.sobol.salib})", title_justify="left")
            for col in ("number", "first order", "total"):
                t.add_column(col, justify="left" if col == "number" else "right")
            for s in res.sobol.indices:
                t.add_row(markup(s.path), f"{s.s1:.3f} ± {s.s1_conf:.3f}", f"{s.st:.3f} ± {s.st_conf:.3f}")
            console.print(t)
    if res.thresholds:
        console.print("[bold]Thresholds[/] (the most influential numbers):")
        for th in res.thresholds:
            console.print("  • " + markup(words.threshold_sentence(res, th)), soft_wrap=True)
    if res.warnings:
        console.print("[bold yellow]Direction warnings[/] (the model moves against the input's meaning):")
        for w in res.warnings:
            console.print("  • " + markup(words.warning_sentence(w)), soft_wrap=True)
    for n in res.notes:
        console.print(f"[dim]note: {markup(words.note_sentence(n))}[/]")
