"""The :class:`Scenario`: a validated scenario file, wired to the engines.

Like Nashpy's ``Game``, the scenario object is thin: it holds the validated
:class:`~standoff.scenario.schema.ScenarioSpec` and turns it into the arrays the engines
take (an :class:`~standoff.core.space.OutcomeSpace`, one
:class:`~standoff.core.utility.AdditiveUtility` per actor, the value of no deal). It
computes nothing an engine computes.

Mappings from the format to the arrays, in one place:

* issue options -> outcome-space options, in file order; a 0-100 scale becomes
  ``steps`` evenly spaced positions;
* salience -> weight (saliences normalised to sum to one over the actor's issues);
* option value -> value in [0, 1]; on a scale, ``1 - |position - ideal| / 100``;
* red lines, and the ``constrains`` of instruments in force -> forbidden options;
* an instrument in force with a ``residual_cost`` and ``lifted_by`` conditions -> an
  offset of ``-residual_cost`` on the target's options that do not lift it;
* no deal -> :func:`standoff.core.nodeal.no_deal_value`, with the cost per period summed
  over the instruments in force against the actor (``cost_to_target``) and imposed by it
  (``cost_to_imposer``), and ``p_prevail`` defaulting to the actor's capability share
  against the actors it is ``against``. Threatened instruments are not in the no-deal
  value: the crisis engine treats them as escalation options.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from standoff.core.errors import UserError, did_you_mean
from standoff.core.nodeal import NoDealValue, no_deal_value
from standoff.core.rng import Seed, make_rng
from standoff.core.space import Issue, OutcomeSpace
from standoff.core.utility import AdditiveUtility, Interaction
from standoff.scenario import loader
from standoff.scenario.quantity import Quantity
from standoff.scenario.schema import (
    Actor,
    ActorKind,
    Instrument,
    InstrumentStatus,
    IssueKind,
    ScenarioSpec,
)
from standoff.scenario.validate import check_scenario, quantity_paths


class Scenario:
    """A validated scenario and the arrays the engines need from it."""

    def __init__(self, spec: ScenarioSpec, path: Path | None = None):
        self.spec = spec
        self.path = path

    # -- construction ----------------------------------------------------------------
    @classmethod
    def load(cls, source: str | Path) -> Scenario:
        """Load a bundled scenario by name or a scenario file by path.

        Raises :class:`~standoff.core.errors.UserError` listing every problem with its
        ``file:line:column``.
        """
        path = loader.resolve_source(source)
        shown = str(source) if not isinstance(source, Path) else str(path)
        text = loader.read_text(path)
        return cls.from_text(text, shown=shown, path=path)

    @classmethod
    def from_text(cls, text: str, *, shown: str = "<text>", path: Path | None = None) -> Scenario:
        tree = loader.parse_yaml(text, shown)
        spec = loader.validate_tree(ScenarioSpec, tree, shown)
        problems = check_scenario(spec)
        if problems:
            located = loader.locate(problems, tree, shown)
            n = len(located)
            raise UserError(f"{shown}: {n} problem{'s' if n != 1 else ''} in the file", problems=located)
        return cls(spec, path)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario:
        """Validate a plain mapping (no line numbers in errors)."""
        spec = loader.validate_tree(ScenarioSpec, dict(data), "<dict>")
        problems = check_scenario(spec)
        if problems:
            raise UserError(f"<dict>: {len(problems)} problem(s)", problems=problems)
        return cls(spec)

    # -- identity ----------------------------------------------------------------------
    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def parties(self) -> tuple[str, ...]:
        """The principal negotiating parties, in the order of the file."""
        return tuple(self.spec.negotiation.parties)

    @property
    def mediators(self) -> tuple[str, ...]:
        return tuple(self.spec.negotiation.mediators)

    def actor(self, actor_id: str) -> Actor:
        if actor_id not in self.spec.actors:
            raise UserError(f"unknown actor {actor_id!r}", hint=did_you_mean(actor_id, self.spec.actors))
        return self.spec.actors[actor_id]

    def actors_of_kind(self, kind: ActorKind) -> list[str]:
        return [aid for aid, a in self.spec.actors.items() if a.kind is kind]

    def instruments(self, *, status: InstrumentStatus | None = None, target: str | None = None,
                    imposer: str | None = None) -> dict[str, Instrument]:
        """Instruments filtered by status, target and imposer."""
        return {
            iid: ins
            for iid, ins in self.spec.instruments.items()
            if (status is None or ins.status is status)
            and (target is None or ins.target == target)
            and (imposer is None or ins.imposer == imposer)
        }

    # -- outcome space and utilities --------------------------------------------------
    @cached_property
    def outcome_space(self) -> OutcomeSpace:
        """All issues of the scenario as an outcome space (file order)."""
        issues = []
        for iid, isp in self.spec.issues.items():
            issues.append(
                Issue(
                    id=iid,
                    options=isp.option_ids,
                    name=isp.name,
                    kind=isp.kind.value,
                    points=isp.points if isp.kind is IssueKind.scale else None,
                )
            )
        return OutcomeSpace(tuple(issues))

    def option_label(self, issue_id: str, option: str | float) -> str:
        """An option in words: its description if the file gives one, else its id."""
        isp = self.spec.issues[issue_id]
        if isp.kind is IssueKind.scale:
            top = f" (100 = {isp.ends[1]})" if isp.ends else ""
            return f"{float(option):g} of 100{top}"
        if isinstance(isp.options, dict):
            return isp.options.get(str(option)) or str(option)
        return str(option).replace("_", " ")

    def describe(self, package: Mapping[str, str | float]) -> list[str]:
        """A package as phrases, one per issue: "When Maduro leaves office: resigns at once"."""
        return [
            f"{self.spec.issues[k].name}: {self.option_label(k, v)}"
            for k, v in package.items()
            if k in self.spec.issues
        ]

    def option_code(self, issue_id: str, option: str | float) -> int:
        """Code of an option; on a scale, the nearest grid point to a position."""
        isp = self.spec.issues[issue_id]
        if isp.kind is IssueKind.scale:
            pts = np.asarray(isp.points)
            return int(np.argmin(np.abs(pts - float(option))))
        return isp.option_ids.index(str(option))

    def utility(self, actor_id: str) -> AdditiveUtility:
        """The actor's utility over :attr:`outcome_space` (see the module docstring)."""
        self.actor(actor_id)
        pref = self.spec.preferences.get(actor_id)
        if pref is None:
            raise UserError(f"actor {actor_id!r} has no preferences in this scenario")
        space = self.outcome_space
        sal = np.array(
            [pref.issues[i.id].salience.nominal if i.id in pref.issues else 0.0 for i in space.issues]
        )
        total = sal.sum()
        weights = sal / total if total > 0 else sal
        values = []
        forbidden = [np.zeros(i.size, dtype=bool) for i in space.issues]
        offsets = [np.zeros(i.size) for i in space.issues]
        for k, issue in enumerate(space.issues):
            ip = pref.issues.get(issue.id)
            if ip is None:
                values.append(np.zeros(issue.size))
            elif issue.points is not None:
                ideal = ip.ideal.nominal if ip.ideal is not None else 50.0
                values.append(1.0 - np.abs(np.asarray(issue.points) - ideal) / 100.0)
            else:
                vals = ip.values or {}
                values.append(np.array([vals[o].nominal for o in issue.options]))
            del k
        for rl in pref.red_lines:
            k = space.issue_index(rl.issue)
            for o in rl.options:
                forbidden[k][self.option_code(rl.issue, o)] = True
        for ins in self.instruments(status=InstrumentStatus.in_force).values():
            for con in ins.constrains:
                if con.actor == actor_id:
                    k = space.issue_index(con.issue)
                    for o in con.options:
                        forbidden[k][self.option_code(con.issue, o)] = True
            if ins.target == actor_id and ins.residual_cost is not None and ins.lifted_by:
                issues_named = {c.issue for c in ins.lifted_by}
                if len(issues_named) != 1:
                    raise UserError(
                        f"instrument lifted by conditions on several issues ({', '.join(sorted(issues_named))})"
                        " cannot be represented additively",
                        hint="state lifted_by on a single issue",
                    )
                (issue_id,) = issues_named
                k = space.issue_index(issue_id)
                lifting = {self.option_code(issue_id, o) for c in ins.lifted_by for o in c.options}
                for code in range(space.issues[k].size):
                    if code not in lifting:
                        offsets[k][code] -= ins.residual_cost.nominal
        interactions = []
        for inter in pref.interactions:
            i, j = (space.issue_index(x) for x in inter.issues)
            table = np.zeros((space.issues[i].size, space.issues[j].size))
            for term in inter.terms:
                a = self.option_code(inter.issues[0], term.options[0])
                b = self.option_code(inter.issues[1], term.options[1])
                table[a, b] += term.value.nominal
            interactions.append(Interaction(i, j, table))
        return AdditiveUtility(
            weights=weights,
            values=tuple(values),
            forbidden=tuple(forbidden),
            offsets=tuple(offsets),
            interactions=tuple(interactions),
            name=actor_id,
        )

    def utilities(self, actors: Iterable[str] | None = None) -> list[AdditiveUtility]:
        """Utilities of the given actors (default: the negotiating parties), in order."""
        return [self.utility(a) for a in (self.parties if actors is None else actors)]

    def complete(self, actor_id: str, partial: Mapping[str, str | float] | None, *, best: bool) -> np.ndarray:
        """Codes of a package: the given options, and the actor's best (or worst) option on
        every issue the package leaves open (ignoring interactions)."""
        u = self.utility(actor_id)
        codes = np.array([int(np.argmax(c) if best else np.argmin(c)) for c in u.contributions()])
        for issue_id, opt in (partial or {}).items():
            codes[self.outcome_space.issue_index(issue_id)] = self.option_code(issue_id, opt)
        return codes

    # -- what no deal is worth ---------------------------------------------------------
    def p_prevail(self, actor_id: str) -> float:
        """Probability that the actor prevails without a deal: the scenario's value, or its
        capability share against the actors it is ``against`` (a standard capability-ratio
        proxy, e.g. Bueno de Mesquita & Lalman 1992)."""
        nd = self.spec.no_deal.get(actor_id)
        if nd is None:
            raise UserError(f"actor {actor_id!r} has no `no_deal` entry", hint="add one under `no_deal`")
        if nd.p_prevail is not None:
            return nd.p_prevail.nominal
        own = self.actor(actor_id).capability.nominal
        other = sum(self.actor(a).capability.nominal for a in nd.against)
        return own / (own + other) if own + other > 0 else 0.5

    def pressure_per_period(self, actor_id: str) -> dict[str, float]:
        """Per-period costs borne by the actor, by instrument in force (and 'other')."""
        parts: dict[str, float] = {}
        for iid, ins in self.instruments(status=InstrumentStatus.in_force).items():
            cost = 0.0
            if ins.target == actor_id:
                cost += ins.cost_to_target.nominal
            if ins.imposer == actor_id:
                cost += ins.cost_to_imposer.nominal
            if cost:
                parts[iid] = cost
        nd = self.spec.no_deal.get(actor_id)
        if nd is not None and nd.extra_cost_per_period is not None:
            parts["other"] = nd.extra_cost_per_period.nominal
        return parts

    def no_deal_value(self, actor_id: str) -> NoDealValue:
        """What no agreement is worth to the actor (:func:`standoff.core.nodeal.no_deal_value`)."""
        nd = self.spec.no_deal.get(actor_id)
        if nd is None:
            raise UserError(f"actor {actor_id!r} has no `no_deal` entry", hint="add one under `no_deal`")
        u = self.utility(actor_id)
        return no_deal_value(
            p_prevail=self.p_prevail(actor_id),
            u_win=float(u(self.complete(actor_id, nd.if_prevail, best=True))),
            u_lose=float(u(self.complete(actor_id, nd.if_defeated, best=False))),
            conflict_cost=nd.conflict_cost.nominal,
            cost_per_period=sum(self.pressure_per_period(actor_id).values()),
            horizon=nd.horizon.nominal,
            discount=nd.discount.nominal,
        )

    # -- uncertainty -------------------------------------------------------------------
    def quantities(self) -> list[tuple[tuple[str | int, ...], Quantity]]:
        """Every number of the scenario with its path."""
        return quantity_paths(self.spec)

    def uncertain(self) -> list[tuple[tuple[str | int, ...], Quantity]]:
        """The numbers given as distributions."""
        return [(p, q) for p, q in self.quantities() if not q.is_fixed]

    def with_values(self, values: Mapping[tuple[str | int, ...], float]) -> Scenario:
        """A copy with the numbers at the given paths fixed (for sampling and sensitivity)."""
        data = self.spec.model_dump(mode="python", exclude_none=True)
        for path, value in values.items():
            node: Any = data
            for part in path[:-1]:
                node = node[part]
            old = node[path[-1]]
            keep = {k: old[k] for k in ("source", "note", "assumption") if isinstance(old, dict) and k in old}
            node[path[-1]] = {"value": float(value), **keep}
        spec = ScenarioSpec.model_validate(copy.deepcopy(data))
        return Scenario(spec, self.path)

    def realise(self, seed: Seed = None) -> Scenario:
        """One Monte Carlo realisation: every distribution replaced by a draw."""
        rng = make_rng(seed)
        return self.with_values({p: q.sample(rng) for p, q in self.uncertain()})


def load_scenario(source: str | Path) -> Scenario:
    """Load a bundled scenario by name or a file by path (see :meth:`Scenario.load`)."""
    return Scenario.load(source)
