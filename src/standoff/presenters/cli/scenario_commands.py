"""Commands on scenarios: list, show, validate, schema, and the brief."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from standoff.core.errors import UserError
from standoff.presenters.cli.app import (
    DEFAULT_SCENARIO,
    MAX_MEMORY_GIB,
    CsvOpt,
    DrawsOpt,
    JsonOpt,
    MemoryOpt,
    ParquetOpt,
    SeedOpt,
    SetOpt,
    app,
    console,
    emit_json,
    err,
    parse_sets,
    write_atomic,
    write_tables,
)
from standoff.presenters.text import markup

ScenarioArg = Annotated[
    str, typer.Argument(help="A bundled scenario name (see `standoff list`) or a scenario file.")
]


@app.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """List the bundled scenarios."""
    from standoff.scenario.catalogue import entries

    rows = entries()  # titles read from the files' headers, without validating them
    if as_json:
        from standoff.results.commands import ScenarioEntry, ScenarioList

        emit_json(ScenarioList(scenarios=[ScenarioEntry(**r) for r in rows]))
        return
    table = Table(title="Bundled scenarios", title_justify="left")
    table.add_column("name", style="bold")
    table.add_column("as of")
    table.add_column("title")
    for r in rows:
        table.add_row(markup(r["name"]), markup(r["as_of"]), markup(r["title"]))
    console.print(table)


VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Also the provenance of every actor and "
                                                                   "the distributions behind every number.")]


@app.command()
def show(scenario: ScenarioArg = DEFAULT_SCENARIO, as_json: JsonOpt = False, verbose: VerboseOpt = False) -> None:
    """Show a scenario: actors, issues, positions, pressure and the event timeline."""
    from rich import box

    from standoff.scenario import Scenario
    from standoff.scenario.schema import IssueKind

    scn = Scenario.load(scenario)
    spec = scn.spec
    if as_json:
        emit_json(spec)
        return
    console.print(f"[bold]{markup(spec.title)}[/]", soft_wrap=False)
    console.print(f"as of {spec.as_of}; one period is a {spec.period}", style="dim")
    if spec.summary:
        console.print(markup(" ".join(spec.summary.split())))

    def table(title: str, *cols: str) -> Table:
        t = Table(title=f"\n{title}", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                  pad_edge=False, show_edge=False)
        for c in cols:
            t.add_column(c, overflow="fold")
        return t

    t = table("Actors", "id", "kind", "capability", "name")
    for aid, a in spec.actors.items():
        t.add_row(aid, a.kind.value.replace("_", " "), _q(a.capability, verbose), markup(a.name))
        if verbose:
            prov = a.capability.assumption or a.assumption or (a.capability.source or a.source or "")
            t.add_row("", "", "", f"[dim]{markup(' '.join(str(prov).split()))}[/]")
    console.print(t)

    console.print("\n[bold]Issues[/] (each party's best option and the issue's share of its salience)")
    for iid, isp in spec.issues.items():
        opts = (f"0-100, from {isp.ends[0]} to {isp.ends[1]}" if isp.kind is IssueKind.scale and isp.ends
                else ", ".join(isp.option_ids))
        console.print(f"  [bold]{markup(iid)}[/]: {markup(isp.name)}", soft_wrap=False)
        console.print(f"    [dim]options: {markup(opts)}[/]")
        k = scn.outcome_space.issue_index(iid)
        for party in scn.parties:
            u = scn.utility(party)
            best = scn.outcome_space.issues[k].options[int(u.values[k].argmax())]
            forbidden = [o for o, f in zip(scn.outcome_space.issues[k].options, u.forbidden[k], strict=True) if f]
            never = f"; never {', '.join(forbidden)}" if forbidden else ""
            console.print(f"    {markup(party)}: {markup(best)} ({u.weights[k]:.0%}){markup(never)}")

    if spec.instruments:
        t = table(f"Pressure instruments (costs per {spec.period})", "id", "by -> on", "status", "to target",
                  "to imposer", "credible")
        for iid, ins in spec.instruments.items():
            since = f" since {ins.since}" if ins.since and verbose else ""
            t.add_row(markup(iid), f"{ins.imposer} -> {ins.target}", ins.status.value.replace("_", " ") + since,
                      _q(ins.cost_to_target, verbose), _q(ins.cost_to_imposer, verbose),
                      _q(ins.credibility, verbose) if ins.credibility else "")
        console.print(t)

    if spec.events:
        console.print("\n[bold]Timeline[/]")
        for ev in sorted(spec.events, key=lambda e: e.date):
            via = f" via {', '.join(ev.via)}" if ev.via else ""
            to = f" -> {ev.target}" if ev.target else ""
            fate = ev.fate.value + ("" if ev.confirmed else ", unconfirmed")
            console.print(f"  {ev.date}  {markup(ev.actor)} {ev.category.value}{markup(to + via)} [dim]({fate})[/]")
            console.print(f"    {markup(' '.join(ev.summary.split()))}")

    for ch in spec.channels:
        via = f" via {', '.join(ch.via)}" if ch.via else ""
        console.print(f"\nChannel {ch.between[0]} - {ch.between[1]}: [bold]{ch.status}[/]{markup(via)}")
    if spec.questions:
        console.print("\n[bold]Questions[/]")
        for q in spec.questions:
            console.print(f"  [bold]{markup(q.id)}[/] (by {q.by}): {markup(q.text)} "
                          f"[dim]yes if {', '.join(y.value for y in q.yes_if)}[/]")


@app.command()
def validate(
    files: Annotated[list[str], typer.Argument(help="Scenario files (or bundled names) to check.")],
    as_json: JsonOpt = False,
) -> None:
    """Check scenario files and outcome files of closed cases (recognised by their shape,
    checked against the scenario they resolve); every problem is reported with
    file:line:column."""
    from standoff.scenario import Scenario
    from standoff.scenario.outcome import load_scenario_or_outcome

    report = []
    failed = False
    for f in files:
        try:
            loaded = load_scenario_or_outcome(f)
            kind = "scenario" if isinstance(loaded, Scenario) else "outcome"
            report.append({"file": f, "ok": True, "id": loaded.id, "kind": kind, "problems": []})
        except UserError as exc:
            failed = True
            problems = [{k: v for k, v in p.to_dict().items() if v not in (None, "")} for p in exc.problems] or [
                {"message": exc.format()}]
            report.append({"file": f, "ok": False, "problems": problems})
            if not as_json:
                err.print(exc.format(), markup=False, highlight=False, soft_wrap=True)
    if as_json:
        from standoff.results.commands import FileReport, ValidationReport

        emit_json(ValidationReport(files=[FileReport(**r) for r in report]))
    else:
        for r in report:
            if r["ok"]:
                what = r["id"] if r["kind"] == "scenario" else f"outcome of {r['id']}"
                console.print(f"[green]ok[/]  {markup(r['file'])}  ({markup(what)})")
    if failed:
        raise typer.Exit(2)


@app.command()
def schema(
    output: Annotated[str | None, typer.Option(
        "--output", metavar="COMMAND", autocompletion=lambda: _json_commands(),
        help="Instead, the JSON Schema of what COMMAND prints with --json (e.g. bargain, 'backtest deu').")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Write the schema to this file.")] = None,
) -> None:
    """Print the JSON Schema of the scenario format (for editor completion), or with
    --output COMMAND the schema of that command's --json output."""
    if output is not None:
        from standoff.presenters.cli.outputs import output_schema

        text = json.dumps(output_schema(output), indent=2, ensure_ascii=False) + "\n"
    else:
        text = _scenario_schema_text()
    if file is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(file, text)
        err.print(f"wrote {markup(str(file))}", highlight=False)


