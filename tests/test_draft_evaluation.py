"""standoff draft against its evaluations: the founding article (all 13 elements, each
traced to its sentence, and a brief that runs), the gold files, the scorer, and the
shipped lexicon (reproducible from ../shared, licence kept beside it)."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import importlib.util
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

pytest.importorskip("spacy", reason="the optional 'draft' extra (spaCy) is not installed")

from standoff.draft import draft_text
from standoff.draft.score import PR, _match, founding_elements, keyword_baseline
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared/seeds/ultimatum-article.txt"
EVENTS = ROOT.parent / "shared/data/events"
DATA = ROOT / "tests/data/draft"
TEXTS = sorted((DATA / "texts").glob("*.txt"))
RESERVED = re.compile(r"panama|noriega|liberia|libya|gaddafi|qaddafi|philippines|marcos|venezuela|iraq|saddam|"
                      r"cote|ivoire|gbagbo|haiti|duvalier|zimbabwe|mugabe|yemen|saleh", re.IGNORECASE)


def _yaml(path: Path) -> dict:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def article() -> str:
    if not ARTICLE.exists():
        pytest.skip(f"founding article not found at {ARTICLE}")
    return ARTICLE.read_text(encoding="utf-8")


def test_founding_article_all_13_elements_traced(article: str) -> None:
    gold = _yaml(DATA / "founding-article.gold.yaml")
    assert hashlib.sha256(article.encode("utf-8")).hexdigest() == gold["sha256"]
    res = draft_text(article, as_of=dt.date(2025, 12, 2), name="ultimatum-article.txt")
    out = founding_elements(res.draft, gold)
    missing = {n: v["detail"] for n, v in out.items() if not v["traced"]}
    assert not missing


def test_founding_draft_validates_and_briefs_with_placeholders_flagged(article: str, tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    res = run_cli("draft", str(ARTICLE), "--date", "2025-12-02", "-o", str(path), "--html", str(tmp_path / "r.html"))
    assert res.code == 0, res.stderr
    assert "to be judged" in res.stderr
    assert run_cli("validate", str(path)).code == 0
    brief = run_cli("brief", str(path))
    assert brief.code == 0, brief.stderr
    text = path.read_text(encoding="utf-8")
    assert "to be judged" in text


def test_nothing_project_side_quotes_the_founding_article(article: str) -> None:
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", article) if len(s) > 40]
    files = [p for p in DATA.rglob("*") if p.is_file()]
    files += [p for p in (ROOT / "src/standoff/draft").rglob("*") if p.is_file() and p.suffix in (".py", ".json", ".md")]
    files += [ROOT / "benchmarks/draft_eval.py"]
    texts = [p.read_text(encoding="utf-8") for p in files]
    for sentence in sentences:
        for chunk in (sentence[i : i + 40] for i in range(0, len(sentence) - 40, 20)):
            assert not any(chunk in t for t in texts), chunk


def test_evaluation_texts_are_many_distinct_and_not_reserved() -> None:
    assert len(TEXTS) >= 20
    for path in TEXTS:
        assert not RESERVED.search(path.name), path.name
        text = path.read_text(encoding="utf-8")
        gold = _yaml(path.with_suffix(".gold.yaml"))
        assert isinstance(gold["date"], dt.date)
        ids = set(gold["actors"])
        for kind in ("events", "instruments", "offers"):
            for item in gold.get(kind) or []:
                assert set(item) <= {"cue", "category", "actor", "target", "via", "kind", "imposer", "status",
                                     "fate", "issues"}, (path.name, item)
                assert isinstance(item["cue"], str) and item["cue"] in text, (path.name, item["cue"])
                for role in ("actor", "target", "imposer"):
                    assert item.get(role) in (None, *ids), (path.name, item)
        for item in gold.get("events") or []:
            assert item["category"] in {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                                        "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                                        "MOBILIZE", "COERCE", "ASSAULT"}


def test_matching_counts_each_gold_item_once() -> None:
    pr = _match([(1, "REJECT"), (1, "REJECT"), (2, "AGREE")], [(1, "REJECT"), (3, "AGREE"), (1, "REJECT"), (1, "REJECT")])
    assert (pr.tp, pr.predicted, pr.gold) == (2, 4, 3)
    assert pr.precision == 0.5 and pr.recall == pytest.approx(2 / 3)
    assert PR().precision is None and PR().recall is None


def test_keyword_baseline_reads_the_obvious() -> None:
    p = keyword_baseline("Chile threatened Peru with sanctions.")
    assert (p.category, p.source, p.target) == ("THREATEN", "CHL", "PER")


def test_shipped_lexicon_is_reproducible_and_attributed() -> None:
    data_dir = ROOT / "src/standoff/draft/data"
    assert "CC BY-SA 4.0" in (data_dir / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "MIT" in (data_dir / "LICENSE-PETRARCH2.txt").read_text(encoding="utf-8")
    if not EVENTS.is_dir():
        pytest.skip(f"event data not found at {EVENTS}")
    spec = importlib.util.spec_from_file_location("build_draft_lexicon", ROOT / "scripts/build_draft_lexicon.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    import json

    built = mod.build(EVENTS)
    shipped = json.loads(gzip.decompress((data_dir / "lexicon.json.gz").read_bytes()))
    assert built == shipped, "regenerate with: python scripts/build_draft_lexicon.py"
