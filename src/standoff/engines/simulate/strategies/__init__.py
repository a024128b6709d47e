"""Negotiation strategies: small plug-in classes with a ``properties`` dict and one method.

:func:`catalogue` lists them, filtered by property; :func:`make_strategy` builds one by
name (unknown names get a "did you mean" hint).
"""

from __future__ import annotations

from typing import Any

from standoff.core.errors import UserError, did_you_mean
from standoff.engines.simulate.strategies.base import ACCEPT, WALK, Strategy, Turn
from standoff.engines.simulate.strategies.firm import DeadlineDriven, HardLiner
from standoff.engines.simulate.strategies.responsive import (
    AspirationAdaptive,
    MediatorAware,
    TitForTat,
)
from standoff.engines.simulate.strategies.time_based import Boulware, Conceder, Linear, NoisyLinear

#: Every strategy, by name, in catalogue order.
STRATEGIES: dict[str, type[Strategy]] = {
    cls.name: cls
    for cls in (
        Boulware,
        Linear,
        Conceder,
        NoisyLinear,
        TitForTat,
        HardLiner,
        DeadlineDriven,
        AspirationAdaptive,
        MediatorAware,
    )
}


def catalogue(**properties: Any) -> list[type[Strategy]]:
    """Strategy classes whose properties match every given ``name=value``
    (``catalogue(time_based=True, stochastic=False)``)."""
    known = set(Strategy.properties)
    for key in properties:
        if key not in known:
            raise UserError(f"unknown strategy property {key!r}", hint=did_you_mean(key, known))
    return [
        cls
        for cls in STRATEGIES.values()
        if all(cls.properties.get(k) == v for k, v in properties.items())
    ]


def make_strategy(name: str) -> Strategy:
    """A fresh strategy by catalogue name."""
    key = name.strip().lower()
    if key not in STRATEGIES:
        raise UserError(f"unknown strategy {name!r}", hint=did_you_mean(key, STRATEGIES))
    return STRATEGIES[key]()


def parse_strategies(text: str) -> list[str]:
    """Names from a comma-separated list, each checked against the catalogue."""
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    if not names:
        raise UserError("no strategy given (--strategies is empty)", hint=f"choose from {', '.join(STRATEGIES)}")
    for n in names:
        make_strategy(n)
    return names


__all__ = [
    "ACCEPT",
    "STRATEGIES",
    "WALK",
    "Strategy",
    "Turn",
    "catalogue",
    "make_strategy",
    "parse_strategies",
]
