"""standoff draft on the command line: valid drafts, placeholders, the review page, errors."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("spacy", reason="the optional 'draft' extra (spaCy) is not installed")

from standoff.scenario import Scenario
from standoff.scenario.unjudged import MARKER, is_unjudged, placeholder, unjudged_paths
from tests.helpers import FLAGSHIP, run_cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs/examples/dispatch-fisheries.txt"


def test_draft_writes_a_scenario_that_validates_and_briefs(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    res = run_cli("draft", str(EXAMPLE), "-o", str(out))
    assert res.code == 0, res.stderr
    assert run_cli("validate", str(out)).code == 0
    brief = run_cli("brief", str(out), "--json")
    assert brief.code == 0, brief.stderr
    spec = Scenario.load(out).spec
    assert spec.as_of.isoformat() == "2026-01-20"  # from the dateline
    assert {"chl", "per", "nor"} <= set(spec.actors)
    assert spec.actors["nor"].kind.value == "mediator"
    assert spec.negotiation.challenger == "chl" and spec.negotiation.target == "per"
    assert {i.kind.value for i in spec.instruments.values()} >= {"blockade", "sanction"}
    # the brief says first that the answer rests on placeholders
    data = json.loads(brief.stdout)
    assert data["assessment"]["unjudged"] == unjudged_paths(spec) != []
    first = data["sections"][0]["lines"][0]
    assert first.startswith(f"Caution: {len(unjudged_paths(spec))} numbers in this file are placeholders"), first


def test_every_unknown_number_is_a_marked_placeholder(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    assert run_cli("draft", str(EXAMPLE), "-o", str(out)).code == 0
    spec = Scenario.load(out).spec
    paths = unjudged_paths(spec)
    assert "negotiation" not in " ".join(paths)
    for must in ("actors.chl.capability", "instruments.blockade.cost_to_target",
                 "instruments.blockade.credibility", "no_deal.chl.conflict_cost"):
        assert must in paths
    assert any(p.startswith("preferences.per.issues.") and p.endswith(".salience") for p in paths)


def test_unjudged_marker_inherited_and_own() -> None:
    assert is_unjudged(placeholder("why")) and placeholder("why").startswith(MARKER)
    assert not is_unjudged("a judgement with a reason") and not is_unjudged(None)
    assert unjudged_paths(Scenario.load(FLAGSHIP).spec) == []  # the flagship has none
    data = Scenario.load(FLAGSHIP).spec.model_dump(mode="json", exclude_none=True)
    data["no_deal"]["usa"]["assumption"] = placeholder("not known")
    data["actors"]["usa"]["capability"] = {"value": 50, "assumption": placeholder("not known")}
    paths = unjudged_paths(Scenario.from_dict(data).spec)
    assert "actors.usa.capability" in paths
    assert "no_deal.usa.conflict_cost" in paths and "no_deal.usa.discount" in paths  # inherited
    assert "no_deal.usa.p_prevail" in paths  # a distribution without provenance of its own
    assert "no_deal.maduro.conflict_cost" not in paths


def test_json_prints_only_json(tmp_path: Path) -> None:
    res = run_cli("draft", str(EXAMPLE), "--json")
    assert res.code == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["date_from"] == "dateline" and data["unjudged"]
    assert all(t["sentences"] for t in data["traces"])
    first = next(t for t in data["traces"] if t["path"].startswith("events"))
    text = EXAMPLE.read_text(encoding="utf-8")
    a, b = first["spans"][0]
    assert 0 <= a < b <= len(text)


def test_review_page_is_self_contained_and_escaped(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Oslo, 2 March 2024. Chile gave Peru until Friday to withdraw its boats <script>alert(1)</script>. "
        "Peru rejected the demand outright & said \"never\".\n", encoding="utf-8")
    page = tmp_path / "review.html"
    res = run_cli("draft", str(article), "-o", str(tmp_path / "d.yaml"), "--html", str(page))
    assert res.code == 0, res.stderr
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", html)  # nothing loaded from outside
    assert "@import" not in html and "url(" not in html
    assert re.search(r'href="#L\d+"', html) and 'id="S2"' in html


def test_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02")
    empty = tmp_path / "e.txt"
    empty.write_text("  \n", encoding="utf-8")
    nobody = tmp_path / "n.txt"
    nobody.write_text("It rained on Tuesday and the river rose.", encoding="utf-8")
    for args, words in [
        ((str(tmp_path / "missing.txt"),), "no such file"),
        ((str(binary),), "binary"),
        ((str(empty),), "empty"),
        ((str(nobody), "--date", "2024-01-01"), "fewer than two actors"),
        ((str(EXAMPLE), "--date", "2024-02-30"), "not a date"),
        ((str(EXAMPLE), "--html", str(tmp_path / "r.pdf")), "HTML"),
        ((str(tmp_path),), "directory"),
    ]:
        res = run_cli("draft", *args)
        assert res.code == 2, (args, res.stderr)
        assert words in res.stderr and "Traceback" not in res.stderr


def test_missing_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked on every run, even after a pipeline was built in this process."""
    from standoff.draft import lexicon as lex

    lex.pipeline()  # a pipeline already built and cached
    monkeypatch.setitem(sys.modules, "spacy", None)  # importing spaCy now raises ImportError
    res = run_cli("draft", str(EXAMPLE))
    assert res.code == 2 and "standoff[draft]" in res.stderr and "Traceback" not in res.stderr


def test_core_does_not_import_spacy() -> None:
    import subprocess
    import sys

    code = ("import sys, standoff, standoff.presenters.cli, standoff.scenario.unjudged; "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
