"""Scoring drafts against gold annotations (used by ``benchmarks/draft_eval.py`` and tests).

Three evaluations:

- :func:`founding_elements`: which of the 13 elements of the flagship case (BRIEF section 2)
  a draft of the founding article recovers, each traced to the right sentence;
- :func:`gsr_scores`: event category and source/target actors on the PLOVER gold-standard
  records, for the drafter and for :func:`keyword_baseline`;
- :func:`text_scores`: precision and recall per element type on the project's own texts
  (gold format in ``tests/data/draft/README.md``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from standoff.draft.build import Draft
from standoff.draft.extract import Extraction, read
from standoff.draft.lexicon import lexicon

#: PLOVER 0.5 categories of the gold-standard records -> the format's categories, as in the
#: 2021 CAMEO-to-PLOVER table (DEMAND merged into REQUEST, DISAPPROVE and INVESTIGATE into
#: ACCUSE, FIGHT into ASSAULT).
GSR_CATEGORY = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


@dataclass
class PR:
    """Counts behind a precision and a recall."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    def add(self, other: PR) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "predicted": self.predicted, "gold": self.gold,
                "precision": self.precision, "recall": self.recall}


def _match(gold: list[tuple[Any, ...]], pred: list[tuple[Any, ...]]) -> PR:
    """Multiset matching: each gold item is found at most once."""
    pool = list(pred)
    tp = 0
    for g in gold:
        if g in pool:
            pool.remove(g)
            tp += 1
    return PR(tp, len(pred), len(gold))


# ------------------------------------------------------------------ the founding article
def _sentences_of(draft: Draft, path: tuple[str | int, ...]) -> set[int]:
    out: set[int] = set()
    for tr in draft.traces:
        if tr.path == path:
            out |= {f.sentence + 1 for f in tr.findings}
    return out


