"""Results of the crisis engine (``standoff crisis --json``).

One :class:`CrisisModelResult` per model: the probability of each ending over the case's
draws (an :class:`~standoff.core.estimate.Estimate` each: mean, median, 5-95 % interval,
Monte Carlo error; the ending names of :mod:`standoff.core.endings`, with
``escalation`` where a model cannot tell limited force from removal), ``p_comply`` and
``p_escalate``, the expected time to resolution in the scenario's periods (``None``
where the model does not define it or it is infinite), the inputs used and
model-specific details. A model whose assumptions the case violates is marked
``applicable: false`` with the reason's code.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from standoff.core.estimate import Estimate
from standoff.results import Note, Result


class CrisisModelResult(Result):
    """One crisis model, solved."""

    model: str
    title: str
    citation: str
    applicable: bool = True
    not_applicable: list[Note] = Field(default_factory=list)
    p_comply: Estimate | None = None
    p_escalate: Estimate | None = None
    expected_duration: Estimate | None = None
    endings: dict[str, Estimate] = Field(default_factory=dict)
    inputs: dict[str, Estimate] = Field(default_factory=dict)
    details: dict[str, Any] = Field(default_factory=dict)


class CrisisResult(Result):
    """The crisis assessment of a case (or of parameters given on the command line)."""

    scenario: str | None
    challenger: str | None
    target: str | None
    period: str
    draws: int
    seed: int | None
    demand: dict[str, str] = Field(default_factory=dict)
    threats: list[str] = Field(default_factory=list)
    deadline: str | None = None
    deadline_periods: float | None = None
    models: list[CrisisModelResult]
    notes: list[Note] = Field(default_factory=list)

    def model(self, name: str) -> CrisisModelResult:
        return next(m for m in self.models if m.model == name)

    def __repr__(self) -> str:
        return (f"CrisisResult(scenario={self.scenario!r}, challenger={self.challenger!r}, target={self.target!r}, "
                f"models={[m.model for m in self.models]}, draws={self.draws:,})")

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """``models``: one row per model (applicable or not) with P(comply), P(escalate)
        and the expected time to resolution (means and 90 % intervals) and each ending."""
        def est(prefix: str, e: Estimate | None) -> dict[str, Any]:
            if e is None:
                return {prefix: None}
            return {prefix: e.mean, f"{prefix}_low": e.low, f"{prefix}_high": e.high}

        endings = sorted({k for m in self.models for k in m.endings})
        return {"models": [{"model": m.model, "applicable": m.applicable, **est("p_comply", m.p_comply),
                            **est("p_escalate", m.p_escalate), **est("duration", m.expected_duration),
                            **{f"p_{k}": (m.endings[k].mean if k in m.endings else None) for k in endings}}
                           for m in self.models]}
