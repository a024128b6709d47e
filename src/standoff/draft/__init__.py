"""Drafting a scenario skeleton from a news article, offline (``standoff draft``).

Needs the optional ``draft`` extra (spaCy); nothing here is imported by the rest of
standoff, and spaCy itself is imported only when a draft is made. Deterministic: the same
text and date give the same draft.

    >>> from standoff.draft import draft_text                   # doctest: +SKIP
    >>> d = draft_text(text, as_of=datetime.date(2025, 12, 2))  # doctest: +SKIP
    >>> d.yaml                                                   # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from standoff.core.errors import UserError
from standoff.core.reader import read_text
from standoff.draft.build import Draft, Trace, build
from standoff.draft.dates import dateline
from standoff.draft.extract import Extraction, read
from standoff.draft.writer import to_yaml

__all__ = ["Draft", "DraftResult", "Extraction", "Trace", "article_date", "draft_text", "read_article"]

#: Largest article accepted (1 MiB); news articles are a few KB.
MAX_ARTICLE_BYTES = 1024 * 1024


def read_article(path: str | os.PathLike[str]) -> str:
    """The text of a plain-text article: a regular UTF-8 file of at most
    :data:`MAX_ARTICLE_BYTES` (:func:`standoff.core.reader.read_text`), not empty."""
    text = read_text(path, limit=MAX_ARTICLE_BYTES, what="article", hint="give the path of a plain-text article")
    if not text.strip():
        raise UserError(f"{os.fspath(path)}: the article is empty")
    return text


@dataclass
class DraftResult:
    """A draft: the scenario mapping and its traces, and its YAML text."""

    draft: Draft
    yaml: str
    as_of: dt.date
    date_from: str  # "option", "dateline" or "today"


def article_date(text: str, given: dt.date | None, today: dt.date | None = None) -> tuple[dt.date, str]:
    """The date relative dates resolve against: the one given, the dateline's, or today's."""
    if given is not None:
        return given, "option"
    found = dateline(text)
    if found is not None:
        return found, "dateline"
    return today or dt.date.today(), "today"


def draft_text(text: str, *, as_of: dt.date | None = None, name: str = "article",
               today: dt.date | None = None) -> DraftResult:
    """Draft a scenario from an article's text."""
    date, date_from = article_date(text, as_of, today)
    extraction = read(text, date)
    draft = build(extraction, name=name)
    if date_from == "today":
        draft.warnings.insert(0, f"the article has no dateline and no --date was given: dates are resolved "
                                 f"against today ({date}); pass --date for a reproducible draft")
    return DraftResult(draft, to_yaml(draft, name), date, date_from)
