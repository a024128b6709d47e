"""Crisis engine vs Gambit on the two-type ultimatum game with escalation.

The challenger demands one of K levels, the target (two cost types) complies or resists,
the challenger escalates or backs down. Solved by pygambit (sequence-form LCP in floating
point, payoffs perturbed by ~1e-6 to avoid degeneracy; and the logit/QRE tracer), each in
a child process under a time limit, and by our structured solver
(:func:`standoff.engines.crisis.ultimatum.solve_ultimatum`). Prints times (medians over
repeats; Gambit's time is measured inside the child around the solver call), ratios, and
whether the equilibria agree: "same" = same demand and the same compliance on the path;
"other NE" = Gambit returned a different Nash equilibrium (no regret where play goes);
"seq" / "not seq" = whether Gambit's profile is also sequentially rational off the path
(LCP's typically is not: it rests on threats that would not be carried out). In the
degenerate game a type is exactly indifferent at a grid point: we apply the documented
tie rule (the indifferent target complies), the logit limit may mix there instead.

Then: the unperturbed (degenerate) game at the same sizes, and 10^6 Monte Carlo draws of
the flagship's crisis inputs through all four models.

Run: .venv/bin/python benchmarks/crisis_vs_gambit.py [--limit SECONDS] [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from standoff.core.errors import UserError
from standoff.engines.crisis import ultimatum
from standoff.engines.crisis.gambit import gambit_available, solve_with_gambit

P, C_A, COSTS, Q = 0.42, 0.08, np.array([0.05, 0.31]), np.array([0.3, 0.7])
SIZES = (5, 11, 21, 51, 1001)


def make_game(k: int, *, perturb: bool, degenerate: bool = False) -> ultimatum.UltimatumGame:
    # demands on an even grid; the degenerate variant puts the types' thresholds on it
    demands = np.linspace(0.0, 1.0, k) if degenerate else (np.arange(k) + 0.5) / k
    costs = COSTS.copy()
    if degenerate:
        step = 1.0 / (k - 1)
        costs = np.round((P + COSTS) / step) * step - P  # p + c exactly on the grid
    g = ultimatum.screening_game(P, C_A, costs, Q, demands, backdown_cost=0.05)
    if not perturb:
        return g
    rng = np.random.default_rng(k)
    e = 1e-6
    return ultimatum.UltimatumGame(
        a=g.a + rng.uniform(-e, e, g.a.shape), b=g.b + rng.uniform(-e, e, g.b.shape), q=g.q,
        wT=g.wT + rng.uniform(-e, e, g.wT.shape), sT=g.sT, r=g.r, wC=g.wC, sC=g.sC,
        demand_labels=g.demand_labels, target_labels=g.target_labels,
    )


def ours_time(g: ultimatum.UltimatumGame, repeats: int) -> tuple[float, ultimatum.UltimatumSolution]:
    times = []
    sol = ultimatum.solve_ultimatum(g)
    for _ in range(repeats):
        t = time.perf_counter()
        sol = ultimatum.solve_ultimatum(g)
        times.append(time.perf_counter() - t)
    return statistics.median(times), sol


def gambit_row(g: ultimatum.UltimatumGame, ours: ultimatum.UltimatumSolution, method: str, limit: float) -> tuple[str, float | None, str]:
    try:
        gs = solve_with_gambit(g, method, timeout=limit)
    except UserError:
        return f"no answer in {limit:g} s", None, "-"
    k = int(np.argmax(gs.behaviour.demand))
    pc = float(g.q @ gs.behaviour.accept[:, k])
    agree = k == ours.demand and abs(pc - ours.p_comply) < 1e-3
    nash = ultimatum.max_regret(g, gs.behaviour, reached_only=True) < 1e-3
    seq = ultimatum.max_regret(g, gs.behaviour) < 1e-3
    if agree:
        verdict = "same" + (", seq" if seq else ", not seq")
    else:
        verdict = ("other NE" if nash else "NOT NE") + (", seq" if seq else ", not seq")
    return f"{gs.seconds:.4f} s", gs.seconds, verdict


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=float, default=30.0, help="Gambit time limit per solve (s)")
    ap.add_argument("--repeats", type=int, default=50)
    ap.add_argument("--draws", type=int, default=1_000_000)
    args = ap.parse_args()
    have = gambit_available()
    print(f"pygambit available: {have}; time limit {args.limit:g} s per Gambit solve\n")
    header = f"{'K':>5} {'ours':>10} | {'gambit lcp':>16} {'ratio':>9} {'agree':>12} | {'gambit logit':>16} {'ratio':>9} {'agree':>12}"
    for title, kw in (("perturbed payoffs", {"perturb": True}), ("degenerate game (thresholds on the grid)", {"perturb": False, "degenerate": True})):
        print(title)
        print(header)
        for k in SIZES:
            g = make_game(k, **kw)
            t_ours, sol = ours_time(g, args.repeats)
            cells = []
            for method in ("lcp", "logit"):
                if not have:
                    cells.append(f"{'n/a':>16} {'':>9} {'':>12}")
                    continue
                shown, secs, agree = gambit_row(g, sol, method, args.limit)
                ratio = f"{secs / t_ours:,.0f}x" if secs is not None else "-"
                cells.append(f"{shown:>16} {ratio:>9} {agree:>12}")
            print(f"{k:>5} {t_ours * 1e3:>8.3f}ms | " + " | ".join(cells))
        print()

    import standoff
    from standoff.engines.crisis import analyse

    scn = standoff.load_scenario("venezuela-2025")
    times = []
    for seed in range(3):
        t = time.perf_counter()
        res = analyse(scn.case(draws=args.draws, seed=seed + 1))  # a fresh compile each time
        times.append(time.perf_counter() - t)
    pc = {m.model: None if m.p_comply is None else round(m.p_comply.mean, 4) for m in res.models}
    print(f"flagship Monte Carlo: {args.draws:,} draws compiled and solved through all four models: median {statistics.median(times):.2f} s "
          f"(target < 5 s); P(comply) by model {pc}")


if __name__ == "__main__":
    main()