def _scenario_schema_text() -> str:
    from standoff.scenario.schema import ScenarioSpec

    data = ScenarioSpec.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["$id"] = "https://standoff.invalid/schema/scenario-v1.json"
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


#: The file beside a new scenario that its modeline points editors to.
SCHEMA_FILE = "scenario.schema.json"


@app.command()
def new(
    file: Annotated[Path, typer.Argument(help="The scenario file to write (.yaml).")],
    from_: Annotated[str | None, typer.Option(
        "--from", metavar="SCENARIO", help="Start from this scenario (a bundled name or a file) instead of the "
                                          "commented example.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Write a commented starting scenario that validates (from a bundled one with
    --from).

    Its first line is a modeline that points editors (the YAML language server)
    to the format's JSON Schema, written beside it as scenario.schema.json."""
    import re
    from importlib import resources

    from standoff.scenario import Scenario
    from standoff.scenario.loader import read_text, resolve_source

    if file.suffix.lower() not in (".yaml", ".yml"):
        raise UserError(f"{file}: a scenario is a .yaml file", hint=f"e.g. standoff new {file.with_suffix('.yaml')}")
    if file.exists() and not force:
        raise UserError(f"{file} exists", hint="choose another name, or --force to overwrite it")
    if from_ is None:
        body = resources.files("standoff.scenario").joinpath("templates", "new.yaml").read_text(encoding="utf-8")
        origin = "the commented example"
    else:
        body = read_text(resolve_source(from_))
        origin = from_
        body = f"# Started from {from_}: change the id, the title and what differs in your case.\n" + body
    stem = re.sub(r"[^a-z0-9_-]+", "-", file.stem.lower()).strip("-_")
    if stem and stem[0].isalpha():
        body = re.sub(r"(?m)^id:[^\n]*$", f"id: {stem}", body, count=1)
    text = f"# yaml-language-server: $schema={SCHEMA_FILE}\n" + body
    Scenario.from_text(text, shown=str(file))  # what is written validates
    write_atomic(file, text)
    schema_path = file.parent / SCHEMA_FILE
    fresh = not schema_path.exists()
    if fresh:
        write_atomic(schema_path, _scenario_schema_text())
    also = f" and, for editors, {schema_path}" if fresh else f" (for editors: {schema_path}, already there)"
    err.print(f"wrote {file} (from {origin}){also}; check it as you edit with: standoff validate {file}",
              highlight=False, markup=False, soft_wrap=True)


def _json_commands() -> list[str]:
    from standoff.presenters.cli.outputs import OUTPUTS

    return list(OUTPUTS)


def _check_html(path: Path | None) -> Path | None:
    if path is not None and path.suffix.lower() not in (".html", ".htm"):
        raise UserError(f"--html {path}: the brief is written as an .html file", hint="e.g. --html brief.html")
    return path


@app.command()
def brief(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    as_json: JsonOpt = False,
    csv: CsvOpt = None,
    parquet: ParquetOpt = None,
    seed: SeedOpt = 0,
    draws: DrawsOpt = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64,
                                      help="Worker processes for the simulated talks.")] = 1,
    set_: SetOpt = None,
    html: Annotated[Path | None, typer.Option(
        "--html", metavar="FILE", callback=_check_html,
        help="Also write the brief as one self-contained HTML page (charts included; opens offline).")] = None,
    max_memory: MemoryOpt = MAX_MEMORY_GIB,
) -> None:
    """The one-page assessment of a scenario (default: the flagship): the answer first,
    then the case, the deal analysis, the crisis games, the talks and the forecast."""
    from standoff.presenters import brief as brief_presenter
    from standoff.scenario import Scenario

    scn = Scenario.load(scenario)
    overrides = parse_sets(set_)
    with err.status("assessing..."):
        result = brief_presenter.build_brief(scn, seed=seed, draws=draws, jobs=jobs, overrides=overrides,
                                             max_memory=max_memory * 2**30)
    if html is not None:
        from standoff.presenters.html import write_brief_html

        size = write_brief_html(html, scn, result.assessment, result.sections, overrides=overrides)
        err.print(f"wrote {markup(html)} ({size / 1e6:.1f} MB)")
    write_tables(result.assessment, csv, parquet)
    if as_json:
        emit_json(result)
        return
    brief_presenter.print_brief(result, console)


