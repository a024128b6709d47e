"""Uncertainty benchmarks (issue 10), printed side by side with their targets.

Run: ``.venv/bin/python benchmarks/uncertainty.py`` (add ``--quick`` for a smoke run).
Each figure runs in a fresh process so that its peak memory (max RSS) is its own.
Anchor: the open BDM successor ``schelling`` takes about 35 s for 10,000 draws of a
one-issue forecast.
"""

from __future__ import annotations

import json
import subprocess
import sys

CASES = {
    "compile": ("Scenario.case(draws=1_000_000) on the flagship", "<= 1 s, < 2 GiB", """
from standoff.scenario import Scenario
s = Scenario.load("venezuela-2025"); s.case()
t = time.perf_counter(); s.case(draws=N_MILLION, seed=0); out = time.perf_counter() - t
"""),
    "crisis_zone": ("10^6 draws: crisis games + zone test (chunked, 2 workers)", "<= 10 s, <= 4 GiB", """
from standoff.scenario import Scenario
from standoff.engines.crisis import analyse
from standoff.engines.bargain.draws import zone_over_draws
from standoff.core.executors import ProcessPool
s = Scenario.load("venezuela-2025")
t = time.perf_counter()
c = s.case(draws=N_MILLION, seed=0)
analyse(c)
with ProcessPool(2) as ex:
    zone_over_draws(c, executor=ex)
out = time.perf_counter() - t
"""),
    "assessment": ("10^4 draws: the whole assessment + talks over 64 draws (2 workers)", "<= 10 s", """
from standoff.scenario import Scenario
from standoff.assess import assess
from standoff.engines.simulate.draws import talks_over_draws
from standoff.core.executors import ProcessPool
s = Scenario.load("venezuela-2025")
t = time.perf_counter()
with ProcessPool(2) as ex:
    a = assess(s, draws=N_TEN_K, seed=0, executor=ex)
    talks_over_draws(s.case(draws=N_TEN_K, seed=1), seed=1, executor=ex)
out = time.perf_counter() - t
"""),
    "forecast": ("10^4 draws of the one-issue forecast, all five models (serial)", "anchor: schelling ~35 s", """
from standoff.scenario import Scenario
from standoff.engines.forecast.draws import forecast_draws
c = Scenario.load("venezuela-2025").case(draws=N_TEN_K, seed=0)
t = time.perf_counter(); forecast_draws(c); out = time.perf_counter() - t
"""),
    "sobol": ("Sobol N = 1,024 on every uncertain input, one target", "<= 60 s", """
from standoff.scenario import Scenario
from standoff.engines.uncertainty.sensitivity import analyse
s = Scenario.load("venezuela-2025")
t = time.perf_counter()
r = analyse(s, target="crisis.attrition.p_comply", method="sobol", draws=1000, n=N_SOBOL)
out = time.perf_counter() - t
"""),
    "dask": ("10^5 draws on a LocalCluster of 2 workers vs serial", "identical output, speed-up printed", """
from standoff.scenario import Scenario
from standoff.engines.bargain.draws import zone_over_draws
from standoff.engines.forecast.draws import forecast_over_draws
from standoff.core.executors import DaskCluster, Serial
c = Scenario.load("venezuela-2025").case(draws=N_HUNDRED_K, seed=0)
def run(ex):
    t = time.perf_counter()
    js = zone_over_draws(c, executor=ex).to_json() + forecast_over_draws(c, executor=ex)["political_change"].to_json()
    return time.perf_counter() - t, js
serial_s, a = run(Serial())
with DaskCluster("local", workers=2) as ex:
    run(ex)  # warm the workers (imports)
    dask_s, b = run(ex)
assert a == b, "Dask output differs from serial"
out = {"serial": serial_s, "dask": dask_s, "speedup": serial_s / dask_s, "identical": a == b}
"""),
}

PRELUDE = "import time, resource, json\n"
EPILOGUE = ("\nprint(json.dumps({'out': out, 'rss_gib': max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 2**20}))\n")


def main() -> None:
    quick = "--quick" in sys.argv
    sizes = {"N_MILLION": 10_000 if quick else 1_000_000, "N_TEN_K": 1_000 if quick else 10_000,
             "N_HUNDRED_K": 5_000 if quick else 100_000, "N_SOBOL": 64 if quick else 1_024}
    print(f"{'benchmark':66} {'measured':>22} {'peak RSS':>10}   target")
    for key, (label, target, code) in CASES.items():
        if len(sys.argv) > 1 and sys.argv[-1] in CASES and sys.argv[-1] != key:
            continue
        src = PRELUDE + "".join(f"{k} = {v}\n" for k, v in sizes.items()) + code + EPILOGUE
        proc = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(f"{label:66} failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr else proc.returncode}")
            continue
        got = json.loads(proc.stdout.strip().splitlines()[-1])
        out = got["out"]
        shown = (f"{out['serial']:.2f} s serial, {out['dask']:.2f} s dask ({out['speedup']:.2f}x)"
                 if isinstance(out, dict) else f"{out:.2f} s")
        print(f"{label:66} {shown:>22} {got['rss_gib']:>7.2f} GiB   {target}")



if __name__ == "__main__":
    main()
