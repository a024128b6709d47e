"""The typer application and the helpers every command shares.

Start-up is kept short: this module imports typer and rich and nothing of the engines.
The root group (:class:`LazyGroup`) knows each command's module and one-line help from
:data:`COMMANDS`; it imports a command's module only when that command runs, shows its
help or completes its arguments (``standoff --help`` and ``standoff --version`` import
none). Each module registers its commands on :data:`app` when imported and imports its
engines inside the command functions. ``tests/test_cli_conventions.py`` checks that the
table and the modules agree.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from standoff.core.errors import UserError
from standoff.presenters.figures import plot_format
from standoff.presenters.files import write_atomic
from standoff.presenters.text import SafeConsole

if TYPE_CHECKING:
    from pydantic import BaseModel

    from standoff.results import Result

#: Every command, in the order ``standoff --help`` lists them (the main job first, then the
#: scenario commands, then the engines in the order a reader meets them in the brief), with
#: the module under :mod:`standoff.presenters.cli` that defines it and the line the root's
#: --help shows for it (the command's own --help shows its docstring).
COMMANDS: dict[str, tuple[str, str]] = {
    "brief": ("scenario_commands", "The one-page assessment of a scenario (default: the flagship)."),
    "assess": ("scenario_commands", "How likely each ending is by a date, why, and what to watch."),
    "list": ("scenario_commands", "List the bundled scenarios."),
    "show": ("scenario_commands", "Show a scenario: actors, issues, pressure, timeline."),
    "new": ("scenario_commands", "Write a commented starting scenario that validates."),
    "validate": ("scenario_commands", "Check scenario and outcome files; every problem located."),
    "schema": ("scenario_commands", "JSON Schema of the scenario format or of a command's --json."),
    "bargain": ("bargain_commands", "Is there a deal every side prefers, and what would open one?"),
    "crisis": ("crisis_commands", "Crisis games: will the target comply, will force be used?"),
    "simulate": ("simulate_commands", "Play one negotiation out round by round."),
    "tournament": ("simulate_commands", "Every pairing of strategies on every domain, over seeds."),
    "forecast": ("forecast_commands", "Where a many-actor decision on a 0-100 issue lands."),
    "backtest": ("backtest_commands", "Score against history: closed cases (cases) or decisions (deu)."),
    "ledger": ("ledger_commands", "A sealed ledger of live forecasts: record, verify, score."),
    "sensitivity": ("sensitivity_commands", "Which uncertain numbers drive an answer, and what flips it."),
    "draft": ("draft_commands", "Draft a scenario skeleton from a news article, offline."),
    "export": ("interop_commands", "Write a scenario in another tool's format (GENIUS)."),
    "serve": ("app_commands", "Run the what-if web app on a scenario."),
}
#: The order ``standoff --help`` lists commands in.
COMMAND_ORDER = tuple(COMMANDS)


class LazyGroup(TyperGroup):
    """The root group: lists the commands of :data:`COMMANDS` in order, and builds a
    command from its module only when it is needed (module docstring)."""

    _listing = False

    def list_commands(self, ctx: Any) -> list[str]:  # a click Context
        names = set(super().list_commands(ctx)) | set(COMMANDS)
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        built = super().get_command(ctx, cmd_name)
        if built is not None or cmd_name not in COMMANDS:
            return built
        module, short = COMMANDS[cmd_name]
        if self._listing:  # the root's --help lists each command with its line
            return TyperCommand(name=cmd_name, help=short)
        importlib.import_module(f"standoff.presenters.cli.{module}")
        command = _build(cmd_name)
        self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


def _build(name: str) -> Any:
    """The click command (or group) registered on :data:`app` under ``name``."""
    from typer.main import get_command_from_info, get_command_name, get_group_from_info

    short, markup = app.pretty_exceptions_short, app.rich_markup_mode
    for info in app.registered_commands:
        cmd_name = info.name or (get_command_name(info.callback.__name__) if info.callback else "")
        if cmd_name == name:
            return get_command_from_info(info, pretty_exceptions_short=short, rich_markup_mode=markup)
    for group in app.registered_groups:
        if group.name == name:
            return get_group_from_info(group, suggest_commands=app.suggest_commands, pretty_exceptions_short=short,
                                       rich_markup_mode=markup)
    raise LookupError(f"standoff.presenters.cli.{COMMANDS[name][0]} registers no command {name!r}")


app = typer.Typer(
    name="standoff",
    cls=LazyGroup,
    help="Model coercive negotiations: is there a deal, what will each side do, what would change it.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        from standoff import __version__

        sys.stdout.write(f"standoff {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_version,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Model coercive negotiations: is there a deal, what will each side do, what would change it."""

