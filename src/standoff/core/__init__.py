"""Array-level types shared by every engine.

Engines never parse scenarios: they receive an :class:`OutcomeSpace`, one
:class:`AdditiveUtility` per party and plain numbers or arrays, and return results.

The names below are imported on first use, so that a light module of the core
(``errors``, ``extras``, ``solve``) can be imported without numpy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from standoff.core.errors import Problem, UserError
    from standoff.core.nodeal import NoDealValue, no_deal_value
    from standoff.core.rng import child_seeds, make_rng
    from standoff.core.space import Issue, OutcomeSpace
    from standoff.core.utility import AdditiveUtility, Interaction

_LAZY = {"Problem": "errors", "UserError": "errors", "NoDealValue": "nodeal", "no_deal_value": "nodeal",
         "child_seeds": "rng", "make_rng": "rng", "Issue": "space", "OutcomeSpace": "space",
         "AdditiveUtility": "utility", "Interaction": "utility"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"standoff.core.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'standoff.core' has no attribute {name!r}")


__all__ = [
    "AdditiveUtility",
    "Interaction",
    "Issue",
    "NoDealValue",
    "OutcomeSpace",
    "Problem",
    "UserError",
    "child_seeds",
    "make_rng",
    "no_deal_value",
]
