"""Time: the one convention for periods, deadlines and rounds.

A scenario measures time in ``period`` units (day, week or month). A month is
365.25 / 12 = 30.4375 days (the mean Gregorian month), so a date maps to a fractional
number of periods after the as-of date; a negotiation round is one period, and an event
due ``x`` periods after the as-of date falls in round ``ceil(x)`` (at least round 1).
Every engine reads periods through these functions; none keeps its own table.
"""

from __future__ import annotations

import datetime as dt
import math

#: Days in one period of each unit.
PERIOD_DAYS: dict[str, float] = {"day": 1.0, "week": 7.0, "month": 365.25 / 12.0}


def days_per(period: str) -> float:
    """Days in one period (``day``, ``week`` or ``month``)."""
    return PERIOD_DAYS[period]


def periods_between(start: dt.date, end: dt.date, period: str) -> float:
    """Periods (fractional, possibly negative) from ``start`` to ``end``."""
    return (end - start).days / PERIOD_DAYS[period]


def round_of(periods: float) -> int:
    """The negotiation round in which something due ``periods`` after the start falls."""
    return max(1, math.ceil(periods - 1e-9))
