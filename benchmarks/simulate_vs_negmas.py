"""Negotiation speed: standoff's simulate engine against NegMAS 0.16.0.

Runs 100-round alternating-offers negotiations between comparable time-based strategies
(Boulware vs Boulware, Linear vs Conceder; each party knows only its own utility, the
"private" information regime, as NegMAS's time-based negotiators do) on Laptop,
EnglandZimbabwe and Travel from ../shared/data/genius, here and in NegMAS (its own
virtual environment, in a subprocess; see benchmarks/negmas_env.py). Prints the median
time per negotiation on each side, negotiations per second and the ratio, plus the time
standoff spends once per domain preparing its board (enumerating outcomes and sorting
each party's menu), and a small tournament's throughput including that preparation.

Usage: .venv/bin/python benchmarks/simulate_vs_negmas.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from negmas_env import negmas_python

from standoff.engines.simulate.domain import prepare
from standoff.engines.simulate.mapping import from_genius
from standoff.engines.simulate.protocols import negotiate
from standoff.engines.simulate.strategies import make_strategy
from standoff.engines.simulate.tournament import tournament
from standoff.interop.genius import load_genius

GENIUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "genius"
DOMAINS = {
    "Laptop": GENIUS / "Laptop",
    "EnglandZimbabwe": GENIUS / "anac" / "y2010" / "EnglandZimbabwe",
    "Travel": GENIUS / "anac" / "y2010" / "Travel",
}
PAIRS = [("boulware", "boulware"), ("linear", "conceder")]
NEGMAS_CLASSES = {"boulware": "BoulwareTBNegotiator", "linear": "LinearTBNegotiator",
                  "conceder": "ConcederTBNegotiator"}
ROUNDS = 100

NEGMAS_SCRIPT = r"""
import json, statistics, sys, time
from negmas.inout import Scenario
from negmas import SAOMechanism
import negmas.sao as sao
path, a, b, repeats, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
sc = Scenario.from_genius_folder(path)
times, steps, agreed = [], [], 0
for _ in range(repeats):
    t = time.perf_counter()
    m = SAOMechanism(outcome_space=sc.outcome_space, n_steps=rounds)
    m.add(getattr(sao, a)(name="a"), ufun=sc.ufuns[0])
    m.add(getattr(sao, b)(name="b"), ufun=sc.ufuns[1])
    state = m.run()
    times.append(time.perf_counter() - t)
    steps.append(state.step)
    agreed += state.agreement is not None
print(json.dumps({"median": statistics.median(times), "steps": statistics.median(steps), "agreed": agreed}))
"""


def negmas_time(path: Path, a: str, b: str, repeats: int) -> dict[str, float]:
    py = negmas_python()
    out = subprocess.run(
        [str(py), "-c", NEGMAS_SCRIPT, str(path), NEGMAS_CLASSES[a], NEGMAS_CLASSES[b], str(repeats), str(ROUNDS)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def standoff_time(board, a: str, b: str, repeats: int, batch: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    per = []
    neg = None
    for _ in range(repeats):
        t = time.perf_counter()
        for k in range(batch):
            neg = negotiate(board, [make_strategy(a), make_strategy(b)], protocol="alternating", rounds=ROUNDS,
                            seed=k, record=False)
        per.append((time.perf_counter() - t) / batch)
    assert neg is not None
    return {"median": statistics.median(per), "steps": neg.rounds_used, "agreed": neg.agreed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--negmas-repeats", type=int, default=0, help="NegMAS negotiations per cell (default: by domain)")
    args = ap.parse_args()
    print(f"{ROUNDS}-round alternating offers, private information; medians; ratio = standoff negotiations/s "
          "divided by NegMAS negotiations/s")
    header = f"{'domain':<16}{'pairing':<22}{'NegMAS ms':>11}{'standoff ms':>13}{'NegMAS /s':>11}{'standoff /s':>13}" \
             f"{'ratio':>9}  rounds (NegMAS/standoff)"
    print(header)
    prep_times = {}
    for name, path in DOMAINS.items():
        domain = from_genius(load_genius(path))
        t = time.perf_counter()
        board = prepare(domain, "private")
        prep_times[name] = time.perf_counter() - t
        for a, b in PAIRS:
            nrep = args.negmas_repeats or (5 if name == "Travel" else 20)
            theirs = negmas_time(path, a, b, nrep)
            ours = standoff_time(board, a, b, args.repeats, batch=200)
            ratio = theirs["median"] / ours["median"]
            print(f"{name:<16}{a + ' vs ' + b:<22}{theirs['median'] * 1e3:>11.2f}{ours['median'] * 1e3:>13.3f}"
                  f"{1 / theirs['median']:>11.1f}{1 / ours['median']:>13.0f}{ratio:>8.0f}x  "
                  f"{theirs['steps']:.0f}/{ours['steps']}")
    print("\nstandoff board preparation, once per domain (enumerate, evaluate, sort menus):")
    for name, s in prep_times.items():
        print(f"  {name:<16}{s * 1e3:8.1f} ms")
    domains = [from_genius(load_genius(p)) for p in DOMAINS.values()]
    names = ["boulware", "linear", "conceder"]
    t = time.perf_counter()
    res = tournament(domains, names, seeds=20, seed=0, jobs=1, information="private")
    dt = time.perf_counter() - t
    n = len(res.runs)
    print(f"\nstandoff tournament, 3 domains x 9 pairings x 20 seeds = {n} negotiations, one process, "
          f"including board preparation: {dt:.2f} s = {n / dt:.0f} negotiations/s "
          f"(NegMAS tournaments: about 18/s, BRIEF section 4) -> {n / dt / 18:.0f}x")


if __name__ == "__main__":
    main()
