"""``standoff backtest``: ``cases``, the assessment run on every closed case of a library
as of its date and scored by the protocol (``docs/explanation/backtest.md``); ``deu``,
the forecasting models scored on the decisions of a DEU-style table.

The case runner lives here: it finds the closed cases (a scenario with an outcome file in
``outcomes/``), runs the headline on each -- on the sweeps' executor
(:mod:`standoff.core.executors`: a process pool with ``--jobs`` > 1, Dask with
``--scheduler``), with the same results as serially, since each case is seeded on its
own -- and hands the
models' answers, the base rates and the outcomes to :mod:`standoff.engines.scoring`.
``--fit`` writes the pooling weight fitted on every case to the package's
``pooling.json``; nothing is written without it.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from standoff.core.endings import ENDINGS, Ending
from standoff.core.errors import UserError, did_you_mean
from standoff.engines.forecast import MODELS
from standoff.interop.deu import CAPABILITY_SOURCES
from standoff.presenters import charts, figures
from standoff.presenters.cli.app import (
    CsvOpt,
    JobsOpt,
    JsonOpt,
    ParquetOpt,
    PlotOpt,
    SchedulerOpt,
    SeedOpt,
    app,
    console,
    emit_json,
    err,
    print_table,
    write_atomic,
    write_tables,
    wrote_plot,
)
from standoff.presenters.cli.forecast_options import (
    CapabilityOpt,
    ModelOpt,
    RoundsOpt,
    VariantOpt,
    models_named,
)
from standoff.presenters.sections import backtest as words
from standoff.presenters.text import markup
from standoff.results import dumps
from standoff.results.backtest import BacktestReport, BacktestRun, NotScored

backtest_app = typer.Typer(help="Score against history: closed cases (cases) or decisions (deu).",
                           no_args_is_help=True)
app.add_typer(backtest_app, name="backtest")

if TYPE_CHECKING:
    from standoff.presenters.figures import FigureSpec
    from standoff.results.forecast import BacktestResult

#: The mark of a number added to a case after its outcome was known (case-library.md).
AFTER_OUTCOME = "added after the outcome was known"


@dataclass(frozen=True)
class ClosedCase:
    """A scenario with its outcome file, as found in a library folder."""

    id: str
    scenario: Path
    outcome: Path


# ---------------------------------------------------------------------- finding cases
def closed_cases(folder: Path | None) -> list[ClosedCase]:
    """Every closed case of a library: the bundled one (``None``) or a folder holding
    scenarios and an ``outcomes/`` folder of outcome files. Each outcome is validated
    against its scenario (located errors, exit 2)."""
    from standoff.scenario import bundled_names, bundled_outcome_path, bundled_path
    from standoff.scenario.outcome import load_outcome

    out = []
    if folder is None:
        for name in bundled_names():
            o = bundled_outcome_path(name)
            if o is not None:
                loaded = load_outcome(o)
                out.append(ClosedCase(loaded.id, bundled_path(name), o))
        return out
    if not folder.exists():
        raise UserError(f"no folder {folder}", hint="give a folder of scenarios with an outcomes/ folder in it")
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder", hint="give a folder of scenarios with an outcomes/ folder in it")
    outcomes = folder / "outcomes"
    files = sorted([*outcomes.glob("*.yaml"), *outcomes.glob("*.yml")]) if outcomes.is_dir() else []
    if not files:
        raise UserError(f"{folder}: no outcome files in {outcomes}",
                        hint="a closed case is a scenario with its outcome in outcomes/<id>.yaml")
    seen: dict[str, Path] = {}
    for f in files:
        loaded = load_outcome(f)
        if loaded.id in seen:
            raise UserError(f"{f}: a second outcome for {loaded.id!r} (the first is {seen[loaded.id]})")
        seen[loaded.id] = f
        scenario = next((p for p in (folder / f"{loaded.id}.yaml", folder / f"{loaded.id}.yml") if p.is_file()), None)
        if scenario is None:
            raise UserError(f"{f}: its scenario {loaded.id!r} is not in {folder}",
                            hint=f"put {loaded.id}.yaml beside the outcomes/ folder")
        out.append(ClosedCase(loaded.id, scenario, f))
    return sorted(out, key=lambda c: c.id)


# --------------------------------------------------------------------- the case runner
def run_case(scenario: str, draws: int, seed: int) -> dict[str, Any]:
    """The headline of one case, as plain data for the scorer (runs in a worker)."""
    from standoff.assess import headline
    from standoff.results import Note
    from standoff.scenario import Scenario

    scn = Scenario.load(Path(scenario))
    h = headline(scn, draws=draws, seed=seed, details=False)
    co = scn.spec.coercion
    after = co is not None and AFTER_OUTCOME in json.dumps(co.model_dump(mode="json"))
    if isinstance(h, Note):
        return {"id": scn.id, "note": h.model_dump(mode="json")}
    return {
        "id": scn.id,
        "title": scn.title,
        "as_of": scn.spec.as_of.isoformat(),
        "horizon": h.horizon,
        "reference_class": (co.reference_class if co is not None else None) or "none",
        "after_outcome": after,
        "questions": [{"id": q.id, "by": q.by, "model": q.model, "base": q.base} for q in h.questions],
        "endings": {e: {"model": p.model, "base": p.base} for e, p in h.endings.items()},
        "driver": h.drivers[0].path if h.drivers else None,
    }


def _run_case_args(args: tuple[str, int, int]) -> dict[str, Any]:
    return run_case(*args)


def run_cases(cases: list[ClosedCase], *, draws: int, seed: int, jobs: int,
              scheduler: str | None = None) -> list[dict[str, Any]]:
    """The headline of every case, in the cases' order, on the executor of the sweeps
    (serial, a local process pool with ``jobs`` > 1, or Dask with ``scheduler``): each
    case is one chunk seeded on its own, so every executor gives the same results. A
    progress bar on stderr when it is a terminal."""
    from standoff.core.executors import executor
    from standoff.presenters.progress import progress_bar

    todo = [(str(c.scenario), draws, seed) for c in cases]
    with executor(min(jobs, max(len(todo), 1)), scheduler) as ex, progress_bar("scoring cases", err) as progress:
        return ex.map(_run_case_args, todo, progress=progress)


def _ending_of(outcome: Any) -> str:
    """The ending at the horizon (format v1's ``escalation`` read with ``leader_out``)."""
    if outcome.ending == "escalation":
        return Ending.forced_removal.value if outcome.leader_out else Ending.limited_force.value
    return str(outcome.ending)


def case_inputs(cases: list[ClosedCase], answers: list[dict[str, Any]]) -> tuple[list[Any], list[NotScored]]:
    """The scorer's input for each case the headline applies to, and the cases it does not."""
    from standoff.engines.scoring import CaseInput, QuestionInput
    from standoff.scenario.outcome import load_outcome

    inputs, skipped = [], []
    for c, a in zip(cases, answers, strict=True):
        if "note" in a:
            skipped.append(NotScored(case=c.id, why=words.note_words(a["note"])))
            continue
        outcome = load_outcome(c.outcome).outcome
        qs = tuple(QuestionInput(id=q["id"], by=q["by"], model=q["model"], base=q["base"],
                                 outcome=bool(outcome.questions[q["id"]])) for q in a["questions"])
        if not qs:
            skipped.append(NotScored(case=c.id, why="the scenario asks no question"))
            continue
        em = tuple(float(a["endings"][e.value]["model"]) for e in ENDINGS)
        bases = [a["endings"][e.value]["base"] for e in ENDINGS]
        eb = None if any(b is None for b in bases) else tuple(float(b) for b in bases)
        inputs.append(CaseInput(
            id=c.id, reference_class=a["reference_class"], questions=qs, ending=_ending_of(outcome),
            ending_model=em, ending_base=eb, title=a["title"], as_of=a["as_of"], horizon=a["horizon"],
            top_driver=a["driver"], after_outcome=a["after_outcome"]))
    return inputs, skipped


def backtest(folder: Path | None, *, draws: int, seed: int, jobs: int, scheduler: str | None = None) -> BacktestReport:
    """Run and score every closed case of a library (module docstring)."""
    from standoff.engines.outlook.answer import UNFITTED_WEIGHT, pooling
    from standoff.engines.scoring import LEVEL, RESAMPLES, SEED, score_run
    from standoff.engines.scoring.rules import CLIP_HIGH, CLIP_LOW

    cases = closed_cases(folder)
    answers = run_cases(cases, draws=draws, seed=seed, jobs=jobs, scheduler=scheduler)
    inputs, skipped = case_inputs(cases, answers)
    if len(inputs) < 2:
        raise UserError(f"{len(inputs)} closed case{'s' if len(inputs) != 1 else ''} to score: leave-one-out fitting "
                        "needs at least two", hint="add closed cases (a scenario and outcomes/<id>.yaml)")
    runs = [score_run("all", words.RUN_LABELS["all"], inputs, default_weight=UNFITTED_WEIGHT)]
    before = [c for c in inputs if not c.after_outcome]
    if len(before) != len(inputs) and len(before) >= 2:
        runs.append(score_run("protocol", words.RUN_LABELS["protocol"], before, default_weight=UNFITTED_WEIGHT))
    pool_now = pooling()
    return BacktestReport(
        library="bundled" if folder is None else str(folder), draws=draws, seed=seed, resamples=RESAMPLES,
        bootstrap_seed=SEED, level=LEVEL, clip=[CLIP_LOW, CLIP_HIGH], weight_in_use=pool_now.weight,
        weight_fitted=pool_now.fitted, runs=runs, not_scored=skipped)


# ------------------------------------------------------------------------ --fit
def pooling_path() -> Path:
    """Where the fitted pooling weight is written (package data)."""
    from standoff.engines.outlook.answer import POOLING_FILE

    return Path(str(resources.files("standoff.engines.outlook").joinpath(POOLING_FILE)))


def pooling_record(report: BacktestReport, today: dt.date) -> dict[str, Any]:
    """What ``--fit`` writes: the weight fitted on every closed case, with its scores."""
    run = report.runs[0]
    loo = run.score("questions", "loo")
    dflt = run.score("questions", "default")
    ins = run.score("questions", "in_sample")
    assert loo is not None and dflt is not None and ins is not None
    return {
        "weight": run.weight,
        "cases": len(run.cases),
        "date": today.isoformat(),
        "library": report.library,
        "draws": report.draws,
        "seed": report.seed,
        "grid": run.grid,
        "objective": run.objective,
        "score": {
            "loo_brier": loo.brier.mean,
            "loo_log": loo.log.mean,
            "default_brier": dflt.brier.mean,
            "in_sample_brier": ins.brier.mean,
            "base_brier": loo.base_brier.mean,
            "coin_brier": loo.coin_brier.mean,
        },
    }


# ----------------------------------------------------------------------- command
@backtest_app.command("cases")
def backtest_cases(
    folder: Annotated[Path | None, typer.Argument(
        help="A folder of scenarios with an outcomes/ folder (default: the bundled case library).")] = None,
    draws: Annotated[int | None, typer.Option(
        "--draws", help="Monte Carlo draws per case (default: the same as standoff assess).")] = None,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of every case's assessment (the protocol: 0).")] = 0,
    jobs: JobsOpt = 1,
    scheduler: SchedulerOpt = None,
    fit: Annotated[bool, typer.Option(
        "--fit", help="Write the pooling weight fitted on every closed case to the package's pooling.json.")] = False,
    plot: PlotOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Score the assessment on every closed case of a library, by the protocol of
    docs/explanation/backtest.md: Brier and log scores against the base rate and a coin,
    held out (leave-one-out) and in-sample."""
    from standoff.assess import DEFAULT_DRAWS

    n = DEFAULT_DRAWS if draws is None else draws
    if n < 10:
        raise UserError(f"--draws {n}: too few draws to assess a case", hint=f"give 10 or more (the default is {DEFAULT_DRAWS:,})")
    if jobs < 1:
        raise UserError(f"--jobs {jobs}: give 1 or more")
    start = time.perf_counter()
    report = backtest(folder, draws=n, seed=seed, jobs=jobs, scheduler=scheduler)
    seconds = time.perf_counter() - start
    if plot is not None:
        figures.write(charts.reliability(report.runs[0]), plot)
    if fit:
        record = pooling_record(report, dt.date.today())
        path = pooling_path()
        write_atomic(path, dumps(record) + "\n")
    if as_json:
        emit_json(report)
    else:
        _print(report)
    err.print(markup(words.timing_line(len(report.runs[0].cases) + len(report.not_scored), seconds, jobs)))
    if plot is not None:
        err.print(f"plot written to {markup(str(plot))}")
    if fit:
        err.print(markup(words.fit_line(report.runs[0], str(pooling_path()))))


def _print(report: BacktestReport) -> None:
    for line in words.summary_lines(report):
        console.print(markup(line))
    for run in report.runs:
        _print_run(run, first=run is report.runs[0])
    for line in words.not_scored_lines(report):
        console.print(markup(line))


def _print_run(run: BacktestRun, *, first: bool) -> None:
    console.print()
    console.print(f"[bold]{markup(words.run_title(run))}[/]")
    for line in words.weight_lines(run):
        console.print(markup(line))
    print_table(words.FAMILY_TITLE, words.FAMILY_COLUMNS, words.family_rows(run, "loo"))
    print_table(words.SCHEME_TITLE, words.SCHEME_COLUMNS, words.scheme_rows(run))
    if not first:
        return
    print_table(words.CASE_TITLE, words.CASE_COLUMNS, words.case_rows(run))
    print_table(words.RELIABILITY_TITLE, words.RELIABILITY_COLUMNS, words.reliability_rows(run))
    for line in words.footnotes(run):
        console.print(markup(line))


# ------------------------------------------------------------------ backtest deu
@backtest_app.command("deu")
def backtest_deu(
    path: Annotated[str | None, typer.Argument(
        metavar="PATH", help="A DEU-style table (tab-separated), e.g. the DEU III data set.")] = None,
    model: ModelOpt = None,
    rounds: RoundsOpt = 10,
    capability: CapabilityOpt = "council",
    bdm_variant: VariantOpt = None,
    seed: SeedOpt = 0,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap resamples.", min=100, max=100000)] = 2000,
    plot: PlotOpt = None,
    as_json: JsonOpt = False,
    csv: CsvOpt = None,
    parquet: ParquetOpt = None,
) -> None:
    """Score every model on every issue of a DEU table that has an outcome."""
    from standoff.engines.forecast.backtest import backtest
    from standoff.engines.forecast.bdm import variant
    from standoff.interop.deu import read_deu
    from standoff.presenters import figures

    names = models_named(model)
    for v in bdm_variant or []:
        variant(v)  # an unknown name is a user error before any work
    if capability not in CAPABILITY_SOURCES:
        raise UserError(f"unknown capability measure {capability!r}", hint=did_you_mean(capability, CAPABILITY_SOURCES))
    if path is None:
        raise UserError("backtest deu needs the path of a DEU-style table",
                        hint="e.g. standoff backtest deu path/to/deu3.tsv (the DEU III data set does not "
                             "ship with standoff)")
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
        wrote_plot(plot)
    write_tables(run.result, csv, parquet)
    if as_json:
        emit_json(run.result)
        return
    _print_backtest(run.result)


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
def _error_figure(run: object) -> FigureSpec:
    from standoff.engines.forecast.backtest import BacktestRun
    from standoff.presenters import charts

    assert isinstance(run, BacktestRun)
    errors = {run.result.models[n].label: [float(v) for v in run.errors(n)] for n in run.forecasts}
    return charts.error_boxes(f"Absolute error by model ({run.result.n_issues} DEU issues)", errors)
