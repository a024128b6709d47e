"""The typer application and the helpers every command shares."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from standoff.core.errors import UserError
from standoff.presenters.figures import plot_format
from standoff.presenters.files import write_atomic  # noqa: F401  (for commands)
from standoff.results import Result, dumps

#: The order ``standoff --help`` lists commands in: the main job first, then the scenario
#: commands, then the engines in the order a reader meets them in the brief.
COMMAND_ORDER = ("brief", "assess", "list", "show", "validate", "schema", "bargain", "crisis", "simulate",
                 "tournament", "forecast", "backtest")


class OrderedGroup(TyperGroup):
    """Lists commands in :data:`COMMAND_ORDER` rather than in the order they register."""

    def list_commands(self, ctx: Any) -> list[str]:  # a click Context
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


app = typer.Typer(
    name="standoff",
    cls=OrderedGroup,
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


def emit_json(data: Result | dict[str, Any] | list[Any]) -> None:
    """Write JSON to stdout (nothing else may be printed on stdout with --json)."""
    text = data.to_json() if isinstance(data, Result) else dumps(data)
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
