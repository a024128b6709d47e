"""The one assembly: a scenario's every analysis, seeded in one place, as an :class:`Assessment`.

``assess(scenario, draws=..., seed=...)`` compiles the scenario once into a nominal case
and once over ``draws`` Monte Carlo draws (:meth:`standoff.scenario.Scenario.case`),
spawns every child seed it needs from ``seed`` up front (Mesa's and numpy's practice:
one seed in, independent child streams), runs each engine on the case, and returns
their typed results. The same scenario, draws and seed give byte-identical JSON, run
serially or in parallel. Nothing here writes English: the presenters do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np

from standoff.core.errors import UserError
from standoff.core.executors import Executor, make_executor
from standoff.engines import bargain, crisis, forecast, simulate
from standoff.engines.bargain.draws import zone_over_draws
from standoff.engines.bargain.refusals import refusal_checks
from standoff.engines.forecast.draws import forecast_over_draws
from standoff.engines.outlook import answer
from standoff.engines.outlook import applicable as outlook_applicable
from standoff.engines.outlook.answer import Setting
from standoff.engines.outlook.talks import talk_rates
from standoff.engines.simulate.draws import talks_over_draws
from standoff.results import Note
from standoff.results.assessment import Assessment, CaseFacts, Headline
from standoff.scenario.case import Case
from standoff.scenario.model import Scenario
from standoff.scenario.unjudged import unjudged_paths

#: Monte Carlo draws of an assessment unless asked otherwise.
DEFAULT_DRAWS = 2_000
#: Draws over which the forecasts of the 0-100 issues are summarised (the first ones).
FORECAST_DRAWS = 1_000
#: Seeds (repetitions) per pairing of negotiating styles in the simulation summary.
TALK_SEEDS = 3
#: Draws on which the talks are simulated for their endings' intervals (the first ones:
#: a random subsample; about a tenth of a second each on the flagship).
TALK_DRAWS = 24
#: Memory a Monte Carlo assessment may take (bytes) unless the caller raises it
#: (``--max-memory`` on the command line): checked before the draws are taken.
MEMORY_LIMIT = 4 * 2**30
#: Passed as ``max_memory`` by :func:`assess` to :func:`headline`: the draws were already
#: checked against the caller's limit with every engine counted.
_CHECKED = float("inf")


@dataclass(frozen=True)
class Seeds:
    """The child seeds of one assessment, spawned up front from its seed."""

    case: int
    simulate: int
    sensitivity: int
    bootstrap: int
    outlook: int


def spawn_seeds(seed: int) -> Seeds:
    """Independent child seeds (:meth:`numpy.random.SeedSequence.spawn`), as integers."""
    children = np.random.SeedSequence(seed).spawn(5)
    ints = [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]
    return Seeds(*ints)


def drawn_case(scenario: Scenario, *, draws: int = DEFAULT_DRAWS, seed: int = 0,
               overrides: Mapping[str, float] | None = None) -> Case:
    """The case over ``draws`` Monte Carlo draws that the assessment with ``seed`` uses
    (compiled once and cached by the scenario)."""
    return scenario.case(draws=draws, seed=spawn_seeds(seed).case, overrides=overrides)


# -- the cost of the draws, estimated before they are taken (issue 16) -----------------

def draws_bytes(scenario: Scenario, nominal: Case, draws: int, *, crisis_models: int | None = None,
                outlook: bool = True, exact: bool = False) -> int:
    """Bytes the case, the crisis games and the outlook hold over ``draws`` draws: each
    engine's estimate per draw (:mod:`standoff.scenario.case.cost`,
    :mod:`standoff.engines.crisis.cost`, :mod:`standoff.engines.outlook.cost`) times the
    draws. The case's part is an upper bound, or (``exact``) counted on two draws."""
    from standoff.engines.crisis import MODELS
    from standoff.engines.crisis.cost import numbers_per_draw as crisis_numbers
    from standoff.engines.outlook.cost import numbers_per_draw as outlook_numbers
    from standoff.scenario.case.cost import NUMBER_BYTES, numbers_per_draw, varying_per_draw

    case = varying_per_draw(scenario.case(draws=2, seed=0)) if exact else numbers_per_draw(nominal)
    per = case + crisis_numbers(len(MODELS) if crisis_models is None else crisis_models)
    if outlook:
        per += outlook_numbers(nominal)
    return int(draws) * per * NUMBER_BYTES


