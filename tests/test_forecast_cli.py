"""Forecast inputs and commands: CSV and DEU readers, bad input (exit 2, no traceback),
the backtest's scores and JSON, and the scenario mapping."""

from __future__ import annotations

import json

import numpy as np
import pytest

from standoff.engines.forecast.backtest import backtest, bootstrap_difference, scores
from standoff.interop.deu import parse_deu, read_deu
from standoff.interop.positions import parse_positions
from standoff.presenters.cli import main


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def deu(shared_data):
    return read_deu(shared_data / "deu3.tsv")


# --------------------------------------------------------------------- readers
def test_deu_reader(deu, shared_data):
    assert len(deu.issues) == 364  # the weights row is not an issue
    assert len(deu.with_outcome) == 353
    first = deu.issues[0]
    # row d00032i1: 17 actors have a position; empty cells are left out, not zeros
    assert first.id == "d00032i1"
    assert first.stakeholders.n == 17
    assert "bu" not in first.stakeholders.names
    assert first.outcome == 100.0
    gdp = read_deu(shared_data / "deu3.tsv", capability="gdp")
    assert gdp.issues[0].stakeholders.capability[0] == 4.1  # the Commission's weight in row 2


def test_csv_reader_percent_saliences():
    st = parse_positions("Actor,Capability,Position,Salience\nA,1,10,80\nB,2,90,40\n")
    assert st.salience.tolist() == [0.8, 0.4]


