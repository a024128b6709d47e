"""Scenario format v1: models, loading, validation, bundled cases, and the Scenario object."""

from standoff.core.endings import Ending
from standoff.scenario.loader import MAX_BYTES, bundled_names, bundled_outcome_path, bundled_path
from standoff.scenario.model import Scenario, load_scenario
from standoff.scenario.schema import FORMAT_VERSION, ScenarioSpec

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
