"""What a forecast will cost, estimated before the work.

The compromise model and the weighted median take time linear (or ``n log n``) in the
number of actors ``n``, the Condorcet winner ``n^2``. The BDM expected-utility model and
the KTAB-style model compare every pair of positions through the votes of every actor:
``n^3`` work per round (and, built in one piece, ``n^3`` memory: 1,000 actors took 7.7 GB).
Above :data:`BLOCK_FROM` actors those arrays are built a block of voters at a time
(:func:`voter_blocks`), so memory stays within :data:`BLOCK_BYTES` per array; the time
still grows as ``n^3``, so a forecast with a cubic model is refused above
``max_actors`` (:data:`MAX_ACTORS` unless the caller raises it: ``standoff forecast
--max-actors``) before any work starts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from standoff.core.errors import UserError

#: Actors per issue the cubic models take unless the caller raises the limit (about a
#: second per round here).
MAX_ACTORS = 300
#: Above this many actors the cubic arrays are built a block of voters at a time
#: (below, in one piece, exactly as before).
BLOCK_FROM = 200
#: Bytes of one block of a cubic array.
BLOCK_BYTES = 64 * 2**20
#: The models whose work grows with the cube of the number of actors.
CUBIC = ("bdm", "ktab")


@dataclass(frozen=True)
class ForecastCost:
    actors: int
    cubic: tuple[str, ...]  # the requested models that scale as n^3
    rounds: int
    work: float  # element operations of the cubic models, all rounds

    def check(self, max_actors: int = MAX_ACTORS) -> None:
        """Refuse (a :class:`UserError` naming the option) when a cubic model is asked
        of more than ``max_actors`` actors."""
        if self.cubic and self.actors > max_actors:
            raise UserError(
                f"{self.actors:,} actors on one issue: the {' and '.join(m.upper() for m in self.cubic)} "
                f"model{'s' if len(self.cubic) > 1 else ''} take time growing with the cube of the number of "
                f"actors (about {self.work:.2g} operations here); the limit is {max_actors:,} actors",
                hint=f"raise it with --max-actors {self.actors}, or choose the linear models: "
                     "--model compromise --model median",
            )


def forecast_cost(actors: int, models: Sequence[str], rounds: int) -> ForecastCost:
    """The cost of running ``models`` (names, ``bdm:VARIANT`` allowed) on ``actors`` actors."""
    cubic = tuple(dict.fromkeys(m.partition(":")[0] for m in models if m.partition(":")[0] in CUBIC))
    per = {"bdm": 3.0 * rounds, "ktab": 1.0}
    work = sum(per[m] for m in cubic) * float(actors) ** 3 * 4.0
    return ForecastCost(actors=actors, cubic=cubic, rounds=rounds, work=work)


def voter_blocks(n: int, per_voter_bytes: float) -> Iterator[slice]:
    """Slices of voters whose cubic block fits :data:`BLOCK_BYTES` (one slice below
    :data:`BLOCK_FROM` actors)."""
    if n <= BLOCK_FROM:
        yield slice(0, n)
        return
    step = max(1, int(BLOCK_BYTES // max(per_voter_bytes, 1.0)))
    for start in range(0, n, step):
        yield slice(start, min(n, start + step))
