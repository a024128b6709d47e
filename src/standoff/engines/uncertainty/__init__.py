"""Uncertainty: Monte Carlo over every engine, and the sensitivity of any answer to the
scenario's uncertain numbers.

* :mod:`.slicing` -- ranges of a case's draws (the chunks the executors run);
* :mod:`.inputs` -- the uncertain numbers of a scenario, with their quantile functions;
* :mod:`.targets` -- the registry of *targets*: named, vectorised functions
  ``Case -> (D,) array`` (P(zone open), each crisis model's P(comply) and P(escalate),
  each forecast position, and whatever the assessment adds);
* :mod:`.design` -- many design points evaluated in one compile (per-draw overrides);
* :mod:`.tornado`, :mod:`.sobol`, :mod:`.thresholds`, :mod:`.directions` -- the analyses;
* :mod:`.sensitivity` -- all of them for one target, as a typed result.

Nothing is imported here eagerly: the engines' own Monte Carlo modules import
:mod:`.slicing` without pulling in the targets (which import the engines).
"""
