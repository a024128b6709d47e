"""The outside view: base rates of each ending by a horizon for a reference class of
historical episodes (ICB crises, TIES sanctions cases, MID disputes, Archigos leaders).

``base_rate("leader_exit", horizon_days=90, as_of=date(2025, 12, 1))`` gives P(each of the
six endings), P(force used) and P(leader out) by 90 days after an episode's start, with
90 % intervals, from the episodes known before the ``as_of`` date. The episode table ships
in ``data/`` (built by ``scripts/build_base_rates.py``; citations, terms and coding rules
in ``data/NOTICE.md``); the estimator is described in :mod:`.estimate`.
"""

from standoff.engines.baserate.estimate import (
    DEFINITIONS,
    LEVEL,
    METHOD,
    REFERENCE_CLASSES,
    SOURCES,
    BaseRate,
    Occupation,
    Rate,
    base_rate,
    occupation,
    running_at,
    select,
)
from standoff.engines.baserate.table import Episodes, load_episodes, parse

__all__ = [
    "DEFINITIONS",
    "LEVEL",
    "METHOD",
    "REFERENCE_CLASSES",
    "SOURCES",
    "BaseRate",
    "Episodes",
    "Occupation",
    "Rate",
    "base_rate",
    "load_episodes",
    "occupation",
    "parse",
    "running_at",
    "select",
]
