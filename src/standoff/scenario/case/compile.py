"""The one compile step: a validated scenario becomes a :class:`~standoff.scenario.case.Case`.

Every rule that turns the format into numbers lives here, once:

* **Outcome space**: issues in file order; a 0-100 scale becomes ``steps`` positions.
* **Utilities**: saliences normalised to weights over the actor's issues; option values
  as given; on a scale ``1 - |position - ideal| / 100``; interaction terms as pair
  tables. Residual costs of instruments in force come from each instrument's plug-in
  (:mod:`standoff.scenario.case.instruments`): on the options that do not lift it, and
  for legal exposure only where the leader leaves office (a pair term when lifting is
  on another issue than exit).
* **Locks**: a red line closes its options to its actor, holding at the horizon with
  ``p_hold`` (default from its source's reliability: :data:`DEFAULT_P_HOLD`); an
  instrument in force closes the options it ``constrains`` (``p_hold`` default 1).
* **Packages named in events** (the demand, offers, refusals) are completed by **one
  rule**: an issue the package is silent on stays at its ``status_quo``; an issue with no
  status quo takes the proposer's best option (at nominal values). The **status quo
  package** is every issue at its ``status_quo``, else the target's best option.
* **The demand**: the package of the challenger's latest THREATEN event against the
  target that carries one, else its latest event with a package addressed to the
  target. **Threats**: that event's ``threat`` list, else every instrument the
  challenger threatens against the target; each falls due at the event's ``deadline``,
  else the negotiation's, else one period after the as-of date.
* **Time**: periods from the as-of date by :mod:`standoff.core.periods` (a month is
  365.25 / 12 days); the headline horizon is ``coercion.horizon``, else the last
  question's date, else 120 days after the as-of date.
* **No deal**: :func:`standoff.core.nodeal.no_deal_value` with the pressure per period
  of the instruments in force against the actor (``cost_to_target``) and imposed by it
  (``cost_to_imposer``) plus ``extra_cost_per_period``; ``p_prevail`` as given or the
  capability share against the actors it is ``against``; ``u_win``/``u_lose`` the
  utilities of ``if_prevail`` (completed with its best options) and ``if_defeated``
  (completed with its worst).
* **Stakeholders** of each 0-100 issue: every actor with an ``ideal`` on it, salience
  ``/ 100`` (the share of the actor's attention), capability as given.

Structural choices (which package, which option is best) use nominal values so that
they are the same in every draw; the numbers use each draw's values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np

from standoff.core.endings import Outcome
from standoff.core.errors import UserError
from standoff.core.nodeal import discounted_periods, no_deal_value
from standoff.core.periods import periods_between, round_of
from standoff.core.space import Issue, OutcomeSpace
from standoff.scenario.case import instruments as inst
from standoff.scenario.case.draws import Sampler
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
)
from standoff.scenario.schema import (
    Event,
    InstrumentStatus,
    IssueKind,
    Plover,
    ScenarioSpec,
)

Path = tuple[str | int, ...]

#: Chance a stated red line still holds at the horizon when the file gives none, by the
#: reliability of its source (an assumed red line: ``None``). Judgements, documented in
#: the scenario-format reference.
DEFAULT_P_HOLD: dict[str | None, float] = {"high": 0.9, "medium": 0.8, "low": 0.65, None: 0.75}
#: Days from the as-of date to the headline horizon when nothing sets it.
DEFAULT_HORIZON_DAYS = 120


def compile_case(
    spec: ScenarioSpec,
    *,
    draws: int | None = None,
    seed: int = 0,
    overrides: Mapping[str, float | np.ndarray] | None = None,
) -> Case:
    """Compile ``spec`` (see the module docstring); ``draws=None`` gives the nominal case.
    ``overrides`` fixes numbers by dotted path: a float in every draw, or an array with one
    value per draw."""
    sampler = Sampler(draws, seed, overrides)
    scalars = {k: float(v) for k, v in (overrides or {}).items() if np.ndim(v) == 0}
    nominal = sampler if draws is None else Sampler(None, seed, scalars)
    return _Compiler(spec, sampler, nominal).case()


class _Compiler:
    def __init__(self, spec: ScenarioSpec, s: Sampler, nominal: Sampler):
        self.spec = spec
        self.s = s
        self.nom = nominal
        self.space = outcome_space(spec)
        self.notes: list[str] = []
        neg = spec.negotiation
        self.challenger = neg.challenger or neg.parties[0]
        self.target = neg.target or (neg.parties[1] if neg.parties[0] == self.challenger else neg.parties[0])
        co = spec.coercion
        self.leader = (co.leader if co is not None and co.leader else None) or self.target
        self.exit_issue: int | None = None
        self.exit_stays: np.ndarray | None = None
        if co is not None and co.exit is not None:
            self.exit_issue = self.space.issue_index(co.exit.issue)
            stays = np.zeros(self.space.issues[self.exit_issue].size, dtype=bool)
            stays[[self.code(co.exit.issue, o) for o in co.exit.stays]] = True
            self.exit_stays = stays

    # -- small helpers ------------------------------------------------------------
    def code(self, issue: str, option: str | float) -> int:
        return option_code(self.spec, issue, option)

    def periods(self, date: dt.date) -> float:
        return periods_between(self.spec.as_of, date, self.spec.period)

    # -- the whole case -----------------------------------------------------------
    def case(self) -> Case:
        spec = self.spec
        exile = self._exile()
        exposure = _exposure(exile)
        effects = self._instrument_effects(self.s, exposure)
        nominal_effects = effects if self.nom is self.s else self._instrument_effects(self.nom, _exposure(self._exile(self.nom)))
        utilities = {a: self._utility(a, self.s, effects) for a in spec.preferences}
        nominal_u = utilities if self.nom is self.s else {a: self._utility(a, self.nom, nominal_effects) for a in spec.preferences}
        self.nominal_u = nominal_u
        instruments = self._instruments(effects)
        no_deal = {a: self._no_deal(a, utilities[a], instruments) for a in spec.no_deal if a in utilities}
        coercion = self._coercion(exile, instruments)
        return Case(
            id=spec.id,
            title=spec.title,
            as_of=spec.as_of,
            period=spec.period,
            draws=self.s.size,
            seed=self.s.seed,
            nominal=self.s.draws is None,
            space=self.space,
            issue_names=tuple(isp.name for isp in spec.issues.values()),
            option_labels=tuple(_option_labels(isp) for isp in spec.issues.values()),
            issue_ends=tuple(isp.ends for isp in spec.issues.values()),
            actors=self._actors(),
            parties=tuple(spec.negotiation.parties),
            mediators=tuple(spec.negotiation.mediators),
            utilities=utilities,
            locks=self._locks(),
            no_deal=no_deal,
            instruments=instruments,
            coercion=coercion,
            record=self._record(),
            channel=self._channel(),
            questions=self._questions(coercion.horizon),
            stakeholders=self._stakeholders(),
            inputs=dict(self.s.drawn),
            notes=tuple(self.notes),
        )

    # -- actors -------------------------------------------------------------------
    def _actors(self) -> Actors:
        spec = self.spec
        return Actors(
            ids=tuple(spec.actors),
            names=tuple(a.name for a in spec.actors.values()),
            kinds=tuple(a.kind.value for a in spec.actors.values()),
            capability={a: self.s(("actors", a, "capability"), act.capability) for a, act in spec.actors.items()},
        )

    # -- instruments --------------------------------------------------------------
    def _exile(self, s: Sampler | None = None) -> tuple[Exile, ...]:
        s = s or self.s
        co = self.spec.coercion
        if co is None:
            return ()
        return tuple(
            Exile(host=e.host, guarantor=e.guarantor or e.host,
                  p_holds=s(("coercion", "exile", k, "p_guarantee_holds"), e.p_guarantee_holds))
            for k, e in enumerate(co.exile)
        )

    def _instrument_effects(self, s: Sampler, exposure: np.ndarray) -> dict[str, inst.Effects]:
        out: dict[str, inst.Effects] = {}
        sizes = self.space.sizes
        for iid, ins in self.spec.instruments.items():
            base: Path = ("instruments", iid)
            conditions = [(self.space.issue_index(c.issue), [self.code(c.issue, o) for o in c.options]) for c in ins.lifted_by]
            lifting = inst.lifting_masks(sizes, conditions)
            if len(lifting) > 1:
                raise UserError(
                    f"instrument {iid!r} is lifted by conditions on several issues"
                    f" ({', '.join(sorted({c.issue for c in ins.lifted_by}))}), which cannot be represented additively",
                    hint="state lifted_by on a single issue",
                )
            ctx = inst.InstrumentContext(sizes=sizes, lifting=lifting, exit_issue=self.exit_issue,
                                         stays=self.exit_stays, exposure=exposure)
            out[iid] = inst.plugin(ins.kind.value).effects(
                cost_to_target=s((*base, "cost_to_target"), ins.cost_to_target),
                cost_to_imposer=s((*base, "cost_to_imposer"), ins.cost_to_imposer),
                residual=None if ins.residual_cost is None else s((*base, "residual_cost"), ins.residual_cost),
                follows_leader=ins.follows_leader,
                ctx=ctx,
            )
        return out

    def _instruments(self, effects: dict[str, inst.Effects]) -> dict[str, InstrumentDraws]:
        out = {}
        for iid, ins in self.spec.instruments.items():
            eff = effects[iid]
            out[iid] = InstrumentDraws(
                id=iid, name=ins.name, kind=ins.kind.value, imposer=ins.imposer, target=ins.target,
                status=ins.status.value, since=ins.since,
                cost_to_target=eff.cost_to_target, cost_to_imposer=eff.cost_to_imposer,
                credibility=None if ins.credibility is None else self.s(("instruments", iid, "credibility"), ins.credibility),
                residual=eff.residual, follows_leader=eff.follows_leader,
                properties=dict(inst.plugin(ins.kind.value).properties),
            )
        return out

    # -- utilities ----------------------------------------------------------------
    def _utility(self, actor: str, s: Sampler, effects: dict[str, inst.Effects]) -> UtilityDraws:
        spec, space = self.spec, self.space
        pref = spec.preferences[actor]
        base: Path = ("preferences", actor, "issues")
        sal = []
        values: list[np.ndarray] = []
        for issue in space.issues:
            ip = pref.issues.get(issue.id)
            if ip is None:
                sal.append(np.zeros(1))
                values.append(np.zeros((1, issue.size)))
                continue
            sal.append(s((*base, issue.id, "salience"), ip.salience))
            if issue.points is not None:
                ideal = s.optional((*base, issue.id, "ideal"), ip.ideal, 50.0)
                values.append(1.0 - np.abs(np.asarray(issue.points)[None, :] - ideal[:, None]) / 100.0)
            else:
                vals = ip.values or {}
                values.append(_stack([s((*base, issue.id, "values", o), vals[o]) for o in issue.options]))
        total = sum(sal[1:], sal[0])
        if np.all(total > 0):
            inv = 1.0 / total
            weights = tuple(x * inv for x in sal)
        else:  # an actor whose saliences are all zero in some draws is indifferent there
            safe = np.where(total > 0, total, 1.0)
            weights = tuple(np.where(total > 0, x / safe, 0.0) for x in sal)
        offsets = [np.zeros((1, i.size)) for i in space.issues]
        pairs: list[PairTable] = []
        for iid, ins in spec.instruments.items():
            eff = effects[iid]
            if ins.target != actor or ins.status is not InstrumentStatus.in_force or eff.residual is None:
                continue
            for term in eff.residual_terms:
                if len(term.issues) == 1:
                    (k,) = term.issues
                    offsets[k] = offsets[k] - eff.residual[:, None] * term.mask[None, :]
                else:
                    i, j = term.issues
                    pairs.append(PairTable(i, j, -eff.residual[:, None, None] * term.mask[None, :, :]))
        for n, inter in enumerate(pref.interactions):
            i, j = (space.issue_index(x) for x in inter.issues)
            parts = []
            for t, pair in enumerate(inter.terms):
                a = self.code(inter.issues[0], pair.options[0])
                b = self.code(inter.issues[1], pair.options[1])
                v = s(("preferences", actor, "interactions", n, "terms", t, "value"), pair.value)
                cell = np.zeros((1, space.issues[i].size, space.issues[j].size))
                cell[0, a, b] = 1.0
                parts.append(v[:, None, None] * cell)
            pairs.append(PairTable(i, j, sum(parts[1:], parts[0])))
        forbidden = [np.zeros(i.size, dtype=bool) for i in space.issues]
        for lk in self._locks():
            if lk.actor == actor:
                forbidden[lk.issue][list(lk.options)] = True
        for mask in forbidden:
            mask.setflags(write=False)
        return UtilityDraws(actor=actor, weights=weights, values=tuple(values), offsets=tuple(offsets),
                            pairs=tuple(pairs), forbidden=tuple(forbidden))

    def _locks(self) -> tuple[Lock, ...]:
        cached = getattr(self, "_locks_cache", None)
        if cached is not None:
            return cached
        spec, space = self.spec, self.space
        out: list[Lock] = []
        for actor, pref in spec.preferences.items():
            for k, rl in enumerate(pref.red_lines):
                src = rl.source or pref.source
                reliability = spec.sources[src].reliability if src in spec.sources else None
                p_hold = self.s.optional(("preferences", actor, "red_lines", k, "p_hold"), rl.p_hold,
                                         DEFAULT_P_HOLD[reliability])
                out.append(Lock(actor, space.issue_index(rl.issue), tuple(self.code(rl.issue, o) for o in rl.options),
                                "red_line", rl.reason or "", p_hold, f"preferences.{actor}.red_lines[{k}]"))
        for iid, ins in spec.instruments.items():
            if ins.status is not InstrumentStatus.in_force:
                continue
            for k, con in enumerate(ins.constrains):
                p_hold = self.s.optional(("instruments", iid, "constrains", k, "p_hold"), con.p_hold, 1.0)
                out.append(Lock(con.actor, space.issue_index(con.issue), tuple(self.code(con.issue, o) for o in con.options),
                                iid, con.reason or "", p_hold, f"instruments.{iid}.constrains[{k}]"))
        self._locks_cache = tuple(out)
        return self._locks_cache

    # -- packages -----------------------------------------------------------------
    def complete(self, actor: str, partial: Mapping[str, str | float] | None, *, best: bool) -> np.ndarray:
        """Codes of a package: the given options; the actor's best (or worst) option on
        every other issue, at nominal values (ignoring pair terms)."""
        contrib = self.nominal_u[actor].contributions()
        codes = np.array([int(np.argmax(c[0]) if best else np.argmin(c[0])) for c in contrib], dtype=np.int64)
        for issue_id, opt in (partial or {}).items():
            codes[self.space.issue_index(issue_id)] = self.code(issue_id, opt)
        return codes

    def extreme(self, u: UtilityDraws, partial: Mapping[str, str | float] | None, *, best: bool) -> np.ndarray:
        """The actor's utility, draw by draw, of the package that fixes the given options
        and takes its best (or worst) option in that draw on every other issue (chosen
        ignoring pair terms, as :meth:`complete` does; the pair terms are then counted).
        On a nominal case this is ``u.of(complete(...))``; over draws each draw chooses
        by its own values, so a draw equals the nominal case compiled at its values."""
        d = u.n_draws
        fixed = {self.space.issue_index(i): self.code(i, o) for i, o in (partial or {}).items()}
        pick = np.argmax if best else np.argmin
        total = np.zeros(d)
        codes: list[np.ndarray | int] = []
        for k, (w, v, o) in enumerate(zip(u.weights, u.values, u.offsets, strict=True)):
            if k in fixed:  # a given option: its contribution in each draw
                code: np.ndarray | int = fixed[k]
                total = total + w * v[:, code] + o[:, code]
            elif v.shape[0] == 1 and o.shape[0] == 1 and bool(np.all(o == o[0, 0])) and bool(np.all(w >= 0)):
                # values and offsets fixed, weight never negative: the same option in every
                # draw (any option when the weight is 0), without a draws-by-options array
                code = int(pick(v[0]))
                total = total + w * v[0, code] + o[0, code]
            else:
                c = w[:, None] * v + o
                code = pick(np.broadcast_to(c, (d, c.shape[1])), axis=1)
                total = total + np.broadcast_to(c, (d, c.shape[1]))[np.arange(d), code]
            codes.append(code)
        for pt in u.pairs:
            ci, cj = codes[pt.i], codes[pt.j]
            if pt.table.shape[0] == 1 and isinstance(ci, int) and isinstance(cj, int):
                total = total + pt.table[0, ci, cj]
            else:
                table = np.broadcast_to(pt.table, (d, *pt.table.shape[1:]))
                total = total + table[np.arange(d), ci, cj]
        return total

    def by_rule(self, proposer: str, partial: Mapping[str, str | float] | None) -> np.ndarray:
        """The one rule for packages named in events (module docstring)."""
        if proposer in self.nominal_u:
            codes = self.complete(proposer, None, best=True)
        else:
            codes = self.status_quo().copy()
        for k, (iid, isp) in enumerate(self.spec.issues.items()):
            if isp.status_quo is not None:
                codes[k] = self.code(iid, isp.status_quo)
        for iid, opt in (partial or {}).items():
            codes[self.space.issue_index(iid)] = self.code(iid, opt)
        return codes

    def status_quo(self) -> np.ndarray:
        """Every issue at its status quo; else the target's best option."""
        codes = (self.complete(self.target, None, best=True) if self.target in self.nominal_u
                 else np.zeros(self.space.n_issues, dtype=np.int64))
        for k, (iid, isp) in enumerate(self.spec.issues.items()):
            if isp.status_quo is not None:
                codes[k] = self.code(iid, isp.status_quo)
        return codes

    # -- no deal ------------------------------------------------------------------
    def _no_deal(self, actor: str, u: UtilityDraws, instruments: dict[str, InstrumentDraws]) -> NoDealDraws:
        spec, s = self.spec, self.s
        nd = spec.no_deal[actor]
        base: Path = ("no_deal", actor)
        if nd.p_prevail is not None:
            p = s((*base, "p_prevail"), nd.p_prevail)
        else:
            own = s(("actors", actor, "capability"), spec.actors[actor].capability)
            other = sum((s(("actors", a, "capability"), spec.actors[a].capability) for a in nd.against), np.zeros(1))
            tot = own + other
            with np.errstate(invalid="ignore", divide="ignore"):
                p = np.where(tot > 0, own / np.where(tot > 0, tot, 1.0), 0.5)
        by_ins: dict[str, np.ndarray] = {}
        for iid, ins in instruments.items():
            if ins.status != "in_force":
                continue
            cost = np.zeros(1)
            if ins.target == actor:
                cost = cost + ins.cost_to_target
            if ins.imposer == actor:
                cost = cost + ins.cost_to_imposer
            if ins.target == actor or ins.imposer == actor:
                by_ins[iid] = cost
        if nd.extra_cost_per_period is not None:
            by_ins["other"] = s((*base, "extra_cost_per_period"), nd.extra_cost_per_period)
        per_period = sum(by_ins.values(), np.zeros(1))
        win_codes = self.complete(actor, nd.if_prevail, best=True)  # the packages, at nominal values
        lose_codes = self.complete(actor, nd.if_defeated, best=False)
        u_win, u_lose = self.extreme(u, nd.if_prevail, best=True), self.extreme(u, nd.if_defeated, best=False)
        horizon = s((*base, "horizon"), nd.horizon)
        discount = s((*base, "discount"), nd.discount)
        v = no_deal_value(
            p_prevail=p, u_win=u_win, u_lose=u_lose,
            conflict_cost=s((*base, "conflict_cost"), nd.conflict_cost),
            cost_per_period=per_period, horizon=horizon, discount=discount,
        )

        def arr(x: object) -> np.ndarray:
            return np.atleast_1d(np.asarray(x, dtype=float))

        return NoDealDraws(
            actor=actor, total=arr(v.total), pressure=arr(v.pressure), lottery=arr(v.lottery),
            conflict_cost=arr(v.conflict_cost), p_prevail=arr(v.p_prevail), u_win=arr(v.u_win),
            u_lose=arr(v.u_lose), cost_per_period=arr(v.cost_per_period), horizon=arr(v.horizon),
            discount=arr(v.discount), weight=arr(discounted_periods(discount, horizon)),
            pressure_by_instrument=by_ins, win_codes=win_codes, lose_codes=lose_codes,
        )

    # -- coercion -----------------------------------------------------------------
    def find_demand(self) -> Event | None:
        c, t = self.challenger, self.target
        events = [e for e in self.spec.events if e.actor == c and e.package and e.target in (None, t)]
        threats = [e for e in events if e.category is Plover.THREATEN]
        pool = threats or events
        if not pool:
            return None
        return max(enumerate(pool), key=lambda ie: (ie[1].date, ie[0]))[1]

    def _coercion(self, exile: tuple[Exile, ...], instruments: dict[str, InstrumentDraws]) -> Coercion:
        spec, s = self.spec, self.s
        c, t = self.challenger, self.target
        co = spec.coercion
        ev = self.find_demand()
        demand = None
        if ev is not None:
            demand = Demand(
                event=ev.id, actor=c, target=t, date=ev.date,
                package={k: str(v) for k, v in (ev.package or {}).items()},
                codes=self.by_rule(c, ev.package),
                named=tuple(sorted(self.space.issue_index(i) for i in (ev.package or {}))),
            )
        when = (ev.deadline if ev is not None else None) or spec.negotiation.deadline
        deadline_periods = self.periods(when) if when is not None else None
        due = deadline_periods if deadline_periods is not None else 1.0
        threat_ids = tuple(ev.threat) if ev is not None and ev.threat else tuple(
            iid for iid, ins in spec.instruments.items()
            if ins.status is InstrumentStatus.threatened and ins.imposer == c and ins.target == t
        )
        threats = []
        for iid in threat_ids:
            ins = instruments[iid]
            threats.append(Threat(
                instrument=iid, imposer=ins.imposer, target=ins.target,
                credibility=ins.credibility if ins.credibility is not None else np.ones(1),
                stated=ins.credibility is not None, due=due, round=round_of(max(due, 0.0)),
                cost_to_target=ins.cost_to_target, cost_to_imposer=ins.cost_to_imposer,
            ))
        stated = [th for th in threats if th.stated]
        credibility = None
        if stated:
            num = sum((th.credibility * th.cost_to_target for th in stated), np.zeros(1))
            den = sum((th.cost_to_target for th in stated), np.zeros(1))
            plain = sum((th.credibility for th in stated), np.zeros(1)) / len(stated)
            with np.errstate(invalid="ignore", divide="ignore"):
                credibility = np.where(den > 0, num / np.where(den > 0, den, 1.0), plain)
        horizon = self._horizon()
        courses: tuple[Course, ...] = ()
        insiders: tuple[InsiderDraws, ...] = ()
        audience = belief = removal = None
        if co is not None:
            base: Path = ("coercion",)
            courses = tuple(
                Course(
                    id=cid, name=cs.name, kind=cs.kind.value, actor=cs.actor or c,
                    cost=s((*base, "courses_of_action", cid, "cost"), cs.cost),
                    cost_per_period=s.optional((*base, "courses_of_action", cid, "cost_per_period"), cs.cost_per_period, 0.0),
                    p_success=s((*base, "courses_of_action", cid, "p_success"), cs.p_success),
                    periods=s((*base, "courses_of_action", cid, "periods"), cs.periods),
                    cost_to_target=s.optional((*base, "courses_of_action", cid, "cost_to_target"), cs.cost_to_target, 0.0),
                    takes_leader=cs.takes_leader, is_force=cs.is_force,
                    available=max(0.0, self.periods(cs.available_from)) if cs.available_from else 0.0,
                )
                for cid, cs in co.courses_of_action.items()
            )
            insiders = tuple(
                InsiderDraws(
                    actor=aid, loyalty=s((*base, "insiders", aid, "loyalty"), ins.loyalty), can_remove=ins.can_remove,
                    protected=inst.lifting_masks(self.space.sizes, [
                        (self.space.issue_index(p.issue), [self.code(p.issue, o) for o in p.options]) for p in ins.protected_by
                    ]),
                )
                for aid, ins in co.insiders.items()
            )
            audience = None if co.audience_cost is None else s((*base, "audience_cost"), co.audience_cost)
            belief = None if co.target_belief is None else s((*base, "target_belief"), co.target_belief)
            removal = None if co.removal_cost is None else s((*base, "removal_cost"), co.removal_cost)
        return Coercion(
            challenger=c, target=t, leader=self.leader, demand=demand, status_quo=self.status_quo(),
            threats=tuple(threats), credibility=credibility,
            deadline=when, deadline_periods=deadline_periods,
            horizon=horizon, horizon_periods=self.periods(horizon),
            reference_class=co.reference_class if co is not None else None,
            exit_issue=self.exit_issue, exit_stays=self.exit_stays,
            courses=courses, audience_cost=audience, target_belief=belief, removal_cost=removal,
            exile=exile, insiders=insiders,
        )

    def _horizon(self) -> dt.date:
        spec = self.spec
        if spec.coercion is not None and spec.coercion.horizon is not None:
            return spec.coercion.horizon
        if spec.questions:
            return max(q.by for q in spec.questions)
        return spec.as_of + dt.timedelta(days=DEFAULT_HORIZON_DAYS)

    # -- record, channel, questions -----------------------------------------------
    def _record(self) -> tuple[RecordEvent, ...]:
        out = []
        for k, ev in enumerate(self.spec.events):
            out.append(RecordEvent(
                id=ev.id, date=ev.date, at=self.periods(ev.date), actor=ev.actor, target=ev.target,
                via=tuple(ev.via), category=ev.category.value, summary=ev.summary, fate=ev.fate.value,
                package={i: str(o) for i, o in (ev.package or {}).items()},
                codes=self.by_rule(ev.actor, ev.package) if ev.package else None,
                responds_to=ev.responds_to, deadline=ev.deadline, threat=tuple(ev.threat),
                instrument=ev.instrument, confirmed=ev.confirmed,
                probability=None if ev.probability is None else self.s(("events", k, "probability"), ev.probability),
                confidence=ev.confidence, source=ev.source, attributed_to=ev.attributed_to,
            ))
        return tuple(out)

    def _channel(self) -> Channel:
        pair = {self.challenger, self.target}
        for ch in self.spec.channels:
            if set(ch.between) == pair:
                return Channel(status=ch.status, via=tuple(ch.via))
        return Channel(status="open", via=())

    def _questions(self, horizon: dt.date) -> tuple[QuestionSpec, ...]:
        return tuple(
            QuestionSpec(id=q.id, text=q.text, by=q.by, by_periods=self.periods(q.by),
                         yes_if=tuple(Outcome(y) for y in q.yes_if))
            for q in self.spec.questions
        )

    # -- stakeholders -------------------------------------------------------------
    def _stakeholders(self) -> dict[str, StakeholderDraws]:
        spec, s = self.spec, self.s
        out = {}
        for iid, isp in spec.issues.items():
            if isp.kind is not IssueKind.scale:
                continue
            names, c, x, sal = [], [], [], []
            for aid, pref in spec.preferences.items():
                ip = pref.issues.get(iid)
                if ip is None or ip.ideal is None:
                    continue
                names.append(aid)
                c.append(s(("actors", aid, "capability"), spec.actors[aid].capability))
                x.append(s(("preferences", aid, "issues", iid, "ideal"), ip.ideal))
                sal.append(s(("preferences", aid, "issues", iid, "salience"), ip.salience) / 100.0)
            if names:
                out[iid] = StakeholderDraws(issue=iid, names=tuple(names), capability=tuple(c),
                                            position=tuple(x), salience=tuple(sal))
        return out


