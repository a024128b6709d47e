"""The `standoff bargain` command: JSON shape, GENIUS folders, and bad input (status 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import cli


def test_json_on_the_flagship() -> None:
    code, out, _ = cli("bargain", "--json")
    assert code == 0
    data = json.loads(out)
    for key in ("parties", "n_outcomes", "reservation", "frontier", "nash", "kalai_smorodinsky",
                "max_welfare", "egalitarian", "zopa", "openings"):
        assert key in data
    assert data["parties"] == ["usa", "maduro"]
    assert set(data["zopa"]) >= {"empty", "size"}
    for p in data["frontier"]:
        assert set(p) >= {"utilities", "outcome"}
    parts = data["reservation_parts"]["maduro"]
    assert parts["total"] == pytest.approx(parts["pressure"] + parts["lottery"] + parts["conflict_cost"])
    # same input, byte-identical JSON
    assert cli("bargain", "--json")[1] == out


def test_genius_folder_text_and_plot(genius_dir: Path, tmp_path: Path) -> None:
    plot = tmp_path / "f.html"
    code, out, _ = cli("bargain", str(genius_dir / "anac" / "y2012" / "PhoneB"), "--plot", str(plot))
    assert code == 0
    assert "Nash bargaining" in out and "Zone of agreement" in out
    assert "<html>" in plot.read_text()[:100]


def test_nonlinear_too_large_is_said(genius_dir: Path) -> None:
    code, out, _ = cli("bargain", str(genius_dir / "10issues"), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["frontier_scope"] == "none" and data["zopa"]["empty"] is None
    assert any("too large for the exact method" in n for n in data["notes"])


@pytest.mark.parametrize("mutation", ["malformed", "weights"])
def test_bad_genius_input_exits_2(genius_dir: Path, tmp_path: Path, mutation: str) -> None:
    d = tmp_path / "Laptop"
    shutil.copytree(genius_dir / "Laptop", d)
    p = d / "Laptop-C-prof1.xml"
    if mutation == "malformed":
        p.write_text("<utility_space")
    else:
        p.write_text(p.read_text().replace('value="0.4452125771655631"', 'value="2.0"'))
    code, out, err = cli("bargain", str(d))
    assert code == 2
    assert "Laptop-C-prof1.xml" in err and "Traceback" not in err + out


SCENARIO = """
standoff: 1
id: bad
title: Bad
as_of: 2025-01-01
actors:
  a: {name: A, kind: state, capability: {value: 1, assumption: x}}
  b: {name: B, kind: state, capability: {value: 1, assumption: x}}
issues:
  x: {name: X, options: [p, q]}
negotiation: {parties: [a, b]}
preferences:
  a:
    assumption: x
    issues: {x: {salience: 1, values: {p: 1, q: 0}}}
    red_lines: [{issue: x, options: [p, q]}]
  b:
    assumption: x
    issues: {x: {salience: 1, values: {p: 0, q: 1}}}
no_deal:
  a: {assumption: x, p_prevail: 0.5, conflict_cost: 0, horizon: 1, discount: 1}
  b: {assumption: x, p_prevail: 0.5, conflict_cost: 0, horizon: 1, discount: 1}
"""


def test_red_lines_excluding_everything_exit_2(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(SCENARIO)
    code, out, err = cli("bargain", str(f))
    assert code == 2
    assert "red lines of a exclude every outcome" in err and "Traceback" not in err + out


def test_unknown_source_exits_2(tmp_path: Path) -> None:
    code, _, err = cli("bargain", "no-such-scenario")
    assert code == 2 and "no bundled scenario" in err
    (tmp_path / "empty").mkdir()
    code, _, err = cli("bargain", str(tmp_path / "empty"))
    assert code == 2 and "without XML files" in err
