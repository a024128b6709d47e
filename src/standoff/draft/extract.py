"""From an article's text to traced findings: actors, events, instruments, packages.

The pipeline, sentence by sentence:

1. spaCy (blank English tokenizer + rule-based sentencizer) splits the text;
2. the gazetteer finds names (longest match), with an agent word after a name giving its
   sector ("Venezuela's armed forces" -> VEN/MIL); a title before an unknown capitalised
   name makes a new person ("Gambian President Yahya Jammeh"); a few definite
   descriptions ("the administration", "the junta", "the bloc") point back to the
   nearest fitting actor;
3. hand-written triggers (:mod:`standoff.draft.rules`), then the CAMEO verb lexicon,
   give PLOVER events; the source is the nearest name before the trigger (the agent after
   "by" in the passive), the target the first name after it, else the other side of the
   last exchange; "arranged by A, B and C" gives go-betweens;
4. dates resolve against the article's date; undated sentences inherit the last date;
   modality, attribution, issues, instruments and fates are read from cue words.

Every finding carries the character span of its sentence and of its trigger, and a
confidence (a heuristic score in [0, 1], higher when more cues agree).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from standoff.draft import rules
from standoff.draft.dates import Resolved, find_dates
from standoff.draft.lexicon import ActorInfo, Lexicon, Mention, fold, lexicon, pipeline

#: Titles that introduce a person's name, with the sector they imply.
_TITLES = re.compile(
    r"\b(?:(?P<adj>[A-Z][\w-]+)\s+)?(?P<title>(?:Interim |Acting |Vice |Former )?(?:President|Prime Minister|"
    r"Foreign Minister|Defence Minister|Defense Minister|Minister|General|King|Emir|Chancellor|leader|"
    r"opposition leader|envoy|Secretary-General|Secretary of State|ambassador|counterpart))"
    r"(?:,)?\s+(?P<name>[A-Z][\w'-]+(?:\s+(?:[A-Z][\w'.-]+|al-\w+|bin|de|da)){0,3})"
)
_TITLE_SECTOR = {"general": "MIL", "opposition leader": "OPP"}

#: Definite descriptions resolved to the nearest earlier actor of a fitting sector.
_DESCRIPTIONS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("administration",): ("GOV",), ("government",): ("GOV",), ("regime",): ("GOV",),
    ("junta",): ("MIL", "GOV"), ("generals",): ("MIL", "GOV"), ("military",): ("MIL", "GOV"),
    ("bloc",): ("IGO",), ("alliance",): ("IGO",), ("opposition",): ("OPP",),
}
_PRONOUNS = {"he", "she", "his", "her"}


@dataclass
class Actor:
    """An actor of the draft: one cluster of mentions."""

    key: str
    info: ActorInfo
    mentions: list[tuple[int, int]] = field(default_factory=list)  # article char spans
    person_mentions: int = 0
    state_mentions: int = 0
    display: str = ""
    persons: set[str] = field(default_factory=set)
    state_name: str | None = None


@dataclass
class Finding:
    """Where a drafted line comes from."""

    sentence: int
    spans: list[tuple[int, int]]  # article char spans: the sentence first, then cues
    confidence: float


@dataclass
class Event:
    category: str
    actor: str | None
    target: str | None
    trace: Finding
    trigger: str
    via: list[str] = field(default_factory=list)
    date: dt.date | None = None
    date_exact: bool = False
    confirmed: bool = True
    unlikely: bool = False
    attribution: str | None = None
    reliability: str | None = None
    package: dict[str, str] = field(default_factory=dict)
    fate: str = "happened"
    responds_to: int | None = None
    deadline: dt.date | None = None
    threat: list[int] = field(default_factory=list)  # instrument indices
    instrument: int | None = None
    firm: bool = False
    standstill: bool = False
    ignored: bool = False
    extra_traces: list[Finding] = field(default_factory=list)
    curated: bool = True


@dataclass
class Instrument:
    kind: str
    imposer: str | None
    target: str | None
    status: str
    trace: Finding
    date: dt.date | None
    date_exact: bool
    attribution: str | None = None


@dataclass
class Channel:
    between: tuple[str, str]
    trace: Finding
    date: dt.date | None


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    mentions: list[Mention]
    dates: list[Resolved]
    modifiers: list[Mention] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything read from one article."""

    text: str
    as_of: dt.date
    sentences: list[Sentence]
    actors: dict[str, Actor]
    events: list[Event]
    instruments: list[Instrument]
    channels: list[Channel]
    mediators: list[str]
    issue_traces: dict[str, list[Finding]]


