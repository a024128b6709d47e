"""The compiled case: a scenario as frozen arrays with a leading draws axis.

:class:`Case` and its parts live in :mod:`.types` (numpy and :mod:`standoff.core` only),
so engines can import them without the scenario format; the one compile step is
:func:`standoff.scenario.case.compile.compile_case`, reached through
:meth:`standoff.scenario.Scenario.case`.
"""

from standoff.scenario.case.types import (
    Actors,
    Case,
    Channel,
    Coercion,
    Course,
    Demand,
    Exile,
    InsiderDraws,
    InstrumentDraws,
    Lock,
    NoDealDraws,
    PairTable,
    QuestionSpec,
    RecordEvent,
    StakeholderDraws,
    Threat,
    UtilityDraws,
    take,
)

__all__ = [
    "Actors",
    "Case",
    "Channel",
    "Coercion",
    "Course",
    "Demand",
    "Exile",
    "InsiderDraws",
    "InstrumentDraws",
    "Lock",
    "NoDealDraws",
    "PairTable",
    "QuestionSpec",
    "RecordEvent",
    "StakeholderDraws",
    "Threat",
    "UtilityDraws",
    "take",
]
