"""The :class:`Scenario`: a validated scenario file, and its one compile step.

Like Nashpy's ``Game``, the scenario object is thin: it holds the validated
:class:`~standoff.scenario.schema.ScenarioSpec` and compiles it, once per (draws, seed,
overrides), into a :class:`~standoff.scenario.case.Case` of arrays that every engine
reads (:meth:`Scenario.case`). Every rule of that compilation is in
:mod:`standoff.scenario.case.compile`; the few conveniences here (the nominal utility of
an actor, an option in words) read the nominal case and compute nothing of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from standoff.core.errors import UserError, did_you_mean
from standoff.core.nodeal import NoDealValue
from standoff.core.space import OutcomeSpace
from standoff.core.utility import AdditiveUtility
from standoff.scenario import loader
from standoff.scenario.case import Case
from standoff.scenario.case.draws import dotted
from standoff.scenario.quantity import Quantity
from standoff.scenario.schema import Actor, ScenarioSpec
from standoff.scenario.validate import check_scenario, quantity_paths

#: Most Monte Carlo draws a case is compiled with (memory grows linearly: about 0.7 GB
#: for the flagship at a million draws).
MAX_DRAWS = 2_000_000


class Scenario:
    """A validated scenario and the arrays the engines need from it."""

    def __init__(self, spec: ScenarioSpec, path: Path | None = None):
        self.spec = spec
        self.path = path
        self._cases: dict[tuple[Any, ...], Case] = {}
        self._quantities: list[tuple[tuple[str | int, ...], Quantity]] | None = None

    def __repr__(self) -> str:
        return f"Scenario({self.id!r}: {self.title!r}, as of {self.spec.as_of})"

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

    # -- the one compile step ------------------------------------------------------------
    def case(self, draws: int | None = None, seed: int = 0,
             overrides: Mapping[str, float | np.ndarray] | None = None) -> Case:
        """The scenario compiled into arrays: nominal (``draws=None``) or over ``draws``
        Monte Carlo draws from ``seed``; ``overrides`` fixes numbers by their dotted path
        in the file (``instruments.bounty.residual_cost``): a float in every draw, or an
        array of one value per draw (then ``draws`` is its length). Cached per arguments
        when every override is a float.
        """
        arrays = {k: np.asarray(v, dtype=float) for k, v in (overrides or {}).items() if np.ndim(v) > 0}
        if arrays:
            sizes = {a.size for a in arrays.values()}
            if len(sizes) != 1 or (draws is not None and draws not in sizes):
                raise UserError("per-draw overrides must all have one value per draw")
            n = sizes.pop()
            scalars = {k: float(v) for k, v in (overrides or {}).items() if np.ndim(v) == 0}
            self.check_overrides({**scalars, **{k: float(a.min()) for k, a in arrays.items()}})
            self.check_overrides({k: float(a.max()) for k, a in arrays.items()})
            from standoff.scenario.case.compile import compile_case

            return compile_case(self.spec, draws=n, seed=seed, overrides={**scalars, **arrays})
        if draws is not None and not 1 <= draws <= MAX_DRAWS:
            raise UserError(f"the number of draws must lie between 1 and {MAX_DRAWS:,} (got {draws})")
        if seed < 0:
            raise UserError(f"the seed must be 0 or more (got {seed})")
        fixed = self.check_overrides({k: float(v) for k, v in (overrides or {}).items()})
        key = (draws, int(seed), tuple(sorted(fixed.items())))
        got = self._cases.get(key)
        if got is None:
            from standoff.scenario.case.compile import compile_case

            got = compile_case(self.spec, draws=draws, seed=seed, overrides=fixed)
            self._cases[key] = got
        return got

    def check_overrides(self, overrides: Mapping[str, float]) -> dict[str, float]:
        """Overrides checked against the file: each path names a number of the scenario
        ("did you mean" otherwise) and each value lies in that field's range."""
        if not overrides:
            return {}
        numbers = {dotted(p): q for p, q in self.quantities()}
        out = {}
        for path, value in overrides.items():
            q = numbers.get(path)
            if q is None:
                raise UserError(f"{self.id}: no number at {path!r}", hint=did_you_mean(path, numbers))
            lo, hi = q.bounds
            v = float(value)
            if not (lo <= v <= hi) or v != v:
                raise UserError(f"{path} = {v:g} lies outside the field's range [{lo:g}, {hi:g}]")
            out[path] = v
        return out

    # -- conveniences over the nominal case -------------------------------------------
    @property
    def outcome_space(self) -> OutcomeSpace:
        return self.case().space

    def utility(self, actor_id: str) -> AdditiveUtility:
        """The actor's nominal utility (red lines included)."""
        self.actor(actor_id)
        return self.case().utility(actor_id).at(0)

    def no_deal_value(self, actor_id: str) -> NoDealValue:
        """What no agreement is worth to the actor, at nominal values."""
        nd = self.case().no_deal.get(actor_id)
        if nd is None:
            raise UserError(f"actor {actor_id!r} has no `no_deal` entry", hint="add one under `no_deal`")
        return nd.value(0)

    def option_label(self, issue_id: str, option: str | float) -> str:
        """An option in words: its description if the file gives one, else its id."""
        case = self.case()
        i = case.space.issue_index(issue_id)
        from standoff.scenario.case.compile import option_code

        return case.option_label(i, option_code(self.spec, issue_id, option))

    def describe(self, package: Mapping[str, str | float]) -> list[str]:
        """A package as phrases, one per issue: "When Maduro leaves office: resigns at once"."""
        return [f"{self.spec.issues[k].name}: {self.option_label(k, v)}" for k, v in package.items() if k in self.spec.issues]

    # -- uncertainty -------------------------------------------------------------------
    def quantities(self) -> list[tuple[tuple[str | int, ...], Quantity]]:
        """Every number of the scenario with its path (found once: the spec is frozen)."""
        if self._quantities is None:
            self._quantities = quantity_paths(self.spec)
        return list(self._quantities)

    def uncertain(self) -> list[tuple[tuple[str | int, ...], Quantity]]:
        """The numbers given as distributions."""
        return [(p, q) for p, q in self.quantities() if not q.is_fixed]


def load_scenario(source: str | Path) -> Scenario:
    """Load a bundled scenario by name or a file by path (see :meth:`Scenario.load`)."""
    return Scenario.load(source)