# ------------------------------------------------------------------------------ actors
def _is_modifier(m: Mention, tokens: list[Any]) -> bool:
    """A country adjective before an ordinary noun ("Venezuelan oil fields") names no actor."""
    if m.agent is not None or m.info.type != "state":
        return False
    if m.end >= len(tokens):
        return False
    nxt = tokens[m.end]
    word = m.text.lower()
    adjectival = word.endswith(("an", "ian", "ese", "ish", "i", "ic")) and word != m.info.name.lower()
    return adjectival and nxt.is_alpha and nxt.text[:1].islower()


def _cluster_key(info: ActorInfo, agent: str | None) -> str:
    sector = agent or info.sector or "GOV"
    if info.type in ("organization", "armed_group"):
        return f"org:{info.name.lower()}"
    if sector in ("GOV", "LEG", "JUD", "ELI", "PTY"):
        sector = "GOV"
    return f"{info.country or 'XXX'}:{sector}"


class _Reader:
    def __init__(self, text: str, as_of: dt.date, lex: Lexicon | None = None):
        self.text = text
        self.as_of = as_of
        self.lex = lex or lexicon()
        self.nlp = pipeline()
        self.dynamic: dict[tuple[str, ...], ActorInfo] = {}

    # -- names ------------------------------------------------------------------------
    def _titled_people(self, sent_text: str, offset: int, mentions: list[Mention], tokens: list[Any]) -> list[Mention]:
        """People introduced by a title, unknown to the gazetteer; also learnt for later."""
        found: list[Mention] = []
        known = [(m.start_char, m.end_char) for m in mentions]
        for m in _TITLES.finditer(sent_text):
            name = m.group("name")
            a, b = offset + m.start("name"), offset + m.end("name")
            if any(s <= a < e for s, e in known):
                continue
            adj = m.group("adj")
            country = None
            if adj:
                idx = self.lex.phrases.get((adj.lower(),))
                if idx is not None:
                    country = self.lex.entries[idx].country
            title = m.group("title").lower()
            sector = _TITLE_SECTOR.get(title, "GOV")
            if title in ("envoy", "ambassador", "counterpart") and country is None:
                continue
            info = ActorInfo(name, country, sector, "person")
            words = name.split()
            self.dynamic[tuple(fold(w) for w in words)] = info
            if len(words) > 1:
                self.dynamic.setdefault((fold(words[-1]),), info)
            toks = [t for t in tokens if a <= t.idx < b]
            if toks:
                found.append(Mention(toks[0].i - tokens[0].i, toks[-1].i - tokens[0].i + 1, a, b, name, info))
        return found

    def _dynamic_mentions(self, tokens: list[Any], taken: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        used = {i for m in taken for i in range(m.start, m.end)}
        lowers = [fold(t.text) for t in tokens]
        for key, info in sorted(self.dynamic.items(), key=lambda kv: -len(kv[0])):
            k = len(key)
            for i in range(len(tokens) - k + 1):
                if tuple(lowers[i : i + k]) == key and not any(j in used for j in range(i, i + k)):
                    if not tokens[i].text[:1].isupper():
                        continue
                    end_tok = tokens[i + k - 1]
                    out.append(Mention(i, i + k, tokens[i].idx, end_tok.idx + len(end_tok.text),
                                       " ".join(t.text for t in tokens[i : i + k]), info))
                    used.update(range(i, i + k))
        return out

    def _agent_only(self, tokens: list[Any], taken: list[Mention]) -> list[Mention]:
        """'the junta', 'the administration': a placeholder mention resolved later."""
        out: list[Mention] = []
        used = {i for m in taken for i in range(m.start, m.end)}
        for i, t in enumerate(tokens):
            if i in used:
                continue
            key = (t.lower_,)
            if key in _DESCRIPTIONS and i > 0 and tokens[i - 1].lower_ in ("the", "its", "their"):
                info = ActorInfo(t.lower_, None, _DESCRIPTIONS[key][0], "description")
                out.append(Mention(i, i + 1, t.idx, t.idx + len(t.text), t.text, info))
            elif t.lower_ in _PRONOUNS and t.i == t.sent.start:
                info = ActorInfo(t.lower_, None, None, "pronoun")
                out.append(Mention(i, i + 1, t.idx, t.idx + len(t.text), t.text, info))
        return out

    def sentences(self) -> list[Sentence]:
        doc = self.nlp(breakable(self.text))
        out: list[Sentence] = []
        for k, sent in enumerate(doc.sents):
            tokens = list(sent)
            mentions = self.lex.find_actors(tokens)
            mentions = [Mention(m.start, m.end, m.start_char, m.end_char, m.text, m.info, m.agent) for m in mentions]
            mentions += self._titled_people(sent.text, sent.start_char, mentions, tokens)
            mentions += self._dynamic_mentions(tokens, mentions)
            mentions += self._agent_only(tokens, mentions)
            modifiers = [m for m in mentions if _is_modifier(m, tokens)]
            mentions = [m for m in mentions if not _is_modifier(m, tokens)]
            mentions.sort(key=lambda m: m.start_char)
            out.append(Sentence(k, sent.start_char, sent.end_char, sent.text, mentions,
                                find_dates(sent.text, self.as_of), modifiers))
        return out


#: The longest run of characters without white space handed whole to the tokenizer: no
#: word or name is longer, and spaCy's affix search grows with the square of a token's
#: length (a 9 kB run takes seconds).
MAX_RUN = 80
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


def breakable(text: str) -> str:
    """``text`` with a space in place of every ``MAX_RUN + 1``-th character of a run
    longer than :data:`MAX_RUN` (same length, so character offsets still point into the
    original article)."""
    def cut(m: re.Match[str]) -> str:
        run = m.group(0)
        return "".join(" " if (k + 1) % (MAX_RUN + 1) == 0 else c for k, c in enumerate(run))

    return _LONG_RUN.sub(cut, text)


def _merge_actors(sentences: list[Sentence]) -> tuple[dict[str, Actor], dict[tuple[int, int], str]]:
    """Cluster mentions into actors; returns the actors and mention span -> actor key."""
    persons_by_country: dict[str, set[str]] = {}
    for s in sentences:
        for m in s.mentions:
            if m.info.type == "person" and m.agent is None and (m.info.sector or "GOV") == "GOV" and m.info.country:
                persons_by_country.setdefault(m.info.country, set()).add(m.info.name)
    actors: dict[str, Actor] = {}
    where: dict[tuple[int, int], str] = {}
    last_by_sector: dict[str, str] = {}
    last_person: str | None = None
    for s in sentences:
        for m in s.mentions:
            info = m.info
            if info.type in ("description", "pronoun"):
                key = None
                if info.type == "pronoun":
                    key = last_person
                else:
                    for sector in _DESCRIPTIONS[(info.name,)]:
                        key = last_by_sector.get(sector)
                        if key:
                            break
                if key is not None:
                    where[(m.start_char, m.end_char)] = key
                    actors[key].mentions.append((m.start_char, m.end_char))
                continue
            key = _cluster_key(info, m.agent)
            if info.type == "person" and m.agent is None and (
                    not info.country or len(persons_by_country.get(info.country, ())) > 1):
                key = f"person:{info.name.lower()}"
            actor = actors.get(key)
            if actor is None:
                actor = actors[key] = Actor(key, ActorInfo(info.name, info.country, m.agent or info.sector, info.type))
            actor.mentions.append((m.start_char, m.end_char))
            if info.type == "person" and m.agent is None:
                actor.person_mentions += 1
                actor.persons.add(info.name)
                last_person = key
            else:
                actor.state_mentions += 1
                if info.type == "state" and actor.state_name is None:
                    actor.state_name = info.name
            sector = (m.agent or info.sector or "GOV")
            last_by_sector["GOV" if sector in ("GOV", "LEG", "JUD", "ELI") else sector] = key
            where[(m.start_char, m.end_char)] = key
    for a in actors.values():
        if a.persons and a.person_mentions >= a.state_mentions and len(a.persons) == 1:
            a.display = next(iter(a.persons))
            a.info = ActorInfo(a.display, a.info.country, a.info.sector, "person")
        elif a.state_name and a.info.type in ("state", "institution", "person"):
            a.display = a.state_name
            a.info = ActorInfo(a.display, a.info.country, a.info.sector, "state")
        else:
            a.display = a.info.name
    return actors, where


# ------------------------------------------------------------------------------ events
@dataclass
class _Trigger:
    category: str
    start: int  # sentence-relative
    end: int
    words: str
    curated: bool = True  # False: from the CAMEO verb lexicon


def _triggers(text: str, lex: Lexicon, tokens_lower: list[tuple[str, int]]) -> list[_Trigger]:
    found: list[_Trigger] = []
    taken: list[tuple[int, int]] = []
    for category, rx in rules.TRIGGERS:
        for m in rx.finditer(text):
            if any(not (m.end() <= a or m.start() >= b) for a, b in taken):
                continue
            found.append(_Trigger(category, m.start(), m.end(), m.group(0)))
            taken.append((m.start(), m.end()))
    if not found:  # the CAMEO verb lexicon, as a fallback
        for word, pos in tokens_lower:
            cat = lex.verbs.get(word)
            if rules.REFERENCE.search(text[:pos]) or rules.AUX_BEFORE.search(text[:pos]) \
                    or re.search(r"\b(?:a|an)\s+(?:\w+\s+)?$", text[:pos], re.IGNORECASE) \
                    or (pos > 0 and text[:pos].rstrip().endswith(("'s", "’s"))):
                continue
            if cat is not None and cat in _FORMAT_CATEGORIES:
                found.append(_Trigger(cat, pos, pos + len(word), word, curated=False))
                break
    found.sort(key=lambda t: t.start)
    return found


_FORMAT_CATEGORIES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                                "COERCE", "ASSAULT"})


