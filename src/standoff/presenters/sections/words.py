"""Small helpers for writing numbers and names as words (used by every section)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

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


def chance(e: Estimate) -> str:
    """A probability over the draws with its uncertainty: '62% (90% interval 48-75%)'.

    When the per-draw values hardly spread (a pure-strategy equilibrium gives 0 or 1 per
    draw), the interval says nothing, so the Monte Carlo error of the share is given.
    """
    if e.fixed:
        return f"{pct(e.mean)} (the same in every draw)"
    if e.high - e.low >= 0.01:
        return f"{pct(e.mean)} (90% interval {pct(e.low)}-{pct(e.high)})"
    return f"{pct(e.mean)} (of {e.n:,} draws, ±{100 * 1.645 * e.mcse:.1f} points Monte Carlo error)"


def position(e: Estimate) -> str:
    """A position on a 0-100 scale with its 90 % interval: '61.6 (90% interval 55-68)'."""
    if e.fixed:
        return f"{e.mean:.1f} (the same in every draw)"
    digits = 1 if e.high - e.low < 2 else 0
    return f"{e.mean:.1f} (90% interval {e.low:.{digits}f}-{e.high:.{digits}f})"


def stated(values: np.ndarray) -> str:
    """A probability that is an input of the file, labelled as such, with its 90 % range
    over the draws: '63% (an input; 90% range 41-80%)'."""
    v = np.asarray(values, dtype=float).ravel()
    lo, hi = np.quantile(v, [0.05, 0.95]) if v.size > 1 else (v[0], v[0])
    rng = f"; 90% range {pct(lo)}-{pct(hi)}" if hi - lo >= 0.01 else ""
    return f"{pct(float(v.mean()))} (an input{rng})"


def name(case: Case, actor: str) -> str:
    """An actor's short display name: its name up to a parenthesis or an 'and' that adds
    company ('Nicolas Maduro and his inner circle' -> 'Nicolas Maduro')."""
    try:
        full = case.actors.name(actor)
    except ValueError:
        return actor
    short = full.split(" (")[0]
    for joint in (" and his ", " and her ", " and their ", " and its "):
        short = short.split(joint)[0]
    return short


#: How the last part of a number's path reads.
FIELDS = {
    "p_prevail": "chance of prevailing without a deal",
    "credibility": "credibility",
    "cost_to_target": "cost to the target per period",
    "cost_to_imposer": "cost to the imposer per period",
    "residual_cost": "lasting cost if a deal leaves it in place",
    "conflict_cost": "cost of a settlement by force",
    "horizon": "horizon of the standoff without a deal",
    "discount": "patience (discount per period)",
    "salience": "salience",
    "capability": "capability",
    "p_success": "chance of success",
    "cost": "cost",
    "periods": "time to act",
    "loyalty": "loyalty",
    "p_guarantee_holds": "chance the exile guarantee holds",
    "p_hold": "chance the red line holds",
    "probability": "probability",
    "ideal": "ideal position",
    "audience_cost": "cost of backing down",
    "removal_cost": "personal cost of removal",
    "target_belief": "belief that force follows a refusal",
}


def in_sentence(case: Case, label: str) -> str:
    """A label as it reads inside a sentence: only its first letter lower-cased, and not
    even that when the first word is an acronym ('US sanctions') or part of an actor's
    name ('Maduro asks ...'): 'Protection from prosecution' -> 'protection from
    prosecution', 'Raid to capture or remove Maduro' -> 'raid to capture or remove Maduro'."""
    first = label.split(" ", 1)[0].strip("'\"(")
    if not first[:1].isupper() or sum(c.isupper() for c in first) > 1:
        return label
    if any(first in full.split() for full in case.actors.names):
        return label
    return label[:1].lower() + label[1:]


#: Whose number a field of the coercion block is: the challenger's or the target's.
_WHOSE = {"audience_cost": "challenger", "removal_cost": "target", "target_belief": "target"}


def path_label(case: Case, path: str) -> str:
    """A number's path in the file in words: 'no_deal.maduro.p_prevail' -> "Nicolas
    Maduro's chance of prevailing without a deal"."""
    parts = path.replace("[", ".").replace("]", "").split(".")
    last = parts[-1]
    what = FIELDS.get(last, last.replace("_", " "))
    if parts[0] in ("no_deal", "actors") and len(parts) >= 3:
        return f"{name(case, parts[1])}'s {what}"
    if parts[0] == "preferences" and len(parts) >= 5 and parts[2] == "issues":
        i = case.space.issue_index(parts[3]) if parts[3] in case.space.issue_ids else None
        issue = case.issue_label(i) if i is not None else parts[3]
        if parts[4] == "values" and len(parts) >= 6:
            return f"{name(case, parts[1])}'s value of '{parts[5]}' on {in_sentence(case, issue)}"
        return f"{name(case, parts[1])}'s {what} on {in_sentence(case, issue)}"
    if parts[0] == "instruments" and len(parts) >= 3 and parts[1] in case.instruments:
        return f"{what} of {in_sentence(case, case.instruments[parts[1]].name)}"
    if parts[0] == "coercion" and len(parts) >= 4 and parts[1] == "courses_of_action":
        course = next((c for c in (case.coercion.courses if case.coercion else ()) if c.id == parts[2]), None)
        return f"{what} of {in_sentence(case, course.name) if course else parts[2]}"
    if parts[0] == "coercion" and len(parts) >= 4 and parts[1] == "insiders":
        return f"{name(case, parts[2])}'s {what}"
    if parts[0] == "coercion" and len(parts) == 2 and case.coercion is not None and last in _WHOSE:
        return f"{name(case, getattr(case.coercion, _WHOSE[last]))}'s {what}"
    if parts[0] == "coercion" and len(parts) >= 4 and parts[1] == "exile" and parts[2].isdigit():
        k = int(parts[2])
        exile = case.coercion.exile if case.coercion else ()
        if k < len(exile):
            return f"{what} in {name(case, exile[k].host)}"
    if parts[0] == "events" and len(parts) >= 3 and parts[1].isdigit():
        k = int(parts[1])
        if k < len(case.record):
            return f"{what} that {in_sentence(case, case.record[k].summary.rstrip('.'))}"
    return path


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
