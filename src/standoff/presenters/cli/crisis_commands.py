"""The `standoff crisis` command: the crisis games of a scenario, in words or JSON.

Model parameters are given by name with ``--param NAME=VALUE`` (the names and their
domains come from each model's parameter table in :mod:`standoff.engines.crisis.models`,
so a new model needs nothing here).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from standoff.core.errors import UserError, did_you_mean
from standoff.engines.crisis import MODELS
from standoff.presenters.cli.app import (
    DEFAULT_SCENARIO,
    MAX_MEMORY_GIB,
    CsvOpt,
    JsonOpt,
    MemoryOpt,
    ParquetOpt,
    PlotOpt,
    SeedOpt,
    SetOpt,
    SourceArg,
    app,
    complete_names,
    console,
    emit_json,
    err,
    parse_sets,
    write_atomic,
    write_tables,
    wrote_plot,
)
from standoff.presenters.text import markup

if TYPE_CHECKING:
    from standoff.results.crisis import CrisisModelResult, CrisisResult
    from standoff.scenario.case import Case

#: Most Monte Carlo draws the crisis command takes: 10^6 take a few seconds and about
#: 1 GB here, memory grows linearly, and the standard error of a probability is already
#: below 0.001 at 10^6.
MAX_DRAWS = 2_000_000


def _params(items: list[str] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise UserError(f"--param {item!r}: write NAME=VALUE", hint="e.g. --param credibility=0.8")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise UserError(f"--param {item!r}: {value!r} is not a number") from None
    return out


def _models_for(model: str | None, params: dict[str, float]) -> tuple[str, ...]:
    from standoff.engines.crisis import MODELS, model_name

    if model is not None:
        chosen = model_name(model)
        table = MODELS[chosen].parameters
        for k in params:
            if k not in table:
                raise UserError(f"model {chosen!r} has no parameter {k!r}",
                                hint=did_you_mean(k, table) + f"; its parameters: {', '.join(table)}")
        return (chosen,)
    if not params:
        return tuple(MODELS)
    owners = {m.name for m in MODELS.values() if set(params) <= set(m.parameters)}
    if len(owners) != 1:
        known = sorted({p for m in MODELS.values() for p in m.parameters})
        unknown = [k for k in params if k not in known]
        if unknown:
            raise UserError(f"no crisis model has a parameter {unknown[0]!r}", hint=did_you_mean(unknown[0], known))
        raise UserError("parameters given for several models", hint="choose one with --model")
    return tuple(owners)


@app.command()
def crisis(
    source: SourceArg = DEFAULT_SCENARIO,
    model: Annotated[str | None, typer.Option("--model", "-m", metavar="NAME",
                                              autocompletion=complete_names(lambda: MODELS),
                                              help=f"One model: {', '.join(MODELS)}.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", metavar="NAME=VALUE",
                                                    help="Set a model parameter (see --help of the model's table); repeatable.")] = None,
    draws: Annotated[int, typer.Option("--draws", help="Monte Carlo draws (the players' types).")] = 20_000,
    seed: SeedOpt = 0,
    nominal: Annotated[bool, typer.Option("--nominal", help="Use nominal values only (no draws).")] = False,
    max_memory: MemoryOpt = MAX_MEMORY_GIB,
    deadline: Annotated[str | None, typer.Option("--deadline", help="Deadline YYYY-MM-DD (overrides the scenario's).")] = None,
    export_efg: Annotated[Path | None, typer.Option("--export-efg", help="Write the game tree as a Gambit .efg file.")] = None,
    levels: Annotated[int, typer.Option("--levels", help="Demand levels of the discretised Fearon game.")] = 11,
    types: Annotated[int, typer.Option("--types", help="Target types in the game tree.")] = 5,
    gambit: Annotated[str | None, typer.Option("--gambit", metavar="NAME", autocompletion=complete_names(lambda: ("logit", "lcp")),
                                               help="Cross-check the game tree with Gambit: logit or lcp.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Time limit for Gambit, in seconds.")] = 60.0,
    plot: PlotOpt = None,
    set_: SetOpt = None,
    json_out: JsonOpt = False,
    csv: CsvOpt = None,
    parquet: ParquetOpt = None,
) -> None:
    """Crisis games: will the target comply, will the challenger escalate, how long will it last?"""
    from standoff.engines.crisis import analyse
    from standoff.presenters import charts, figures
    from standoff.presenters.cli import sources

    overrides = _params(param)
    models = _models_for(model, overrides)
    if not 1 <= draws <= MAX_DRAWS:
        raise UserError(f"--draws must lie between 1 and {MAX_DRAWS:,} (got {draws})")
    if levels < 1 or types < 1:
        raise UserError("--levels and --types must be at least 1")
    if gambit is not None and gambit not in ("logit", "lcp"):
        raise UserError(f"unknown Gambit method {gambit!r}", hint="use logit or lcp")
    if not 0 < timeout <= 1e6:
        raise UserError(f"--timeout must lie in (0, 1e6] seconds (got {timeout:g})")
    when = None
    if deadline is not None:
        try:
            when = dt.date.fromisoformat(deadline)
        except ValueError as exc:
            raise UserError(f"--deadline {deadline!r} is not a date", hint="write it as YYYY-MM-DD") from exc
    scn = sources.scenario(source)
    sets = parse_sets(set_)
    if not nominal:
        from standoff.assess import check_memory

        check_memory(scn, scn.case(overrides=sets), draws, max_memory=max_memory * 2**30, outlook=False,
                     crisis_models=len(models or ()) or None)
    case = scn.case(overrides=sets) if nominal else scn.case(draws=draws, seed=seed, overrides=sets)
    result = analyse(case, models=models, overrides=overrides, deadline=when)
    tree_model = "fearon" if models == ("fearon",) else "ultimatum"
    if export_efg is not None or gambit is not None:
        result = _game_tree(case, result, tree_model, overrides, when, levels, types, export_efg, gambit, timeout,
                            quiet=json_out)
    if plot is not None:
        figures.write(charts.crisis_endings(result), plot)
        wrote_plot(plot)
    write_tables(result, csv, parquet)
    if json_out:
        emit_json(result)
        return
    _print(result, case)


def _game_tree(case: Case, result: CrisisResult, tree_model: str, overrides: dict[str, float],
               when: dt.date | None, levels: int, types: int, export_efg: Path | None, gambit: str | None,
               timeout: float, *, quiet: bool) -> CrisisResult:
    from standoff.engines.crisis import MODELS, efg, games, ultimatum
    from standoff.engines.crisis.inputs import challenger_params, crisis_inputs

    inp = crisis_inputs(case, deadline=when)
    m = MODELS[tree_model]
    params = m.with_overrides(m.params(inp), overrides)
    if tree_model == "fearon":
        game = games.fearon_game(params, levels=levels, types=types)
        title = f"{case.title}: Fearon's risk-return game, {levels} demand levels"
    else:
        game = games.scenario_game(params, challenger_params(inp), types=types)
        title = f"{case.title}: the ultimatum with escalation"
    if export_efg is not None:
        write_atomic(export_efg, efg.ultimatum_efg(game, title=title, comment=f"exported by standoff from {case.id}"))
        if not quiet:
            err.print(f"wrote {markup(str(export_efg))}")
    if gambit is None:
        return result
    from standoff.engines.crisis.gambit import solve_with_gambit

    ours = ultimatum.solve_ultimatum(game)
    with err.status(f"Gambit ({gambit}) is solving the game tree..."):
        gs = solve_with_gambit(game, gambit, timeout=timeout)
    check = _compare(game, ours, gs)
    models = [
        r.model_copy(update={"details": {**r.details, "gambit": check}}) if r.model == tree_model else r
        for r in result.models
    ]
    return result.model_copy(update={"models": models})


def _compare(game: Any, ours: Any, gs: Any) -> dict[str, Any]:
    import numpy as np

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


def _print(result: CrisisResult, case: Case) -> None:
    from standoff.presenters.sections.notes import phrase
    from standoff.presenters.sections.words import name
    c, t = name(case, result.challenger or ""), name(case, result.target or "")
    console.print(f"[bold]Crisis games[/] for {markup(result.scenario or '')}: {markup(c)} (challenger) vs "
                  f"{markup(t)} (target)")
    if result.demand:
        console.print("demand: " + markup(", ".join(f"{k}={v}" for k, v in result.demand.items())))
    if result.threats:
        console.print("threat: " + markup(", ".join(result.threats)))
    if result.deadline:
        lapsed = next((n for n in result.notes if n.code == "deadline_lapsed"), None)
        away = (f"lapsed {lapsed.data['periods_ago']:.1f} {result.period}s before the as-of date; played as now"
                if lapsed is not None else f"{result.deadline_periods:.1f} {result.period}s away")
        console.print(f"deadline: {result.deadline} ({away})")
    console.print(f"draws: {result.draws}" + (f" (seed {result.seed})" if result.seed is not None else " (nominal values)"))
    for m in result.models:
        _print_model(m, result.period, c, t, case)
    for note in result.notes:
        console.print(f"[dim]note: {markup(phrase(note, case))}[/]", soft_wrap=True)


def _est(e: Any) -> str:
    from standoff.presenters.sections.words import pct
    if e is None:
        return "n/a"
    if e.fixed or e.low == e.high:
        return pct(e.mean)
    return f"{pct(e.mean)} [{pct(e.low)}-{pct(e.high)}]"


def _print_model(m: CrisisModelResult, period: str, c: str, t: str, case: Case) -> None:
    from standoff.presenters.sections.crisis import drivers, equilibrium, not_applicable
    from standoff.presenters.sections.words import pct
    console.print()
    console.print(f"[bold]{markup(m.title)}[/] [dim]({markup(m.citation)})[/]")
    if not m.applicable:
        console.print(markup(not_applicable(m, case)), soft_wrap=True)
        console.print("  (its equilibrium on these inputs is in the JSON output, for reference)")
        return
    console.print(markup(equilibrium(m, c, t, period)), soft_wrap=True)
    dur = "n/a" if m.expected_duration is None else f"{m.expected_duration.mean:.1f} {period}s"
    console.print(f"  P(comply) {_est(m.p_comply)}   P(escalate) {_est(m.p_escalate)}   expected time to resolution {dur}")
    console.print("  endings: " + ", ".join(f"{k} {pct(v.mean)}" for k, v in m.endings.items()))
    for d in drivers(m, c, t, period):
        console.print(f"  - {markup(d)}", soft_wrap=True)
    g = m.details.get("gambit")
    if g:
        verdict = "agrees" if g["agrees"] else "differs"
        console.print(
            f"  Gambit ({g['method']}, {g['seconds']:.3f} s) {verdict}: P(comply) {pct(g['p_comply'])}; "
            f"largest regret on the path {g['max_regret_on_path']:.2g}, anywhere {g['max_regret_anywhere']:.2g}"
        )
