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

from standoff.core.stakeholders import Stakeholders
from standoff.engines.forecast.bdm import BDMOptions, bdm
from standoff.engines.forecast.compromise import compromise
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

    def __init__(self, options: BDMOptions | None = None):
        self.options = options or BDMOptions()

    def run(self, st: Stakeholders, rounds: int = 10) -> Outlook:
        r = bdm(st.position, st.capability, st.salience, rounds, self.options)
        return Outlook(
            r.forecast,
            [float(v) for v in r.median],
            {
                "mean_by_round": [float(v) for v in r.mean],
                "positions": {n: [float(v) for v in r.positions[:, k]] for k, n in enumerate(st.names)},
                "options": self.options.as_dict(),
            },
        )


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


def run_models(st: Stakeholders, names: list[str] | None = None, rounds: int = 10) -> dict[str, Outlook]:
    """Run the named models (default: all) on one issue."""
    return {name: MODELS[name]().run(st, rounds) for name in (names or list(MODELS))}