BAD = {
    "position": ("Actor,Capability,Position,Salience\nA,1,10,0.5\nB,1,120,0.5\n", [":3 (B), column Position", "120"]),
    "capability": ("Actor,Capability,Position,Salience\nA,-1,10,0.5\nB,1,20,0.5\n", [":2 (A), column Capability", "negative"]),
    "salience_neg": ("Actor,Capability,Position,Salience\nA,1,10,-0.5\nB,1,20,0.5\n", [":2 (A), column Salience"]),
    "salience_zero": ("Actor,Capability,Position,Salience\nA,1,10,0\nB,1,20,0\n", ["Salience", "all zeros"]),
    "one_actor": ("Actor,Capability,Position,Salience\nA,1,10,0.5\n", ["at least two"]),
    "not_number": ("Actor,Capability,Position,Salience\nA,1,ten,0.5\nB,1,20,0.5\n", [":2, column Position", "'ten'"]),
    "ragged": ("Actor,Capability,Position,Salience\nA,1,10\nB,1,20,0.5\n", [":2: 3 cells"]),
    "header": ("Actor,Power,Position,Salience\nA,1,10,0.5\n", ["Capability"]),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_csv_exits_2_naming_row_and_column(case, tmp_path, capsys):
    text, needles = BAD[case]
    path = tmp_path / "bad.csv"
    path.write_text(text)
    code, out, err = run_cli(["forecast", str(path)], capsys)
    assert code == 2
    assert "Traceback" not in out + err
    flat = " ".join(err.split())
    for needle in needles:
        assert needle.replace("line ", ":") in flat or needle in flat, (needle, err)


def test_bad_deu_table_names_row_and_column(tmp_path, capsys):
    text = "isnr\tpcom\tpde\tscom\tsde\tout\nx1\t10\tabc\t50\t50\t20\nx2\t10\t150\t50\t50\t20\n"
    path = tmp_path / "bad.tsv"
    path.write_text(text)
    code, out, err = run_cli(["backtest", "deu", str(path)], capsys)
    assert code == 2 and "Traceback" not in out + err
    flat = " ".join(err.split())
    assert ":2, column pde" in flat and "'abc'" in flat
    assert ":3, column pde" in flat and "outside 0-100" in flat


def test_deu_issue_with_one_actor_is_an_error():
    with pytest.raises(Exception, match="at least two"):
        parse_deu("isnr\tpcom\tpde\tscom\tsde\tout\nx1\t10\t\t50\t\t20\n")


def test_unknown_model_and_missing_file(capsys, tmp_path):
    code, _out, err = run_cli(["forecast", str(tmp_path / "none.csv")], capsys)
    assert code == 2 and "no such file" in err
    code, _out, err = run_cli(["backtest", "deu", str(tmp_path / "none.tsv")], capsys)
    assert code == 2 and "no such file" in err


# --------------------------------------------------------------------- backtest
def test_scores_brute_force():
    e = np.array([0.0, 4.0, 6.0, 15.0, 30.0])
    s = scores(e)
    assert s["mae"] == pytest.approx(11.0)
    assert s["rmse"] == pytest.approx(np.sqrt((0 + 16 + 36 + 225 + 900) / 5))
    assert s["median_ae"] == 6.0
    assert (s["within_5"], s["within_10"], s["within_20"]) == (0.4, 0.6, 0.8)


def test_bootstrap_interval_covers_a_constant_shift():
    rng = np.random.default_rng(1)
    base = rng.random(200) * 30
    lo, hi = bootstrap_difference(base + 2.0, base, rng)
    assert lo == pytest.approx(2.0) and hi == pytest.approx(2.0)


def test_deu_backtest_reproduces_the_compromise_reference(deu):
    run = backtest(deu, ["compromise", "median", "ktab"], seed=7, n_boot=500)
    res = run.result
    assert res.n_issues == 353
    # published reference for the compromise model on DEU III: about 23.0 (tolerance 0.5)
    assert abs(res.models["compromise"].mae - 23.0) <= 0.5
    # the median actor's published error is 28.4; nothing published beats the compromise model
    assert res.models["median"].mae > res.models["compromise"].mae
    lo, hi = res.models["median"].diff_vs_compromise
    assert 0 < lo < hi
    again = backtest(deu, ["compromise", "median", "ktab"], seed=7, n_boot=500)
    assert again.result.to_json() == res.to_json()


def test_backtest_json_shape(shared_data, capsys, tmp_path):
    plot = tmp_path / "errors.html"
    code, out, err = run_cli(
        ["backtest", "deu", str(shared_data / "deu3.tsv"), "--model", "median", "--bootstrap", "200",
         "--json", "--plot", str(plot)], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["n_issues"] == 353
    assert set(data["models"]) == {"compromise", "median"}
    m = data["models"]["median"]
    for key in ("mae", "rmse", "median_ae", "within_10", "diff_vs_compromise"):
        assert key in m
    assert len(m["diff_vs_compromise"]) == 2
    assert plot.read_text().startswith("<html") or "plotly" in plot.read_text()[:5000].lower()


# ------------------------------------------------------------ forecast command
def test_forecast_json_for_csv_and_deu_row(shared_data, capsys, tmp_path):
    code, out, err = run_cli(["forecast", str(shared_data / "eu-emissions-1994.csv"), "--rounds", "8",
                              "--json", "--plot", str(tmp_path / "t.png")], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert len(data["models"]["bdm"]["trajectory"]) == 9
    assert data["models"]["compromise"]["forecast"] == pytest.approx(7.39, abs=0.01)
    assert (tmp_path / "t.png").read_bytes()[:4] == b"\x89PNG"
    code, out, err = run_cli(["forecast", str(shared_data / "deu3.tsv"), "--issue", "d00032i2",
                              "--model", "compromise", "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert list(data["models"]) == ["compromise"] and data["outcome"] == 0.0
    code, out, err = run_cli(["forecast", str(shared_data / "deu3.tsv")], capsys)
    assert code == 2 and "--issue" in err
    code, out, err = run_cli(["forecast", str(shared_data / "eu-emissions-1994.csv"), "--model", "bdn"], capsys)
    assert code == 2 and "bdm" in err


# ------------------------------------------------------------ scenario mapping
def test_flagship_mapping_uses_every_actor_with_a_position(capsys):
    from standoff import load_scenario
    from standoff.assess import assess
    from standoff.engines.forecast.mapping import scale_issues, stakeholders
    from standoff.presenters.sections.forecast import forecast_section

    scn = load_scenario("venezuela-2025")
    issues = scale_issues(scn.case())
    assert issues
    for iid in issues:
        st = stakeholders(scn.case(), iid)
        expected = [a for a, p in scn.spec.preferences.items()
                    if iid in p.issues and p.issues[iid].ideal is not None]
        assert list(st.names) == expected
        assert len(st.names) > len(scn.parties)
        k = st.names.index(scn.parties[0])
        assert st.capability[k] == scn.spec.actors[scn.parties[0]].capability.nominal
    section = forecast_section(assess(scn, draws=200), scn.case())
    assert section.key == "forecast" and set(section.data) == set(issues)
    code, out, err = run_cli(["forecast", "venezuela-2025", "--json"], capsys)
    assert code == 0, err
    assert set(json.loads(out)["models"]) == {"compromise", "median", "condorcet", "bdm", "ktab"}


def test_scenario_non_scale_issue_is_a_user_error(capsys):
    code, out, err = run_cli(["forecast", "venezuela-2025", "--issue", "oil"], capsys)
    assert code == 2 and "not a 0-100 scale" in err and "Traceback" not in out + err


