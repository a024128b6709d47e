"""Results of the bargain engine (``standoff bargain --json``).

The top-level object has, in order: ``source``, ``kind``, ``parties`` (ids in order),
``issues``, ``n_outcomes``, ``n_admissible`` (outcomes crossing no red line),
``reservation`` (per party), ``reservation_parts`` (per party: the terms of
:func:`standoff.core.nodeal.no_deal_value` and the pressure by instrument),
``frontier_scope``, ``frontier_size``, ``frontier`` (list of points), the solutions
``nash``, ``kalai_smorodinsky``, ``max_welfare``, ``egalitarian`` (a point or ``null``),
``zopa``, ``blocking`` (issues where red lines clash), ``openings``, ``logrolls``,
``method`` and ``notes``; then ``approach``, ``cost`` (the estimate made before the work),
``bounds`` (solutions found by optimisation, with their error bounds) and
``method_notes``. A point is ``{"utilities": {party: utility}, "outcome": {issue:
option}, "in_zone": bool}``.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from standoff.results import Note, Result


class Point(Result):
    """One package and what it is worth to each party."""

    utilities: dict[str, float] = Field(description="party -> utility of the package")
    outcome: dict[str, str]
    in_zone: bool


class Zopa(Result):
    """The zone of possible agreement: packages every party prefers to no deal."""

    empty: bool | None = Field(description="null when the problem is too large to decide")
    size: int | None = Field(description="number of packages in the zone; null when too large to count")
    share: float | None = Field(description="size / n_outcomes")
    proven: bool = Field(default=True, description="false when `empty` is a declared approximation (no package "
                                                    "found, no proof that none exists)")
    decided_by: str | None = Field(default=None, description="frontier | enumeration | certificate | package | "
                                                             "branch_and_bound | red_lines | not_found | too_large")
    share_interval: list[float] | None = Field(default=None, description="when the zone is not counted: a 95% "
                                               "interval of size / n_outcomes from a uniform sample of packages")


class Change(Result):
    """One change an opening makes."""

    kind: Literal["concession", "lift_constraint", "pressure", "guarantee"]
    actor: str
    issue: str | None = None
    option: str | None = None
    instrument: str | None = None
    amount: float | None = Field(default=None, description="per-period cost (pressure) or utility (guarantee)")


class Opening(Result):
    """A smallest change that opens a zone of agreement, with what it would buy."""

    kind: Literal["concession", "pressure", "guarantee", "combined"]
    changes: list[Change]
    size: float = Field(description="utility (0-1 scale) borne by the actors who move; ranks openings")
    zone_size: int | None
    nash: Point | None


class Logroll(Result):
    """A trade across two issues that both parties prefer to a reference package (the
    issue-by-issue compromise)."""

    reference: str
    moves: dict[str, str] = Field(description="issue -> new option")
    gains: dict[str, float] = Field(description="party -> utility gained over the reference package")
    outcome: dict[str, str]


class SolutionBound(Result):
    """How close a solution found by optimisation is to the best: the exact best lies
    between ``value`` and ``bound`` (the criterion's units)."""

    criterion: Literal["log_nash_product", "min_gain", "total_utility"]
    value: float
    bound: float
    gap: float = Field(description="bound - value; for the Nash product, exp(gap) bounds the ratio of the best "
                                   "product to the one found")
    proven: bool = Field(description="the value is the best (gap within rounding)")


class BargainCost(Result):
    """The cost of the exact analysis, estimated before the work, and the plan chosen."""

    parties: int
    outcomes: int
    admissible: int
    factors: int
    largest_factor: int
    expected_frontier: float = Field(description="frontier points expected (pilot sample and growth law)")
    merge_work: float = Field(description="comparisons the exact frontier merge is expected to need")
    merge_budget: float
    enumeration_work: float = Field(description="additions an exact pass over every admissible package needs")
    enumeration_budget: float
    plan: Literal["frontier", "enumeration", "optimisation"]


class BargainResult(Result):
    """The bargaining analysis of a scenario or a GENIUS domain."""

    source: str
    kind: Literal["scenario", "genius"]
    parties: list[str]
    issues: list[str]
    n_outcomes: int
    n_admissible: int
    reservation: dict[str, float]
    reservation_parts: dict[str, dict[str, float | dict[str, float]]]
    period: str = Field(description="the time unit of pressure costs")
    mediators: list[str] = Field(description="actors who could guarantee a deal")
    frontier_scope: Literal["admissible", "ignoring_red_lines", "none"]
    frontier_size: int
    frontier: list[Point]
    nash: Point | None
    kalai_smorodinsky: Point | None
    max_welfare: Point | None
    egalitarian: Point | None
    zopa: Zopa
    blocking: list[str]
    openings: list[Opening]
    logrolls: list[Logroll]
    method: str
    notes: list[str]
    approach: Literal["frontier", "enumeration", "optimisation", "none"] = Field(
        default="frontier",
        description="frontier: exact, frontier listed; enumeration: exact solutions without the frontier; "
                    "optimisation: proven zone answers or declared approximations, with bounds")
    cost: BargainCost | None = None
    bounds: dict[str, SolutionBound] = Field(default_factory=dict, description="per solution found by optimisation")
    method_notes: list[Note] = Field(default_factory=list, description="coded notes on the method (phrased by the "
                                                                        "presenters)")

    summary_fields: ClassVar[tuple[str, ...]] = ("source", "parties", "n_outcomes", "frontier_size")

    def __repr__(self) -> str:
        zone = "unknown" if self.zopa.empty is None else ("empty" if self.zopa.empty else f"{self.zopa.size} packages")
        return (f"BargainResult(source={self.source!r}, parties={self.parties}, packages={self.n_outcomes:,}, "
                f"frontier={self.frontier_size:,}, zone={zone}, openings={len(self.openings)})")

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """``frontier`` (one row per listed point: each party's utility, then the package),
        ``solutions`` (Nash, Kalai-Smorodinsky, max welfare, egalitarian), ``no_deal``
        (each party's reservation value) and ``openings``."""

        def row(p: Point, **first: Any) -> dict[str, Any]:
            return {**first, **{f"u_{a}": p.utilities[a] for a in self.parties}, **p.outcome, "in_zone": p.in_zone}

        sols = (("nash", self.nash), ("kalai_smorodinsky", self.kalai_smorodinsky),
                ("max_welfare", self.max_welfare), ("egalitarian", self.egalitarian))
        return {
            "frontier": [row(p) for p in self.frontier],
            "solutions": [row(p, solution=n) for n, p in sols if p is not None],
            "no_deal": [{"party": a, "reservation": self.reservation[a]} for a in self.parties],
            "openings": [{"rank": i, "kind": o.kind, "size": o.size, "zone_size": o.zone_size,
                          "changes": "; ".join(
                              " ".join(str(x) for x in (c.kind, c.actor, c.issue, c.option, c.instrument, c.amount)
                                       if x is not None) for c in o.changes)}
                         for i, o in enumerate(self.openings, 1)],
        }
