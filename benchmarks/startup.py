"""Benchmark: how fast the command line starts (target: ``standoff --help``,
``standoff --version`` and ``standoff list`` each at most 0.4 s, median of 10 runs).

Run on demand: ``.venv/bin/python benchmarks/startup.py [--runs N] [--compare PATH]``.
Runs each command N times in a fresh process (after one warm-up run that also writes the
byte-code caches) and prints, side by side, the median wall-clock time, the median CPU
time of the process (user + system, less sensitive to other work on a shared machine),
the target, and the floors: the interpreter alone and ``import typer, rich``. With
``--compare PATH`` (another install's ``standoff`` script, e.g. one of main before this
change) its times are printed beside ours. The load average is printed too: on a busy
machine wall-clock times grow while CPU times barely move. Not a test: speed is
measured, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_S = 0.4
COMMANDS = (["--help"], ["--version"], ["list"])


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure(argv: list[str], runs: int) -> tuple[float, float] | None:
    """Median wall-clock and CPU seconds of ``argv`` over ``runs`` runs (after a warm-up),
    or None when the command fails (an older install without that command)."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    if subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env).returncode != 0:
        return None
    walls, cpus = [], []
    for _ in range(runs):
        c0, t0 = _cpu(), time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        walls.append(time.perf_counter() - t0)
        cpus.append(_cpu() - c0)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--compare", type=Path, help="another install's standoff script, to time beside ours")
    args = ap.parse_args()
    ours = str(Path(sys.executable).with_name("standoff"))
    rows: list[tuple[str, list[str], list[str] | None]] = [
        ("python -c pass (floor)", [sys.executable, "-c", "pass"], None),
        ("import typer, rich (floor)", [sys.executable, "-c", "import typer, rich.console"], None),
    ]
    rows += [(f"standoff {' '.join(c)}", [ours, *c], [str(args.compare), *c] if args.compare else None)
             for c in COMMANDS]
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores; "
          f"median of {args.runs} runs; target {TARGET_S} s")
    head = f"{'command':30} {'wall s':>8} {'cpu s':>8} {'target':>7}"
    if args.compare:
        head += f" {'compare wall':>13} {'compare cpu':>12} {'ratio (wall)':>13}"
    print(head)
    for label, argv, other in rows:
        got = measure(argv, args.runs)
        assert got is not None, f"{argv} failed"
        wall, cpu = got
        ok = "" if label.endswith("(floor)") else ("ok" if wall <= TARGET_S else "OVER")
        line = f"{label:30} {wall:8.3f} {cpu:8.3f} {ok:>7}"
        if other is not None:
            theirs = measure(other, args.runs)
            if theirs is None:
                line += f" {'(fails)':>13}"
            else:
                w2, c2 = theirs
                line += f" {w2:13.3f} {c2:12.3f} {w2 / wall:12.1f}x"
        print(line, flush=True)


if __name__ == "__main__":
    main()
