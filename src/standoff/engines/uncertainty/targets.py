"""Targets: the scalars a sensitivity analysis can explain, one registry for all.

A :class:`Target` is a named, **vectorised** function ``Case -> (D,) array``: the value
of one answer of the tool in each draw of a case. Evaluated on a case compiled with
per-draw overrides (one row per design point), it gives a whole tornado or Sobol design
in one call. Each target also says

* ``kind`` -- ``probability`` (a per-draw probability or 0/1 indicator whose mean is the
  probability the tool reports), ``position`` (0-100) or ``count``;
* ``meaning`` -- what the number is about, which the direction rules
  (:mod:`.directions`) key on: ``target_yields``, ``escalation``, ``deal``, or
  ``position:<issue>``;
* ``flip`` -- the level at which the most likely outcome changes (0.5 for a
  probability: more likely than not; 50 for a 0-100 position: which end the decision
  leans to), or ``None`` when no outcome is attached;
* ``elementwise`` -- whether draw ``d``'s value depends on draw ``d`` alone. The Fearon
  model is not (its challenger picks one demand against the distribution of the
  target's types, i.e. against all the draws), so designs evaluate it block by block.

Targets come from **families**: a family is a function ``Case -> list[Target]`` that
lists the targets a case supports (the crisis models' need a challenger and a demand,
the forecasts a 0-100 issue). :func:`register` adds a family; :func:`targets` lists them
for a case, :func:`get` finds one by name ("did you mean" otherwise).

The assessment's answers are targets too (:func:`headline_targets`): ``leader_out`` and
``force_used`` by the horizon, ``ending.NAME`` for each ending and ``question.ID`` for
each question, pooled with the base rate exactly as the headline is. They are
``weighted``: each draw comes with its likelihood of the record, and a design point's
answer is the weighted mean over its draws, as in the headline (a Sobol' design is
normalised by the mean weight of the whole sample, a constant the indices do not depend
on). A case's ``preferred``
target (the leader's exit where the case has one, else the use of force) is what
``standoff sensitivity`` explains unless told otherwise.

The evaluate function must be picklable (a module-level function or a
``functools.partial`` of one), so designs can be evaluated in chunks on any executor.
A new family is one function decorated with :func:`register`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from standoff.core.errors import UserError, did_you_mean
from standoff.scenario.case import Case


@dataclass(frozen=True)
class Target:
    """One scalar answer as a vectorised function of a case (module docstring)."""

    name: str
    kind: str
    meaning: str
    evaluate: Callable[[Case], np.ndarray]
    flip: float | None = 0.5
    elementwise: bool = True
    weighted: bool = False
    preferred: bool = False

    def __call__(self, case: Case) -> np.ndarray:
        """``(D,)`` values; for a weighted target ``(2, D)``: values and weights."""
        v = np.asarray(self.evaluate(case), dtype=float)
        if self.weighted:
            return v
        return np.broadcast_to(v, (case.draws,)).copy() if v.size in (1, case.draws) else v


Family = Callable[[Case], list[Target]]
_FAMILIES: list[Family] = []


def register(family: Family) -> Family:
    """Add a family of targets (usable as a decorator); registering twice is a no-op."""
    if family not in _FAMILIES:
        _FAMILIES.append(family)
    return family


def targets(case: Case) -> dict[str, Target]:
    """Every target the case supports, by name, in registration order."""
    out: dict[str, Target] = {}
    for fam in _FAMILIES:
        for t in fam(case):
            out.setdefault(t.name, t)
    return out


def get(case: Case, name: str) -> Target:
    """The target called ``name`` (a :class:`UserError` naming the known ones otherwise)."""
    known = targets(case)
    if name not in known:
        raise UserError(f"{case.id}: no target {name!r}",
                        hint=did_you_mean(name, known) + "; targets here: " + ", ".join(known))
    return known[name]


#: The target a sensitivity analysis explains unless told otherwise: the first of these
#: that the case supports.
DEFAULT_TARGETS = ("crisis.ultimatum.p_comply", "zone_open", "zone_open_without_red_lines")


def default(case: Case) -> Target:
    """The case's preferred target, else the first of :data:`DEFAULT_TARGETS` it supports."""
    known = targets(case)
    for t in known.values():
        if t.preferred:
            return t
    for name in DEFAULT_TARGETS:
        if name in known:
            return known[name]
    if not known:
        raise UserError(f"{case.id}: no answer of the tool to explain here",
                        hint="sensitivity needs a bargaining problem, a crisis or a 0-100 issue")
    return next(iter(known.values()))


# ------------------------------------------------------------------------ families
def _zone(case: Case, *, red_lines: bool) -> np.ndarray:
    from standoff.engines.bargain.draws import zone_open

    return zone_open(case, red_lines=red_lines)


@register
def bargain_targets(case: Case) -> list[Target]:
    """P(zone open), with red lines as they stand and set aside."""
    if not case.parties or any(p not in case.no_deal or p not in case.utilities for p in case.parties):
        return []
    return [Target("zone_open", "probability", "deal", partial(_zone, red_lines=True)),
            Target("zone_open_without_red_lines", "probability", "deal", partial(_zone, red_lines=False))]


