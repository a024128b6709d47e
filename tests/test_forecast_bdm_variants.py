"""The BDM reproduction: named readings of the model, the DEU III figures of each, the
reference backtest's figures, and Scholz et al.'s Table 2 round by round.

Every figure is pinned at the precision it is reported in docs/explanation/forecast.md
(``benchmarks/forecast_variants.py`` prints them all); tolerances are stated per test.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from datetime import date

import numpy as np
import pytest

from standoff.core.errors import UserError
from standoff.engines.forecast.bdm import (
    BDM_VARIANTS,
    BDMOptions,
    bdm,
    choose,
    median_position,
    offers,
    variant,
)
from standoff.engines.forecast.compromise import compromise
from standoff.engines.forecast.models import make_model
from standoff.interop.deu import (
    ACCESSION_2004_VOTES,
    EU15_VOTES,
    NICE_VOTES,
    parse_deu_date,
    read_deu,
    treaty_regime,
)
from standoff.interop.positions import read_positions
from tests.helpers import run_cli

TABLE2_MEDIAN = np.array([8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6])
REFERENCE = BDM_VARIANTS["reference"].options


def _mae(issues, opt: BDMOptions) -> float:
    f = np.array([bdm(i.stakeholders.position, i.stakeholders.capability, i.stakeholders.salience, 10, opt).forecast
                  for i in issues])
    return float(np.abs(f - np.array([i.outcome for i in issues])).mean())


@pytest.fixture(scope="module")
def council(shared_data):
    return list(read_deu(shared_data / "deu3.tsv").with_outcome)


@pytest.fixture(scope="module")
def eu(shared_data):
    return read_positions(shared_data / "eu-emissions-1994.csv")


# ------------------------------------------------------------------ treaty capabilities
def test_deu_dates():
    assert parse_deu_date("26-01-00") == date(2000, 1, 26)
    assert parse_deu_date("10-11-99") == date(1999, 11, 10)
    assert parse_deu_date("13-12-2016") == date(2016, 12, 13)
    # the redistributed file's spreadsheet misreading of 30-05-01 (30 May 2001)
    assert parse_deu_date("1930-05-01") == date(2001, 5, 30)
    assert parse_deu_date("2022-09-04") == date(2004, 9, 22)
    assert parse_deu_date("999") is None
    assert parse_deu_date("") is None


def test_council_regimes():
    assert sum(EU15_VOTES.values()) == 87
    assert sum(ACCESSION_2004_VOTES.values()) == 124
    assert sum(v for k, v in NICE_VOTES.items() if k not in ("cr", "ro", "bu")) == 321  # EU-25
    assert treaty_regime(date(2004, 4, 30))[0] == "EU-15"
    assert treaty_regime(date(2004, 5, 1))[0] == "Accession 2004"
    assert treaty_regime(date(2004, 11, 1))[0] == "Nice"
    assert treaty_regime(date(2014, 10, 31))[0] == "Nice"
    assert treaty_regime(date(2014, 11, 1))[0] == "Lisbon"


def test_treaty_capabilities_on_deu(shared_data):
    t = read_deu(shared_data / "deu3.tsv", capability="treaty")
    regimes = [i.regime for i in t.with_outcome]
    assert {r: regimes.count(r) for r in set(regimes)} == {"EU-15": 172, "Accession 2004": 4, "Nice": 148,
                                                           "Lisbon": 29}
    first = t.issues[0]  # d00032i1, final act 30 May 2001: EU-15 weights; no big four on it
    st = first.stakeholders
    cap = dict(zip(st.names, st.capability, strict=True))
    assert first.regime == "EU-15"
    assert cap["at"] == 4 and cap["nl"] == 5 and cap["lu"] == 2
    assert cap["com"] == cap["ep"] == max(v for k, v in cap.items() if k not in ("com", "ep"))
    # every final act falls on or after its proposal
    assert t.capability_source == "treaty"


def test_missing_salience_none_leaves_the_actor_out(shared_data):
    full = read_deu(shared_data / "deu3.tsv")
    lean = read_deu(shared_data / "deu3.tsv", missing_salience=None)
    dropped = sum(a.stakeholders.n - b.stakeholders.n for a, b in zip(full.issues, lean.issues, strict=True))
    assert dropped == 54  # the 54 positions without a salience


def test_treaty_needs_a_date():
    text = "isnr\tpcom\tscom\tpde\tsde\tout\nx1\t10\t50\t90\t50\t40\n"
    with pytest.raises(UserError, match="no date"):
        from standoff.interop.deu import parse_deu

        parse_deu(text, capability="treaty")


# --------------------------------------------------------------------- the new readings
def test_conflict_stays_makes_no_offer():
    x = np.array([0.0, 100.0])
    a = np.array([[0.0, 0.2], [0.5, 0.0]])  # both positive: a conflict; actor 0 expects less
    t, _, v = offers(x, a, a.T, "moves")
    assert v[0, 1] and t[0, 1] == 100.0 and not v[1, 0]
    _, _, v2 = offers(x, a, a.T, "stays")
    assert not v2.any()


def test_enforceable_is_lexicographic():
    # actor 0 has two offers: from 1 (proposer EU 0.3, move 10) and from 2 (proposer EU 0.3000001, move 60)
    x = np.array([50.0, 60.0, 110.0])
    target = np.array([[50.0, 60.0, 110.0], [0, 0, 0], [0, 0, 0]])
    valid = np.array([[False, True, True], [False] * 3, [False] * 3])
    b = np.array([[0.0, 0.3, 0.3000001], [0, 0, 0], [0, 0, 0]])
    kind = np.zeros((3, 3), dtype=int)
    assert choose(x, target, kind, valid, b, "enforceable")[0] == 110.0
    assert choose(x, target, kind, valid, b, "least_move")[0] == 60.0
    b[0, 2] = 0.3  # equally enforceable: the least movement
    assert choose(x, target, kind, valid, b, "enforceable")[0] == 60.0


def test_lower_median_on_an_even_split():
    x, w = np.array([10.0, 30.0]), np.array([1.0, 1.0])
    assert median_position(x, w, "midpoint") == 20.0
    assert median_position(x, w, "lower") == 10.0
    assert median_position(np.array([10.0, 30.0, 50.0]), np.array([1.0, 1.0, 1.5]), "lower") == 30.0


def test_converged_stop_rule(eu):
    run = bdm(eu.position, eu.capability, eu.salience, 8, REFERENCE)
    assert run.stopped == "converged"
    assert run.positions.shape[0] == 4  # three rounds: two moves of the median below 0.5
    capped = bdm(eu.position, eu.capability, eu.salience, 8, dataclasses.replace(REFERENCE, stop_tolerance=0.0,
                                                                               max_rounds=6))
    assert capped.stopped == "rounds" and capped.positions.shape[0] == 7
    fixed = bdm(eu.position, eu.capability, eu.salience, 8, dataclasses.replace(REFERENCE, stop="fixed"))
    assert fixed.positions.shape[0] == 9 and fixed.risk.shape == (8, eu.n)


def test_challenger_salience_changes_the_utilities(eu):
    a = bdm(eu.position, eu.capability, eu.salience, 3)
    b = bdm(eu.position, eu.capability, eu.salience, 3, BDMOptions(salience="challenger"))
    assert not np.allclose(a.positions, b.positions)


def test_unknown_variant_is_a_user_error():
    with pytest.raises(UserError, match="unknown BDM variant"):
        variant("refrence")
    with pytest.raises(UserError, match="unknown model"):
        make_model("bdm-reference")
    assert make_model("bdm:reference").options == REFERENCE


# ------------------------------------------------------------------------ DEU III figures
#: MAE on the 353 DEU III issues with an outcome, Council (Nice) capabilities, 10 rounds;
#: docs/explanation/forecast.md, "Reproducing the published BDM figures".
COUNCIL_MAE = {"scholz": 30.68, "dyad": 30.64, "enforceable": 33.20, "conflict-stays": 31.36,
               "current-range": 30.54, "lower-median": 30.68, "converged": 30.69, "reference": 27.70}


@pytest.mark.parametrize("name", list(COUNCIL_MAE))
def test_variant_mae_on_deu(council, name):
    # tolerance 0.005: the second decimal as reported
    assert _mae(council, BDM_VARIANTS[name].options) == pytest.approx(COUNCIL_MAE[name], abs=0.005)


def test_cumulative_path_to_the_reference(council):
    # dyad alone changes little; with conflicts that move no one it falls to 28.03, in the published range
    assert _mae(council, BDMOptions(probability="dyad", conflict="stays")) == pytest.approx(28.03, abs=0.005)
    # taking conflict=stays out of the reference reading costs 6 points
    no_stay = dataclasses.replace(REFERENCE, conflict="moves")
    assert _mae(council, no_stay) == pytest.approx(33.79, abs=0.005)


def test_reference_with_treaty_capabilities(shared_data):
    issues = list(read_deu(shared_data / "deu3.tsv", capability="treaty").with_outcome)
    assert _mae(issues, REFERENCE) == pytest.approx(27.51, abs=0.005)
    y = np.array([i.outcome for i in issues])
    comp = [compromise(i.stakeholders.position, i.stakeholders.capability, i.stakeholders.salience) for i in issues]
    assert float(np.abs(comp - y).mean()) == pytest.approx(22.88, abs=0.005)


def test_reference_backtest_issue_set(shared_data):
    """The reference backtest's 351 issues: its published figures (BACKTEST.md) are
    compromise 22.99, median actor 28.37 and BDM 27.94. Ours: 22.96, 28.37, 27.91; the
    remaining 0.03 comes from inputs (its Lisbon population table, and its Nice weights
    for the 19 decisions without a final-act date), see the docs."""
    issues = [i for i in read_deu(shared_data / "deu3.tsv", capability="treaty", missing_salience=None).with_outcome
              if i.stakeholders.n >= 3]
    assert len(issues) == 351
    y = np.array([i.outcome for i in issues])
    med = np.array([np.median(i.stakeholders.position) for i in issues])
    assert float(np.abs(med - y).mean()) == pytest.approx(28.37, abs=0.005)
    comp = [compromise(i.stakeholders.position, i.stakeholders.capability, i.stakeholders.salience) for i in issues]
    assert float(np.abs(comp - y).mean()) == pytest.approx(22.96, abs=0.005)
    assert _mae(issues, REFERENCE) == pytest.approx(27.91, abs=0.005)
    assert abs(_mae(issues, REFERENCE) - 27.94) < 0.05


def test_backtest_cli_selects_variants(shared_data):
    res = run_cli("backtest", "deu", str(shared_data / "deu3.tsv"), "-m", "compromise", "--bdm-variant", "reference",
                  "--json")
    assert res.code == 0, res.stderr
    m = json.loads(res.stdout)["models"]
    assert set(m) == {"compromise", "bdm:reference"}
    assert m["bdm:reference"]["mae"] == pytest.approx(27.70, abs=0.005)
    assert m["bdm:reference"]["variant"] == "reference"
    assert m["bdm:reference"]["options"]["conflict"] == "stays"
    lo, hi = m["bdm:reference"]["diff_vs_compromise"]
    assert lo == pytest.approx(2.3, abs=0.05) and hi == pytest.approx(7.1, abs=0.05)
    bad = run_cli("backtest", "deu", str(shared_data / "deu3.tsv"), "--bdm-variant", "refrence")
    assert bad.code == 2 and "did you mean 'reference'" in bad.stderr


# ---------------------------------------------------------------- Scholz et al., Table 2
def _table2(eu, opt: BDMOptions, rounds: int = 8):
    r = bdm(eu.position, eu.capability, eu.salience, rounds, opt)
    return r, r.median[1:], r.mean[1:]


def test_table2_reference_reading(eu):
    """The reference backtest's own replication claim (its decision D2.7): converged in 3
    rounds at a median of 9.53, means 7.61 and 7.72 in rounds 1-2. Tolerance 0.005."""
    r, med, mean = _table2(eu, REFERENCE)
    assert r.stopped == "converged" and med.size == 3
    assert med == pytest.approx([9.53, 9.53, 9.53], abs=0.005)
    assert mean[:2] == pytest.approx([7.61, 7.72], abs=0.005)


def test_table2_risk_off_has_the_dip(eu):
    """Without risk exponents the median dips in round 6 as in Table 2 (7.02 against 7.4)
    and recovers (9.81, 10.0 against 8.8, 9.6), but round 1 misses (9.82 against 8.4).
    Tolerance 0.005 on every round."""
    r, med, mean = _table2(eu, BDMOptions(risk=False))
    assert med == pytest.approx([9.824, 9.999, 10.0, 10.0, 10.0, 7.023, 9.814, 9.999], abs=0.005)
    assert mean == pytest.approx([7.545, 7.558, 7.559, 7.559, 7.559, 7.417, 7.550, 7.558], abs=0.005)
    # the mechanism: Belgium, the pivotal actor, reaches 10 exactly, so the actors at 10 make it
    # no offer; every offer left asks it to move down and it must take one (Greece's, to 7)
    be = eu.names.index("Belgium")
    assert r.positions[5, be] == 10.0 and r.positions[6, be] == 7.0


def test_table2_best_early_rounds(eu):
    """type_priority with the mover's perspective gives round 1 (8.43 against 8.4) and
    rounds 2-3, then settles at 10: no dip. Tolerance 0.005."""
    _, med, _ = _table2(eu, BDMOptions(selection="type_priority", perspective="mover"))
    assert med == pytest.approx([8.427, 9.620, 9.964, 10.0, 10.0, 10.0, 10.0, 10.0], abs=0.005)


def test_table2_pivot(eu):
    """The three actors at 10 hold 49.6% of the c*s weight, so the weighted median is 10 as
    soon as any other actor reaches 10 and otherwise the position of the highest actor
    below 10: Table 2's median row follows one actor."""
    w = eu.capability * eu.salience
    assert w[eu.position == 10].sum() / w.sum() == pytest.approx(0.496, abs=0.0005)
    for opt in (BDMOptions(), BDMOptions(risk=False)):
        r = bdm(eu.position, eu.capability, eu.salience, 8, opt)
        for x, m in zip(r.positions[1:], r.median[1:], strict=True):
            below = x[x < 10.0]
            assert m == pytest.approx(10.0 if w[x >= 10.0].sum() > w.sum() / 2 else below.max(), abs=1e-6)


def test_no_documented_reading_reproduces_table2(eu):
    """Every combination of the documented readings of probability, selection,
    perspective, security, range, conflict, median, risk, Q and salience (960 runs; the
    benchmark adds the two port options for 3,264): none brings all eight medians within
    1.0 of Table 2. If one ever does, the docs' account must change."""
    grid = {"probability": ["all_pairs", "dyad"], "selection": ["least_move", "type_priority", "enforceable"],
            "perspective": ["own", "mover"], "security": ["challengers", "own"], "range": ["initial", "current"],
            "conflict": ["moves", "stays"], "median": ["midpoint", "lower"], "risk": [True, False],
            "q": [1.0, 0.5], "salience": ["target", "challenger"]}
    best, runs = np.inf, 0
    for combo in itertools.product(*grid.values()):
        kw = dict(zip(grid, combo, strict=True))
        if not kw["risk"] and (kw["security"] == "own" or kw["perspective"] == "mover"):
            continue
        _, med, _ = _table2(eu, BDMOptions(**kw))  # type: ignore[arg-type]
        best = min(best, float(np.abs(med - TABLE2_MEDIAN).max()))
        runs += 1
    assert runs == 960
    assert 1.0 < best < 1.5