def _excluded_spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(attribution spans, via spans) in sentence coordinates."""
    attrib: list[tuple[int, int]] = []
    for rx, _ in rules.ATTRIBUTION:
        for m in rx.finditer(text):
            attrib.append((m.start(), m.end()))
    via: list[tuple[int, int]] = []
    for m in rules.VIA.finditer(text):
        end = m.end()
        rest = text[end:]
        stop = re.search(r"[;:]|,\s+(?!and\b)(?:\w+\s+){0,1}(?:hinted|said|which|who|ending|after|before)\b|\.\s*$", rest)
        via.append((m.start(), end + (stop.start() if stop else len(rest))))
    return attrib, via


def read(text: str, as_of: dt.date) -> Extraction:
    """Read an article: every finding with its sentence and character spans."""
    reader = _Reader(text, as_of)
    sentences = reader.sentences()
    actors, where = _merge_actors(sentences)
    events: list[Event] = []
    instruments: list[Instrument] = []
    channels: list[Channel] = []
    mediators: list[str] = []
    issue_traces: dict[str, list[Finding]] = {}
    current_date: tuple[dt.date, bool] | None = None

    def key_of(m: Mention) -> str | None:
        k = where.get((m.start_char, m.end_char))
        if k is None and m.info.type == "state":  # a modifier: "Venezuelan airspace"
            k = _cluster_key(m.info, None)
            return k if k in actors else None
        return k

    for s in sentences:
        st = s.text
        off = s.start
        attrib_spans, via_spans = _excluded_spans(st)
        attribution, reliability = None, None
        for rx, rel in rules.ATTRIBUTION:
            am = rx.search(st)
            if am:
                attribution, reliability = am.group(1).strip(), rel
                break

        def inside(m: Mention, spans: list[tuple[int, int]], off: int = off) -> bool:
            return any(a <= m.start_char - off < b for a, b in spans)

        roles = [m for m in s.mentions if key_of(m) and not inside(m, attrib_spans) and not inside(m, via_spans)]
        via_keys: list[str] = []
        for m in s.mentions:
            k = key_of(m)
            if k and inside(m, via_spans) and k not in via_keys:
                via_keys.append(k)
        # dates: the first past date in the sentence; else inherit
        past = [d for d in s.dates if not d.future]
        if past:
            current_date = (past[0].date, past[0].exact)
        future = [d for d in s.dates if d.future]
        sent_date = current_date or (as_of, False)

        tokens_lower = [(m.group(0).lower(), m.start()) for m in re.finditer(r"[A-Za-z]+", st)]
        triggers = _triggers(st, reader.lex, tokens_lower)
        unconfirmed = bool(rules.UNCONFIRMED.search(st))
        unlikely = bool(rules.UNLIKELY.search(st))
        firm = bool(rules.FIRM.search(st))
        standstill = rules.STANDSTILL.search(st)
        ignored = rules.IGNORED.search(st)

        # issues and options mentioned in this sentence
        package: dict[str, str] = {}
        issue_spans: list[tuple[int, int]] = []
        for iid, (_, _, _, cue) in rules.ISSUES.items():
            im = cue.search(st)
            if im:
                opt = _option(iid, st)
                package[iid] = opt or ""
                issue_spans.append((off + im.start(), off + im.end()))
                issue_traces.setdefault(iid, []).append(Finding(s.index, [(s.start, s.end), (off + im.start(), off + im.end())], 0.5))

        sent_events: list[Event] = []
        references: list[_Trigger] = []
        for trig in list(triggers):
            word = trig.words.lower()
            possessive = st[: trig.start].rstrip().endswith(("'s", "’s"))
            if word in rules.NOUN_TRIGGERS and rules.REFERENCE.search(st[: trig.start]) and not possessive:
                triggers.remove(trig)
                references.append(trig)
            elif word == "met" and re.search(r"\b(?:was|were)\s+$", st[: trig.start]):
                triggers.remove(trig)
        first_threat = next((t.start for t in triggers if t.category == "THREATEN"), None)
        if first_threat is not None:  # "... or face a blockade": the threatened measure, not a new act
            for trig in list(triggers):
                if trig.start > first_threat and trig.category in ("THREATEN", "COERCE", "SANCTION", "ASSAULT",
                                                                   "MOBILIZE"):
                    triggers.remove(trig)
        if references:  # "the offer ..., a limited concession": one act, already reported
            for trig in list(triggers):
                if trig.words.lower() in rules.NOUN_TRIGGERS and trig.category in ("AGREE", "CONCEDE", "REQUEST"):
                    triggers.remove(trig)
                    references.append(trig)
        for trig in triggers:
            src, tgt = _roles(st, off, trig, roles, key_of)
            if trig.category == "CONSULT" and (between := _between(st, off, roles, key_of)):
                src, tgt = between
            if trig.words.lower() in rules.CONSULT_NOUNS and not (src and tgt):
                continue
            ev = Event(trig.category, src, tgt,
                       Finding(s.index, [(s.start, s.end), (off + trig.start, off + trig.end)], 0.5),
                       trig.words, via=[v for v in via_keys if v not in (src, tgt)], curated=trig.curated)
            ev.date, ev.date_exact = sent_date
            ev.attribution, ev.reliability = attribution, reliability
            ev.firm = firm
            if trig.category in ("CONSULT", "AGREE", "REQUEST") and unconfirmed and not _past_tense(trig.words):
                ev.confirmed = False
                ev.fate = "pending"
                ev.unlikely = unlikely
                ev.date = future[0].date if future else as_of + dt.timedelta(days=14)
                ev.date_exact = False
            if standstill and trig.category == "REJECT":
                ev.standstill = True
                ev.trace.spans.append((off + standstill.start(), off + standstill.end()))
            if trig.category in ("AGREE", "CONCEDE", "REJECT") and rules.HYPOTHETICAL.search(st):
                ev.confirmed = ev.confirmed and not rules.HYPOTHETICAL.search(st[: trig.start])
            if ignored and trig.category in ("REQUEST", "CONSULT"):
                ev.ignored = True
                ev.fate = "ignored"
                ev.trace.spans.append((off + ignored.start(), off + ignored.end()))
            if trig.category in ("AGREE", "REQUEST", "THREATEN", "CONCEDE") and package and trig.curated:
                ev.package = dict(package)
                if trig.category in ("REQUEST", "THREATEN"):
                    ev.fate = "pending" if ev.fate == "happened" else ev.fate
                if trig.category in ("AGREE", "CONCEDE") and ev.fate == "happened":
                    ev.fate = "pending"
                ev.trace.spans.extend(issue_spans)
            if ev.fate == "happened" and (trig.category in ("REQUEST", "THREATEN") or (
                    trig.category == "AGREE" and re.match(r"(?:offer|propos)", trig.words, re.IGNORECASE))):
                ev.fate = "pending"  # a demand or an offer: its fate is read from what follows
            if trig.category == "THREATEN" and future:
                ev.deadline = future[0].date
            if trig.category == "THREATEN" and "exit_timing" in package and package["exit_timing"] == "immediate":
                ev.deadline = ev.deadline or as_of
            sent_events.append(ev)

        if package and not any(e.package for e in sent_events) and (references or rules.ELABORATION.search(st)):
            _elaborate(events, package, Finding(s.index, [(s.start, s.end), *issue_spans], 0.4))

        # pressure instruments
        for kind, rx, category in rules.INSTRUMENTS:
            hit = rx.search(st)
            if not hit:
                continue
            if kind == "military_threat" and not rules.THREAT_WORDS.search(st):
                continue
            status = "in_force"
            if kind in ("military_threat",) or (rules.THREAT_WORDS.search(st[max(0, hit.start() - 60): hit.end() + 10])
                                                and kind != "military_action"):
                status = "threatened"
            if rules.LIFT_WORDS.search(st):
                status = "lifted"
            imposer, target = _instrument_roles(st, off, hit, roles, s.mentions + s.modifiers, key_of, sent_events)
            same = next((x for x in instruments if x.kind == kind and (x.target == target or target is None)), None)
            if same is not None:
                same.trace.spans.append((off + hit.start(), off + hit.end()))
                continue
            ins = Instrument(kind, imposer, target, status,
                             Finding(s.index, [(s.start, s.end), (off + hit.start(), off + hit.end())], 0.5),
                             sent_date[0], sent_date[1], attribution)
            instruments.append(ins)
            idx = len(instruments) - 1
            threat_ev = next((e for e in sent_events if e.category == "THREATEN"), None)
            if status == "threatened" and threat_ev is not None:
                threat_ev.threat.append(idx)
            elif status != "threatened":
                imposing = next((e for e in sent_events if e.category in (category, "SANCTION", "COERCE",
                                                                         "MOBILIZE", "ASSAULT")
                                 and e.instrument is None), None)
                if imposing is None:
                    imposing = Event(category, imposer, target,
                                     Finding(s.index, [(s.start, s.end), (off + hit.start(), off + hit.end())], 0.4),
                                     hit.group(0))
                    imposing.date, imposing.date_exact = sent_date
                    imposing.attribution, imposing.reliability = attribution, reliability
                    sent_events.append(imposing)
                imposing.instrument = idx
                imposing.actor = imposing.actor or imposer
                imposing.target = imposing.target or target

        if rules.NO_DIRECT_CONTACT.search(st):
            pair = [k for k in dict.fromkeys(key_of(m) for m in roles) if k]
            if len(pair) >= 2:
                channels.append(Channel((pair[0], pair[1]), Finding(s.index, [(s.start, s.end)], 0.5), sent_date[0]))
        for mm in rules.MEDIATES.finditer(st):
            before = [m for m in roles if m.end_char - off <= mm.start()]
            k = key_of(before[-1]) if before else None
            if k and k not in mediators:
                mediators.append(k)
        for ev in sent_events:
            if ev.via:
                for v in ev.via:
                    if v not in mediators:
                        mediators.append(v)
        events.extend(sent_events)

    _resolve_counterparts(events)
    events = _merge_repeats(events)
    _link_responses(events)
    for ch in list(channels):
        if ch.between[1] == ch.between[0]:
            channels.remove(ch)
    _score(events, instruments)
    return Extraction(text, as_of, sentences, actors, events, instruments, channels, mediators, issue_traces)


def _past_tense(words: str) -> bool:
    return words.lower().endswith("ed") or words.lower() in ("met", "sought", "signed")


def _option(issue: str, text: str) -> str | None:
    for option, rx in rules.OPTION_CUES.get(issue, ()):
        if rx.search(text):
            return option
    return None


def _between(text: str, off: int, roles: list[Mention], key_of: Any) -> tuple[str, str] | None:
    m = re.search(r"\bbetween\b", text, re.IGNORECASE)
    if not m:
        return None
    after = [key_of(x) for x in roles if x.start_char - off > m.end()]
    after = [k for k in dict.fromkeys(after) if k]
    if len(after) >= 2:
        return after[0], after[1]
    return None


def _roles(text: str, off: int, trig: _Trigger, roles: list[Mention], key_of: Any) -> tuple[str | None, str | None]:
    before = [m for m in roles if m.end_char - off <= trig.start]
    after = [m for m in roles if m.start_char - off >= trig.end]
    passive = rules.PASSIVE.search(text[: trig.start]) is not None
    by = re.match(r"\s+by\b", text[trig.end:])
    if passive and by:
        agent = next((m for m in after if m.start_char - off >= trig.end + by.end()), None)
        src = key_of(agent) if agent else None
        tgt = key_of(before[-1]) if before else None
        return src, (tgt if tgt != src else None)
    src = None
    for m in reversed(before):
        prev = text[: m.start_char - off].split()
        if prev and prev[-1].lower() in rules.NOT_TARGET_AFTER and len(before) > 1:
            continue
        src = key_of(m)
        break
    tgt = None
    within = [m for m in roles if m.start_char - off >= trig.start and m.end_char - off <= trig.end]
    for m in within:  # "gave Peru until Friday": the target inside the trigger's words
        k = key_of(m)
        if k and k != src:
            return src, k
    for m in after:
        gap = text[trig.end : m.start_char - off]
        if len(gap.split()) > 8:
            break
        prev = text[: m.start_char - off].split()
        if prev and prev[-1].lower().strip(",") in rules.NOT_TARGET_AFTER:
            continue
        k = key_of(m)
        if k and k != src:
            tgt = k
            break
    return src, tgt


def _instrument_roles(text: str, off: int, cue: re.Match[str], roles: list[Mention], mentions: list[Mention],
                      key_of: Any, events: list[Event]) -> tuple[str | None, str | None]:
    imposer = next((e.actor for e in events if e.actor), None)
    if imposer is None:
        before = [m for m in roles if m.end_char - off <= cue.start()]
        imposer = key_of(before[0]) if before else None
    target = None
    # "Venezuelan airspace", "bounty on Maduro", "sanctions against X", "to X airlines":
    # the nearest name to the cue, governments and people before organisations
    near = sorted((m for m in mentions if key_of(m) and key_of(m) != imposer and m.info.type != "description"),
                  key=lambda m: (m.info.type in ("organization", "armed_group"),
                                 abs((m.start_char - off) - cue.start())))
    if near and abs((near[0].start_char - off) - cue.start()) < 90:
        target = key_of(near[0])
    if target is None:
        target = next((e.target for e in events if e.target), None)
    return imposer, target


def _elaborate(events: list[Event], package: dict[str, str], trace: Finding) -> None:
    """A sentence about "the offer" adds its terms to the latest offer sharing an issue."""
    for ev in reversed(events):
        if ev.package and set(ev.package) & set(package):
            for k, v in package.items():
                if v and not ev.package.get(k):
                    ev.package[k] = v
                else:
                    ev.package.setdefault(k, v)
            ev.extra_traces.append(trace)
            return


def _resolve_counterparts(events: list[Event]) -> None:
    """A missing target (or source) is the other side of the most recent exchange."""
    last_pair: tuple[str, str] | None = None
    for ev in events:
        if ev.actor and ev.target:
            last_pair = (ev.actor, ev.target)
            continue
        if last_pair is None:
            continue
        if ev.actor and not ev.target and ev.actor in last_pair:
            ev.target = last_pair[1] if ev.actor == last_pair[0] else last_pair[0]
        elif ev.target and not ev.actor and ev.target in last_pair:
            ev.actor = last_pair[1] if ev.target == last_pair[0] else last_pair[0]
        elif not ev.actor and not ev.target and ev.category in ("AGREE", "REQUEST") and ev.package:
            ev.actor, ev.target = last_pair  # "the offer of ..." elaborates the last exchange


def _merge_repeats(events: list[Event]) -> list[Event]:
    """A demand that restates terms of an earlier one between the same sides is the same
    demand reported again: its sentence is added to the earlier one's trace."""
    out: list[Event] = []
    for ev in events:
        if ev.category in ("REQUEST", "THREATEN") and ev.package and ev.actor:
            prior = next((p for p in reversed(out) if p.category in ("REQUEST", "THREATEN") and p.actor == ev.actor
                          and p.target == ev.target and p.package
                          and all(p.package.get(k) == v for k, v in ev.package.items())), None)
            if prior is not None:
                prior.extra_traces.append(ev.trace)
                prior.firm = prior.firm or ev.firm
                continue
        out.append(ev)
    for ev in out:  # instrument indices are unchanged; nothing else points at events yet
        ev.responds_to = None
    return out