def check_memory(scenario: Scenario, nominal: Case, draws: int, *, max_memory: float = MEMORY_LIMIT,
                 outlook: bool = True, crisis_models: int | None = None) -> None:
    """Refuse (a :class:`UserError` naming the options) draws whose arrays would not fit
    ``max_memory`` bytes, before any is taken."""
    if draws_bytes(scenario, nominal, draws, outlook=outlook, crisis_models=crisis_models) <= max_memory:
        return
    need = draws_bytes(scenario, nominal, draws, outlook=outlook, crisis_models=crisis_models, exact=True)
    if need <= max_memory:
        return
    most = max(1, int(draws * max_memory / need))
    raise UserError(
        f"{draws:,} draws of {scenario.id} would take about {need / 2**30:.1f} GiB of memory "
        f"(limit {max_memory / 2**30:.1f} GiB)",
        hint=f"lower --draws to at most {most:,}, or raise the limit with --max-memory {need / 2**30 * 1.25:.0f}",
    )


def headline(
    scenario: Scenario,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    overrides: Mapping[str, float] | None = None,
    horizon: dt.date | None = None,
    details: bool = True,
    exclude: tuple[str, ...] = (),
    structural: dict[str, dict[str, float]] | None = None,
    jobs: int = 1,
    quick_talks: bool = False,
    max_memory: float = MEMORY_LIMIT,
) -> Headline | Note:
    """The headline of a scenario (:mod:`standoff.engines.outlook.answer`), or a note
    saying why it does not apply. ``details=False`` skips thresholds and the watch list;
    ``quick_talks`` estimates the talks' pace from fewer simulations (live updates)."""
    seeds = spawn_seeds(seed)
    if max_memory != _CHECKED:
        check_memory(scenario, scenario.case(overrides=overrides), draws, max_memory=max_memory, crisis_models=0)
    drawn = drawn_case(scenario, draws=draws, seed=seed, overrides=overrides)
    why = outlook_applicable(drawn)
    if why is not None:
        return Note(code="headline_not_applicable", data={"why": why})
    nominal = scenario.case(overrides=overrides)
    rate, direct = talk_rates(nominal, seed=seeds.simulate, jobs=jobs, quick=quick_talks)
    setting = Setting(deal_rate=rate, deal_rate_direct=direct, seed=seeds.outlook)
    scalars = dict(overrides or {})

    def recompile(per_draw: dict[str, object]) -> Case:
        return scenario.case(seed=seeds.case, overrides={**scalars, **per_draw})  # type: ignore[dict-item]

    h = answer.headline(drawn, setting=setting, horizon=horizon, recompile=recompile, thresholds=details,
                        watch=details, structural=structural, exclude=exclude, seed=seed)
    return h.model_copy(update={"unjudged": unjudged_paths(scenario.spec)})


def case_facts(case: Case) -> CaseFacts:
    """The facts of a case that every presenter needs, in ids."""
    co = case.coercion
    return CaseFacts(
        id=case.id,
        title=case.title,
        as_of=case.as_of.isoformat(),
        period=case.period,
        parties=list(case.parties),
        mediators=list(case.mediators),
        challenger=co.challenger if co else None,
        target=co.target if co else None,
        demand=dict(co.demand.package) if co and co.demand else {},
        demand_event=co.demand.event if co and co.demand else None,
        deadline=co.deadline.isoformat() if co and co.deadline else None,
        deadline_periods=co.deadline_periods if co else None,
        horizon=co.horizon.isoformat() if co else None,
        threats=[t.instrument for t in co.threats] if co else [],
        instruments_in_force=sorted(i for i, ins in case.instruments.items() if ins.status == "in_force"),
        instruments_threatened=sorted(i for i, ins in case.instruments.items() if ins.status == "threatened"),
        channel=case.channel.status,
        channel_via=list(case.channel.via),
        refusals=refusal_checks(case),
    )


