"""The typer application and the helpers every command shares."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from standoff.results import Result, dumps

app = typer.Typer(
    name="standoff",
    help="Model coercive negotiations: is there a deal, what will each side do, what would change it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

#: Console for human output (stdout); errors go to ``err``.
console = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)

DEFAULT_SCENARIO = "venezuela-2025"

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed of the random number generator.")]
SourceArg = Annotated[
    str,
    typer.Argument(help="A bundled scenario name (see `standoff list`) or a scenario file."),
]


def emit_json(data: Result | dict[str, Any] | list[Any]) -> None:
    """Write JSON to stdout (nothing else may be printed on stdout with --json)."""
    text = data.to_json() if isinstance(data, Result) else dumps(data)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a file via a temporary file and a rename, so nothing is left half-written."""
    import os
    import tempfile

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
