"""The bargain engine: exact Pareto frontier, bargaining solutions, zone of agreement,
and the "what would it take" search for openings when there is no zone.

Pure functions over numpy arrays; :mod:`standoff.engines.bargain.mapping` reads a
compiled :class:`~standoff.scenario.case.Case` (or a GENIUS domain) into them.
"""

from standoff.core.pareto import pareto_indices
from standoff.engines.bargain.factors import NoFeasibleOutcome, TooLargeForExact
from standoff.engines.bargain.pareto import Frontier, merged_frontier
from standoff.engines.bargain.solutions import (
    NoAgreementZone,
    Solutions,
    frontier_of,
    nash_point,
    solve,
)

__all__ = [
    "Frontier",
    "NoAgreementZone",
    "NoFeasibleOutcome",
    "Solutions",
    "TooLargeForExact",
    "frontier_of",
    "merged_frontier",
    "nash_point",
    "pareto_indices",
    "solve",
]

from standoff.engines.bargain.analysis import analyse
from standoff.engines.bargain.mapping import from_case, from_genius

__all__ += ["analyse", "from_case", "from_genius"]