def _link_responses(events: list[Event]) -> None:
    """A rejection or acceptance answers the latest open offer or demand of the other side."""
    for i, ev in enumerate(events):
        if ev.category not in ("REJECT", "AGREE", "CONCEDE") or ev.actor is None or not ev.confirmed:
            continue
        if ev.category in ("AGREE", "CONCEDE") and ev.package:
            continue
        for j in range(i - 1, -1, -1):
            prior = events[j]
            if prior.category in ("REQUEST", "THREATEN", "AGREE", "CONCEDE") and prior.actor not in (None, ev.actor) \
                    and prior.fate in ("pending", "happened") and (prior.package or prior.category != "AGREE"):
                if ev.target not in (None, prior.actor):
                    continue
                ev.responds_to = j
                ev.target = ev.target or prior.actor
                prior.fate = "rejected" if ev.category == "REJECT" else "accepted"
                break


def _score(events: list[Event], instruments: list[Instrument]) -> None:
    for ev in events:
        c = 0.35
        c += 0.2 if ev.actor else 0
        c += 0.15 if ev.target else 0
        c += 0.1 if ev.date_exact else 0
        c += 0.1 if ev.package or ev.instrument is not None else 0
        c -= 0.1 if ev.reliability == "low" else 0
        ev.trace.confidence = round(min(c, 0.95), 2)
    for ins in instruments:
        c = 0.45 + (0.2 if ins.imposer else 0) + (0.2 if ins.target else 0) - (0.1 if ins.attribution else 0)
        ins.trace.confidence = round(min(c, 0.95), 2)


def actor_counts(ex: Extraction) -> Counter[str]:
    """How often each actor acts or is acted on in the drafted events and instruments."""
    c: Counter[str] = Counter()
    for ev in ex.events:
        for k in (ev.actor, ev.target, *ev.via):
            if k:
                c[k] += 1
    for ins in ex.instruments:
        for k in (ins.imposer, ins.target):
            if k:
                c[k] += 1
    return c