def _crisis(case: Case, *, model: str, field: str) -> np.ndarray:
    from standoff.engines.crisis.inputs import crisis_inputs
    from standoff.engines.crisis.models import MODELS, Context

    inp = crisis_inputs(case)
    m = MODELS[model]
    sol = m.solve(m.params(inp), Context(inp.deadline_periods))
    value = getattr(sol, field)
    return np.broadcast_to(np.asarray(value, dtype=float), (case.draws,)).copy()


#: Crisis models whose per-draw answer depends on every draw (the challenger's demand is
#: optimal against the whole distribution of the target's types).
NOT_ELEMENTWISE = frozenset({"fearon"})


@register
def crisis_targets(case: Case) -> list[Target]:
    """Each crisis model's P(comply) and P(escalate), where the model defines them."""
    from standoff.engines.crisis.inputs import crisis_inputs
    from standoff.engines.crisis.models import MODELS, Context

    try:
        inp = crisis_inputs(case.at(0))
    except UserError:
        return []
    out = []
    for name, m in MODELS.items():
        sol = m.solve(m.params(inp), Context(inp.deadline_periods))
        for field, meaning in (("p_comply", "target_yields"), ("p_escalate", "escalation")):
            if getattr(sol, field) is not None:
                out.append(Target(f"crisis.{name}.{field}", "probability", meaning,
                                  partial(_crisis, model=name, field=field), elementwise=name not in NOT_ELEMENTWISE))
    return out


def _forecast(case: Case, *, issue: str, model: str) -> np.ndarray:
    from standoff.engines.forecast.draws import forecast_draws

    return forecast_draws(case, issues=[issue], models=[model])[issue][model]


@register
def forecast_targets(case: Case) -> list[Target]:
    """Each forecast of each 0-100 issue (``forecast.ISSUE``: the compromise model, the
    baseline; ``forecast.ISSUE.MODEL`` for the others)."""
    from standoff.engines.forecast.mapping import scale_issues
    from standoff.engines.forecast.models import MODELS

    out = []
    for issue in scale_issues(case):
        out.append(Target(f"forecast.{issue}", "position", f"position:{issue}",
                          partial(_forecast, issue=issue, model="compromise"), flip=50.0))
        out.extend(Target(f"forecast.{issue}.{m}", "position", f"position:{issue}",
                          partial(_forecast, issue=issue, model=m), flip=50.0) for m in MODELS)
    return out



#: Inner samples per draw of the outlook when it is a sensitivity target (the headline
#: uses 64; a design has many more rows, each averaged over the design's draws).
OUTLOOK_INNER = 32
#: Seed of the talks and of the outlook's inner samples in a sensitivity design (the
#: same at every design point: common random numbers).
OUTLOOK_SEED = 0


def _outlook(case: Case, *, outcome: str, date: str, rates: tuple[float, float]) -> np.ndarray:
    """Per-draw pooled probability of ``outcome`` (outcomes joined by ``|``) by ``date``,
    and each draw's likelihood of the record: ``(2, D)``."""
    import datetime as dt

    from standoff.core.endings import Outcome
    from standoff.engines.outlook import outlook
    from standoff.engines.outlook.answer import (
        base_rates,
        base_union,
        disjoint_parts,
        per_draw,
        pool_with_base,
        pooling,
    )

    when = dt.date.fromisoformat(date)
    out = outlook(case, [when], deal_rate=rates[0], deal_rate_direct=rates[1], inner=OUTLOOK_INNER,
                  seed=OUTLOOK_SEED)
    asked = [Outcome(o) for o in outcome.split("|")]
    model = np.clip(np.sum([per_draw(out, 0, o) for o in disjoint_parts(asked)], axis=0), 0.0, 1.0)
    pooled = pool_with_base(model, base_union(base_rates(case, [when])[0], asked), pooling().weight)
    return np.stack([pooled, out.weight])


@register
def headline_targets(case: Case) -> list[Target]:
    """The headline's answers by the horizon (and each question by its date): the
    leader's exit, the use of force, each ending, each question."""
    from standoff.core.endings import ENDINGS
    from standoff.engines.outlook import applicable
    from standoff.engines.outlook.talks import talk_rates

    co = case.coercion
    if co is None or applicable(case) is not None:
        return []
    rates = talk_rates(case.at(0), seed=OUTLOOK_SEED)
    horizon = co.horizon.isoformat()

    def make(name: str, outcome: str, meaning: str, date: str = horizon, *, flip: float | None = 0.5,
             preferred: bool = False) -> Target:
        return Target(name, "probability", meaning, partial(_outlook, outcome=outcome, date=date, rates=rates),
                      flip=flip, elementwise=False, weighted=True, preferred=preferred)

    has_exit = co.exit_issue is not None or co.reference_class == "leader_exit"
    out = []
    if has_exit:
        out.append(make("leader_out", "leader_out", "target_yields", preferred=True))
    out.append(make("force_used", "force_used", "escalation", preferred=not has_exit))
    # an ending is one of six: "more likely than not" is not where the most likely one changes
    out += [make(f"ending.{e.value}", e.value, f"ending:{e.value}", flip=None) for e in ENDINGS]
    out += [make(f"question.{q.id}", "|".join(o.value for o in q.yes_if), f"question:{q.id}", q.by.isoformat())
            for q in case.questions]
    return out