def founding_elements(draft: Draft, gold: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """For each of the 13 elements: recovered or not, and whether its trace holds the
    right sentence(s) (``gold['elements'][n]['sentences']``, 1-based)."""
    data = draft.data
    neg = data["negotiation"]
    ch, tg = neg["challenger"], neg["target"]
    events = data["events"]
    instruments = data.get("instruments", {})
    actors = data["actors"]

    def ev_sent(k: int) -> set[int]:
        return _sentences_of(draft, ("events", k))

    def find(pred: Any) -> list[int]:
        return [k for k, e in enumerate(events) if pred(e)]

    def responses(k: int, category: str = "REJECT") -> list[int]:
        eid = events[k]["id"]
        return [j for j, e in enumerate(events) if e.get("responds_to") == eid and e["category"] == category]

    def ins_sent(kind: str) -> tuple[bool, set[int], dict[str, Any] | None]:
        for iid, ins in instruments.items():
            if ins["kind"] == kind:
                return True, _sentences_of(draft, ("instruments", iid)), ins
        return False, set(), None

    out: dict[int, dict[str, Any]] = {}

    def record(n: int, ok: bool, sentences: set[int], detail: str) -> None:
        want = set(gold["elements"][n]["sentences"])
        out[n] = {"title": gold["elements"][n]["title"], "recovered": ok, "traced": ok and want <= sentences,
                  "sentences": sorted(sentences), "expected": sorted(want), "detail": detail}

    # 1 phone call via mediators
    ks = find(lambda e: e["category"] == "CONSULT" and len(e.get("via", [])) >= 2
              and all(actors[v]["kind"] == "mediator" for v in e["via"]) and e.get("confirmed", True))
    record(1, bool(ks), set().union(*(ev_sent(k) for k in ks)) if ks else set(),
           f"CONSULT via {events[ks[0]]['via']}" if ks else "no mediated CONSULT")
    # 2 ultimatum: demand package + threat + deadline
    ks = find(lambda e: e["actor"] == ch and e["category"] == "THREATEN" and e.get("package")
              and e.get("threat") and e.get("deadline"))
    record(2, bool(ks) and "deadline" in neg, ev_sent(ks[0]) if ks else set(),
           f"THREATEN {events[ks[0]]['package']} threat {events[ks[0]]['threat']}" if ks else "no ultimatum")
    # 3 amnesty request, rejected
    ks = find(lambda e: e["actor"] == tg and e.get("package", {}).get("amnesty") == "global"
              and e.get("fate") == "rejected")
    sents = set().union(*(ev_sent(k) | set().union(set(), *(ev_sent(j) for j in responses(k))) for k in ks)) if ks else set()
    record(3, bool(ks) and any(responses(k) for k in ks), sents, "amnesty: global, rejected" if ks else "none")
    # 4 military control with elections, rejected
    ks = find(lambda e: e["actor"] == tg and "military_control" in e.get("package", {})
              and "elections" in e.get("package", {}) and e.get("fate") == "rejected")
    sents = set().union(*(ev_sent(k) | set().union(set(), *(ev_sent(j) for j in responses(k))) for k in ks)) if ks else set()
    record(4, bool(ks) and any(responses(k) for k in ks), sents, "military control + elections, rejected" if ks else "none")
    # 5 exit timing: immediate demand, refused by the target; deadline
    ks = find(lambda e: e["actor"] == ch and e.get("package", {}).get("exit_timing") == "immediate")
    refusals = [j for k in ks for j in responses(k) if events[j]["actor"] == tg]
    sents = set().union(*(ev_sent(k) for k in ks + refusals)) if ks else set()
    record(5, "exit_timing" in data["issues"] and bool(refusals) and "deadline" in neg, sents,
           f"{len(refusals)} refusal(s) of an immediate exit")
    # 6 safe passage, family only, in the challenger's offer
    ks = find(lambda e: e["actor"] == ch and e.get("package", {}).get("safe_passage") == "family_only")
    record(6, "safe_passage" in data["issues"] and bool(ks),
           set().union(*(ev_sent(k) for k in ks)) if ks else set(), "safe passage: family_only" if ks else "none")
    # 7 earlier oil-stake offer, rejected, about a month before
    as_of = data["as_of"]
    ks = find(lambda e: e["actor"] == tg and e.get("package", {}).get("economic") == "side_payment"
              and e.get("fate") == "rejected" and 20 <= (as_of - e["date"]).days <= 45)
    record(7, bool(ks), set().union(*(ev_sent(k) for k in ks)) if ks else set(),
           f"side payment offered {(as_of - events[ks[0]]['date']).days} days before, rejected" if ks else "none")
    # 8 proposed meeting, unconfirmed
    ks = find(lambda e: e["category"] == "CONSULT" and e.get("confirmed") is False and e.get("fate") == "pending")
    record(8, bool(ks), set().union(*(ev_sent(k) for k in ks)) if ks else set(), "unconfirmed CONSULT" if ks else "none")
    # 9-11 instruments
    for n, kind in ((9, "airspace_closure"), (10, "terrorist_designation"), (11, "bounty")):
        ok, sents, ins = ins_sent(kind)
        good = ok and ins is not None and ins["imposer"] == ch and ins["target"] == tg and ins["status"] == "in_force"
        if kind == "terrorist_designation" and ins is not None and "amnesty" in data["issues"]:
            good = good and bool(ins.get("constrains"))
        record(n, good, sents, f"{kind} {ins['imposer']} -> {ins['target']} {ins['status']}" if ins else "none")
    # 12 silence: channel mediated or closed + an ignored request
    chans = [k for k, c in enumerate(data.get("channels", [])) if set(c["between"]) == {ch, tg}
             and c["status"] in ("mediated", "closed")]
    ks = find(lambda e: e.get("fate") == "ignored")
    sents = set().union(*(_sentences_of(draft, ("channels", k)) for k in chans)) if chans else set()
    record(12, bool(chans) and bool(ks), sents, f"channel {data['channels'][chans[0]]['status']}" if chans else "none")
    # 13 deadlock: no zone of agreement under the stated positions, traced to the standstill
    empty = _zone_empty(draft)
    ks = find(lambda e: e["category"] == "REJECT" and "responds_to" in e)
    red_sents = _sentences_of(draft, ("preferences", ch, "red_lines")) | _sentences_of(draft, ("preferences", tg, "red_lines"))
    record(13, bool(empty), red_sents, f"zone of agreement empty: {empty}")
    return out


def _zone_empty(draft: Draft) -> bool | None:
    from standoff.engines.bargain.analysis import analyse
    from standoff.engines.bargain.mapping import from_case
    from standoff.scenario import Scenario

    scn = Scenario.from_dict(draft.data)
    res = analyse(from_case(scn.case()), openings=False)
    return res.zopa.empty


# ---------------------------------------------------------------------------- PLOVER GSR
#: The keyword baseline: a few obvious words per category.
BASELINE_WORDS: dict[str, tuple[str, ...]] = {
    "AGREE": ("agree", "agreed", "agrees"), "CONSULT": ("meet", "met", "talks", "visit", "visited"),
    "SUPPORT": ("support", "supports", "supported", "praise", "praised"),
    "CONCEDE": ("concede", "conceded", "yield", "yielded"), "COOPERATE": ("cooperate", "cooperated"),
    "AID": ("aid", "assistance"), "RETREAT": ("withdraw", "withdrew", "retreat", "release", "released"),
    "REQUEST": ("demand", "demanded", "demands", "request", "requested", "ask", "asked", "urged"),
    "ACCUSE": ("accuse", "accused", "criticized", "criticised", "condemned", "investigate"),
    "REJECT": ("reject", "rejected", "refuse", "refused"), "THREATEN": ("threaten", "threatened", "warned"),
    "PROTEST": ("protest", "protested", "protesters", "demonstrators"),
    "SANCTION": ("sanction", "sanctions", "expelled", "suspended"),
    "MOBILIZE": ("mobilize", "mobilized", "deployed", "troops"),
    "COERCE": ("arrest", "arrested", "seized", "detained"), "ASSAULT": ("attack", "attacked", "killed", "fighting"),
}


@dataclass
class GsrPrediction:
    category: str | None
    source: str | None
    target: str | None


def keyword_baseline(sentence: str) -> GsrPrediction:
    """First keyword decides the category; first and second names found are source and target."""
    words = re.findall(r"[a-z]+", sentence.lower())
    category = None
    for w in words:
        category = next((c for c, ws in BASELINE_WORDS.items() if w in ws), None)
        if category:
            break
    from standoff.draft.lexicon import pipeline

    tokens = list(pipeline().make_doc(sentence))
    codes: list[str] = []
    for m in lexicon().find_actors(tokens):
        code = _code(m.info.country, m.info.sector)
        if code and code not in codes:
            codes.append(code)
    return GsrPrediction(category, codes[0] if codes else None, codes[1] if len(codes) > 1 else None)


def _code(country: str | None, sector: str | None) -> str | None:
    if country:
        return country
    return "IGO" if sector == "IGO" else None


def drafter_prediction(sentence: str) -> GsrPrediction:
    """The drafter's reading of one sentence: its first event with a source, else its first."""
    ex = read(sentence, dt.date(2000, 1, 1))
    if not ex.events:
        return GsrPrediction(None, None, None)
    ev = next((e for e in ex.events if e.actor), ex.events[0])

    def code(key: str | None) -> str | None:
        if key is None or key not in ex.actors:
            return None
        a = ex.actors[key].info
        return _code(a.country, a.sector)

    return GsrPrediction(ev.category, code(ev.actor), code(ev.target))


def _gold_codes(field_value: Any) -> set[str]:
    if not isinstance(field_value, list):
        return set()
    return {str(a.get("code", ""))[:3] for a in field_value if isinstance(a, dict) and a.get("code")}


def gsr_scores(records: Iterable[dict[str, Any]], predict: Any) -> dict[str, PR]:
    """Category, source and target P/R over the gold-standard records."""
    out = {"category": PR(), "source": PR(), "target": PR()}
    for rec in records:
        cat = rec.get("event")
        if not rec.get("text") or cat in (None, "DOCUMENT"):
            continue
        gold_cat = GSR_CATEGORY.get(cat, cat)
        p: GsrPrediction = predict(rec["text"])
        out["category"].gold += 1
        if p.category is not None:
            out["category"].predicted += 1
            out["category"].tp += p.category == gold_cat
        for role, value in (("source", p.source), ("target", p.target)):
            gold = _gold_codes(rec.get(role))
            out[role].gold += bool(gold)
            if value is not None:
                out[role].predicted += 1
                out[role].tp += value in gold
    return out


# ------------------------------------------------------------------------ our own texts
@dataclass
class TextScore:
    name: str
    scores: dict[str, PR] = field(default_factory=dict)


def failed_text_scores(name: str, gold: dict[str, Any]) -> TextScore:
    """Scores of a text the drafter refused (no draft): every gold element is missed."""
    offers = gold.get("offers") or []
    counts = {"actors": len(gold.get("actors") or {}), "event category": len(gold.get("events") or []),
              "event roles": len(gold.get("events") or []), "instruments": len(gold.get("instruments") or []),
              "offers": len(offers), "offer fates": len(offers),
              "offer issues": sum(len(o.get("issues", [])) for o in offers)}
    return TextScore(name, {k: PR(0, 0, n) for k, n in counts.items()})


def _sentence_at(ex: Extraction, offset: int) -> int:
    for s in ex.sentences:
        if s.start <= offset < s.end:
            return s.index
    raise ValueError(f"offset {offset} is outside every sentence")


def text_scores(name: str, text: str, gold: dict[str, Any], draft: Draft) -> TextScore:
    """Precision and recall per element type for one text."""
    ex = draft.extraction

    def sent_of(cue: str) -> int:
        pos = text.find(cue)
        if pos < 0:
            raise ValueError(f"{name}: gold cue {cue!r} is not in the text")
        return _sentence_at(ex, pos)

    # drafted actor id -> gold actor id, by the names each mentions
    gold_actors: dict[str, Any] = gold.get("actors") or {}
    inverse = {v: k for k, v in draft.actor_ids.items()}
    drafted_ids = list(draft.data["actors"])
    amap: dict[str, str] = {}
    for aid in drafted_ids:
        key = inverse.get(aid)
        if key is None:
            continue
        said = {text[a:b].lower() for a, b in ex.actors[key].mentions}
        best, best_n = None, 0
        for gid, g in gold_actors.items():
            names = [n.lower() for n in g["names"]]
            n = sum(1 for s in said for gn in names if s == gn or (len(gn) > 3 and (gn in s or s in gn)))
            if n > best_n:
                best, best_n = gid, n
        if best is not None:
            amap[aid] = best
    scores: dict[str, PR] = {}
    matched_gold = set(amap.values())
    scores["actors"] = PR(len(matched_gold), len(drafted_ids), len(gold_actors))

    events = draft.data["events"]
    ev_sent = {k: min(_sentences_of(draft, ("events", k)) or {0}) - 1 for k in range(len(events))}
    g_ev = [(sent_of(e["cue"]), e["category"]) for e in gold.get("events") or []]
    p_ev = [(ev_sent[k], e["category"]) for k, e in enumerate(events)]
    scores["event category"] = _match(g_ev, p_ev)
    g_roles = [(sent_of(e["cue"]), e["category"], e["actor"], e.get("target")) for e in gold.get("events") or []]
    p_roles = [(ev_sent[k], e["category"], amap.get(e["actor"]), amap.get(e.get("target", ""))) for k, e in enumerate(events)]
    # a gold event without a target matches whatever target was drafted
    relaxed = []
    for g in g_roles:
        if g[3] is None:
            cand = next((p for p in p_roles if p[:3] == g[:3]), None)
            relaxed.append(cand if cand else g)
        else:
            relaxed.append(g)
    scores["event roles"] = _match(relaxed, p_roles)

    g_ins = [(i["kind"], i["imposer"], i["target"]) for i in gold.get("instruments") or []]
    p_ins = [(i["kind"], amap.get(i["imposer"]), amap.get(i["target"])) for i in (draft.data.get("instruments") or {}).values()]
    scores["instruments"] = _match(g_ins, p_ins)

    offer_cats = ("AGREE", "REQUEST", "THREATEN", "CONCEDE")
    offers = [(k, e) for k, e in enumerate(events) if e["category"] in offer_cats and e.get("fate") not in (None, "happened")]
    g_off = [(sent_of(o["cue"]), o["actor"]) for o in gold.get("offers") or []]
    p_off = [(ev_sent[k], amap.get(e["actor"])) for k, e in offers]
    scores["offers"] = _match(g_off, p_off)
    g_fate = [(sent_of(o["cue"]), o["actor"], o["fate"]) for o in gold.get("offers") or []]
    p_fate = [(ev_sent[k], amap.get(e["actor"]), e.get("fate")) for k, e in offers]
    scores["offer fates"] = _match(g_fate, p_fate)
    g_iss = [(sent_of(o["cue"]), i) for o in gold.get("offers") or [] for i in o.get("issues", [])]
    p_iss = [(ev_sent[k], i) for k, e in offers for i in e.get("package", {})]
    scores["offer issues"] = _match(g_iss, p_iss)
    return TextScore(name, scores)
