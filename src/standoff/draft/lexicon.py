"""The gazetteer and verb lexicon the drafter ships, and the spaCy pipeline it runs.

``data/lexicon.json.gz`` is compiled from the PETRARCH2 dictionaries and the PLOVER
conversion table by ``scripts/build_draft_lexicon.py`` (CC BY-SA 4.0; see
``data/ATTRIBUTION.md``); ``data/supplement.json`` adds names the 2014 dictionaries lack.
spaCy is the optional ``draft`` extra: it is imported here, lazily, and its absence is a
:class:`~standoff.core.errors.UserError` (exit status 2), never a traceback.
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from standoff.core.extras import need

#: Words that may stay lower-case inside a capitalised name ("Cartel de los Soles").
_CONNECTORS = frozenset({"of", "the", "de", "los", "la", "del", "for", "and", "al", "el", "-", "'s", "da"})

#: Single words that are names in the dictionaries but ordinary words in news text.
_AMBIGUOUS = frozenset({"guard", "may", "march", "will", "said", "new", "south", "north", "west",
                        "east", "central", "union", "republic", "state", "states", "congress",
                        "house", "court", "army", "police", "government", "president", "regime",
                        "sources", "officials", "forces", "military", "the north", "the south",
                        "organization", "organisation", "movement", "party", "front", "council",
                        "committee", "group", "alliance", "authority", "authorities", "assembly",
                        "parliament", "senate", "ministry", "command", "coalition", "league", "bloc",
                        "agency", "commission", "mission", "office", "cabinet", "administration"})


def fold(word: str) -> str:
    """Lower case without accents, so that "Nicolás" matches the gazetteer's "nicolas"."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


@dataclass(frozen=True)
class ActorInfo:
    """One gazetteer entry: a state, person, institution, organisation or armed group."""

    name: str
    country: str | None
    sector: str | None
    type: str  # state | person | institution | organization | armed_group


@dataclass(frozen=True)
class Mention:
    """A name found in the text: token span, character span, and the entry it names."""

    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    info: ActorInfo
    agent: str | None = None  # sector from an agent word ("armed forces") after the name


class Lexicon:
    """Names -> actors, agent words -> sectors, verbs -> PLOVER categories."""

    def __init__(self, data: dict[str, Any], supplement: dict[str, Any], tokenize: Any):
        actors = data["actors"]
        self.entries: list[ActorInfo] = [
            ActorInfo(e["name"], e.get("country"), e.get("sector"), e["type"]) for e in actors["entries"]
        ]
        self.phrases: dict[tuple[str, ...], int] = {tuple(k.split(" ")): v for k, v in actors["phrases"].items()}
        for e in supplement["entries"]:
            idx = len(self.entries)
            self.entries.append(ActorInfo(e["name"], e.get("country"), e.get("sector"), e["type"]))
            for n in e["names"]:
                self.phrases[tuple(tokenize(n))] = idx
        self.max_len = max(len(k) for k in self.phrases)
        self.agents: dict[tuple[str, ...], str] = {tuple(k.split(" ")): v for k, v in data["agents"].items()}
        self.agent_max = max(len(k) for k in self.agents)
        self.verbs: dict[str, str] = data["verbs"]
        self.patterns: dict[str, list[list[Any]]] = data["patterns"]
        self.cameo_to_plover: dict[str, str] = data["cameo_to_plover"]

    def find_actors(self, tokens: list[Any]) -> list[Mention]:
        """Longest gazetteer matches over spaCy tokens, left to right, capitalised names only."""
        out: list[Mention] = []
        i = 0
        n = len(tokens)
        lowers = [fold(t.text) for t in tokens]
        while i < n:
            found = None
            for k in range(min(self.max_len, n - i), 0, -1):
                key = tuple(lowers[i : i + k])
                idx = self.phrases.get(key)
                if idx is not None and self._looks_like_name(tokens[i : i + k]):
                    found = (k, idx)
                    break
            if found is None:
                i += 1
                continue
            k, idx = found
            end = i + k
            agent = None
            j = end + 1 if end < n and lowers[end] == "'s" else end
            for m in range(min(self.agent_max, n - j), 0, -1):
                sector = self.agents.get(tuple(lowers[j : j + m]))
                if sector is not None:
                    agent, end = sector, j + m
                    break
            span_end = tokens[end - 1]
            out.append(Mention(i, end, tokens[i].idx, span_end.idx + len(span_end.text),
                               " ".join(t.text for t in tokens[i:end]), self.entries[idx], agent))
            i = end
        return out

    @staticmethod
    def _looks_like_name(toks: list[Any]) -> bool:
        words = [t for t in toks if any(c.isalpha() for c in t.text)]
        if not words:
            return False
        if len(toks) == 1 and toks[0].lower_ in _AMBIGUOUS:
            return False
        if " ".join(t.lower_ for t in toks) in _AMBIGUOUS:
            return False
        return all(t.text[:1].isupper() or t.lower_ in _CONNECTORS for t in words)


def import_spacy() -> Any:
    """spaCy, or a clear error naming the extra to install (checked on every call)."""
    return need("spacy", "draft", "standoff draft")


def pipeline() -> Any:
    """A blank English spaCy pipeline with a rule-based sentencizer (no model download).
    Whether spaCy is installed is checked on every call; the pipeline is built once."""
    return _pipeline(import_spacy())


@cache
def _pipeline(spacy: Any) -> Any:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@cache
def lexicon() -> Lexicon:
    """The shipped lexicon (loaded once per process)."""
    root = resources.files("standoff.draft").joinpath("data")
    with root.joinpath("lexicon.json.gz").open("rb") as fh:
        data = json.loads(gzip.decompress(fh.read()).decode("utf-8"))
    supplement = json.loads(root.joinpath("supplement.json").read_text(encoding="utf-8"))
    nlp = pipeline()
    return Lexicon(data, supplement, lambda text: [fold(t.text) for t in nlp.make_doc(text)])
