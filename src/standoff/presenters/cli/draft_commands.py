"""``standoff draft``: a scenario skeleton from a news article, offline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from standoff.core.errors import UserError
from standoff.presenters.cli.app import JsonOpt, app, console, emit_json, err, write_atomic


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--date {value!r} is not a date", hint="write it as YYYY-MM-DD") from None


@app.command()
def draft(
    article: Annotated[Path, typer.Argument(help="A news article as plain UTF-8 text.")],
    date: Annotated[str | None, typer.Option("--date", help="The article's date (YYYY-MM-DD); "
                                             "default: its dateline, else today.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the draft scenario (YAML) here.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Also write a review page (self-contained HTML).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Draft a scenario skeleton from a news article, offline: actors, PLOVER events,
    offers and their fate, pressure instruments, each traced to its sentence."""
    as_of = _date(date)
    if html is not None and html.suffix.lower() not in (".html", ".htm"):
        raise UserError(f"--html {html}: the review page is HTML", hint="give a file name ending in .html")
    from standoff.draft import read_article

    text = read_article(article)
    from standoff.draft import draft_text
    from standoff.draft.review import review_html
    from standoff.scenario import Scenario
    from standoff.scenario.unjudged import unjudged_paths

    result = draft_text(text, as_of=as_of, name=article.name)
    scenario = Scenario.from_text(result.yaml, shown=str(output or "<draft>"))  # the draft must validate
    placeholders = unjudged_paths(scenario.spec)
    if output is not None:
        write_atomic(output, result.yaml)
    if html is not None:
        write_atomic(html, review_html(result.draft, result.yaml, article.name))
    for w in result.draft.warnings:
        err.print(f"warning: {w}", markup=False, highlight=False)
    if as_json:
        from standoff.results.commands import DraftOutput, DraftTrace, DraftWritten

        emit_json(DraftOutput(
            as_of=result.as_of.isoformat(), date_from=result.date_from,
            scenario=scenario.spec.model_dump(mode="json", exclude_none=True),
            traces=[DraftTrace(path=".".join(str(p) for p in t.path), label=t.label, line=t.line,
                               sentences=[f.sentence + 1 for f in t.findings],
                               spans=[list(sp) for f in t.findings for sp in f.spans],
                               confidence=max((f.confidence for f in t.findings), default=None))
                    for t in result.draft.traces],
            unjudged=placeholders, warnings=result.draft.warnings,
            written=DraftWritten(yaml=str(output) if output else None, html=str(html) if html else None),
        ))
        return
    if output is None:
        typer.echo(result.yaml, nl=False)
    spec = scenario.spec
    where = f" to {output}" if output else ""
    err.print(f"drafted{where}: {len(spec.actors)} actors, {len(spec.events)} events, {len(spec.instruments)} "
              f"instruments, {len(spec.issues)} issues; {len(placeholders)} numbers to be judged",
              markup=False, highlight=False)
    if html is not None:
        err.print(f"review page: {html}", markup=False, highlight=False)
    _ = console
