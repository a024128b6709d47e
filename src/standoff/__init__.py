"""standoff: model coercive negotiations between states and other actors.

The layers, each importing only those before it (``docs/explanation/architecture.md``):

* :mod:`standoff.core` -- the shared vocabulary (outcome space, utilities, endings,
  periods, estimates, errors, randomness);
* :mod:`standoff.scenario` -- the YAML format, its loading and validation, and
  :class:`~standoff.scenario.Scenario`, which compiles once into a
  :class:`~standoff.scenario.case.Case` of arrays with a draws axis;
* :mod:`standoff.engines` -- pure functions over a case (bargain, crisis, forecast,
  simulate, leader fate, challenger choice, insiders, outlook, base rates);
* :func:`standoff.assess` -- the one assembly, returning an
  :class:`~standoff.results.assessment.Assessment`;
* :mod:`standoff.presenters` -- all the words: brief, HTML, command line, web app.

The entry points (:class:`Scenario`, :func:`load_scenario`, :func:`assess`,
:func:`headline` and one per engine: :func:`bargain`, :func:`crisis`, :func:`simulate`,
:func:`forecast`) are imported on first use, so ``import standoff`` (and with it every
``standoff`` command) starts without loading numpy, pydantic or an engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from standoff.api import bargain, crisis, forecast, simulate
    from standoff.assess import assess, headline
    from standoff.scenario import Scenario, load_scenario

__all__ = ["Scenario", "__version__", "assess", "bargain", "crisis", "forecast", "headline", "load_scenario",
           "simulate"]
__version__ = "0.2.0"

_LAZY = {"Scenario": "standoff.scenario", "load_scenario": "standoff.scenario", "assess": "standoff.assess", "headline": "standoff.assess", "bargain": "standoff.api",
         "crisis": "standoff.api", "simulate": "standoff.api", "forecast": "standoff.api"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'standoff' has no attribute {name!r}")
