"""Results of the crisis engine (``standoff crisis --json``).

One :class:`CrisisModelResult` per model: its equilibrium in words, the probabilities an
analyst asks for (``p_comply``, ``p_escalate``), the expected time to resolution in the
scenario's periods (``None`` where the model does not define it or it is infinite), the
probability of each ending (``deal``, ``capitulation``, ``backdown``, ``escalation``,
``stalemate``; they sum to one), the inputs used and model-specific details.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from standoff.results import Result


class CrisisModelResult(Result):
    """One crisis model, solved."""

    model: str
    title: str
    citation: str
    equilibrium: str
    p_comply: float | None = None
    p_escalate: float | None = None
    expected_duration: float | None = None
    endings: dict[str, float] = Field(default_factory=dict)
    inputs: dict[str, Any] = Field(default_factory=dict)
    details: dict[str, Any] = Field(default_factory=dict)
    drivers: list[str] = Field(default_factory=list)


class CrisisResult(Result):
    """The crisis assessment of a scenario (or of parameters given on the command line)."""

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
    notes: list[str] = Field(default_factory=list)
