"""Small helpers for writing numbers and names as words (used by every section)."""

from __future__ import annotations

from collections.abc import Sequence

from standoff.core.estimate import Estimate
from standoff.scenario.case import Case

#: The estimative-probability scale of ICD 203 (US Office of the Director of National
#: Intelligence, *Analytic Standards*, 2015): upper bounds of each band and its words.
ICD203: tuple[tuple[float, str], ...] = (
    (0.05, "almost no chance"),
    (0.20, "very unlikely"),
    (0.45, "unlikely"),
    (0.55, "roughly even chance"),
    (0.80, "likely"),
    (0.95, "very likely"),
    (1.00, "almost certain"),
)


def estimative(p: float) -> str:
    """The ICD 203 words for a probability."""
    for bound, words in ICD203:
        if p <= bound:
            return words
    return ICD203[-1][1]


def pct(x: float) -> str:
    """A probability as a whole percentage ('<1%' and '>99%' at the ends)."""
    if 0 < x < 0.005:
        return "<1%"
    if 0.995 < x < 1:
        return ">99%"
    return f"{100 * x:.0f}%"


def interval(e: Estimate) -> str:
    """An estimate's 90 % interval in words ('' when it does not depend on any
    uncertain input)."""
    if e.fixed:
        return " (no uncertain input moves it)"
    return f" (90% interval {pct(e.low)}-{pct(e.high)})"


def name(case: Case, actor: str) -> str:
    """An actor's display name, without a trailing parenthesis."""
    try:
        full = case.actors.name(actor)
    except ValueError:
        return actor
    return full.split(" (")[0]


def names(case: Case, actors: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    shown = [name(case, a) for a in actors]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def describe(case: Case, package: dict[str, str]) -> list[str]:
    """A package (issue id -> option id) as phrases: 'When Maduro leaves office: resigns at once'."""
    out = []
    for issue_id, option in package.items():
        i = case.space.issue_index(issue_id)
        k = case.space.issues[i].options.index(option)
        out.append(f"{case.issue_label(i)}: {case.option_label(i, k)}")
    return out
