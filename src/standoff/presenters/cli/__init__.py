"""The ``standoff`` command line.

Each command lives in the module of its engine and registers itself on the shared
:data:`~standoff.presenters.cli.app.app` when that module is imported, which the root group
does only for the command that runs (:mod:`standoff.presenters.cli.app`). :func:`main` turns user errors into a clear
message on stderr and exit status 2, never a traceback; usage errors (an unknown command
or option) also exit with status 2. Faults of standard output are not the user's input
but end as cleanly: a closed pipe (``standoff brief | head -1``) exits 0 quietly; a full
disk (``> /dev/full``) or a closed stdout (``>&-``) prints one line on stderr and exits 1.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

from standoff.core.errors import UserError
from standoff.presenters.cli.app import app, err
from standoff.presenters.text import markup

__all__ = ["app", "main"]


class _StdoutFault(Exception):
    """Writing to standard output failed (carries the OSError)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _GuardedStdout:
    """Standard output whose write errors become :class:`_StdoutFault`, so that neither
    click (which turns a broken pipe into status 1) nor anything else mistakes them for a
    bug. ``stream`` is None when the process started with stdout closed."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def _call(self, name: str, *args: Any) -> Any:
        if self._stream is None:
            raise _StdoutFault(OSError(errno.EBADF, "standard output is closed"))
        try:
            return getattr(self._stream, name)(*args)
        except OSError as exc:
            raise _StdoutFault(exc) from None

    def write(self, text: str) -> int:
        return int(self._call("write", text))

    def flush(self) -> None:
        self._call("flush")

    def isatty(self) -> bool:
        return self._stream is not None and bool(self._stream.isatty())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _discard_stdout() -> None:
    """Point the real stdout at /dev/null, so that the interpreter's final flush of data
    that could not be written raises nothing more."""
    try:
        fd = sys.__stdout__.fileno() if sys.__stdout__ is not None else -1
        if fd >= 0:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, fd)
            os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``standoff`` script (always ends with SystemExit)."""
    real = sys.stdout
    sys.stdout = _GuardedStdout(real)
    try:
        try:
            app(args=argv, prog_name="standoff")
        except SystemExit:
            sys.stdout.flush()  # a fault on the last buffered output surfaces here
            raise
        sys.stdout.flush()
    except UserError as exc:
        err.print("[bold red]error:[/] " + markup(exc.format()), highlight=False, soft_wrap=True)
        sys.exit(2)
    except _StdoutFault as fault:
        _discard_stdout()
        if fault.error.errno == errno.EPIPE:
            sys.exit(0)  # the reader went away (`| head`): nothing more to say
        err.print(f"error: cannot write to standard output: {markup(fault.error.strerror or str(fault.error))}",
                  highlight=False, soft_wrap=True)
        sys.exit(1)
    except BrokenPipeError:
        _discard_stdout()
        sys.exit(0)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    finally:
        sys.stdout = real
