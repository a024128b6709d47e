"""The pieces of a brief: each engine contributes one :class:`BriefSection`."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from standoff.results import Result


class BriefSection(Result):
    """One engine's contribution to ``standoff brief``.

    ``lines`` are plain sentences for a reader (two or three, no jargon); ``bullets`` an
    optional short list (e.g. the best openings); ``data`` the machine-readable details
    included in ``standoff brief --json`` under the section's ``key``.
    """

    key: str
    title: str
    lines: list[str]
    bullets: list[str] = Field(default_factory=list)
    data: dict[str, Any] = Field(default_factory=dict)
