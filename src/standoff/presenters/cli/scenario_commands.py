"""Commands on scenarios: list, show, validate, schema, and the brief."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from standoff.core.errors import UserError
from standoff.presenters import brief as brief_presenter
from standoff.presenters.cli.app import (
    DEFAULT_SCENARIO,
    DrawsOpt,
    JsonOpt,
    SeedOpt,
    SetOpt,
    app,
    console,
    emit_json,
    err,
    parse_sets,
    write_atomic,
)
from standoff.scenario import Scenario, bundled_names, bundled_path
from standoff.scenario.outcome import load_scenario_or_outcome
from standoff.scenario.schema import IssueKind, ScenarioSpec

ScenarioArg = Annotated[
    str, typer.Argument(help="A bundled scenario name (see `standoff list`) or a scenario file.")
]


@app.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """List the bundled scenarios."""
    rows = []
    for name in bundled_names():
        scn = Scenario.load(name)
        rows.append({"name": name, "title": scn.title, "as_of": scn.spec.as_of.isoformat(),
                     "path": str(bundled_path(name))})
    if as_json:
        emit_json(rows)
        return
    table = Table(title="Bundled scenarios", title_justify="left")
    table.add_column("name", style="bold")
    table.add_column("as of")
    table.add_column("title")
    for r in rows:
        table.add_row(r["name"], r["as_of"], r["title"])
    console.print(table)


@app.command()
def show(scenario: ScenarioArg = DEFAULT_SCENARIO, as_json: JsonOpt = False) -> None:
    """Show a scenario: actors, issues, positions, pressure and the event timeline."""
    scn = Scenario.load(scenario)
    spec = scn.spec
    if as_json:
        emit_json(spec.model_dump(mode="json", exclude_none=True))
        return
    console.print(f"[bold]{spec.title}[/]  (as of {spec.as_of}, period: {spec.period})")
    if spec.summary:
        console.print(spec.summary, style="dim")

    t = Table(title="Actors", title_justify="left")
    for col in ("id", "name", "kind", "capability", "country", "provenance"):
        t.add_column(col)
    for aid, a in spec.actors.items():
        prov = a.capability.assumption or a.assumption or (a.capability.source or a.source or "")
        t.add_row(aid, a.name, a.kind.value, _q(a.capability), a.country or "", _short(prov))
    console.print(t)

    t = Table(title="Issues and positions (best option, salience share)", title_justify="left")
    t.add_column("issue")
    t.add_column("options")
    for party in scn.parties:
        t.add_column(party)
    for iid, isp in spec.issues.items():
        opts = f"0-100: {isp.ends[0]} .. {isp.ends[1]}" if isp.kind is IssueKind.scale and isp.ends else ", ".join(isp.option_ids)
        cells = []
        for party in scn.parties:
            u = scn.utility(party)
            k = scn.outcome_space.issue_index(iid)
            best = scn.outcome_space.issues[k].options[int(u.values[k].argmax())]
            forbidden = [o for o, f in zip(scn.outcome_space.issues[k].options, u.forbidden[k], strict=True) if f]
            cell = f"{best} ({u.weights[k]:.0%})"
            if forbidden:
                cell += f"\nnever: {', '.join(forbidden)}"
            cells.append(cell)
        t.add_row(f"{iid}\n[dim]{isp.name}[/]", opts, *cells)
    console.print(t)

    if spec.instruments:
        t = Table(title=f"Pressure instruments (costs per {spec.period})", title_justify="left")
        for col in ("id", "kind", "imposer -> target", "status", "since", "to target", "to imposer", "credibility"):
            t.add_column(col)
        for iid, ins in spec.instruments.items():
            t.add_row(iid, ins.kind.value, f"{ins.imposer} -> {ins.target}", ins.status.value,
                      str(ins.since or ""), _q(ins.cost_to_target), _q(ins.cost_to_imposer),
                      _q(ins.credibility) if ins.credibility else "")
        console.print(t)

    if spec.events:
        t = Table(title="Timeline", title_justify="left")
        for col in ("date", "actor", "category", "target / via", "event", "fate"):
            t.add_column(col)
        for ev in sorted(spec.events, key=lambda e: e.date):
            via = f" via {', '.join(ev.via)}" if ev.via else ""
            fate = ev.fate.value + ("" if ev.confirmed else " (unconfirmed)")
            t.add_row(str(ev.date), ev.actor, ev.category.value, f"{ev.target or ''}{via}", ev.summary, fate)
        console.print(t)

    if spec.channels:
        for ch in spec.channels:
            via = f" via {', '.join(ch.via)}" if ch.via else ""
            console.print(f"Channel {ch.between[0]} - {ch.between[1]}: [bold]{ch.status}[/]{via}")
    if spec.questions:
        t = Table(title="Questions", title_justify="left")
        for col in ("id", "by", "question", "yes if"):
            t.add_column(col)
        for q in spec.questions:
            t.add_row(q.id, str(q.by), q.text, ", ".join(y.value for y in q.yes_if))
        console.print(t)


@app.command()
def validate(
    files: Annotated[list[str], typer.Argument(help="Scenario files (or bundled names) to check.")],
    as_json: JsonOpt = False,
) -> None:
    """Check scenario files and outcome files of closed cases (recognised by their shape,
    checked against the scenario they resolve); every problem is reported with
    file:line:column."""
    report = []
    failed = False
    for f in files:
        try:
            loaded = load_scenario_or_outcome(f)
            kind = "scenario" if isinstance(loaded, Scenario) else "outcome"
            report.append({"file": f, "ok": True, "id": loaded.id, "kind": kind, "problems": []})
        except UserError as exc:
            failed = True
            problems = [p.to_dict() for p in exc.problems] or [{"message": exc.format()}]
            report.append({"file": f, "ok": False, "problems": problems})
            if not as_json:
                err.print(exc.format(), markup=False, highlight=False, soft_wrap=True)
    if as_json:
        emit_json(report)
    else:
        for r in report:
            if r["ok"]:
                what = r["id"] if r["kind"] == "scenario" else f"outcome of {r['id']}"
                console.print(f"[green]ok[/]  {r['file']}  ({what})")
    if failed:
        raise typer.Exit(2)


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Print the JSON Schema of the scenario format (for editor completion)."""
    data = ScenarioSpec.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["$id"] = "https://standoff.invalid/schema/scenario-v1.json"
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text)
        err.print(f"wrote {output}")


