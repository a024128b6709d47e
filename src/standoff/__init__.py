"""standoff: model coercive negotiations between states and other actors.

The package is layered so that a reader can find any concept by its name:

* :mod:`standoff.core` -- array-level types every engine shares (outcome space,
  additive utility, the value of no deal, errors, randomness);
* :mod:`standoff.scenario` -- the YAML scenario format, its loading and validation,
  and :class:`~standoff.scenario.Scenario`, the thin object that wires a scenario
  to the engines;
* :mod:`standoff.engines` -- pure functions over arrays (bargain, crisis, forecast,
  simulate);
* :mod:`standoff.results` -- typed, JSON-serialisable results;
* :mod:`standoff.interop` -- GENIUS XML and DEU-style tables;
* :mod:`standoff.presenters` -- the command line and the brief.
"""

from standoff.scenario import Scenario, load_scenario

__all__ = ["Scenario", "__version__", "load_scenario"]
__version__ = "0.1.0"
