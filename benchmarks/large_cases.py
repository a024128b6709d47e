"""Benchmark: large cases (issue 16) -- the brief on 10 parties x 20 issues, and the
bargaining analysis alone at 3, 5 and 10 parties x 10 and 20 issues.

1. ``standoff brief`` on the generated 10-party x 20-issue scenario
   (``benchmarks/large_scenario.py``), ``--draws 1000``, wall time of the whole command
   (import included), median of ``--runs`` runs. Target: at most 10 s here. Before this
   work it ran for more than five minutes and was killed.
2. The bargaining analysis alone (``standoff.engines.bargain.analyse``, in-process wall
   time after import, median of ``--repeats``) at 3, 5 and 10 parties x 10 and 20 issues
   of four options, side by side: the plan the cost estimate chose (``frontier``: exact,
   frontier listed; ``enumeration``: exact, every package visited; ``optimisation``:
   proven zone answers and solutions with error bounds), the time, the zone's answer and
   how it is known, and the Nash point's error bound (``exp(gap) - 1``: how much larger the
   best Nash product can be than the one found; 0 = proven). Where the exact frontier
   merge is feasible it runs too (``--method exact``, in a child process killed after
   ``--exact-timeout`` seconds); the approximate method runs on every problem and its Nash
   product is compared with the exact one wherever that is known (frontier or enumeration).

    .venv/bin/python benchmarks/large_cases.py [--runs 5] [--repeats 3] [--exact-timeout 120] [--quick]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from large_scenario import large_scenario  # noqa: E402

from standoff.engines.bargain import analyse, from_case  # noqa: E402
from standoff.scenario import Scenario  # noqa: E402

TARGET_S = 10.0

EXACT = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from large_scenario import large_scenario
from standoff.scenario import Scenario
from standoff.engines.bargain import analyse, from_case
p = from_case(Scenario.from_text(large_scenario(int(sys.argv[2]), int(sys.argv[3]))).case())
t = time.perf_counter()
r = analyse(p, method="exact", openings=False)
print(json.dumps({"seconds": time.perf_counter() - t, "frontier": r.frontier_size,
                  "nash": r.nash.utilities if r.nash else None, "reservation": list(r.reservation.values())}))
"""


def brief_times(runs: int, draws: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.yaml"
        path.write_text(large_scenario(10, 20))
        exe = Path(sys.executable).with_name("standoff")
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            out = subprocess.run([str(exe), "brief", str(path), "--draws", str(draws)], capture_output=True,
                                 text=True, check=False)
            times.append(time.perf_counter() - t)
            if out.returncode != 0:
                raise SystemExit(f"brief failed:\n{out.stderr}")
        return times


def log_nash(utilities: dict[str, float] | list[float], reservation: list[float]) -> float:
    """The log Nash product of a point (utilities keyed by party, in the parties' order)."""
    values = list(utilities.values()) if isinstance(utilities, dict) else utilities
    return sum(math.log(u - d) for u, d in zip(values, reservation, strict=True))


def exact_run(parties: int, issues: int, timeout: float) -> dict[str, object] | None:
    try:
        out = subprocess.run([sys.executable, "-c", EXACT, str(HERE), str(parties), str(issues)],
                             capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1]}
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="runs of the brief (median)")
    ap.add_argument("--repeats", type=int, default=3, help="repeats of each bargaining analysis (median)")
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--exact-timeout", type=float, default=120.0)
    ap.add_argument("--quick", action="store_true", help="one run of everything, exact runs up to 30 s")
    a = ap.parse_args()
    if a.quick:
        a.runs, a.repeats, a.exact_timeout = 1, 1, 30.0

    print(f"1. standoff brief, 10 parties x 20 issues (4^20 = {4**20:,} packages), --draws {a.draws}")
    times = brief_times(a.runs, a.draws)
    med = statistics.median(times)
    print(f"   wall time per run: {', '.join(f'{t:.2f}' for t in times)} s; median {med:.2f} s "
          f"(target <= {TARGET_S:.0f} s: {'met' if med <= TARGET_S else 'NOT met'}; before: > 300 s, killed)")

    print("\n2. bargaining analysis alone: the auto plan; the exact frontier where it finishes; the approximate")
    print("   method (optimisation) everywhere, compared with the exact Nash point where one is known")
    head = (f"{'parties':>7} {'issues':>6} {'packages':>17} {'plan':>12} {'auto s':>7} {'zone':>20} "
            f"{'exact s':>11} {'frontier':>9} {'approx s':>8} {'Nash bound':>10} {'approx vs exact':>15}")
    print(head)
    print("-" * len(head))
    for parties in (3, 5, 10):
        for issues in (10, 20):
            p = from_case(Scenario.from_text(large_scenario(parties, issues)).case())
            r, auto_s = timed(lambda p=p: analyse(p), a.repeats)  # type: ignore[misc]
            ap_r, approx_s = timed(lambda p=p: analyse(p, method="approximate", openings=False), a.repeats)  # type: ignore[misc]
            z = r.zopa
            zone = ("empty" if z.empty else "open") + f" ({z.decided_by}{'' if z.proven else ', not proven'})"
            b = ap_r.bounds.get("nash")
            bound = "-" if b is None else ("proven" if b.proven else f"{math.expm1(b.gap):.2%}")
            res = list(r.reservation.values())
            exact_nash: list[float] | None = None
            if r.approach in ("frontier", "enumeration"):
                exact_nash = r.nash.utilities if r.nash else None
            if r.approach == "frontier":
                exact_s, front = f"{auto_s:.2f}", f"{r.frontier_size:,}"
            else:
                ex = exact_run(parties, issues, a.exact_timeout)
                if ex is None:
                    exact_s, front = f">{a.exact_timeout:.0f} killed", "-"
                elif "error" in ex:
                    exact_s, front = "refused", "-"
                else:
                    exact_s, front = f"{ex['seconds']:.2f}", f"{ex['frontier']:,}"
                    exact_nash = ex["nash"]  # type: ignore[assignment]
            if exact_nash is None or ap_r.nash is None:
                agree = "-" if exact_nash is None and r.approach == "optimisation" else (
                    "both none" if exact_nash is None and ap_r.nash is None else "DIFFER")
            else:
                diff = log_nash(ap_r.nash.utilities, res) - log_nash(exact_nash, res)
                agree = "equal" if abs(diff) < 1e-9 else f"{math.expm1(diff):+.2%}"
            print(f"{parties:>7} {issues:>6} {p.space.n_outcomes:>17,} {r.approach:>12} {auto_s:>7.2f} {zone:>20} "
                  f"{exact_s:>11} {front:>9} {approx_s:>8.2f} {bound:>10} {agree:>15}")


def timed(fn, repeats: int):  # type: ignore[no-untyped-def]
    secs, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        secs.append(time.perf_counter() - t)
    return out, statistics.median(secs)

if __name__ == "__main__":
    main()
