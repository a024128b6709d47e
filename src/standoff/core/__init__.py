"""Array-level types shared by every engine.

Engines never parse scenarios: they receive an :class:`OutcomeSpace`, one
:class:`AdditiveUtility` per party and plain numbers or arrays, and return results.
"""

from standoff.core.errors import Problem, UserError
from standoff.core.nodeal import NoDealValue, no_deal_value
from standoff.core.rng import child_seeds, make_rng
from standoff.core.space import Issue, OutcomeSpace
from standoff.core.utility import AdditiveUtility, Interaction

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