def _q(q: object, verbose: bool = False) -> str:
    """A number of the file: its nominal value, and its range (and distribution, verbose)."""
    from standoff.scenario.quantity import Quantity

    if not isinstance(q, Quantity):
        return ""
    if q.is_fixed:
        return f"{q.nominal:g}"
    lo, hi = q.support
    dist = f"{q.dist} " if verbose else ""
    if q.dist in ("uniform", "triangular", "beta"):
        return f"{q.nominal:.3g} ({dist}{lo:.3g}-{hi:.3g})"
    return f"{q.nominal:.3g} ({q.dist})"


def _short(text: str, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


@app.command()
def assess(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    horizon: Annotated[str | None, typer.Option("--horizon", help="Date of the headline, YYYY-MM-DD (default: the "
                                                 "scenario's horizon or last question).")] = None,
    draws: DrawsOpt = None,
    seed: SeedOpt = 0,
    set_: SetOpt = None,
    as_json: JsonOpt = False,
    csv: CsvOpt = None,
    parquet: ParquetOpt = None,
    max_memory: MemoryOpt = MAX_MEMORY_GIB,
) -> None:
    """The answer: how likely each ending is by a date, why, what would flip it, and
    what to watch; every question of the scenario answered."""
    import datetime as dt

    from standoff.assess import DEFAULT_DRAWS, headline
    from standoff.presenters.sections.headline import headline_lines
    from standoff.presenters.sections.notes import phrase
    from standoff.results import Note
    from standoff.scenario import Scenario

    when = None
    if horizon is not None:
        try:
            when = dt.date.fromisoformat(horizon)
        except ValueError:
            raise UserError(f"--horizon {horizon!r} is not a date", hint="write it as YYYY-MM-DD") from None
    scn = Scenario.load(scenario)
    if when is not None and when <= scn.spec.as_of:
        raise UserError(f"--horizon {when} is not after the as-of date {scn.spec.as_of}")
    with err.status("assessing..."):
        h = headline(scn, draws=draws or DEFAULT_DRAWS, seed=seed, overrides=parse_sets(set_), horizon=when,
                     max_memory=max_memory * 2**30)
    if isinstance(h, Note):
        raise UserError(f"{scn.id}: " + phrase(h, scn.case()))
    write_tables(h, csv, parquet)
    if as_json:
        emit_json(h)
        return
    lines, bullets = headline_lines(h, scn.case())
    console.print(f"[bold]{markup(scn.title)}[/] — as of {scn.spec.as_of}, {h.draws:,} draws, seed {h.seed}")
    for line in lines:
        console.print(markup(line))
    for b in bullets:
        console.print(f"  • {markup(b)}")
