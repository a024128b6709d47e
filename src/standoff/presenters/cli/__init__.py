"""The ``standoff`` command line.

Each command lives in the module of its engine and registers itself on the shared
:data:`~standoff.presenters.cli.app.app`. :func:`main` turns user errors into a clear
message on stderr and exit status 2, never a traceback; usage errors (an unknown command
or option) also exit with status 2.
"""

from __future__ import annotations

import sys

from rich.markup import escape

from standoff.core.errors import UserError
from standoff.presenters.cli import (  # noqa: F401  (each module registers its commands)
    app_commands,
    backtest_commands,
    bargain_commands,
    crisis_commands,
    draft_commands,
    forecast_commands,
    ledger_commands,
    scenario_commands,
    sensitivity_commands,
    simulate_commands,
)
from standoff.presenters.cli.app import app, err

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``standoff`` script (always ends with SystemExit)."""
    try:
        app(args=argv, prog_name="standoff")
    except UserError as exc:
        err.print("[bold red]error:[/] " + escape(exc.format()), highlight=False, soft_wrap=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
