"""The forecasting models as small plug-ins: each declares its properties and implements
one method, ``run(stakeholders, rounds) -> Outlook``.

The formulas live in their own modules (:mod:`.compromise`, :mod:`.median`, :mod:`.bdm`,
:mod:`.ktab`), each with its citation; this module only gives them a common shape so the
forecast command, the backtest and the brief treat them alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from standoff.core.errors import UserError, did_you_mean
from standoff.core.stakeholders import Stakeholders
from standoff.engines.forecast.bdm import BDM_VARIANTS, BDMOptions, bdm, variant
from standoff.engines.forecast.compromise import compromise
from standoff.engines.forecast.cost import MAX_ACTORS, forecast_cost
from standoff.engines.forecast.ktab import VictoryModel, ktab
from standoff.engines.forecast.median import condorcet_position, weighted_median


@dataclass(frozen=True)
class Outlook:
    """One model's forecast on one issue; ``trajectory`` is the forecast after each round
    (round 0 first) for dynamic models, ``[forecast]`` for static ones."""

    forecast: float
    trajectory: list[float]
    details: dict[str, Any] = field(default_factory=dict)


class Compromise:
    properties: ClassVar[dict[str, Any]] = {
        "name": "compromise",
        "label": "Compromise (weighted mean)",
        "dynamic": False,
        "citation": "Achen 2006, in Thomson et al., The European Union Decides",
    }

    def run(self, st: Stakeholders, rounds: int = 10) -> Outlook:
        f = compromise(st.position, st.capability, st.salience)
        return Outlook(f, [f])


class Median:
    properties: ClassVar[dict[str, Any]] = {
        "name": "median",
        "label": "Weighted median",
        "dynamic": False,
        "citation": "Black 1948, On the rationale of group decision-making",
    }

    def run(self, st: Stakeholders, rounds: int = 10) -> Outlook:
        f = weighted_median(st.position, st.weight)
        return Outlook(f, [f])


class Condorcet:
    properties: ClassVar[dict[str, Any]] = {
        "name": "condorcet",
        "label": "Condorcet winner (pairwise votes)",
        "dynamic": False,
        "citation": "Black 1948; Bueno de Mesquita 1994 (weighted pairwise votes)",
    }

    def run(self, st: Stakeholders, rounds: int = 10) -> Outlook:
        f = condorcet_position(st.position, st.weight)
        return Outlook(f, [f])


class BDM:
    properties: ClassVar[dict[str, Any]] = {
        "name": "bdm",
        "label": "BDM expected utility (Scholz et al. 2011)",
        "dynamic": True,
        "citation": "Bueno de Mesquita 1994; Scholz, Calbert & Smith 2011",
    }

    def __init__(self, options: BDMOptions | None = None, variant: str | None = None):
        self.options = options or BDMOptions()
        self.variant = variant

    def run(self, st: Stakeholders, rounds: int = 10) -> Outlook:
        r = bdm(st.position, st.capability, st.salience, rounds, self.options)
        details: dict[str, Any] = {
            "mean_by_round": [float(v) for v in r.mean],
            "positions": {n: [float(v) for v in r.positions[:, k]] for k, n in enumerate(st.names)},
            "options": self.options.as_dict(),
            "rounds_run": int(r.positions.shape[0] - 1),
            "stopped": r.stopped,
        }
        if self.variant is not None:
            details["variant"] = self.variant
        return Outlook(r.forecast, [float(v) for v in r.median], details)


class KTAB:
    properties: ClassVar[dict[str, Any]] = {
        "name": "ktab",
        "label": "Probabilistic Condorcet (KTAB-style)",
        "dynamic": False,
        "citation": "Wise et al. 2015, KTAB; Abdollahian et al. 2006, Senturion",
    }

    def __init__(self, victory: VictoryModel = "linear"):
        self.victory = victory

    def run(self, st: Stakeholders, rounds: int = 10) -> Outlook:
        r = ktab(st.position, st.capability, st.salience, self.victory)
        order = np.argsort(-r.probability, kind="stable")
        top = {st.names[k]: round(float(r.probability[k]), 6) for k in order[:5]}
        return Outlook(r.forecast, [r.forecast], {"win_probability": top, "victory_model": self.victory})


#: The registry, in display order.
MODELS: dict[str, type[Compromise] | type[Median] | type[Condorcet] | type[BDM] | type[KTAB]] = {
    "compromise": Compromise,
    "median": Median,
    "condorcet": Condorcet,
    "bdm": BDM,
    "ktab": KTAB,
}


#: Separator of a BDM variant in a model name: ``bdm:reference``.
VARIANT_SEP = ":"


def make_model(name: str) -> Compromise | Median | Condorcet | BDM | KTAB:
    """The model called ``name``: a key of :data:`MODELS`, or ``bdm:VARIANT`` for a named
    reading of the BDM model (:data:`~standoff.engines.forecast.bdm.BDM_VARIANTS`)."""
    base, sep, var = name.partition(VARIANT_SEP)
    if sep and base == "bdm":
        return BDM(variant(var).options, var)
    if sep or name not in MODELS:
        known = [*MODELS, *(f"bdm{VARIANT_SEP}{v}" for v in BDM_VARIANTS)]
        raise UserError(f"unknown model {name!r}", hint=did_you_mean(name, known))
    return MODELS[name]()


def model_properties(name: str) -> dict[str, Any]:
    """``properties`` of the model called ``name`` (a variant's label names the variant)."""
    base, sep, var = name.partition(VARIANT_SEP)
    props = dict(MODELS[base].properties)
    if sep:
        v = variant(var)
        props.update(name=name, label=f"{props['label']}, variant {var}", variant=var, changes=v.changes,
                     source=v.source)
    return props


def run_models(st: Stakeholders, names: list[str] | None = None, rounds: int = 10, *,
               max_actors: int = MAX_ACTORS) -> dict[str, Outlook]:
    """Run the named models (default: all) on one issue; refused before any work when a
    model whose cost grows with the cube of the actors is asked of more than
    ``max_actors`` (:mod:`standoff.engines.forecast.cost`)."""
    todo = names or list(MODELS)
    forecast_cost(len(st.names), todo, rounds).check(max_actors)
    return {name: make_model(name).run(st, rounds) for name in todo}
