"""The `standoff` commands of the simulate engine: ``simulate`` and ``tournament``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from standoff.core.errors import UserError, did_you_mean
from standoff.engines.simulate.mediators import MEDIATOR_STRATEGIES
from standoff.engines.simulate.protocols import PROTOCOLS
from standoff.engines.simulate.strategies import STRATEGIES, parse_strategies
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
    complete_names,
    console,
    emit_json,
    err,
    parse_sets,
    write_tables,
    wrote_plot,
)
from standoff.presenters.figures import plot_format
from standoff.presenters.text import markup

if TYPE_CHECKING:
    from standoff.engines.simulate.domain import Domain
    from standoff.results.simulate import SimulationResult, TournamentResult

Source = Annotated[
    str,
    typer.Argument(help="A bundled scenario name, a scenario file, or a GENIUS domain folder."),
]
StrategiesOpt = Annotated[
    str,
    typer.Option("--strategies", "-s", metavar="NAMES", autocompletion=complete_names(lambda: STRATEGIES, many=True),
                 help=f"Comma-separated strategies, one per party or one for all: {', '.join(STRATEGIES)}."),
]
ProtocolOpt = Annotated[
    str,
    typer.Option("--protocol", metavar="NAME",
                 autocompletion=complete_names(lambda: ("auto", *PROTOCOLS)),
                 help="auto (single text when the parties need a mediator), " + ", ".join(PROTOCOLS) + "."),
]
RoundsOpt = Annotated[int | None, typer.Option("--rounds", help="Rounds before the deadline (default: from the domain).")]
BreakdownOpt = Annotated[float, typer.Option("--breakdown", help="Risk that the talks collapse each round (0-1).")]
INFORMATION = ("complete", "private")
InformationOpt = Annotated[str, typer.Option("--information", metavar="NAME",
                                             autocompletion=complete_names(lambda: INFORMATION),
                                             help="complete (parties know each other's utilities) or private "
                                                  "(only their own).")]
MediatorStrategyOpt = Annotated[
    str, typer.Option("--mediator-strategy", metavar="NAME",
                      autocompletion=complete_names(lambda: MEDIATOR_STRATEGIES),
                      help=f"How the mediator proposes: {', '.join(MEDIATOR_STRATEGIES)}.")
]
ALL_STRATEGIES = ",".join(STRATEGIES)


def _check_information(information: str) -> str:
    if information not in INFORMATION:
        raise UserError(f"unknown information regime {information!r}", hint=did_you_mean(information, INFORMATION))
    return information


def _check_protocol(protocol: str) -> str:
    if protocol != "auto" and protocol not in PROTOCOLS:
        raise UserError(f"unknown protocol {protocol!r}", hint=did_you_mean(protocol, ("auto", *PROTOCOLS)))
    return protocol


def _words(outcome: dict[str, str] | None) -> str:
    if outcome is None:
        return ""
    return ", ".join(f"{k}: {v}" for k, v in outcome.items())


def _full_trace(res: SimulationResult) -> None:
    """Every move with its whole package, and the pressure of each round (--verbose)."""
    table = Table(title="Trace", title_justify="left")
    table.add_column("round", justify="right")
    table.add_column("who")
    table.add_column("does")
    table.add_column("terms")
    for p in res.parties:
        table.add_column(f"u {markup(p)}", justify="right")
    for e in res.trace:
        if e.action == "pressure" and e.costs:
            terms = "costs: " + ", ".join(f"{k} {v:.4g}" for k, v in e.costs.items())
            table.add_row(str(e.round), "", "[dim]pressure[/]", f"[dim]{markup(terms)}[/]", *[""] * len(res.parties))
            continue
        does = e.action + (f" (via {e.via})" if e.via else "")
        if e.action in ("threat", "spared"):
            does = f"threat {e.note} " + ("carried out" if e.action == "threat" else "not carried out")
        utils = [f"{e.utilities[p]:.3f}" for p in res.parties] if e.utilities else [""] * len(res.parties)
        table.add_row(str(e.round), markup(e.actor), markup(does), markup(_words(e.offer)), *utils)
    console.print(table)


def compact_trace(res: SimulationResult, width: int = 80) -> list[str]:
    """The trace in lines of at most ``width`` characters: one line per move, its terms
    written as the changes from the same actor's previous package (the first package in
    full); a move that repeats the actor's previous one word for word, and the pressure
    of each round (given in the header), are left out and counted at the end."""
    import textwrap

    head = f"{'rnd':>3} {'who':<10} {'does':<8}" + "".join(f" {p[:7]:>7}" for p in res.parties) + "  terms"
    lines = [head]
    indent = " " * (len(head) - len("terms"))
    last: dict[str, tuple[str, dict[str, str] | None]] = {}
    repeated = 0
    for e in res.trace:
        if e.action == "pressure":
            continue
        if e.action in ("threat", "spared"):
            done = "carried out" if e.action == "threat" else "not carried out"
            lines.append(f"{e.round:>3} threat {e.note} {done}")
            continue
        before = last.get(e.actor)
        last[e.actor] = (e.action, e.offer)
        if before == (e.action, e.offer):
            repeated += 1
            continue
        if e.offer is None:
            terms = ""
        elif before is None or before[1] is None:
            terms = _words(e.offer)
        else:
            changed = [f"{k} {before[1].get(k)}->{v}" for k, v in e.offer.items() if before[1].get(k) != v]
            terms = ", ".join(changed) if changed else "same terms"
        does = e.action + ("*" if e.via else "")
        utils = "".join(f" {e.utilities[p]:>7.3f}" for p in res.parties) if e.utilities else " " * (8 * len(res.parties))
        first = f"{e.round:>3} {e.actor[:10]:<10} {does[:8]:<8}{utils}  "
        wrapped = textwrap.wrap(terms, width=max(width - len(first), 20)) or [""]
        lines.append(first + wrapped[0])
        lines += [indent + w for w in wrapped[1:]]
    notes = ["* relayed by the mediator"] if any(e.via for e in res.trace) else []
    if repeated:
        notes.append(f"({repeated} moves that repeat the same actor's previous one are not shown; --verbose "
                     "shows every move)")
    return lines + [w for n in notes for w in textwrap.wrap(n, width=width)]


def _compact_trace(res: SimulationResult) -> None:
    console.print("[bold]Trace[/] (each package's utility to each party; terms: what changed)")
    for line in compact_trace(res, max(console.width, 60)):
        console.print(markup(line), soft_wrap=True)


def print_simulation(res: SimulationResult, domain: Domain, verbose: bool = False) -> None:
    where = f"{res.protocol}"
    if res.mediator:
        where += f" via {res.mediator} ({res.mediator_strategy} mediator)" if res.protocol == "single-text" \
            else f", relayed by {res.mediator}"
    console.print(f"[bold]Negotiation[/] on {markup(res.domain)}: {markup(where)}, up to {res.max_rounds} "
                  f"{domain.period}s, {res.information} information, seed {res.seed}")
    for p, s, party in zip(res.parties, res.strategies, domain.parties, strict=True):
        cost = f", pressure {party.cost_per_round:.4g} per {domain.period}" if party.cost_per_round else ""
        console.print(f"  {markup(p)}: {s}; walking away is worth {party.reservation:+.3f}{cost}")
    for th in domain.threats:
        console.print(f"  threat: {markup(th.label)} by {domain.period} {th.round} "
                      f"(probability {th.probability:.0%}) unless there is a deal")
    if verbose:
        _full_trace(res)
    else:
        _compact_trace(res)
    if res.agreement:
        console.print(f"[bold green]Agreement[/] in round {res.rounds - 1} ({res.ending}): {markup(_words(res.outcome))}")
    else:
        why = {"walked_away": f"{res.walked_away} walked away", "breakdown": "the talks broke down",
               "deadline": "the deadline passed"}.get(res.reason, res.reason)
        console.print(f"[bold red]No agreement[/]: {markup(why)} in round {res.rounds - 1} ({res.ending}).")
    for p in res.parties:
        u, pay, paid = res.utilities[p], res.payoffs[p], res.pressure_paid[p]
        console.print(f"  {markup(p)}: utility {u:+.3f}, pressure endured {paid:.3f}, "
                      f"worth {pay:+.3f} at the start")
    if res.threats_carried_out:
        console.print(f"  threats carried out: {markup(', '.join(res.threats_carried_out))}")
    if res.nash_distance is not None:
        console.print(f"  distance to the Nash point: {res.nash_distance:.3f}")
    if res.mediator_payoff is not None:
        console.print(f"  {markup(res.mediator)} (mediator) gets {res.mediator_payoff:+.3f}")
    for note in res.notes:
        console.print(f"[dim]note: {markup(note)}[/]")


def _parse_parties(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [p.strip() for p in text.split(",") if p.strip()]


@app.command()
def simulate(
    source: Source = DEFAULT_SCENARIO,
    strategies: StrategiesOpt = "linear",
    mediator: Annotated[str | None, typer.Option("--mediator", help="Mediator (an actor of kind mediator).")] = None,
    mediator_strategy: MediatorStrategyOpt = "nash",
    protocol: ProtocolOpt = "auto",
    rounds: RoundsOpt = None,
    seed: SeedOpt = 0,
    breakdown: BreakdownOpt = 0.0,
    information: InformationOpt = "complete",
    parties: Annotated[str | None, typer.Option("--parties", help="Comma-separated negotiating actors "
                                                "(default: the scenario's parties).")] = None,
    plot: PlotOpt = None,
    set_: SetOpt = None,
    json_out: JsonOpt = False,
    csv: CsvOpt = None,
    parquet: ParquetOpt = None,
    draws: DrawsOpt = None,  # issue 10: the talks summary over Monte Carlo draws
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="The full trace: every move with its whole "
                                                                  "package, and the pressure of each round.")] = False,
) -> None:
    """Simulate one negotiation round by round and print the trace and the ending. With
    --draws N, also every pairing of the main styles on the first N draws (at most 64;
    --json then prints {"nominal": ..., "over_draws": ...})."""
    from standoff.engines.simulate.mapping import check_mediator
    from standoff.engines.simulate.run import simulate as run_simulation
    from standoff.presenters import charts, figures

    names = parse_strategies(strategies)
    _check_protocol(protocol)
    _check_information(information)
    if rounds is not None and rounds < 1:
        raise UserError(f"the talks need at least one round (got --rounds {rounds})", hint="use --rounds 1 or more")
    if plot is not None:
        plot_format(plot)
    domain, case = sources.negotiation_domain(source, _parse_parties(parties), parse_sets(set_))
    if mediator is not None and case is not None:
        check_mediator(case, mediator)
    res = run_simulation(domain, names, protocol=protocol, mediator=mediator, mediator_strategy=mediator_strategy,
                         rounds=rounds, seed=seed, breakdown=breakdown,
                         information=information)  # type: ignore[arg-type]
    over = None
    if draws is not None:
        from standoff.engines.simulate.draws import TALK_DRAWS, talks_over_draws

        if case is None:
            raise UserError("--draws needs a scenario: a GENIUS domain has no uncertain numbers")
        if not 1 <= draws <= TALK_DRAWS:
            raise UserError(f"--draws for simulate must lie between 1 and {TALK_DRAWS} (each draw runs every pairing)")
        drawn = sources.scenario(source).case(draws=draws, seed=seed, overrides=parse_sets(set_))
        over = talks_over_draws(drawn, draws=draws, seed=seed)
    if plot is not None:
        figures.write(charts.offers(res), plot)
        wrote_plot(plot)
    write_tables(res, csv, parquet)
    if json_out:
        from standoff.results.commands import SimulationOverDraws

        emit_json(res if over is None else SimulationOverDraws(nominal=res, over_draws=over))
        return
    print_simulation(res, domain, verbose)
    if over is not None:
        from standoff.presenters.sections.sensitivity import talks_lines

        for line in talks_lines(over):
            console.print(markup(line), soft_wrap=True)


def print_tournament(res: TournamentResult) -> None:
    console.print(f"[bold]Tournament[/]: {len(res.strategies)} strategies, {len(res.domains)} domain(s), "
                  f"{res.seeds} seed(s) each, {len(res.runs)} negotiations (seed {res.seed})")
    table = Table(title_justify="left")
    for col, just in (("domain", "left"), ("strategies", "left"), ("deals", "right"), ("rounds", "right"),
                      ("utilities", "right"), ("to Nash", "right"), ("welfare", "right"), ("endings", "left")):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for r in res.rows:
        table.add_row(
            markup(r.domain), " vs ".join(r.strategies), f"{r.agreement_rate:.0%}", f"{r.mean_rounds:.1f}",
            " / ".join(f"{u:.3f}" for u in r.mean_utilities.values()),
            "" if r.mean_nash_distance is None else f"{r.mean_nash_distance:.3f}",
            f"{r.mean_welfare:.3f}", ", ".join(f"{k} {v}" for k, v in r.endings.items()),
        )
    console.print(table)


@app.command()
def tournament(
    source_names: Annotated[list[str] | None, typer.Argument(
        metavar="[SOURCES]...", help="Scenarios (names or files) and GENIUS domain folders (default: the flagship, "
                                     f"{DEFAULT_SCENARIO}).")] = None,
    strategies: StrategiesOpt = ALL_STRATEGIES,
    seeds: Annotated[int, typer.Option("--seeds", help="Negotiations per pairing and domain.")] = 3,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes.")] = 1,
    protocol: ProtocolOpt = "auto",
    mediator_strategy: MediatorStrategyOpt = "nash",
    rounds: RoundsOpt = None,
    seed: SeedOpt = 0,
    breakdown: BreakdownOpt = 0.0,
    information: InformationOpt = "complete",
    plot: PlotOpt = None,
    json_out: JsonOpt = False,
    csv: CsvOpt = None,
    parquet: ParquetOpt = None,
) -> None:
    """Play every strategy pairing on every domain over several seeds."""
    from standoff.engines.simulate.tournament import tournament as run_tournament
    from standoff.presenters import charts, figures

    names = parse_strategies(strategies)
    _check_protocol(protocol)
    _check_information(information)
    if plot is not None:
        plot_format(plot)
    domains = [sources.negotiation_domain(s)[0] for s in source_names or [DEFAULT_SCENARIO]]
    with Progress(TextColumn("tournament"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("tournament", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        res = run_tournament(domains, names, seeds=seeds, seed=seed, jobs=jobs, protocol=protocol, rounds=rounds,
                             information=information, mediator_strategy=mediator_strategy,  # type: ignore[arg-type]
                             breakdown=breakdown, progress=progress)
    if plot is not None:
        figures.write(charts.tournament_grid(res), plot)
        wrote_plot(plot)
    write_tables(res, csv, parquet)
    if json_out:
        emit_json(res)
        return
    print_tournament(res)
