"""The inputs the web app lets an analyst move, and their order.

A control is a slider over one number of the scenario (by its dotted path in the file,
the same paths as ``--set`` and :meth:`standoff.scenario.Scenario.check_overrides`) or a
toggle saying whether one red line holds. Which numbers: the threat's credibility and
the challenger's costs, the pressure on the target, guarantees (exile guarantees, the
legal exposure that follows a leader out of office), the chance each red line holds,
and the principal parties' saliences.

**Order.** When the assessment carries a sensitivity ranking (:func:`sensitivity_order`)
the controls follow it. Otherwise the documented default (:data:`DEFAULT_ORDER`): red
lines first (a clash of red lines alone can rule out every deal), then the threat's
credibility, the challenger's costs, the pressure costs on the target, guarantees, the
chance red lines hold, and saliences; within a group, larger numbers first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from standoff.presenters.html.casefile import quantity_words
from standoff.scenario import Scenario
from standoff.scenario.case.draws import dotted
from standoff.scenario.quantity import Quantity

#: Groups of controls, in the default order, with the heading shown above them.
DEFAULT_ORDER: tuple[tuple[str, str], ...] = (
    ("red_line", "Red lines (untick one to let it give way)"),
    ("driver", "What drives the answer"),
    ("threat", "The threat"),
    ("challenger_cost", "The challenger's costs"),
    ("pressure", "Pressure on the target"),
    ("guarantee", "Guarantees and legal exposure"),
    ("hold", "Chance each red line holds"),
    ("salience", "What each side cares about"),
)

#: Controls shown before the "more inputs" fold.
SHOWN_FIRST = 8


@dataclass(frozen=True)
class Control:
    """One input of the app: a slider (``path``: a number's dotted path) or a red-line
    toggle (``path``: the red line's dotted path, e.g. ``preferences.usa.red_lines[1]``)."""

    path: str
    kind: Literal["slider", "toggle"]
    group: str
    label: str
    value: float
    low: float = 0.0
    high: float = 1.0
    step: float = 0.01
    file_value: str = ""
    help: str = ""

    @property
    def field(self) -> str:
        """The HTML form field's name (dots and brackets are fine in form names)."""
        return self.path

    @property
    def dom_id(self) -> str:
        return "c-" + "".join(ch if ch.isalnum() else "-" for ch in self.path)


def _slider(path: tuple[str | int, ...], q: Quantity, group: str, label: str, help_: str = "") -> Control:
    lo_b, hi_b = q.bounds
    _, hi_s = q.support
    nominal = q.nominal
    low = max(lo_b, 0.0) if math.isfinite(lo_b) else min(0.0, nominal)
    if math.isfinite(hi_b) and hi_b <= 1.0:
        high = hi_b
    else:
        top = hi_s if math.isfinite(hi_s) else nominal
        high = max(5.0 * top, 5.0 * nominal, low + 1e-3)
        if math.isfinite(hi_b):
            high = min(high, hi_b)
    span = high - low
    step = 10 ** math.floor(math.log10(span / 200)) if span > 0 else 0.01
    return Control(dotted(path), "slider", group, label, nominal, low, high, step, quantity_words(q), help_)


def controls(scn: Scenario) -> list[Control]:
    """The app's controls for a scenario, in the default order (module docstring)."""
    spec = scn.spec
    neg = spec.negotiation
    numbers = {dotted(p): (p, q) for p, q in scn.quantities()}
    name = {aid: a.name for aid, a in spec.actors.items()}
    out: list[Control] = []

    # red lines: toggles
    for aid, pref in spec.preferences.items():
        if aid not in neg.parties:
            continue
        for k, rl in enumerate(pref.red_lines):
            issue = spec.issues[rl.issue].name if rl.issue in spec.issues else rl.issue
            opts = spec.issues[rl.issue].options if rl.issue in spec.issues else None
            words = [opts[o] if isinstance(opts, dict) and o in opts else o for o in rl.options]
            out.append(Control(f"preferences.{aid}.red_lines[{k}]", "toggle", "red_line",
                               f"{name[aid]} never accepts: {', '.join(words)} ({issue})", 1.0,
                               help=" ".join((rl.reason or "").split())))

    def add(path: str, group: str, label: str, help_: str = "") -> None:
        if path in numbers:
            p, q = numbers[path]
            out.append(_slider(p, q, group, label, help_))

    for iid, ins in spec.instruments.items():
        if ins.status.value == "threatened" and ins.credibility is not None:
            add(f"instruments.{iid}.credibility", "threat", f"Credibility of the threat: {ins.name}",
                "the chance it is carried out if the demand is refused")
    if spec.coercion is not None:
        co = spec.coercion
        if co.target_belief is not None:
            add("coercion.target_belief", "threat", "The target's belief that force follows a refusal")
        for cid, course in co.courses_of_action.items():
            add(f"coercion.courses_of_action.{cid}.cost", "challenger_cost", f"Cost of {course.name.lower()}")
            add(f"coercion.courses_of_action.{cid}.p_success", "challenger_cost",
                f"Chance {course.name.lower()} succeeds")
        if co.audience_cost is not None:
            add("coercion.audience_cost", "challenger_cost", "The challenger's cost of backing down")
        for k, ex in enumerate(co.exile):
            host = name.get(ex.host, ex.host)
            add(f"coercion.exile[{k}].p_guarantee_holds", "guarantee", f"Chance the guarantee of exile in {host} holds")
    if neg.challenger and neg.challenger in spec.no_deal:
        add(f"no_deal.{neg.challenger}.conflict_cost", "challenger_cost",
            f"{name[neg.challenger]}'s cost of settling it by force")
    for iid, ins in spec.instruments.items():
        if ins.status.value == "in_force":
            add(f"instruments.{iid}.cost_to_target", "pressure", f"{ins.name}: cost to the target per {spec.period}")
        if ins.residual_cost is not None:
            add(f"instruments.{iid}.residual_cost", "guarantee",
                f"{ins.name}: lasting cost to the target of a deal that leaves it in place")
    for aid, pref in spec.preferences.items():
        for k, rl in enumerate(pref.red_lines):
            if rl.p_hold is not None:
                add(f"preferences.{aid}.red_lines[{k}].p_hold", "hold",
                    f"Chance {name[aid]}'s red line on {rl.issue.replace('_', ' ')} holds")
    for aid in neg.parties:
        party_pref = spec.preferences.get(aid)
        if party_pref is None:
            continue
        for iid in party_pref.issues:
            issue = spec.issues[iid].name if iid in spec.issues else iid
            add(f"preferences.{aid}.issues.{iid}.salience", "salience", f"How much {name[aid]} cares: {issue}")
    rank = {g: i for i, (g, _) in enumerate(DEFAULT_ORDER)}
    return sorted(out, key=lambda c: (rank[c.group], -abs(c.value) if c.kind == "slider" else 0.0))


def driver_controls(scn: Scenario, order: Sequence[str], have: Sequence[Control]) -> list[Control]:
    """Sliders for the influential inputs (``order``) that no control covers yet, named
    as the headline names them."""
    from standoff.presenters.sections.words import path_label

    numbers = {dotted(p): (p, q) for p, q in scn.quantities()}
    known = {c.path for c in have}
    case = scn.case()
    out = []
    for path in order:
        if path in numbers and path not in known:
            p, q = numbers[path]
            label = path_label(case, path)
            out.append(_slider(p, q, "driver", label[:1].upper() + label[1:]))
            known.add(path)
    return out


def sensitivity_order(assessment: Any) -> list[str] | None:
    """Dotted paths of the inputs from most to least influential, when the assessment
    carries them: its JSON's ``sensitivity`` (a list, or a mapping with a ``tornado`` or
    ``inputs`` list, from the sensitivity analysis) or else the headline's ``drivers``,
    whose entries name a ``path`` (or ``input``), most influential first. ``None`` when
    it has neither."""
    data = assessment.to_dict() if hasattr(assessment, "to_dict") else {}
    head = data.get("headline")
    head_drivers = head.get("drivers") if isinstance(head, Mapping) else None
    for got in (data.get("sensitivity"), head_drivers, data.get("drivers")):
        if isinstance(got, Mapping):
            got = got.get("tornado") or got.get("inputs")
        if isinstance(got, Sequence) and not isinstance(got, str):
            paths = [str(e.get("path") or e.get("input")) for e in got
                     if isinstance(e, Mapping) and (e.get("path") or e.get("input"))]
            if paths:
                return paths
    return None


def ranked(ctrls: Sequence[Control], order: Sequence[str] | None) -> list[Control]:
    """Controls in sensitivity order (a red line ranks with its ``p_hold``), the rest after
    them in the default order."""
    if not order:
        return list(ctrls)
    pos: dict[str, int] = {}
    for i, p in enumerate(order):
        pos.setdefault(p, i)
        if p.endswith(".p_hold"):
            pos.setdefault(p[: -len(".p_hold")], i)
    return sorted(ctrls, key=lambda c: pos.get(c.path, len(order)))