#: NO_COLOR (https://no-color.org), set and not empty: no colour and no other ANSI
#: styling either, even where FORCE_COLOR or a terminal would allow it. Output that is
#: not a terminal (a pipe, a file) is plain anyway, and 80 columns wide unless COLUMNS says.
PLAIN = bool(os.environ.get("NO_COLOR"))

#: Console for human output (stdout); errors go to ``err``.
console = SafeConsole(highlight=False, soft_wrap=False, color_system=None if PLAIN else "auto")
err = SafeConsole(stderr=True, highlight=False, color_system=None if PLAIN else "auto")

DEFAULT_SCENARIO = "venezuela-2025"

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
SeedOpt = Annotated[int, typer.Option("--seed", min=0, help="Seed of the random number generator (0 or more).")]
SourceArg = Annotated[
    str,
    typer.Argument(help="A bundled scenario name (see `standoff list`) or a scenario file."),
]


def _check_plot(path: Path | None) -> Path | None:
    """Refuse an unknown plot format before any work is done."""
    if path is not None:
        plot_format(path)
    return path


PlotOpt = Annotated[
    Path | None,
    typer.Option(
        "--plot",
        help="Also write a plot: FILE.html (interactive, Plotly) or FILE.png (static image).",
        callback=_check_plot,
    ),
]


JobsOpt = Annotated[int, typer.Option("--jobs", "-j", help="Local worker processes (or the workers of --scheduler local).")]
SchedulerOpt = Annotated[
    str | None,
    typer.Option("--scheduler", help="Run on a Dask cluster: tcp://HOST:PORT of a running scheduler, or `local` to "
                                     "start one here (needs the dask extra)."),
]


#: Width of wide tables when stdout is not a terminal (a file or a pipe has no width).
WIDE = 240


def print_table(title: str, columns: list[tuple[str, str]], rows: list[list[str]]) -> None:
    """A table of plain-text cells (escaped), numbers right-aligned, no cell wrapped when
    stdout is a file or a pipe (which has no width of its own)."""
    from rich.table import Table

    from standoff.presenters.text import markup

    table = Table(title=title, title_justify="left")
    for name, justify in columns:
        table.add_column(name, justify=justify, no_wrap=not console.is_terminal or justify == "right")  # type: ignore[arg-type]
    for r in rows:
        table.add_row(*(markup(x) for x in r))
    if console.is_terminal:
        console.print(table)
    else:
        SafeConsole(file=sys.stdout, width=max(console.width, WIDE), highlight=False, soft_wrap=False).print(table)


def emit_json(data: Result | BaseModel | dict[str, Any]) -> None:
    """Write a command's typed result as JSON on stdout, ``"schema_version"`` first
    (nothing else may be printed on stdout with --json; the layout is the result type's,
    published by ``standoff schema --output COMMAND``). A scenario (``show``) is printed
    as in the format, without the fields it leaves out."""
    from standoff.results import SCHEMA_VERSION, Result, dumps

    if isinstance(data, Result):
        text = dumps(data.to_output())
    elif isinstance(data, dict):  # a record with its own layout (a ledger entry)
        text = dumps({"schema_version": SCHEMA_VERSION, **data})
    else:
        text = dumps({"schema_version": SCHEMA_VERSION, **data.model_dump(mode="json", exclude_none=True)})
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


