"""The direction check: inputs that move an answer the wrong way.

A model's output should move the way its inputs' meaning implies: more pressure on a
target never makes it less likely to yield, a safer guarantee never makes exit less
likely, a costlier war for either side never shrinks the zone of agreement. Each rule
below names the inputs it covers (a pattern on the dotted path, with ``{target}``,
``{challenger}`` and ``{issue}`` standing for the case's target, challenger and the
issue of a position target), the meaning of the targets it applies to
(:attr:`~standoff.engines.uncertainty.targets.Target.meaning`), conditions on the
instrument a path belongs to, and the sign the effect must not contradict (+1: raising
the input must not lower the target).

An effect contradicts a rule when it has the opposite sign and is larger than three
Monte Carlo standard errors (and than 1e-9). Uncertain inputs are judged by their
tornado swings; fixed numbers a rule covers are probed too, at half and one and a half
times their value (within their field's range), so that a model that moves the wrong
way is flagged even where the scenario gives no range.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass

from standoff.engines.uncertainty.targets import Target
from standoff.results.uncertainty import DirectionWarning
from standoff.scenario.case import Case

#: An effect must exceed this many standard errors to count against a rule.
SIGNIFICANCE = 3.0
#: A fixed number is probed at these multiples of its value.
PROBE = (0.5, 1.5)


@dataclass(frozen=True)
class Rule:
    """One direction rule (module docstring)."""

    code: str
    pattern: str
    meaning: str
    sign: int
    conditions: tuple[str, ...] = ()


#: The rules, documented in docs/explanation/uncertainty.md.
RULES: tuple[Rule, ...] = (
    Rule("pressure_on_target", "instruments.*.cost_to_target", "target_yields", +1, ("on_target",)),
    Rule("pressure_on_target", "no_deal.{target}.extra_cost_per_period", "target_yields", +1),
    Rule("threat_credibility", "instruments.*.credibility", "target_yields", +1, ("on_target",)),
    Rule("exit_guarantee", "coercion.exile.*.p_guarantee_holds", "target_yields", +1),
    Rule("target_confidence", "no_deal.{target}.p_prevail", "target_yields", -1),
    Rule("target_war_cost", "no_deal.{target}.conflict_cost", "target_yields", +1),
    Rule("pressure_widens_zone", "instruments.*.cost_to_target", "deal", +1, ("in_force",)),
    Rule("pressure_widens_zone", "instruments.*.cost_to_imposer", "deal", +1, ("in_force",)),
    Rule("pressure_widens_zone", "no_deal.*.extra_cost_per_period", "deal", +1),
    Rule("war_cost_widens_zone", "no_deal.*.conflict_cost", "deal", +1),
    Rule("confidence_narrows_zone", "no_deal.*.p_prevail", "deal", -1),
    Rule("ideal_pulls_position", "preferences.*.issues.{issue}.ideal", "position:{issue}", +1),
)


def _condition(name: str, path: str, case: Case) -> bool:
    co = case.coercion
    parts = path.split(".")
    ins = case.instruments.get(parts[1]) if len(parts) > 1 and parts[0] == "instruments" else None
    if name == "on_target":
        return ins is not None and co is not None and ins.target == co.target
    if name == "in_force":
        return ins is not None and ins.status == "in_force"
    raise ValueError(f"unknown rule condition {name!r}")


def rules_for(path: str, target: Target, case: Case) -> list[Rule]:
    """The rules that cover ``path`` for ``target``."""
    co = case.coercion
    issue = target.meaning.partition(":")[2]
    subs = {"target": co.target if co else "?", "challenger": co.challenger if co else "?", "issue": issue or "?"}
    out = []
    for r in RULES:
        if r.meaning.format(**subs) != target.meaning:
            continue
        if not fnmatch.fnmatchcase(path, r.pattern.format(**subs)):
            continue
        if all(_condition(c, path, case) for c in r.conditions):
            out.append(r)
    return out


def check(case: Case, target: Target, effects: Sequence[tuple[str, float, float, bool]]) -> list[DirectionWarning]:
    """Warnings for the effects ``(path, effect, se, uncertain)`` that contradict a rule."""
    out = []
    for path, effect, se, uncertain in effects:
        if abs(effect) <= max(SIGNIFICANCE * se, 1e-9):
            continue
        for r in rules_for(path, target, case):
            if effect * r.sign < 0:
                out.append(DirectionWarning(path=path, rule=r.code, expected=r.sign, effect=round(effect, 12) + 0.0,
                                            se=round(se, 12) + 0.0, uncertain=uncertain))
                break
    return out
