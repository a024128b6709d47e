"""Analysis engines: pure functions over arrays, one subpackage each.

* :mod:`standoff.engines.bargain` -- frontier, bargaining solutions, zone of agreement;
* :mod:`standoff.engines.crisis` -- formal models of coercion, solved;
* :mod:`standoff.engines.forecast` -- collective decision forecasts on 0-100 issues;
* :mod:`standoff.engines.simulate` -- round-by-round negotiation, strategies, tournaments.
"""