DrawsOpt = Annotated[
    int | None,
    typer.Option("--draws", help="Monte Carlo draws over the scenario's uncertain numbers (default 5,000)."),
]
MemoryOpt = Annotated[
    float,
    typer.Option("--max-memory", metavar="GIB", min=0.01,
                 help="Memory the Monte Carlo draws may take, in GiB (checked before they are taken)."),
]
#: Default of ``--max-memory`` (GiB): :data:`standoff.assess.MEMORY_LIMIT`.
MAX_MEMORY_GIB = 4.0
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", metavar="PATH=VALUE",
                 help="Fix a number of the scenario for this run, by its path in the file "
                      "(e.g. instruments.bounty.residual_cost=0.1); repeatable."),
]


def parse_sets(items: list[str] | None) -> dict[str, float]:
    """``["a.b=0.3", ...]`` -> ``{"a.b": 0.3}``, with clear errors (checked against the
    scenario by :meth:`standoff.scenario.Scenario.check_overrides`)."""
    out: dict[str, float] = {}
    for item in items or []:
        path, sep, value = item.partition("=")
        if not sep or not path.strip():
            raise UserError(f"--set {item!r}: write PATH=VALUE", hint="e.g. --set instruments.bounty.residual_cost=0.1")
        try:
            out[path.strip()] = float(value)
        except ValueError:
            raise UserError(f"--set {item!r}: {value!r} is not a number") from None
    return out


# ------------------------------------------------------------------ fixed choices
def complete_names(names: Callable[[], Iterable[str]], *, many: bool = False) -> Callable[[str], list[str]]:
    """Shell completion of a name from a registry (``many``: of the last name in a
    comma-separated list); ``names`` is called only when the shell asks."""

    def complete(incomplete: str) -> list[str]:
        head, sep, last = incomplete.rpartition(",") if many else ("", "", incomplete)
        return [head + sep + n for n in names() if n.startswith(last.strip().lower())]

    return complete



def wrote_plot(path: Path) -> None:
    """Say on stderr that a plot was written (with --json too: stdout holds only JSON)."""
    from standoff.presenters.text import markup

    err.print(f"plot written to {markup(str(path))}", highlight=False, soft_wrap=True)


# ------------------------------------------------------------------ tables
CsvOpt = Annotated[
    Path | None,
    typer.Option("--csv", metavar="DIR", help="Also write the tables behind the result as CSV files in DIR "
                                               "(one per table, e.g. frontier.csv).")]
ParquetOpt = Annotated[
    Path | None,
    typer.Option("--parquet", metavar="DIR", help="Also write the tables as Parquet files in DIR (the frames "
                                                   "extra).")]


def write_tables(result: Any, csv_dir: Path | None, parquet_dir: Path | None) -> None:
    """Write ``result.tables()`` (:meth:`standoff.results.Result.tables`) as one CSV and/or
    Parquet file per table, each written atomically, and say so on stderr."""
    if csv_dir is None and parquet_dir is None:
        return
    tables: dict[str, list[dict[str, Any]]] = result.tables()
    for folder, suffix in ((csv_dir, "csv"), (parquet_dir, "parquet")):
        if folder is None:
            continue
        if folder.exists() and not folder.is_dir():
            raise UserError(f"--{suffix} {folder}: not a folder", hint="give a folder (it is created if missing)")
        for name, rows in tables.items():
            path = folder / f"{name}.{suffix}"
            write_atomic(path, _csv_text(rows) if suffix == "csv" else _parquet_bytes(rows))
        err.print(f"wrote {len(tables)} tables to {folder}: {', '.join(f'{n}.{suffix}' for n in tables)}",
                  highlight=False, markup=False, soft_wrap=True)


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(k for r in rows for k in r))


def _csv_text(rows: list[dict[str, Any]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=_columns(rows), lineterminator="\n", extrasaction="raise")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if v is None else repr(v) if isinstance(v, float) else v) for k, v in r.items()})
    return buf.getvalue()


def _parquet_bytes(rows: list[dict[str, Any]]) -> bytes:
    import io

    from standoff.core.extras import need

    pd = need("pandas", "frames", "--parquet")
    need("pyarrow", "frames", "--parquet")
    buf = io.BytesIO()
    pd.DataFrame(rows, columns=_columns(rows)).to_parquet(buf, index=False)
    return buf.getvalue()
