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
import hashlib
import pickle
from collections import OrderedDict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

import numpy as np

from standoff.core.errors import UserError
from standoff.core.executors import Executor, make_executor
from standoff.core.utility import AdditiveUtility
from standoff.engines import bargain, crisis, forecast, simulate
from standoff.engines.bargain.draws import zone_over_draws
from standoff.engines.bargain.refusals import refusal_checks
from standoff.engines.forecast.draws import forecast_over_draws
from standoff.engines.outlook import answer
from standoff.engines.outlook import applicable as outlook_applicable
from standoff.engines.outlook.answer import Setting
from standoff.engines.simulate.domain import Domain
from standoff.results import Note
from standoff.results.assessment import Assessment, CaseFacts, Headline
from standoff.scenario.case import Case
from standoff.scenario.model import Scenario

#: Monte Carlo draws of an assessment unless asked otherwise.
DEFAULT_DRAWS = 2_000
#: Draws over which the forecasts of the 0-100 issues are summarised (the first ones).
FORECAST_DRAWS = 1_000
#: Seeds (repetitions) per pairing of negotiating styles in the simulation summary.
TALK_SEEDS = 3


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


def released_domain(case: Case, *, direct: bool = False) -> Domain:
    """The negotiation of a case once every red line that may give way has given way
    (locks that hold for certain stay), optionally with a direct channel."""
    from standoff.engines.outlook import _party_locks

    may, _ = _party_locks(case) if case.coercion is not None and case.coercion.demand is not None else ([], [])
    dom = simulate.from_case(case)
    parties = []
    for p in dom.parties:
        u = p.utility
        if isinstance(u, AdditiveUtility):
            forb = [f.copy() for f in u.forbidden]
            for lk in may:
                if lk.actor == p.name:
                    forb[lk.issue][list(lk.options)] = False
            u = AdditiveUtility(weights=u.weights, values=u.values, forbidden=tuple(forb), offsets=u.offsets,
                                interactions=u.interactions, name=u.name)
        parties.append(replace(p, utility=u))
    return replace(dom, parties=tuple(parties), channel_open=dom.channel_open or direct)


#: Talk rates already computed, by the exact content of the talks they simulate (the
#: web app's live updates move inputs that often leave the talks unchanged).
_TALKS: OrderedDict[bytes, tuple[float, float]] = OrderedDict()


#: The styles and seeds of the quick talks (the web app's live updates): three styles
#: from firm to accommodating, one seed each.
QUICK_STYLES = ("boulware", "linear", "conceder")


def talk_rates(case: Case, *, seed: int, jobs: int = 1, quick: bool = False) -> tuple[float, float]:
    """Agreement rates per period once red lines give way: under the case's channel, and
    with a direct channel (after a proposed meeting takes place). ``quick`` simulates
    three styles once each instead of five styles twice (a coarser estimate of the same
    rate). Remembered by the talks' content and seed: the same talks give the same rates
    without simulating them again."""
    domain = released_domain(case)
    direct_domain = None if case.channel.status == "open" else released_domain(case, direct=True)
    key = hashlib.blake2b(pickle.dumps((domain, direct_domain, seed, quick)), digest_size=16).digest()
    got = _TALKS.get(key)
    if got is not None:
        _TALKS.move_to_end(key)
        return got
    kw = {"strategies": QUICK_STYLES, "seeds": 1} if quick else {}
    rate = simulate.agreement_rate(domain, seed=seed, jobs=jobs, **kw)  # type: ignore[arg-type]
    direct = rate if direct_domain is None else simulate.agreement_rate(direct_domain, seed=seed, jobs=jobs,
                                                                          **kw)  # type: ignore[arg-type]
    _TALKS[key] = (rate, direct)
    while len(_TALKS) > 256:
        _TALKS.popitem(last=False)
    return rate, direct


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
) -> Headline | Note:
    """The headline of a scenario (:mod:`standoff.engines.outlook.answer`), or a note
    saying why it does not apply. ``details=False`` skips thresholds and the watch list;
    ``quick_talks`` estimates the talks' pace from fewer simulations (live updates)."""
    seeds = spawn_seeds(seed)
    drawn = scenario.case(draws=draws, seed=seeds.case, overrides=overrides)
    why = outlook_applicable(drawn)
    if why is not None:
        return Note(code="headline_not_applicable", data={"why": why})
    nominal = scenario.case(overrides=overrides)
    rate, direct = talk_rates(nominal, seed=seeds.simulate, jobs=jobs, quick=quick_talks)
    setting = Setting(deal_rate=rate, deal_rate_direct=direct, seed=seeds.outlook)
    scalars = dict(overrides or {})

    def recompile(per_draw: dict[str, object]) -> Case:
        return scenario.case(seed=seeds.case, overrides={**scalars, **per_draw})  # type: ignore[dict-item]

    return answer.headline(drawn, setting=setting, horizon=horizon, recompile=recompile, thresholds=details,
                           watch=details, structural=structural, exclude=exclude, seed=seed)


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
) -> Assessment:
    """Every analysis of ``scenario`` (module docstring); ``overrides`` fixes numbers by
    their dotted path in the file (what-if edits). Chunked Monte Carlo work runs on
    ``executor`` (else one made from ``jobs`` and ``scheduler``: a Dask cluster, a process
    pool, or serial); the results do not depend on it. ``skip`` names engines left out and
    ``details=False`` leaves the headline's thresholds and watch list out (the web app's
    live updates do both: they are the slowest parts), noted in the result."""
    if unknown := set(skip) - {"simulate"}:
        raise ValueError(f"only the simulation can be left out, not {sorted(unknown)}")
    # one executor for the whole assessment
    if executor is None:
        with make_executor(jobs, scheduler) as ex:
            return assess(scenario, draws=draws, seed=seed, overrides=overrides, horizon=horizon, jobs=jobs,
                          executor=ex, skip=skip, details=details, quick_talks=quick_talks)
    seeds = spawn_seeds(seed)
    nominal = scenario.case(overrides=overrides)
    drawn = scenario.case(draws=draws, seed=seeds.case, overrides=overrides)
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
        bargain_draws = zone_over_draws(drawn, executor=executor)
    forecast_draws = {}
    try:
        few = drawn if drawn.draws <= FORECAST_DRAWS else drawn.subset(np.arange(FORECAST_DRAWS))
        forecast_draws = forecast_over_draws(few, executor=executor)
    except UserError as exc:
        notes.append(Note(code="engine_skipped", data={"engine": "forecast_draws", "why": exc.message}))

    talks = None
    if "simulate" in skip:
        notes.append(Note(code="engine_skipped", data={"engine": "simulate", "why": "left out on request"}))
    else:
        talks = simulate.summarise_talks(simulate.from_case(nominal), seeds=TALK_SEEDS, seed=seeds.simulate, jobs=jobs)
    structural = {} if crisis_result is None else {
        m.model: {k: v.mean for k, v in m.endings.items()} for m in crisis_result.models}
    answer_ = headline(scenario, draws=draws, seed=seed, overrides=overrides, horizon=horizon,
                       structural=structural, jobs=jobs, details=details, quick_talks=quick_talks)
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
        notes=notes,
    )