# ---------------------------------------------------------------------- helpers
def outcome_space(spec: ScenarioSpec) -> OutcomeSpace:
    """All issues of a scenario as an outcome space (file order)."""
    return OutcomeSpace(tuple(
        Issue(id=iid, options=isp.option_ids, name=isp.name, kind=isp.kind.value,
              points=isp.points if isp.kind is IssueKind.scale else None)
        for iid, isp in spec.issues.items()
    ))


def option_code(spec: ScenarioSpec, issue_id: str, option: str | float) -> int:
    """Code of an option; on a scale, the nearest grid point to a position."""
    isp = spec.issues[issue_id]
    if isp.kind is IssueKind.scale:
        return int(np.argmin(np.abs(np.asarray(isp.points) - float(option))))
    return isp.option_ids.index(str(option))


def _option_labels(isp: object) -> tuple[str, ...]:
    from standoff.scenario.schema import IssueSpec

    assert isinstance(isp, IssueSpec)
    if isp.kind is IssueKind.scale:
        top = f" (100 = {isp.ends[1]})" if isp.ends else ""
        return tuple(f"{p:g} of 100{top}" for p in isp.points)
    if isinstance(isp.options, dict):
        return tuple(isp.options.get(o) or o.replace("_", " ") for o in isp.option_ids)
    return tuple(o.replace("_", " ") for o in isp.option_ids)


def _stack(columns: list[np.ndarray]) -> np.ndarray:
    """Columns of length D or 1 side by side: ``(D or 1, n)``."""
    if not columns:
        return np.zeros((1, 0))
    n = max(c.shape[0] for c in columns)
    return np.stack([np.broadcast_to(c, (n,)) for c in columns], axis=1)


def _exposure(exile: tuple[Exile, ...]) -> np.ndarray:
    """Chance legal exposure bites out of office: 1 - the safest guarantee (1 without exile)."""
    if not exile:
        return np.ones(1)
    best = exile[0].p_holds
    for e in exile[1:]:
        best = np.maximum(best, e.p_holds)
    return 1.0 - best
