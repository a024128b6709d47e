"""The Python API: one entry point per engine, taking a scenario (a name, a file, a
:class:`~standoff.scenario.Scenario`) or an already compiled
:class:`~standoff.scenario.case.Case`.

>>> import standoff
>>> scn = standoff.load_scenario("venezuela-2025")
>>> standoff.bargain(scn).zopa.empty
True
"""

from __future__ import annotations

from pathlib import Path

from standoff.results.bargain import BargainResult
from standoff.results.crisis import CrisisResult
from standoff.results.forecast import ForecastResult
from standoff.results.simulate import SimulationResult
from standoff.scenario import Scenario
from standoff.scenario.case import Case

Source = str | Path | Scenario | Case


def _case(source: Source, draws: int | None = None, seed: int = 0) -> Case:
    if isinstance(source, Case):
        return source
    scn = source if isinstance(source, Scenario) else Scenario.load(source)
    return scn.case(draws=draws, seed=seed)


def bargain(source: Source) -> BargainResult:
    """Zone of agreement, frontier, fair bargains and what would open a deal (draw 0 of a
    case; the nominal case of a scenario)."""
    from standoff.engines.bargain import analyse, from_case

    case = _case(source)
    return analyse(from_case(case), source=case.id)


def crisis(source: Source, *, draws: int = 20_000, seed: int = 0) -> CrisisResult:
    """Every crisis model, over ``draws`` Monte Carlo draws of a scenario (or over a case's draws)."""
    from standoff.engines.crisis import analyse

    return analyse(_case(source, draws, seed))


def simulate(source: Source, strategies: tuple[str, ...] = ("linear",), *, seed: int = 0,
             rounds: int | None = None) -> SimulationResult:
    """One negotiation played round by round (one strategy per party, or one for all)."""
    from standoff.engines.simulate import from_case
    from standoff.engines.simulate import simulate as run

    domain = from_case(_case(source))
    return run(domain, list(strategies), seed=seed, rounds=rounds)


def forecast(source: Source, *, rounds: int = 10) -> dict[str, ForecastResult]:
    """Every forecasting model on each 0-100 issue of a scenario."""
    from standoff.engines.forecast import forecast_case

    return forecast_case(_case(source), rounds=rounds)
