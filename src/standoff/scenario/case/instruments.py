"""Pressure instruments as plug-ins: one small class per kind, with the effects it has.

Like Axelrod's strategies, each kind is a class that declares its ``kind``, a one-line
``label`` and a ``properties`` dict, and inherits the one method that turns an
instrument of that kind into its :class:`Effects` on the case. The properties decide the
effects, so a new kind is usually a class of four lines; one that behaves differently
overrides :meth:`InstrumentKind.effects`. The registry is built from a tuple and
:func:`catalogue` filters it by properties; the scenario format's list of kinds *is* this
registry, so adding a kind touches this module and its contract test only
(``tests/test_instruments.py`` checks every member).

Properties:

* ``follows_leader``: the instrument's lasting (``residual``) cost follows the target's
  leader out of office -- into exile or after removal -- but does not apply while the
  leader stays in office, protected by sovereignty (indictments, arrest warrants,
  bounties, terrorist designations: Krcmaric 2018, "Varieties of legal accountability",
  *AJPS* 62(2); Krcmaric 2020, *The Justice Dilemma*). Without a ``coercion.exit`` in the
  scenario the engine cannot tell office from exile, and the residual cost applies to
  every package that does not lift the instrument, as in format v1. When the scenario
  names exile options, the exposure bites only if the exile guarantee fails, so the
  cost is scaled by ``1 - p_guarantee_holds`` of the safest option (Escribà-Folch &
  Krcmaric 2017, "Dictators in exile", *JOP* 79(2)).
* ``rewards_betrayal``: it pays insiders to hand over or abandon the leader (a bounty);
  the insider model reads it.
* ``force``: carrying it out is a use of force.
* ``economic``: it costs the target economically each period while in force.

Every kind: ``cost_to_target`` and ``cost_to_imposer`` are paid per period while the
instrument is in force (or from when a threatened instrument is carried out);
``constrains`` closes options to an actor while it is in force; a ``residual_cost`` is
paid on every deal that does not meet a ``lifted_by`` condition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np


@dataclass(frozen=True, eq=False)
class ResidualTerm:
    """Where a residual cost applies in the target's utility: on the options of one issue
    (``issues = (i,)``, ``mask`` of shape ``(K_i,)``) or on pairs of options of two
    issues (``issues = (i, j)``, ``mask`` of shape ``(K_i, K_j)``)."""

    issues: tuple[int, ...]
    mask: np.ndarray


@dataclass(frozen=True, eq=False)
class Effects:
    """What one instrument does to the case (arrays have a leading draws axis of length
    ``D`` or 1)."""

    cost_to_target: np.ndarray
    cost_to_imposer: np.ndarray
    residual: np.ndarray | None = None  # amount, after any exile scaling
    residual_terms: tuple[ResidualTerm, ...] = ()
    follows_leader: bool = False


@dataclass(frozen=True)
class InstrumentContext:
    """What an instrument's effects depend on besides the instrument itself.

    ``sizes``: options per issue; ``lifting``: issue -> mask of the options that lift the
    instrument (``lifted_by``); ``exit_issue``/``stays``: the issue that settles whether
    the leader stays in office and the mask of options under which it does (``None``
    without a ``coercion.exit``); ``exposure``: the chance that legal exposure bites out
    of office (``1 - p_guarantee_holds`` of the safest exile option, 1 without one).
    """

    sizes: tuple[int, ...]
    lifting: dict[int, np.ndarray] = field(default_factory=dict)
    exit_issue: int | None = None
    stays: np.ndarray | None = None
    exposure: np.ndarray = field(default_factory=lambda: np.ones(1))


class InstrumentKind:
    """Base of the instrument plug-ins (see the module docstring)."""

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    properties: ClassVar[dict[str, bool]] = {
        "follows_leader": False,
        "rewards_betrayal": False,
        "force": False,
        "economic": False,
    }

    def effects(
        self,
        *,
        cost_to_target: np.ndarray,
        cost_to_imposer: np.ndarray,
        residual: np.ndarray | None,
        follows_leader: bool | None,
        ctx: InstrumentContext,
    ) -> Effects:
        """The instrument's effects; ``follows_leader`` overrides the kind's default."""
        follows = self.properties["follows_leader"] if follows_leader is None else follows_leader
        if residual is None:
            return Effects(cost_to_target, cost_to_imposer, follows_leader=follows)
        terms = _residual_terms(ctx, follows)
        amount = residual * ctx.exposure if (follows and ctx.exit_issue is not None) else residual
        return Effects(cost_to_target, cost_to_imposer, amount, terms, follows)


def _residual_terms(ctx: InstrumentContext, follows: bool) -> tuple[ResidualTerm, ...]:
    """Where the residual cost applies: on deals that do not lift the instrument, and for
    an instrument that follows the leader only where the leader leaves office."""
    if len(ctx.lifting) > 1:
        raise ValueError("an instrument lifted by conditions on several issues is not additive")
    lift_issue, lift_mask = next(iter(ctx.lifting.items())) if ctx.lifting else (None, None)
    if not follows or ctx.exit_issue is None or ctx.stays is None:
        if lift_issue is None or lift_mask is None:
            return ()
        return (ResidualTerm((lift_issue,), ~lift_mask),)
    leaves = ~ctx.stays
    if lift_issue is None or lift_mask is None:
        return (ResidualTerm((ctx.exit_issue,), leaves),)
    if lift_issue == ctx.exit_issue:
        return (ResidualTerm((lift_issue,), leaves & ~lift_mask),)
    return (ResidualTerm((ctx.exit_issue, lift_issue), np.outer(leaves, ~lift_mask)),)


def _props(**kw: bool) -> dict[str, bool]:
    return {**InstrumentKind.properties, **kw}


class Sanction(InstrumentKind):
    kind = "sanction"
    label = "economic sanctions"
    properties = _props(economic=True)


class AssetFreeze(InstrumentKind):
    kind = "asset_freeze"
    label = "a freeze of assets"
    properties = _props(economic=True)


class Blockade(InstrumentKind):
    kind = "blockade"
    label = "a blockade"
    properties = _props(economic=True, force=True)


class AirspaceClosure(InstrumentKind):
    kind = "airspace_closure"
    label = "a closure of airspace"
    properties = _props(economic=True)


class TerroristDesignation(InstrumentKind):
    kind = "terrorist_designation"
    label = "a terrorist designation"
    properties = _props(follows_leader=True)


class Indictment(InstrumentKind):
    kind = "indictment"
    label = "an indictment or arrest warrant"
    properties = _props(follows_leader=True)


class Bounty(InstrumentKind):
    kind = "bounty"
    label = "a reward for the leader's capture"
    properties = _props(follows_leader=True, rewards_betrayal=True)


class MilitaryThreat(InstrumentKind):
    kind = "military_threat"
    label = "a threat of force"
    properties = _props(force=True)


class MilitaryDeployment(InstrumentKind):
    kind = "military_deployment"
    label = "a military deployment"
    properties = _props()


class MilitaryAction(InstrumentKind):
    kind = "military_action"
    label = "military action"
    properties = _props(force=True)


class DiplomaticIsolation(InstrumentKind):
    kind = "diplomatic_isolation"
    label = "diplomatic isolation"
    properties = _props()


class Other(InstrumentKind):
    kind = "other"
    label = "other pressure"
    properties = _props()


#: Every instrument kind, in the order the format lists them.
KINDS: tuple[type[InstrumentKind], ...] = (
    Sanction, AssetFreeze, Blockade, AirspaceClosure, TerroristDesignation, Indictment, Bounty,
    MilitaryThreat, MilitaryDeployment, MilitaryAction, DiplomaticIsolation, Other,
)
REGISTRY: dict[str, InstrumentKind] = {cls.kind: cls() for cls in KINDS}


def kind_names() -> tuple[str, ...]:
    """The kinds the scenario format accepts."""
    return tuple(REGISTRY)


def plugin(kind: str) -> InstrumentKind:
    return REGISTRY[kind]


def catalogue(**properties: bool) -> list[InstrumentKind]:
    """The kinds whose properties match every given value."""
    return [p for p in REGISTRY.values() if all(p.properties.get(k) == v for k, v in properties.items())]


def lifting_masks(sizes: Sequence[int], conditions: Sequence[tuple[int, Sequence[int]]]) -> dict[int, np.ndarray]:
    """Issue -> mask of the options that lift an instrument."""
    out: dict[int, np.ndarray] = {}
    for issue, options in conditions:
        m = out.setdefault(issue, np.zeros(sizes[issue], dtype=bool))
        m[list(options)] = True
    return out
