"""Evaluation of `standoff draft` (issue 14), three parts:

1. the founding article (../shared/seeds/ultimatum-article.txt): which of the 13 elements
   of BRIEF section 2 the draft recovers, each traced to the right sentence;
2. the PLOVER gold-standard records (../shared/data/events/plover_gsr_cameo.txt): precision
   and recall of the event category and of the source and target actors (country code),
   for the drafter and for a keyword baseline;
3. the project's 22 texts (tests/data/draft/texts): precision and recall per element type,
   for the development half (odd numbers) and the held-out half (even numbers).

Run: .venv/bin/python benchmarks/draft_eval.py [--json]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from standoff.core.errors import UserError
from standoff.draft import draft_text
from standoff.draft.score import (
    PR,
    drafter_prediction,
    failed_text_scores,
    founding_elements,
    gsr_scores,
    keyword_baseline,
    text_scores,
)

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "seeds" / "ultimatum-article.txt"
GSR = ROOT.parent / "shared" / "data" / "events" / "plover_gsr_cameo.txt"
TEXTS = ROOT / "tests" / "data" / "draft" / "texts"
FOUNDING_GOLD = ROOT / "tests" / "data" / "draft" / "founding-article.gold.yaml"
FOUNDING_DATE = dt.date(2025, 12, 2)


def _yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def founding() -> dict[str, Any] | None:
    if not ARTICLE.exists():
        print(f"[1] skipped: founding article not found at {ARTICLE}")
        return None
    text = ARTICLE.read_text(encoding="utf-8")
    gold = _yaml(FOUNDING_GOLD)
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != gold["sha256"]:
        print("[1] warning: the founding article differs from the one the gold offsets refer to")
    res = draft_text(text, as_of=FOUNDING_DATE, name=ARTICLE.name)
    out = founding_elements(res.draft, gold)
    rec = sum(v["recovered"] for v in out.values())
    traced = sum(v["traced"] for v in out.values())
    print(f"[1] Founding article (as of {FOUNDING_DATE}): {rec}/13 elements recovered, {traced}/13 traced to the right sentence")
    for n, v in out.items():
        mark = "ok " if v["traced"] else ("rec" if v["recovered"] else "-- ")
        print(f"   {mark} {n:2d} {v['title']:<52} sentences {v['sentences']} (want {v['expected']}): {v['detail']}")
    return {"recovered": rec, "traced": traced, "elements": out}


def gsr() -> dict[str, Any] | None:
    if not GSR.exists():
        print(f"[2] skipped: PLOVER gold-standard records not found at {GSR}")
        return None
    records = json.loads(GSR.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    ours = gsr_scores(records, drafter_prediction)
    t_ours = time.perf_counter() - t0
    base = gsr_scores(records, keyword_baseline)
    n = ours["category"].gold
    print(f"\n[2] PLOVER gold-standard records: {n} coded sentences (DOCUMENT excluded; DEMAND->REQUEST, "
          f"DISAPPROVE/INVESTIGATE->ACCUSE, FIGHT->ASSAULT); drafter {t_ours:.1f} s")
    print(f"   {'':<10} {'drafter P':>10} {'R':>6} {'baseline P':>11} {'R':>6}")
    for k in ("category", "source", "target"):
        print(f"   {k:<10} {_fmt(ours[k].precision):>10} {_fmt(ours[k].recall):>6} "
              f"{_fmt(base[k].precision):>11} {_fmt(base[k].recall):>6}")
    return {"drafter": {k: v.as_dict() for k, v in ours.items()}, "baseline": {k: v.as_dict() for k, v in base.items()}}


def own_texts() -> dict[str, Any]:
    halves: dict[str, dict[str, PR]] = {"development": {}, "held-out": {}}
    per_text = []
    for path in sorted(TEXTS.glob("*.txt")):
        gold = _yaml(path.with_suffix(".gold.yaml"))
        text = path.read_text(encoding="utf-8")
        try:
            res = draft_text(text, as_of=gold["date"], name=path.name)
        except UserError as exc:  # the drafter refuses the text: every gold element is missed
            print(f"   {path.name}: no draft ({exc.message})")
            ts = failed_text_scores(path.name, gold)
        else:
            ts = text_scores(path.name, text, gold, res.draft)
        half = "development" if int(path.name[:2]) % 2 == 1 else "held-out"
        for k, pr in ts.scores.items():
            halves[half].setdefault(k, PR()).add(pr)
        per_text.append({"text": path.name, "half": half, **{k: v.as_dict() for k, v in ts.scores.items()}})
    print(f"\n[3] Own texts: {sum(1 for _ in TEXTS.glob('*.txt'))} texts, precision / recall per element type")
    print(f"   {'element':<16} {'development P':>14} {'R':>6} {'held-out P':>11} {'R':>6}")
    for k in halves["development"]:
        d, h = halves["development"][k], halves["held-out"][k]
        print(f"   {k:<16} {_fmt(d.precision):>14} {_fmt(d.recall):>6} {_fmt(h.precision):>11} {_fmt(h.recall):>6}"
              f"   (gold {d.gold}+{h.gold})")
    return {"halves": {h: {k: v.as_dict() for k, v in s.items()} for h, s in halves.items()}, "texts": per_text}


def main() -> None:
    report = {"founding": founding(), "gsr": gsr(), "texts": own_texts()}
    if "--json" in sys.argv:
        print(json.dumps(report, default=str, indent=1))


if __name__ == "__main__":
    main()
