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

**Adding the assessment's targets** (P(each ending by its date), each question's
probability) is one family in the module that computes them, e.g.::

    from standoff.engines.uncertainty.targets import Target, register

    def _ending_by(ending: str, case: Case) -> np.ndarray:      # module level: it pickles
        return headline_draws(case).p_by_date[ending]           # (D,) per-draw probability

    def headline_targets(case: Case) -> list[Target]:
        return [Target(f"ending.{e}", "probability", "target_yields" if e == "capitulation" else e,
                       partial(_ending_by, e)) for e in ENDINGS]

    register(headline_targets)

The evaluate function must be picklable (a module-level function or a
``functools.partial`` of one), so designs can be evaluated in chunks on any executor.
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

    def __call__(self, case: Case) -> np.ndarray:
        v = np.asarray(self.evaluate(case), dtype=float)
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
    known = targets(case)
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
