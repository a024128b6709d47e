"""The ``standoff`` command line.

Each command lives in the module of its engine and registers itself on the shared
:data:`~standoff.presenters.cli.app.app`. :func:`main` turns user errors into a clear
message on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import sys

import click
from rich.markup import escape

from standoff.core.errors import UserError
from standoff.presenters.cli import (  # noqa: F401  (each module registers its commands)
    bargain_commands,
    crisis_commands,
    forecast_commands,
    scenario_commands,
    simulate_commands,
)
from standoff.presenters.cli.app import app, err

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``standoff`` script."""
    try:
        app(args=argv, standalone_mode=False)
    except UserError as exc:
        err.print("[bold red]error:[/] " + escape(exc.format()), highlight=False, soft_wrap=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err.print("aborted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code in (1, 2) else exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