def _check_html(path: Path | None) -> Path | None:
    if path is not None and path.suffix.lower() not in (".html", ".htm"):
        raise UserError(f"--html {path}: the brief is written as an .html file", hint="e.g. --html brief.html")
    return path


@app.command()
def brief(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    as_json: JsonOpt = False,
    seed: SeedOpt = 0,
    draws: DrawsOpt = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64,
                                      help="Worker processes for the simulated talks.")] = 1,
    set_: SetOpt = None,
    html: Annotated[Path | None, typer.Option(
        "--html", metavar="FILE", callback=_check_html,
        help="Also write the brief as one self-contained HTML page (charts included; opens offline).")] = None,
) -> None:
    """The one-page assessment of a scenario (default: the flagship): the answer first,
    then the case, the deal analysis, the crisis games, the talks and the forecast."""
    scn = Scenario.load(scenario)
    overrides = parse_sets(set_)
    with err.status("assessing..."):
        result = brief_presenter.build_brief(scn, seed=seed, draws=draws, jobs=jobs, overrides=overrides)
    if html is not None:
        from standoff.presenters.html import write_brief_html

        size = write_brief_html(html, scn, result.assessment, result.sections, overrides=overrides)
        err.print(f"wrote {html} ({size / 1e6:.1f} MB)")
    if as_json:
        emit_json(result)
        return
    brief_presenter.print_brief(result, console)


def _q(q: object) -> str:
    from standoff.scenario.quantity import Quantity

    if not isinstance(q, Quantity):
        return ""
    if q.is_fixed:
        return f"{q.nominal:g}"
    lo, hi = q.support
    if q.dist in ("uniform", "triangular", "beta"):
        return f"{q.nominal:.3g} ({q.dist} {lo:g}-{hi:g})"
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
) -> None:
    """The answer: how likely each ending is by a date, why, what would flip it, and
    what to watch; every question of the scenario answered."""
    import datetime as dt

    from standoff.assess import DEFAULT_DRAWS, headline
    from standoff.presenters.sections.headline import headline_lines
    from standoff.presenters.sections.notes import phrase
    from standoff.results import Note

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
        h = headline(scn, draws=draws or DEFAULT_DRAWS, seed=seed, overrides=parse_sets(set_), horizon=when)
    if isinstance(h, Note):
        raise UserError(f"{scn.id}: " + phrase(h, scn.case()))
    if as_json:
        emit_json(h)
        return
    lines, bullets = headline_lines(h, scn.case())
    console.print(f"[bold]{escape(scn.title)}[/] — as of {scn.spec.as_of}, {h.draws:,} draws, seed {h.seed}")
    for line in lines:
        console.print(escape(line))
    for b in bullets:
        console.print(f"  • {escape(b)}")
