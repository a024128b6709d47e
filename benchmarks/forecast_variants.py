"""The BDM reproduction, figure by figure: DEU III variants and Scholz et al.'s Table 2.

Run on demand (about a minute): ``.venv/bin/python benchmarks/forecast_variants.py``
(``--part deu`` or ``--part table2`` for one half). Every figure of the tables in
docs/explanation/forecast.md ("Reproducing the published BDM figures") comes from here.

DEU III part: the named variants of :data:`standoff.engines.forecast.bdm.BDM_VARIANTS`
on the 353 issues with an outcome (Council capabilities and treaty capabilities), with
the paired bootstrap 95% interval of their MAE minus the compromise model's (seed 0,
2,000 resamples, the same resamples as ``standoff backtest deu``); the cumulative path
from the documented default to the reference reading, one reading at a time; each
reading taken out of the reference reading; the reference backtest's own issue set
(351 issues: actors without a salience left out, issues with at least three actors),
next to the figures it publishes; and how far exact ties carry the figures (inputs
perturbed by one part in 10^9).

Table 2 part: median and mean by round for the readings discussed in the docs, and the
enumeration of every combination of documented readings.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
from pathlib import Path

import numpy as np

from standoff.core.rng import make_rng
from standoff.engines.forecast.backtest import bootstrap_difference
from standoff.engines.forecast.bdm import BDM_VARIANTS, BDMOptions, bdm
from standoff.engines.forecast.compromise import compromise
from standoff.interop.deu import DEUIssue, read_deu
from standoff.interop.positions import read_positions

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
REFERENCE = BDM_VARIANTS["reference"].options
#: The reference backtest's published figures on its 351 issues (BACKTEST.md).
PUBLISHED_351 = {"compromise": 22.99, "median actor": 28.37, "reference": 27.94, "reference, risk off": 28.82,
                 "reference, Q=0.5": 27.36}
TABLE2_MEDIAN = np.array([8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6])
TABLE2_MEAN = np.array([7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6])
#: Every reading the sources document, for the Table 2 enumeration (see BDMOptions).
READINGS: dict[str, list[object]] = {
    "probability": ["all_pairs", "dyad"], "selection": ["least_move", "type_priority", "enforceable"],
    "perspective": ["own", "mover"], "security": ["challengers", "own"], "range": ["initial", "current"],
    "conflict": ["moves", "stays"], "median": ["midpoint", "lower"], "risk": [True, False],
    "vote_risk": [False, True], "carry_risk": [False, True], "q": [1.0, 0.5], "salience": ["target", "challenger"],
}


def forecasts(issues: list[DEUIssue], opt: BDMOptions, jitter: np.random.Generator | None = None) -> np.ndarray:
    out = []
    for i in issues:
        st = i.stakeholders
        c, s = st.capability, st.salience
        if jitter is not None:
            c = c * (1 + 1e-9 * jitter.standard_normal(c.size))
            s = np.clip(s * (1 + 1e-9 * jitter.standard_normal(s.size)), 0.0, 1.0)
        out.append(bdm(st.position, c, s, 10, opt).forecast)
    return np.array(out)


def scorer(issues: list[DEUIssue]):
    y = np.array([i.outcome for i in issues], dtype=float)
    comp = np.array([compromise(i.stakeholders.position, i.stakeholders.capability, i.stakeholders.salience)
                     for i in issues])
    idx = make_rng(0).integers(0, y.size, size=(2000, y.size))  # as in backtest(seed=0)

    def score(f: np.ndarray) -> str:
        lo, hi = bootstrap_difference(np.abs(f - y), np.abs(comp - y), make_rng(0), 2000, idx)
        return f"{np.abs(f - y).mean():6.2f}   [{lo:+5.1f}, {hi:+5.1f}]"

    return y, comp, score


def deu() -> None:
    for cap in ("council", "treaty"):
        issues = list(read_deu(DATA / "deu3.tsv", capability=cap).with_outcome)  # type: ignore[arg-type]
        y, comp, score = scorer(issues)
        print(f"\nDEU III, {len(issues)} issues, capability {cap}: compromise MAE {np.abs(comp - y).mean():.2f}")
        print(f"{'variant':<16}{'MAE':>6}   MAE - compromise, 95%")
        for name, v in BDM_VARIANTS.items():
            print(f"{name:<16}{score(forecasts(issues, v.options))}")
    issues = list(read_deu(DATA / "deu3.tsv", capability="council").with_outcome)
    y, comp, score = scorer(issues)
    steps = ["probability", "conflict", "selection", "range", "median", "stop"]
    print("\nCumulative path, council capabilities (353 issues): each row adds one reading")
    kw: dict[str, object] = {}
    print(f"{'scholz (default)':<28}{score(forecasts(issues, BDMOptions()))}")
    for k in steps:
        kw[k] = getattr(REFERENCE, k)
        print(f"{'+ ' + k + '=' + str(kw[k]):<28}{score(forecasts(issues, BDMOptions(**kw)))}")  # type: ignore[arg-type]
    treaty = list(read_deu(DATA / "deu3.tsv", capability="treaty").with_outcome)
    print(f"{'+ treaty capabilities':<28}{scorer(treaty)[2](forecasts(treaty, REFERENCE))}")
    print("\nThe reference reading less one of its readings (council, 353 issues)")
    for k in steps:
        opt = dataclasses.replace(REFERENCE, **{k: getattr(BDMOptions(), k)})
        print(f"{'- ' + k:<28}{score(forecasts(issues, opt))}")
    sub = [i for i in read_deu(DATA / "deu3.tsv", capability="treaty", missing_salience=None).with_outcome
           if i.stakeholders.n >= 3]
    ys, comps, _ = scorer(sub)
    med = np.array([np.median(i.stakeholders.position) for i in sub])
    ours = {"compromise": np.abs(comps - ys).mean(), "median actor": np.abs(med - ys).mean(),
            "reference": np.abs(forecasts(sub, REFERENCE) - ys).mean(),
            "reference, risk off": np.abs(forecasts(sub, dataclasses.replace(REFERENCE, risk=False)) - ys).mean(),
            "reference, Q=0.5": np.abs(forecasts(sub, dataclasses.replace(REFERENCE, q=0.5)) - ys).mean()}
    print(f"\nThe reference backtest's issue set: {len(sub)} issues (treaty capabilities, actors without a "
          "salience left out, at least 3 actors)")
    print(f"{'model':<24}{'standoff':>9}{'published':>11}")
    for k, v in ours.items():
        print(f"{k:<24}{v:>9.2f}{PUBLISHED_351[k]:>11.2f}")
    print("\nExact ties: MAE with capabilities and saliences perturbed by 1e-9 (12 draws)")
    for label, opt, iss in (("reference, 353, council", REFERENCE, issues),
                            ("reference, 351 subset", REFERENCE, sub),
                            ("scholz, 353, council", BDMOptions(), issues)):
        yy = np.array([i.outcome for i in iss])
        rng = np.random.default_rng(1)
        maes = sorted(round(float(np.abs(forecasts(iss, opt, rng) - yy).mean()), 2) for _ in range(12))
        print(f"  {label:<26} {maes[0]:.2f} .. {maes[-1]:.2f}  {maes}")


def table2() -> None:
    eu = read_positions(DATA / "eu-emissions-1994.csv")
    shown = {
        "scholz (default)": BDMOptions(),
        "risk off": BDMOptions(risk=False),
        "type_priority, mover": BDMOptions(selection="type_priority", perspective="mover"),
        "dyad (eq. 31 as printed)": BDMOptions(probability="dyad"),
        "reference": REFERENCE,
        "Q=0.5": BDMOptions(q=0.5),
    }
    print("\nScholz et al. (2011) Table 2, median | mean after rounds 1-8")
    print(f"{'published':<26}" + " ".join(f"{v:5.2f}" for v in TABLE2_MEDIAN) + " | "
          + " ".join(f"{v:5.2f}" for v in TABLE2_MEAN))
    for label, opt in shown.items():
        r = bdm(eu.position, eu.capability, eu.salience, 8, opt)
        print(f"{label:<26}" + " ".join(f"{v:5.2f}" for v in r.median[1:]) + " | "
              + " ".join(f"{v:5.2f}" for v in r.mean[1:]))
    runs, distinct = 0, {}
    for combo in itertools.product(*READINGS.values()):
        kw = dict(zip(READINGS, combo, strict=True))
        if not kw["risk"] and (kw["vote_risk"] or kw["carry_risk"] or kw["security"] == "own"
                               or kw["perspective"] == "mover"):
            continue  # these readings only act through the risk exponents
        r = bdm(eu.position, eu.capability, eu.salience, 8, BDMOptions(**kw))  # type: ignore[arg-type]
        runs += 1
        distinct.setdefault(tuple(np.round(np.r_[r.median[1:], r.mean[1:]], 6)), []).append(kw)
    m = np.array([k[:8] for k in distinct])
    n_read = np.array([len(v) for v in distinct.values()])
    full = np.abs(m - TABLE2_MEDIAN).max(axis=1)
    early = np.abs(m[:, :5] - TABLE2_MEDIAN[:5]).max(axis=1)
    late = np.abs(m[:, 5:] - TABLE2_MEDIAN[5:]).max(axis=1)
    print(f"\n{runs} combinations of documented readings, {len(distinct)} distinct trajectories")
    print(f"  best largest deviation from the published median, rounds 1-8: {full.min():.2f} "
          f"({int((full <= 1.0).sum())} trajectories within 1.0)")
    print(f"  rounds 1-5 within 0.5: {int((early <= 0.5).sum())} trajectories ({int(n_read[early <= 0.5].sum())} "
          f"combinations); their best largest deviation in rounds 6-8: {late[early <= 0.5].min():.2f}")
    print(f"  best largest deviation in rounds 6-8 (the dip): {late.min():.2f}, by "
          f"{int(n_read[late == late.min()].sum())} combinations whose rounds 1-5 deviate by "
          f"{early[late == late.min()].min():.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--part", choices=["deu", "table2", "all"], default="all")
    args = ap.parse_args()
    if args.part in ("deu", "all"):
        deu()
    if args.part in ("table2", "all"):
        table2()


if __name__ == "__main__":
    main()
