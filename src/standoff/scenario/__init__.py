"""Scenario format v1: models, loading, validation, bundled cases, and the Scenario object.

The names below are imported on first use: ``standoff list`` reads the bundled files'
titles (:mod:`standoff.scenario.catalogue`) without loading the format's models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from standoff.core.endings import Ending
    from standoff.scenario.catalogue import bundled_names, bundled_outcome_path, bundled_path
    from standoff.scenario.loader import MAX_BYTES
    from standoff.scenario.model import Scenario, load_scenario
    from standoff.scenario.schema import FORMAT_VERSION, ScenarioSpec

_LAZY = {
    "Ending": "standoff.core.endings",
    "MAX_BYTES": "standoff.scenario.loader",
    "bundled_names": "standoff.scenario.catalogue",
    "bundled_outcome_path": "standoff.scenario.catalogue",
    "bundled_path": "standoff.scenario.catalogue",
    "Scenario": "standoff.scenario.model",
    "load_scenario": "standoff.scenario.model",
    "FORMAT_VERSION": "standoff.scenario.schema",
    "ScenarioSpec": "standoff.scenario.schema",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'standoff.scenario' has no attribute {name!r}")


__all__ = [
    "FORMAT_VERSION",
    "MAX_BYTES",
    "Ending",
    "Scenario",
    "ScenarioSpec",
    "bundled_names",
    "bundled_outcome_path",
    "bundled_path",
    "load_scenario",
]
