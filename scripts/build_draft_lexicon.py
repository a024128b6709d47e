"""Compile the PETRARCH2 dictionaries and the PLOVER conversion table into the compact
lexicon that ``standoff draft`` ships (``src/standoff/draft/data/lexicon.json.gz``).

Inputs (read-only, from ``../shared/data/events/`` by default):

- ``petrarch2_Phoenix.Countries.actors.txt``, ``petrarch2_Phoenix.International.actors.txt``,
  ``petrarch2_Phoenix.MilNonState.actors.txt``: actor names and synonyms with CAMEO codes
  (country + sector), the gazetteer;
- ``petrarch2_Phoenix.agents.txt``: agent words ("president", "army", "rebels") -> sector;
- ``petrarch2_CAMEO.2.0.txt``: verbs and verb patterns -> CAMEO event codes;
- ``plover_cameo2plover-2021.txt``: CAMEO code -> PLOVER category (draft 0.8, 2021).

PETRARCH2 is MIT-licensed (Open Event Data Alliance); PLOVER is CC BY-SA 4.0. The
generated file is derived from both and is distributed under CC BY-SA 4.0 with the
attribution in ``src/standoff/draft/data/ATTRIBUTION.md``.

Usage::

    python scripts/build_draft_lexicon.py [--events ../shared/data/events] [--out PATH]

The output is deterministic (sorted keys, fixed gzip mtime): rerunning it on the same
inputs gives the same bytes. It needs spaCy (``pip install -e '.[draft]'``) only to
tokenize phrases exactly as the drafting pipeline will.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVENTS = ROOT.parent / "shared" / "data" / "events"
DEFAULT_OUT = ROOT / "src" / "standoff" / "draft" / "data" / "lexicon.json.gz"

#: CAMEO root codes the 2021 PLOVER table does not list. 02 ("make an appeal or request")
#: is PLOVER's REQUEST; 01 (public statements) is not an event in PLOVER and is dropped.
EXTRA_ROOTS = {"02": "REQUEST"}

#: Roles whose last known date ends before this (YYYYMMDD) are dropped: the lexicon is for
#: current news, and old office-holders mostly add false matches.
PERSON_CUTOFF = 19950101

#: Sector codes kept for persons (others: business, media, ... rarely bargain).
PERSON_SECTORS = {"GOV", "MIL", "OPP", "REB", "LEG", "JUD", "ELI", "SPY", "PTY", "IGO", "COP"}


def _code_re() -> re.Pattern[str]:
    return re.compile(r"\[([~A-Z0-9]+)(?:\s+([<>]?\d{6,8}(?:-\d{6,8})?))?\s*\]")


CODE = _code_re()


def _phrase(raw: str) -> str:
    """PETRARCH phrase (``NICOLAS_MADURO_``) -> plain words (``NICOLAS MADURO``); the case is
    kept so that the tokenizer sees "U.S." as one token, and tokens are lower-cased after."""
    text = raw.strip().lstrip("+").split("#")[0].strip()
    text = text.replace("_", " ").strip()
    return " ".join(text.split())


def _date(text: str) -> int:
    """YYMMDD or YYYYMMDD -> YYYYMMDD (two-digit years 00-39 are 20xx)."""
    if len(text) == 8:
        return int(text)
    yy = int(text[:2])
    return (2000 + yy if yy < 40 else 1900 + yy) * 10000 + int(text[2:])


def _role_end(dates: str | None) -> int:
    if not dates:
        return 99991231
    if dates.startswith(">"):
        return 99991231
    if dates.startswith("<"):
        return _date(dates[1:])
    if "-" in dates:
        return _date(dates.split("-")[1])
    return _date(dates)


def _split_code(code: str) -> tuple[str | None, str | None]:
    """CAMEO actor code -> (country or org code, sector)."""
    code = code.lstrip("~")
    if len(code) < 3:
        return None, None
    head, rest = code[:3], code[3:]
    return head, (rest[:3] or None)


def _display(raw: str) -> str:
    small = {"of", "the", "and", "de", "los", "la", "del", "for", "al"}
    words = _phrase(raw).lower().split()
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def parse_actor_file(path: Path, kind_of_file: str) -> list[dict[str, Any]]:
    """Entries with their synonyms and codes, in file order."""
    entries: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        codes = [(m.group(1), m.group(2)) for m in CODE.finditer(line)]
        if line.startswith(("\t", " ")) and codes:
            if current is not None:
                current["codes"].extend(codes)
            continue
        body = CODE.sub("", line.split("#")[0]).strip()
        if line.startswith("+"):
            if current is not None and body:
                current["names"].append(_phrase(body))
                current["codes"].extend(codes)
            continue
        if not body:
            continue
        current = {"raw": body, "names": [_phrase(body)], "codes": list(codes), "file": kind_of_file}
        entries.append(current)
    return entries


def compile_actors(events: Path, tokenize: Any) -> dict[str, Any]:
    countries: dict[str, dict[str, Any]] = {}
    people: list[dict[str, Any]] = []
    orgs: list[dict[str, Any]] = []
    for entry in parse_actor_file(events / "petrarch2_Phoenix.Countries.actors.txt", "countries"):
        head_codes = [c for c, d in entry["codes"] if d is None and len(c) == 3]
        if head_codes and not entry["raw"].startswith(("UNITED_STATES_CONGRESS", "WHITE_HOUSE")):
            iso = head_codes[0]
            if iso not in countries:
                countries[iso] = {"country": iso, "name": _display(entry["raw"]), "names": []}
            countries[iso]["names"].extend(entry["names"])
        else:
            people.append(entry)
    for name in ("International", "MilNonState"):
        orgs.extend(parse_actor_file(events / f"petrarch2_Phoenix.{name}.actors.txt", name))

    out_entries: list[dict[str, Any]] = []
    phrases: dict[str, int] = {}
    priority: dict[str, int] = {}

    def add(entry: dict[str, Any], names: list[str], prio: int) -> None:
        idx = len(out_entries)
        out_entries.append(entry)
        for n in names:
            key = " ".join(tokenize(n))
            if len(key) < 2 or key in {"us", "the"}:
                continue
            if key not in phrases or prio > priority[key]:
                phrases[key] = idx
                priority[key] = prio

    for iso in sorted(countries):
        c = countries[iso]
        display = c["name"].title() if c["name"].isupper() else c["name"]
        add({"name": display, "country": iso, "sector": "GOV", "type": "state"}, c["names"], 3)
        # the header name beats any alias elsewhere (Georgia the country, not the US state)
        key = " ".join(tokenize(c["names"][0]))
        phrases[key] = len(out_entries) - 1
        priority[key] = 9

    for entry in people:
        best: tuple[int, str] | None = None
        for code, dates in entry["codes"]:
            end = _role_end(dates)
            if best is None or end > best[0]:
                best = (end, code)
        if best is None or best[0] < PERSON_CUTOFF:
            continue
        country, sector = _split_code(best[1])
        if country is None or sector not in PERSON_SECTORS:
            continue
        etype = "institution" if entry["raw"].startswith(("WHITE_HOUSE", "UNITED_STATES_CONGRESS",
                                                          "KREMLIN")) else "person"
        add({"name": _display(entry["raw"]), "country": country, "sector": sector, "type": etype},
            entry["names"], 2 if etype == "institution" else 1)

    for entry in orgs:
        code = next((c for c, _ in entry["codes"]), None)
        if code is None:
            continue
        head, sector = _split_code(code)
        if head is None:
            continue
        if head == "IGO" or entry["file"] == "International":
            etype, country, sec = "organization", None, "IGO" if head == "IGO" else (sector or head)
        else:
            etype, country, sec = "armed_group", head if head in countries else None, sector or "REB"
        add({"name": _display(entry["raw"]), "country": country, "sector": sec, "type": etype,
             "code": code.lstrip("~")}, entry["names"], 2)
    return {"entries": out_entries, "phrases": dict(sorted(phrases.items()))}


def compile_agents(events: Path, tokenize: Any) -> dict[str, str]:
    agents: dict[str, str] = {}
    for line in (events / "petrarch2_Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip() or line.startswith(("#", "!")):
            continue
        m = CODE.search(line)
        if not m or "!" in line.split("[")[0]:
            continue
        words = _phrase(CODE.sub("", line.split("#")[0]))
        if not words or len(words.split()) > 3:
            continue
        sector = m.group(1).lstrip("~")[:3]
        key = " ".join(tokenize(words))
        agents.setdefault(key, sector)
    return dict(sorted(agents.items()))


def parse_plover_table(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            table.setdefault(m.group(1), m.group(2))
    for root, cat in EXTRA_ROOTS.items():
        table.setdefault(root, cat)
    return table


def plover_of(code: str, table: dict[str, str]) -> str | None:
    """A CAMEO code -> PLOVER category, by the longest listed prefix."""
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def _inflections(verb: str) -> list[str]:
    """Regular English forms of a verb (PETRARCH generates these itself)."""
    forms = {verb}
    if verb.endswith("e"):
        forms |= {verb + "s", verb + "d", verb[:-1] + "ing"}
    elif verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    elif verb.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {verb + "es", verb + "ed", verb + "ing"}
    else:
        forms |= {verb + "s", verb + "ed", verb + "ing"}
        if (len(verb) >= 3 and verb[-1] not in "aeiouwxy" and verb[-2] in "aeiou"
                and verb[-3] not in "aeiou" and len(verb) <= 5):
            forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return sorted(forms)


def compile_verbs(events: Path, table: dict[str, str]) -> dict[str, Any]:
    text = (events / "petrarch2_CAMEO.2.0.txt").read_text(encoding="utf-8", errors="replace")
    synsets: dict[str, list[str]] = {}
    lines = text.splitlines()
    i = 0
    current_set: str | None = None
    start_patterns = next(k for k, ln in enumerate(lines) if ln.startswith("####### VERB PATTERNS"))
    for ln in lines[:start_patterns]:
        if ln.startswith("&"):
            current_set = ln.strip().rstrip("_")
            synsets[current_set] = []
        elif ln.startswith("+") and current_set:
            synsets[current_set].append(_phrase(ln).lower())
    verbs: dict[str, str] = {}
    patterns: dict[str, list[list[Any]]] = defaultdict(list)
    block_code: str | None = None
    block_verbs: list[str] = []
    i = start_patterns + 1
    while i < len(lines):
        ln = lines[i]
        i += 1
        head = re.match(r"^---\s+(\S+)\s+\[([^\]]+)\]", ln)
        if head:
            block_code = head.group(2).strip()
            block_verbs = []
            continue
        if not ln.strip() or ln.startswith("#"):
            continue
        if ln.startswith("-"):
            m = re.search(r"\[([0-9-]+)\]", ln)
            if not m or "---" in m.group(1):
                continue
            cat = plover_of(m.group(1), table)
            body = ln[1:ln.index("[")].strip()
            if cat is None or not body.startswith("*"):
                continue
            words: list[list[str]] = []
            for tok in re.findall(r"&?[A-Z][A-Z_'.-]*", body[1:]):
                if tok.startswith("&"):
                    members = synsets.get(tok.rstrip("_"), [])
                    words.append(sorted({w for w in members if " " not in w})[:40])
                else:
                    words.append([_phrase(tok).lower()])
            if words and all(words):
                for v in block_verbs:
                    patterns[v].append([words, cat])
            continue
        m = re.match(r"^\+?([A-Z][A-Z_'-]*)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?", ln)
        if not m:
            continue
        word = _phrase(m.group(1)).lower()
        own = m.group(3)
        code = own.strip("[]").strip() if own else block_code
        block_verbs.append(word)
        forms = [_phrase(f).lower() for f in m.group(2).strip("{}").split()] if m.group(2) else []
        if " " in word:  # multi-word verbs: keep the regular forms of the first word
            first, rest = word.split(" ", 1)
            forms = [f"{f} {rest}" for f in _inflections(first)] + forms
        else:
            forms = _inflections(word) + forms
        if not code or "-" in code:
            continue
        cat = plover_of(code, table)
        if cat is None:
            continue
        for f in forms:
            verbs.setdefault(f, cat)
    return {"verbs": dict(sorted(verbs.items())),
            "patterns": {k: v for k, v in sorted(patterns.items()) if v}}


def build(events: Path) -> dict[str, Any]:
    import spacy

    nlp = spacy.blank("en")

    def tokenize(text: str) -> list[str]:
        return [t.lower_ for t in nlp.make_doc(text)]

    table = parse_plover_table(events / "plover_cameo2plover-2021.txt")
    return {
        "about": ("Derived from the PETRARCH2 dictionaries (MIT, Open Event Data Alliance) and "
                  "the PLOVER CAMEO-to-PLOVER table (CC BY-SA 4.0, Open Event Data Alliance); "
                  "this derived file is CC BY-SA 4.0. See ATTRIBUTION.md."),
        "actors": compile_actors(events, tokenize),
        "agents": compile_agents(events, tokenize),
        "cameo_to_plover": dict(sorted(table.items())),
        **compile_verbs(events, table),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=Path, default=DEFAULT_EVENTS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    data = build(args.events)
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(buf.getvalue())
    a = data["actors"]
    print(f"wrote {args.out}: {len(a['entries'])} actors, {len(a['phrases'])} names, "
          f"{len(data['agents'])} agent words, {len(data['verbs'])} verb forms, "
          f"{len(data['patterns'])} verbs with patterns; {len(buf.getvalue()) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
