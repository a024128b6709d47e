"""Typed, JSON-serialisable results.

Every engine's answer is a :class:`Result` (a frozen pydantic model). ``to_json`` gives the
stable, documented machine-readable form printed by ``--json``; the same inputs and seed
give byte-identical JSON. Results hold numbers, names and codes; the words a reader sees
are written from them by :mod:`standoff.presenters.sections`.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from standoff.core.estimate import Estimate


class Result(BaseModel):
    """Base class of engine results."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=False, extra="forbid")

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self, *, indent: int | None = 2) -> str:
        return dumps(self.to_dict(), indent=indent)


class Note(Result):
    """Something a reader should know about a result, as a code with its data; the
    presenters phrase it (:mod:`standoff.presenters.sections.notes`)."""

    code: str
    data: dict[str, Any] = Field(default_factory=dict)


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """Stable JSON text: keys in model order, NaN and infinity refused."""
    return json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)


__all__ = ["Estimate", "Note", "Result", "dumps"]
