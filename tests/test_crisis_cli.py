"""`standoff crisis`: output, JSON, export and bad input (status 2, no traceback)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import cli


def test_json_has_every_model():
    code, out, _ = cli("crisis", "--json", "--draws", "2000")
    assert code == 0
    data = json.loads(out)
    assert [m["model"] for m in data["models"]] == ["fearon", "ultimatum", "rubinstein", "attrition"]
    for m in data["models"]:
        for key in ("endings", "p_comply", "p_escalate", "expected_duration", "inputs", "details"):
            assert key in m
    assert data["challenger"] == "usa" and data["target"] == "maduro"


def test_words():
    code, out, _ = cli("crisis", "kosovo-1998", "--draws", "2000")
    assert code == 0
    assert "P(comply)" in out and "NATO allies" in out


def test_flagship_says_not_applicable_and_the_deadline_lapsed():
    """The flagship's demand was refused and its deadline lapsed before the as-of date:
    the games are played as of now, and none is applicable (the headline answers)."""
    code, out, _ = cli("crisis", "--draws", "2000")
    assert code == 0
    assert "Not applicable here" in out and "Maduro" in out
    assert "lapsed 0.6 weeks before the as-of date; played as now" in out


def test_one_model_with_overrides():
    code, out, _ = cli("crisis", "--model", "fearon", "--param", "p=0.6", "--param", "c_a=0.1",
                       "--param", "c_b=0.2", "--json")
    assert code == 0
    m = json.loads(out)["models"][0]
    assert m["details"]["bargaining_range"] == pytest.approx([0.5, 0.8])
    assert m["details"]["demand"] == pytest.approx(0.8) and m["p_escalate"]["mean"] == 0.0


def test_uniform_override():
    code, out, _ = cli("crisis", "-m", "fearon", "--param", "p=0.5", "--param", "c_a=0.1",
                       "--param", "c_b_low=0", "--param", "c_b_high=0.4", "--json")
    assert code == 0
    m = json.loads(out)["models"][0]
    assert m["details"]["demand"] == pytest.approx(0.65) and m["p_escalate"]["mean"] == pytest.approx(0.375)


def test_export_efg(tmp_path):
    f = tmp_path / "game.efg"
    code, _, _ = cli("crisis", "--draws", "500", "--export-efg", str(f), "--json")
    assert code == 0 and f.read_text().startswith("EFG 2 R")
    g = tmp_path / "fearon.efg"
    code, _, _ = cli("crisis", "-m", "fearon", "--draws", "500", "--levels", "7", "--export-efg", str(g))
    assert code == 0 and g.read_text().count('"x=') >= 7


def test_same_seed_byte_identical():
    a = cli("crisis", "--json", "--draws", "1500", "--seed", "4")[1]
    b = cli("crisis", "--json", "--draws", "1500", "--seed", "4")[1]
    assert a == b


@pytest.mark.parametrize(
    "args",
    [
        ("-m", "fearon", "--param", "p=1.5"),
        ("-m", "fearon", "--param", "c_a=-0.1"),
        ("-m", "ultimatum", "--param", "credibility=-0.2"),
        ("-m", "rubinstein", "--param", "d_a=1.0"),
        ("-m", "attrition", "--param", "cost_target=-1"),
        ("-m", "fearon", "--param", "credibility=0.5"),
        ("--param", "nonsense=0.5"),
        ("--param", "credibility"),
        ("--param", "credibility=high"),
        ("-m", "nonsense",),
        ("--deadline", "2020-01-01"),
        ("--deadline", "soon"),
        ("--draws", "0"),
        ("--plot", "out.txt"),
        ("--gambit", "magic"),
        ("no-such-scenario.yaml",),
    ],
)
def test_bad_input_exits_2_without_traceback(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("crisis", "--draws", "200", *args)
    assert code == 2
    assert "Traceback" not in out + err and "error" in err


def test_gambit_time_limit_exits_2():
    pytest.importorskip("pygambit")
    code, _, err = cli("crisis", "-m", "fearon", "--levels", "41", "--draws", "300",
                       "--gambit", "logit", "--timeout", "0.05")
    assert code == 2 and "Traceback" not in err and "within" in err


def test_gambit_cross_check():
    pytest.importorskip("pygambit")
    code, out, _ = cli("crisis", "-m", "ultimatum", "--draws", "2000", "--types", "3",
                       "--gambit", "logit", "--json")
    assert code == 0
    g = json.loads(out)["models"][0]["details"]["gambit"]
    assert g["agrees"] and g["max_regret_anywhere"] < 1e-2


def test_plot_png(tmp_path):
    f = tmp_path / "endings.png"
    code, _, _ = cli("crisis", "--draws", "500", "--plot", str(f))
    assert code == 0 and f.read_bytes()[:4] == b"\x89PNG"