def assess(
    scenario: Scenario,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    overrides: Mapping[str, float] | None = None,
    horizon: dt.date | None = None,
    jobs: int = 1,
    executor: Executor | None = None,
    scheduler: str | None = None,
    skip: Collection[str] = (),
    details: bool = True,
    quick_talks: bool = False,
    max_memory: float = MEMORY_LIMIT,
) -> Assessment:
    """Every analysis of ``scenario`` (module docstring); ``overrides`` fixes numbers by
    their dotted path in the file (what-if edits). Chunked Monte Carlo work runs on
    ``executor`` (else one made from ``jobs`` and ``scheduler``: a Dask cluster, a process
    pool, or serial); the results do not depend on it. ``skip`` names engines left out and
    ``details=False`` leaves the headline's thresholds and watch list out (the web app's
    live updates do both: they are the slowest parts), noted in the result. Draws whose
    arrays would pass ``max_memory`` bytes are refused before any is taken."""
    if unknown := set(skip) - {"simulate"}:
        raise ValueError(f"only the simulation can be left out, not {sorted(unknown)}")
    # one executor for the whole assessment
    if executor is None:
        check_memory(scenario, scenario.case(overrides=overrides), draws, max_memory=max_memory)
        with make_executor(jobs, scheduler) as ex:
            return assess(scenario, draws=draws, seed=seed, overrides=overrides, horizon=horizon, jobs=jobs,
                          executor=ex, skip=skip, details=details, quick_talks=quick_talks,
                          max_memory=max_memory)
    seeds = spawn_seeds(seed)
    nominal = scenario.case(overrides=overrides)
    drawn = drawn_case(scenario, draws=draws, seed=seed, overrides=overrides)
    notes: list[Note] = []

    bargain_result = None
    if all(p in nominal.no_deal for p in nominal.parties):
        bargain_result = bargain.analyse(bargain.from_case(nominal))
    else:
        notes.append(Note(code="engine_skipped", data={"engine": "bargain", "why": "a party has no no_deal entry"}))

    crisis_result = None
    try:
        crisis_result = crisis.analyse(drawn)
    except UserError as exc:
        notes.append(Note(code="engine_skipped", data={"engine": "crisis", "why": exc.message}))

    # the zone of agreement and the forecasts over the draws (the forecasts on at most
    # FORECAST_DRAWS of them: the dynamic BDM model costs a round per draw)
    bargain_draws = None
    if bargain_result is not None:
        # the zone's size over the draws is not shown by the brief or the page; live
        # updates leave it out (the share of draws with a zone is always computed)
        bargain_draws = zone_over_draws(drawn, executor=executor, **({"size_draws": 0} if quick_talks else {}))
    forecast_draws = {}
    try:
        few = drawn if drawn.draws <= FORECAST_DRAWS else drawn.subset(np.arange(FORECAST_DRAWS))
        forecast_draws = forecast_over_draws(few, executor=executor)
    except UserError as exc:
        notes.append(Note(code="engine_skipped", data={"engine": "forecast_draws", "why": exc.message}))

    talks = talks_drawn = None
    if "simulate" in skip:
        notes.append(Note(code="engine_skipped", data={"engine": "simulate", "why": "left out on request"}))
    else:
        talks = simulate.summarise_talks(simulate.from_case(nominal), seeds=TALK_SEEDS, seed=seeds.simulate, jobs=jobs)
        talks_drawn = talks_over_draws(drawn, draws=TALK_DRAWS, seed=seeds.simulate, executor=executor)
    structural = {} if crisis_result is None else {
        m.model: {k: v.mean for k, v in m.endings.items()} for m in crisis_result.models}
    answer_ = headline(scenario, draws=draws, seed=seed, overrides=overrides, horizon=horizon,
                       structural=structural, jobs=jobs, details=details, quick_talks=quick_talks,
                       max_memory=_CHECKED)  # checked above, with every engine counted
    if not details:
        notes.append(Note(code="engine_skipped", data={"engine": "thresholds and watch list",
                                                       "why": "left out on request"}))
    not_applicable = [answer_] if isinstance(answer_, Note) else []
    head = None if isinstance(answer_, Note) else answer_
    return Assessment(
        scenario=scenario.id,
        title=scenario.title,
        as_of=scenario.spec.as_of.isoformat(),
        seed=seed,
        draws=draws,
        case=case_facts(nominal),
        headline=head,
        not_applicable=not_applicable,
        bargain=bargain_result,
        crisis=crisis_result,
        simulate=talks,
        forecast=forecast.forecast_case(nominal),
        bargain_draws=bargain_draws,
        forecast_draws=forecast_draws,
        talks_draws=talks_drawn,
        unjudged=unjudged_paths(scenario.spec),
        notes=notes,
    )
