"""Small helpers shared by the tests (not fixtures: plain functions)."""

from __future__ import annotations

import io
import traceback
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from standoff.presenters.cli import main

FLAGSHIP = Path(__file__).resolve().parents[1] / "src/standoff/scenario/bundled/venezuela-2025.yaml"


@dataclass
class CliRun:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> CliRun:
    """Run the ``standoff`` command in-process; any exception other than SystemExit is a bug
    and is reported with its traceback in ``stderr`` and code -1."""
    out, errs = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(errs):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception:
            errs.write(traceback.format_exc())
            code = -1
    return CliRun(code, out.getvalue(), errs.getvalue())


def cli(*args: str) -> tuple[int, str, str]:
    """``run_cli`` as a plain (status, stdout, stderr) tuple."""
    res = run_cli(*args)
    return res.code, res.stdout, res.stderr
