"""The simulate engine: agents negotiate round by round under a protocol, with
strategies as small plug-in classes, strategic mediators, pressure that accumulates each
round, breakdown risk, deadlines and threats; reproducible tournaments.

:mod:`~standoff.engines.simulate.mapping` reads a compiled case or a GENIUS domain into
the engine; :mod:`~standoff.engines.simulate.protocols` holds the protocols,
:mod:`~standoff.engines.simulate.strategies` and
:mod:`~standoff.engines.simulate.mediators` the agents.
"""

from standoff.engines.simulate.domain import Board, Domain, MediatorProfile, Party, Threat, prepare
from standoff.engines.simulate.mapping import from_case, from_genius
from standoff.engines.simulate.mediators import MEDIATOR_STRATEGIES
from standoff.engines.simulate.protocols import PROTOCOLS, Negotiation, negotiate
from standoff.engines.simulate.run import simulate
from standoff.engines.simulate.strategies import STRATEGIES, catalogue, make_strategy
from standoff.engines.simulate.summary import STYLES, agreement_rate, summarise_talks
from standoff.engines.simulate.tournament import tournament

__all__ = [
    "MEDIATOR_STRATEGIES",
    "PROTOCOLS",
    "STRATEGIES",
    "STYLES",
    "Board",
    "Domain",
    "MediatorProfile",
    "Negotiation",
    "Party",
    "Threat",
    "agreement_rate",
    "catalogue",
    "from_case",
    "from_genius",
    "make_strategy",
    "negotiate",
    "prepare",
    "simulate",
    "summarise_talks",
    "tournament",
]
