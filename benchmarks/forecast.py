"""Benchmark: every forecasting model on every DEU III issue (10 rounds for BDM).

Run on demand: ``.venv/bin/python benchmarks/forecast.py [--repeats N]``. Prints the
median time over repeats per model and in total (target: under 5 s in total), and the
time of one BDM run on a 10-actor case (the EU emissions case) and on a 17-actor DEU
issue next to the figures quoted for public Python ports of the BDM model (6 s and
156 s, from the project brief; not re-measured here).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from standoff.engines.forecast.models import MODELS
from standoff.interop.deu import read_deu
from standoff.interop.positions import read_positions

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
PORT_SECONDS = {"10 actors (EU emissions)": 6.0, "17 actors (DEU issue)": 156.0}


def timed(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    t0 = time.perf_counter()
    table = read_deu(DATA / "deu3.tsv")
    read_s = time.perf_counter() - t0
    issues = [i.stakeholders for i in table.issues]
    print(f"DEU III: {len(issues)} issues, 2-30 actors each; reading the table took {read_s:.3f} s")
    print(f"{'model':<12}{'median s':>10}{'ms/issue':>10}")
    total = 0.0
    for name, cls in MODELS.items():
        model = cls()
        sec = timed(lambda m=model: [m.run(st, args.rounds) for st in issues], args.repeats)
        total += sec
        print(f"{name:<12}{sec:>10.3f}{1000 * sec / len(issues):>10.3f}")
    print(f"{'all models':<12}{total:>10.3f}   (target < 5 s)")
    print()
    eu = read_positions(DATA / "eu-emissions-1994.csv")
    seventeen = next(i.stakeholders for i in table.issues if i.stakeholders.n == 17)
    print(f"{'BDM, 10 rounds':<28}{'standoff s':>12}{'public port s':>15}{'ratio':>10}")
    for label, st in (("10 actors (EU emissions)", eu), ("17 actors (DEU issue)", seventeen)):
        sec = timed(lambda s=st: MODELS["bdm"]().run(s, args.rounds), args.repeats * 4)
        ref = PORT_SECONDS[label]
        print(f"{label:<28}{sec:>12.5f}{ref:>15.1f}{ref / sec:>9.0f}x")


if __name__ == "__main__":
    main()
