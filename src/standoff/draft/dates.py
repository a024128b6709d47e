"""Dates in news text, resolved against the article's date.

Handles the forms news reports use: weekdays ("on Saturday": the last one before the
article's date, or the next one for a deadline "until Friday"), relative spans ("last
week", "earlier this week", "a month before", "last month", "next month", "yesterday"),
and explicit dates ("19 January 2017", "January 19, 2017", "November 1979", "in 2019").
Each resolved date says how precise it is; imprecise dates are placeholders to review.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH_RE = "|".join(MONTHS)


@dataclass(frozen=True)
class Resolved:
    """A date found in a sentence: when, from which words, and whether it is exact."""

    date: dt.date
    start: int  # character offsets in the sentence
    end: int
    exact: bool
    future: bool = False


_RELATIVE: tuple[tuple[str, int, bool, bool], ...] = (
    # pattern, days from the article date, exact, future
    (r"\byesterday\b", -1, True, False),
    (r"\b(today|this morning|tonight)\b", 0, True, False),
    (r"\btomorrow\b", 1, True, True),
    (r"\b(earlier|late[r]?) this week\b", -2, False, False),
    (r"\bthis week\b", -2, False, False),
    (r"\blast week\b|\ba week (ago|before|earlier)\b|\bthe week before\b", -7, False, False),
    (r"\bthis month\b|\bearlier this month\b", -10, False, False),
    (r"\blast month\b|\ba month (ago|before|earlier)\b|\bthe month before\b|\bprior month\b", -30, False, False),
    (r"\b(last|this) year\b|\ba year (ago|earlier)\b", -365, False, False),
    (r"\bnext week\b|\bwithin (a|one) week\b", 7, False, True),
    (r"\bnext month\b|\bwithin (a|one) month\b", 30, False, True),
    (r"\bwithin days\b|\bin the coming days\b", 3, False, True),
)
_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "thirty": 30}
_SPAN = re.compile(r"\b(?:within|in|gave [^.]{0,60}?)\s*(\d+|" + "|".join(_NUM_WORDS) + r")\s+(day|week|month)s?\b",
                   re.IGNORECASE)
_EXPLICIT_DMY = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\s+(\d{{4}})\b", re.IGNORECASE)
_EXPLICIT_MDY = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}}),\s*(\d{{4}})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\s+(\d{{4}})\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:(on|next|last|this)\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
#: Words before a weekday that make it a deadline ahead ("until noon on Friday", "by Friday").
_FORWARD = re.compile(r"(?:\b(?:until|before|next)\b(?:\s+\w+){0,2}\s+|\bby\s+)$", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _weekday(as_of: dt.date, name: str, forward: bool) -> dt.date:
    target = WEEKDAYS.index(name.lower())
    if forward:
        return as_of + dt.timedelta(days=(target - as_of.weekday()) % 7 or 7)
    return as_of - dt.timedelta(days=(as_of.weekday() - target) % 7 or 7)


def find_dates(sentence: str, as_of: dt.date) -> list[Resolved]:
    """Every date expression in a sentence, resolved against ``as_of``, in text order."""
    out: list[Resolved] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(r: Resolved) -> None:
        if free(r.start, r.end):
            out.append(r)
            taken.append((r.start, r.end))

    for m in _EXPLICIT_DMY.finditer(sentence):
        try:
            add(Resolved(dt.date(int(m[3]), MONTHS.index(m[2].lower()) + 1, int(m[1])), m.start(), m.end(), True))
        except ValueError:
            continue
    for m in _EXPLICIT_MDY.finditer(sentence):
        try:
            add(Resolved(dt.date(int(m[3]), MONTHS.index(m[1].lower()) + 1, int(m[2])), m.start(), m.end(), True))
        except ValueError:
            continue
    for m in _ISO.finditer(sentence):
        try:
            add(Resolved(dt.date(int(m[1]), int(m[2]), int(m[3])), m.start(), m.end(), True))
        except ValueError:
            continue
    for m in _MONTH_YEAR.finditer(sentence):
        add(Resolved(dt.date(int(m[2]), MONTHS.index(m[1].lower()) + 1, 15), m.start(), m.end(), False))
    for pattern, days, exact, future in _RELATIVE:
        for m in re.finditer(pattern, sentence, re.IGNORECASE):
            add(Resolved(as_of + dt.timedelta(days=days), m.start(), m.end(), exact, future))
    for m in _SPAN.finditer(sentence):
        n = int(m[1]) if m[1].isdigit() else _NUM_WORDS[m[1].lower()]
        unit = {"day": 1, "week": 7, "month": 30}[m[2].lower()]
        add(Resolved(as_of + dt.timedelta(days=n * unit), m.start(), m.end(), False, True))
    for m in _WEEKDAY.finditer(sentence):
        lead = (m[1] or "").lower()
        forward = lead == "next" or bool(_FORWARD.search(sentence[: m.start()]))
        add(Resolved(_weekday(as_of, m[2], forward), m.start(), m.end(), True, forward))
    out.sort(key=lambda r: r.start)
    return out


_DATELINE = re.compile(
    rf"^[^\n.]{{0,60}}?,\s*(?:(\d{{1,2}})\s+({_MONTH_RE})|({_MONTH_RE})\s+(\d{{1,2}}),?)\s+(\d{{4}})\b",
    re.IGNORECASE,
)


def dateline(text: str) -> dt.date | None:
    """The date of a dateline at the start of an article ("Vienna, 14 July 2015."), if any."""
    m = _DATELINE.match(text.lstrip())
    if not m:
        return None
    day = int(m[1] or m[4])
    month = MONTHS.index((m[2] or m[3]).lower()) + 1
    try:
        return dt.date(int(m[5]), month, day)
    except ValueError:
        return None
