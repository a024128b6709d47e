"""How a standoff ends: the one vocabulary every engine, result and question uses.

An *ending* is the state of the standoff at a date, one of six that exclude each other:

* ``deal`` -- a negotiated agreement has been reached;
* ``capitulation`` -- the target has given in to the demand without a negotiated deal;
* ``backdown`` -- the challenger has dropped its demand;
* ``forced_removal`` -- the target's leader has been captured, killed or driven out by
  force (by the challenger, or by insiders such as the armed forces);
* ``limited_force`` -- force has been used but the target's leadership survives and
  nothing is settled;
* ``stalemate`` -- none of the above: nothing is settled by the date.

Two *events* are derived from the state and are what questions usually ask:

* ``leader_out`` = deal, capitulation or forced_removal: the leader no longer holds power
  (meaningful where the demand is that the leader leave office);
* ``force_used`` -- force has been used by the date, whatever happened after (a strike
  followed by a capitulation is a capitulation *and* force used). It is tracked on its
  own, not as a union of endings.

Format v1's ``escalation`` keeps its meaning: force is used and settles or ends the
standoff, i.e. ``limited_force`` or ``forced_removal``.
"""

from __future__ import annotations

from enum import StrEnum


class Ending(StrEnum):
    """The state of a standoff at a date (the six exclude each other)."""

    deal = "deal"
    capitulation = "capitulation"
    backdown = "backdown"
    forced_removal = "forced_removal"
    limited_force = "limited_force"
    stalemate = "stalemate"


#: Endings in the order a reader meets them.
ENDINGS: tuple[Ending, ...] = tuple(Ending)


class Outcome(StrEnum):
    """What a question may resolve on: an ending, a derived event, or v1's ``escalation``."""

    deal = "deal"
    capitulation = "capitulation"
    backdown = "backdown"
    forced_removal = "forced_removal"
    limited_force = "limited_force"
    stalemate = "stalemate"
    escalation = "escalation"  # format v1: limited_force or forced_removal
    leader_out = "leader_out"  # deal, capitulation or forced_removal
    force_used = "force_used"  # tracked separately: force used by the date


#: The endings each composite outcome stands for (``force_used`` is not a union), in the
#: order of :class:`Ending`: a tuple rather than a set, because a set of enum members is
#: iterated in an order that changes with the interpreter's hash seed, and sums over it
#: would differ in the last bit from run to run.
UNIONS: dict[Outcome, tuple[Ending, ...]] = {
    **{Outcome(e.value): (e,) for e in Ending},
    Outcome.escalation: (Ending.limited_force, Ending.forced_removal),
    Outcome.leader_out: (Ending.deal, Ending.capitulation, Ending.forced_removal),
}


def endings_of(outcome: Outcome | str) -> tuple[Ending, ...] | None:
    """The endings an outcome is the union of, or ``None`` for ``force_used``."""
    return UNIONS.get(Outcome(outcome))


def resolves_yes(outcomes: list[Outcome] | tuple[Outcome, ...], ending: Ending, force_used: bool) -> bool:
    """Whether a question answered 'yes' by any of ``outcomes`` resolves yes, given the
    ending reached and whether force was used."""
    for o in outcomes:
        if o is Outcome.force_used:
            if force_used:
                return True
        elif ending in UNIONS[o]:
            return True
    return False
