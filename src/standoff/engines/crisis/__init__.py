"""The crisis engine: formal models of coercion, solved exactly over a case's draws.

* :mod:`.fearon`, :mod:`.ultimatum`, :mod:`.alternating`, :mod:`.attrition` -- the maths
  of each model (closed forms and exact solutions, cited);
* :mod:`.inputs` -- the numbers the games take from a :class:`~standoff.scenario.case.Case`;
* :mod:`.models` -- the models as plug-ins (parameters table, ``params``, ``solve``);
* :mod:`.analysis` -- every model solved and summarised over the draws;
* :mod:`.games`, :mod:`.efg`, :mod:`.gambit` -- game trees, ``.efg`` export and Gambit's
  solvers (optional, imported lazily).
"""

from standoff.engines.crisis.analysis import analyse, solve_params
from standoff.engines.crisis.models import MODELS, CrisisModel, catalogue, model_name, register

__all__ = ["MODELS", "CrisisModel", "analyse", "catalogue", "model_name", "register", "solve_params"]
